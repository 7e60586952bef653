"""Words the way the C++ tokenizer cuts them (indexer/analysis/tokenizer.cc, folding.cc).

tokenize(text) ports the C++ rules one for one:
  * a word is a run of letters, decimal digits and combining marks (ICU u_isalnum
    plus the mark categories: Unicode categories L*, Nd, Mn, Mc, Me);
  * "3,5" and "2.5": a '.' or ',' between two ASCII digits stays inside the number;
  * an apostrophe (' ` ´ ‘ ’ ＇; ʼ is listed too, but being a letter it stays inside
    words, in C++ as here) followed by a letter: after an Italian elision
    prefix (l, dell, all, un, quest, ...) the prefix is dropped ("dell'Eni" -> "eni");
    before an English clitic (s, re, ve, ll, d, m) the clitic is dropped
    ("Microsoft's" -> "microsoft"); otherwise the two parts are one word
    ("O'Brien" -> "obrien");
  * every code point is folded on its own: NFKD, non-spacing and enclosing marks
    removed, full case folding ("Città" -> "citta", "ﬁ" -> "fi", "Straße" -> "strasse");
  * words longer than 64 bytes (UTF-8, folded) are dropped.

Known differences, none of which matters for company names: offsets are indexes
into the Python string (code points), not bytes; Python's Unicode tables
(unicodedata) may be a version apart from ICU's; the C++ reads invalid UTF-8 as
U+FFFD, here the text is already decoded.

tests/scripts/test_tokenizer.py holds the cases; under CTest it also runs them
through the C++ tokenizer itself (rassegna-index, read back with xapian-delve).
"""
import functools
import re
import sys
import unicodedata
from collections import namedtuple

Token = namedtuple("Token", "term begin end")  # folded word, text[begin:end] is the word as written

MAX_TERM_BYTES = 64  # kMaxTermBytes in tokenizer.h

APOSTROPHES = "'`\u00b4\u2018\u2019\u02bc\uff07"

ELISION_PREFIXES = frozenset([
    "l", "dell", "all", "dall", "nell", "sull", "coll", "pell", "un", "d", "c",
    "quest", "quell", "bell", "sant", "nessun", "buon", "tutt", "mezz", "senz", "com", "dov",
    "cos", "anch", "gl", "agl", "dagl", "degl", "negl", "sugl", "m", "t", "s",
    "v", "n", "ch", "qual", "grand", "nient", "sott", "sopr", "fors", "tant", "alcun"])

CLITICS = frozenset(["s", "re", "ve", "ll", "d", "m"])

_WORD_CATEGORIES = ("Lu", "Ll", "Lt", "Lm", "Lo", "Nd", "Mn", "Mc", "Me")
_MARKS_REMOVED = ("Mn", "Me")


def _char_class(categories):
    """A regex character class of every code point in `categories`."""
    ranges = []
    start = None
    for cp in range(sys.maxunicode + 2):
        inside = cp <= sys.maxunicode and unicodedata.category(chr(cp)) in categories
        if inside and start is None:
            start = cp
        elif not inside and start is not None:
            ranges.append((start, cp - 1))
            start = None
    parts = []
    for a, b in ranges:
        parts.append(re.escape(chr(a)) if a == b else "%s-%s" % (re.escape(chr(a)), re.escape(chr(b))))
    return "[" + "".join(parts) + "]"


@functools.lru_cache(maxsize=None)
def _word_run():
    return re.compile(_char_class(_WORD_CATEGORIES) + "+")


def is_letter(ch):
    return unicodedata.category(ch).startswith("L")


@functools.lru_cache(maxsize=65536)
def fold_char(ch):
    """The folded form of one character (may be empty, or several characters)."""
    if ch < "\x80":
        return ch.lower()
    kept = "".join(c for c in unicodedata.normalize("NFKD", ch)
                   if unicodedata.category(c) not in _MARKS_REMOVED)
    return kept.casefold()


def fold(text):
    """Folds a string character by character, like rassegna::analysis::fold."""
    return "".join(fold_char(c) for c in text)


def _emit(out, term, begin, end):
    if term and len(term.encode("utf-8")) <= MAX_TERM_BYTES:
        out.append(Token(term, begin, end))


def tokenize(text):
    """The C++ tokenizer's tokens of `text`, as Token(term, begin, end)."""
    run = _word_run()
    out = []
    n = len(text)
    pos = 0
    while True:
        m = run.search(text, pos)
        if m is None:
            return out
        begin, i = m.start(), m.end()
        term = fold(m.group())
        last = text[i - 1]
        while True:
            if i >= n:
                _emit(out, term, begin, i)
                pos = i
                break
            c = text[i]
            following = text[i + 1] if i + 1 < n else ""
            if c in ".," and "0" <= last <= "9" and "0" <= following <= "9":
                m = run.match(text, i + 1)
                term += c + fold(m.group())
                i = m.end()
                last = text[i - 1]
                continue
            if c in APOSTROPHES and term and following and is_letter(following):
                m = run.match(text, i + 1)
                if term in ELISION_PREFIXES:  # dell'amministrazione: drop the article
                    term, begin = fold(m.group()), i + 1
                    i = m.end()
                    last = text[i - 1]
                    continue
                suffix = fold(m.group())
                if suffix in CLITICS:  # Microsoft's -> microsoft
                    _emit(out, term, begin, i)
                    pos = m.end()
                    break
                term += suffix  # O'Brien -> obrien
                i = m.end()
                last = "a"
                continue
            _emit(out, term, begin, i)
            pos = i
            break


def alias_key(phrase):
    """Folded words joined by spaces: the key under which the C++ Gazetteer files an
    alias ("Gruppo di Redmond" -> "gruppo di redmond")."""
    return " ".join(t.term for t in tokenize(phrase))


# The ranking (ranking.py) counts mentions with its own, older split: case and
# accents kept, and '.', '&' or '-' between two word characters keep them one word
# ("Amazon.com", "AT&T", "Mercedes-Benz", "Fiat-Chrysler"), where the C++ tokenizer
# makes two.  Counting with tokenize() instead was tried: "1&1" (read "1 1") then
# enters the top 300 on football scores and pushes KeyCorp out, and the count
# takes several times as long.  The ranking only chooses which companies enter
# companies.tsv; how they are found in text is the C++ tagger's job, and
# checks.py reads the written rows with tokenize(), as the tagger will.
_RANKING_WORD = re.compile(r"[^\W_]+(?:[.&\-][^\W_]+)*")


def ranking_words(text):
    """Words as the mention counting sees them: unfolded, joined across . & -."""
    return _RANKING_WORD.findall(text)
