"""What the C++ side would read differently from what the build meant: rows of
companies.tsv checked through the port of its tokenizer (tokenizer.alias_key).

The C++ Gazetteer files every alias and context word under its folded words and
every ticker as written, so:
  * an alias with no word ("&", "-") can never be found;
  * an alias of digits only ("1&1" -> "1 1") is found in "1-1" and "1 1";
  * two companies under one alias key (one "Unipol" in two rows) are both tagged at once;
  * two companies with one ticker: the first one gets every mention.
"""
from collections import defaultdict

from .tokenizer import alias_key


def problems(rows):
    """One message per problem in companies.tsv rows (name, aliases, tickers, context, flags)."""
    out = []
    owners = defaultdict(list)
    ticker_owners = defaultdict(list)
    for name, aliases, tickers, context, _ in rows:
        keys = set()
        for phrase in [a for a in (aliases + "|" + context).split("|") if a]:
            key = alias_key(phrase)
            if not key:
                out.append("%s: alias '%s' has no word the tagger can match" % (name, phrase))
            elif not any(ch.isalpha() for ch in key):
                out.append("%s: alias '%s' has no letter: the tagger would find it in numbers ('%s')"
                           % (name, phrase, key))
            elif key not in keys:
                keys.add(key)
                owners[key].append(name)
        for t in set(filter(None, tickers.split("|"))):
            ticker_owners[t].append(name)
    for key, names in sorted(owners.items()):
        if len(names) > 1:
            out.append("alias key '%s' belongs to %s: the tagger would tag all of them"
                       % (key, ", ".join(sorted(names))))
    for t, names in sorted(ticker_owners.items()):
        if len(names) > 1:
            out.append("ticker '%s' belongs to %s: the tagger would give it to one of them"
                       % (t, ", ".join(sorted(names))))
    return out
