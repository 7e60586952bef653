"""The hand-curated overlay, scripts/gazetteer_overrides.tsv.

Six tab-separated columns: name, aliases, tickers, context, flags, match (see
the file's header).  Each row renames, merges, completes or adds one company;
'-X' in the aliases or tickers removes X.
"""
import re

from .names import name_key, split_bar
from .registry import Entity

# common: written to companies.tsv (the tagger asks for evidence); drop, reset: used here.
FLAGS = ("common", "drop", "reset")
OUTPUT_FLAGS = ("common",)

# An overlay row with a US RIC may select the company of a bare S&P 500 ticker.
_US_RIC = re.compile(r"\.(N|O|OQ|A|OB|PK)$")


class OverlayError(ValueError):
    pass


def load_overrides(path):
    """The overlay's rows as dicts; raises OverlayError naming file and line for an
    unknown flag or a row without a name."""
    rows = []
    with open(path, encoding="utf-8") as f:
        for ln, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            cols += [""] * (6 - len(cols))
            name, aliases, tickers, context, flags, match = cols[:6]
            row = {"name": name.strip(), "aliases": split_bar(aliases),
                   "tickers": split_bar(tickers), "context": split_bar(context),
                   "flags": [x.strip() for x in flags.split(",") if x.strip()],
                   "match": split_bar(match), "line": ln}
            where = "%s:%d" % (path, ln)
            if not row["name"]:
                raise OverlayError("%s: empty name (columns: name aliases tickers context "
                                   "flags match, tab-separated)" % where)
            for flag in row["flags"]:
                if flag not in FLAGS:
                    raise OverlayError("%s: unknown flag '%s' (known: %s)"
                                       % (where, flag, ", ".join(FLAGS)))
            rows.append(row)
    return rows


def _targets(o, reg):
    """The entities an overlay row is about: those owning its RICs, those of its bare
    tickers (when it names a US RIC), those of its name and its `match` names."""
    targets = []
    us_ric = any(_US_RIC.search(t) for t in o["tickers"])
    for t in o["tickers"]:
        if "." in t and t in reg.by_ticker:
            targets.append(reg.by_ticker[t])
        elif us_ric and "." not in t and t in reg.us_bare:
            targets.append(reg.us_bare[t])
    for m in [o["name"]] + o["match"]:
        e = reg.by_key.get(name_key(m))
        if e is not None:
            targets.append(e)
    uniq = []
    for t in targets:
        if all(t is not u for u in uniq):
            uniq.append(t)
    return uniq


def _removals(values):
    return {v[1:] for v in values if v.startswith("-")}


def _additions(values):
    return [v for v in values if not v.startswith("-")]


def apply_overrides(rows, reg):
    for o in rows:
        found = _targets(o, reg)
        if found:
            e = found[0]
            for other in found[1:]:
                e = reg.merge(e, other)
        else:
            e = Entity(o["name"])
            reg.ents.append(e)
        old_key = name_key(e.name)
        e.name = o["name"]
        reg.by_key[name_key(o["name"])] = e
        if old_key not in reg.by_key:
            reg.by_key[old_key] = e
        e.override = True
        e.sources.add("override")
        if "reset" in o["flags"]:
            # ticker reused by another company in the listings: forget the
            # listing names, keep only the RICs/tickers and the overlay.
            e.aliases = []
            e.tickers = [t for t in e.tickers if "." in t]
        drops = _removals(o["aliases"])
        e.aliases = [a for a in e.aliases if a not in drops]
        e.add("aliases", _additions(o["aliases"]))
        tdrops = _removals(o["tickers"])
        e.tickers = [t for t in e.tickers if t not in tdrops]
        for t in _additions(o["tickers"]):
            reg.bind_ticker(e, t)
        e.add("context", o["context"])
        e.add("flags", o["flags"])
