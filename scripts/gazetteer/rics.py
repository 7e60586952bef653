"""Reuters RICs (the `orgs` of en-reuters-financial) -> companies.

A RIC is resolved by exact match first (a symbol some company already owns, or
one the listings name: BARC.L, ENEI.MI), else, for a US exchange suffix, through
the part before the dot read as a bare US ticker (XOM.N -> XOM, BRKb.N -> BRK.B).
"""
import gzip
import json
import os
import re
from collections import Counter

from .names import legal_variants

# RIC suffixes of US venues: NYSE, Nasdaq, NYSE American, OTC boards ...
US_SUFFIXES = {"N", "O", "OQ", "A", "OB", "PK", "K", "P", "Z", "B"}

REUTERS_FINANCIAL = "en-reuters-financial"


def _from_listing(reg, name):
    """The entity of listing name `name`, tagged "ric" when no listing made it a candidate."""
    e = reg.get(name)
    if not e.sources:
        e.sources.add("ric")
    return e


def resolve_ric(ric, reg, us_names, symbol_names):
    """RIC -> entity (created on demand), or None."""
    if ric in reg.by_ticker:
        return reg.by_ticker[ric]
    if ric in symbol_names:
        names = symbol_names[ric]
        # prefer a mixed-case name over STOXX's upper-case short names
        mixed = [n for n in names if n.upper() != n] or names
        e = _from_listing(reg, mixed[0])
        if e.name.upper() == e.name and len(e.name) > 5:
            e.name = e.name.title()
        e.add("aliases", legal_variants(mixed[0]))
        reg.bind_ticker(e, ric)
        return e
    if "." not in ric:
        return None
    base, suf = ric.rsplit(".", 1)
    if suf not in US_SUFFIXES:
        return None
    t = base
    m = re.match(r"^([A-Z]+)([a-z])$", base)
    if m:  # share class: BRKb -> BRK.B
        t = m.group(1) + "." + m.group(2).upper()
    n = us_names.get(t)
    if not n:
        return None
    e = _from_listing(reg, n)
    e.add("aliases", legal_variants(n))
    e.add("tickers", [t])
    reg.bind_ticker(e, ric)
    return e


def read_rics(corpus_dir):
    """RIC -> number of en-reuters-financial articles whose `orgs` carry it."""
    fn = os.path.join(corpus_dir, REUTERS_FINANCIAL + ".jsonl.gz")
    rics = Counter()
    if not os.path.exists(fn):
        return rics
    with gzip.open(fn, "rt", encoding="utf-8") as f:
        for line in f:
            for ric in set(json.loads(line).get("orgs") or []):
                rics[ric] += 1
    return rics


def resolve_all_rics(rics, reg, us_names, symbol_names):
    """Resolves every RIC (in name order); returns the unresolved ones with their counts."""
    unresolved = Counter()
    for ric in sorted(rics):
        if resolve_ric(ric, reg, us_names, symbol_names) is None:
            unresolved[ric] = rics[ric]
    return unresolved

