"""The companies found so far, and the indexes that find them again.

An Entity is one company on its way to a row of companies.tsv.  The Registry
finds entities by name key (names.name_key), by dotted ticker or RIC, and by
bare S&P 500 ticker, and merges two entities found to be the same company.
Order matters everywhere: the first spelling of a name becomes the display name
and the first company bound to a ticker keeps it.
"""
from collections import Counter

from .names import clean_name, name_key


class Entity:
    __slots__ = ("name", "aliases", "tickers", "context", "flags", "sources", "ftsemib",
                 "override", "count", "counts")

    def __init__(self, name):
        self.name = name
        self.aliases = []        # surface forms, in the order found
        self.tickers = []        # bare tickers, RICs, exchange symbols
        self.context = []        # weak aliases (from the overlay only)
        self.flags = []          # overlay flags: common, drop, reset
        self.sources = set()     # tags of the listings that named it (sources.py)
        self.ftsemib = False     # always kept in the output
        self.override = False    # named in the overlay: always kept in the output
        self.count = 0           # total mentions (ranking.py)
        self.counts = Counter()  # mentions per corpus file

    def add(self, field, values):
        """Appends the values not yet in list `field`, in order."""
        cur = getattr(self, field)
        for v in values:
            if v and v not in cur:
                cur.append(v)


class Registry:
    def __init__(self):
        self.ents = []
        self.by_key = {}      # name key -> entity
        self.by_ticker = {}   # dotted tickers / RICs / Yahoo symbols -> entity (first bound wins)
        self.us_bare = {}     # bare S&P 500 ticker (2012/2013 lists) -> entity

    def get(self, raw_name, create=True):
        """The entity of this name (created when new), or None for a name without letters."""
        k = name_key(raw_name)
        if not k:
            return None
        e = self.by_key.get(k)
        if e is None and create:
            e = Entity(clean_name(raw_name))
            self.ents.append(e)
            self.by_key[k] = e
        return e

    def bind_ticker(self, e, t):
        """Gives ticker `t` to `e`; the index keeps the first company bound to it."""
        if t and t not in self.by_ticker:
            self.by_ticker[t] = e
        e.add("tickers", [t])

    def merge(self, keep, other):
        """Moves everything of `other` into `keep` and forgets `other`."""
        if keep is other:
            return keep
        for t, v in list(self.us_bare.items()):
            if v is other:
                self.us_bare[t] = keep
        for f in ("aliases", "tickers", "context", "flags"):
            keep.add(f, getattr(other, f))
        keep.sources |= other.sources
        keep.counts.update(other.counts)
        keep.ftsemib = keep.ftsemib or other.ftsemib
        keep.override = keep.override or other.override
        for k, v in list(self.by_key.items()):
            if v is other:
                self.by_key[k] = keep
        for t, v in list(self.by_ticker.items()):
            if v is other:
                self.by_ticker[t] = keep
        self.ents = [x for x in self.ents if x is not other]
        return keep
