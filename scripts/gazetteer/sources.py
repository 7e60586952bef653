"""The reference listings (../shared/reference/companies) and what each one gives.

Three tables, each read from top to bottom.  Where two rows give the same
thing, the EARLIER row wins: the order of a table is its priority.

  US_NAMES      bare US ticker -> company name, used to name the US RICs of
                en-reuters-financial (XOM.N -> "Exxon Mobil Corp.").  The S&P 500
                lists closest to the corpus dates (2006-2013) come first, today's
                lists last: tickers are reused over the years.
  SYMBOL_NAMES  RIC or exchange symbol (ENEI.MI, BARC.L) -> names.  A symbol takes
                the first mixed-case name ("Generali" rather than STOXX's
                "ASSICURAZIONI GENERALI"), else the first name.
  CANDIDATES    listings whose companies are created up front and ranked by their
                mentions in the corpora.  Other companies come in only through the
                RICs of en-reuters-financial and through the overlay.

A listing is a CSV file with its symbol and name columns and the values some
columns must have, or a view of the pytickersymbols YAML
("pytickersymbols_stocks.yaml#yahoo").  Rows with an empty name are skipped.
"""
import csv
import glob
import os
import re
from collections import namedtuple

from .names import legal_variants

# file (a glob is read in name order), symbol column, name column, and the values some
# columns must have (ANY: not empty)
Listing = namedtuple("Listing", "file symbol name where", defaults=({},))
ANY = object()

# find: "name" = the entity of the row's name; "ticker" = the entity already bound to
#       the row's symbol if any, else the one of its name.
# ticker: "us" = bare S&P 500 ticker (also indexed for the overlay's RIC matching);
#         "bind" = the company owns the symbol (first bound wins);
#         "add" = one more ticker, not indexed.
# always: kept in the output whatever its rank.
Candidates = namedtuple("Candidates", "listing tag find ticker always", defaults=(False,))

PYTICKERSYMBOLS = "pytickersymbols_stocks.yaml"
SHARES = {"sector": ANY}  # FinanceDatabase: rows without a sector are warrants, certificates ...

SP500_2012 = Listing("sp500_constituents_2012-12-27.csv", "Symbol", "Name")
SP500_2013 = Listing("sp500_constituents_2013-10-05.csv", "Symbol", "Name")
FTSEMIB_2024 = Listing("ftsemib_constituents_2024-09.csv", "Symbol", "Name")
FTSEMIB_2026 = Listing("ftsemib_constituents_2026-07.csv", "Symbol", "Name")
FTSE100 = Listing("ftse100_constituents_2026-07.csv", "Symbol", "Name")
DAX = Listing("dax_constituents_2026-07.csv", "Symbol", "Name")

US_NAMES = (
    SP500_2012,
    SP500_2013,
    Listing(PYTICKERSYMBOLS + "#companies", "symbol", "name",
            {"country": "United States", "symbol": ANY}),
    Listing("sp500_constituents_2026-08-08.csv", "Symbol", "Security"),
    Listing("nasdaq_listed_symbols.csv", "Symbol", "Company Name", {"ETF": "N", "Test Issue": "N"}),
    Listing("nyse_and_other_listed.csv", "ACT Symbol", "Company Name", {"ETF": "N"}),
)

SYMBOL_NAMES = (
    Listing(PYTICKERSYMBOLS + "#yahoo", "symbol", "name"),
    Listing("stoxx600_constituents_2026-05_ric.csv", "Symbol", "Name"),
    FTSE100,
    DAX,
    FTSEMIB_2024,
    FTSEMIB_2026,
    Listing("financedatabase_equities_*.csv", "symbol", "name", SHARES),
)

CANDIDATES = (
    Candidates(SP500_2012, "sp500", find="name", ticker="us"),
    Candidates(SP500_2013, "sp500", find="name", ticker="us"),
    Candidates(FTSEMIB_2024, "ftsemib", find="name", ticker="bind", always=True),
    Candidates(FTSEMIB_2026, "ftsemib", find="name", ticker="bind", always=True),
    Candidates(Listing("financedatabase_equities_MIL_borsa_italiana.csv", "symbol", "name",
                       dict(SHARES, country="Italy")), "mil", find="ticker", ticker="bind"),
    # every pytickersymbols company, with its akas as aliases; US tickers only
    Candidates(Listing(PYTICKERSYMBOLS + "#companies", "us_symbol", "name"), "pts",
               find="name", ticker="add"),
    Candidates(FTSE100, "index", find="ticker", ticker="bind"),
    Candidates(DAX, "index", find="ticker", ticker="bind"),
)


def us_ticker(symbol):
    """One spelling of a bare US ticker: BRK-B (2013 S&P list) and brk.b -> BRK.B."""
    return symbol.replace("-", ".").upper()


def parse_pytickersymbols(path):
    """Minimal line parser for the pytickersymbols YAML: name, symbol, country,
    Yahoo symbols and akas of each company."""
    comps = []
    cur = None
    section = None
    in_companies = False
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("companies:"):
                in_companies = True
                continue
            if not in_companies:
                continue
            if line.startswith("- name:"):
                cur = {"name": line[7:].strip().strip("'\""), "symbol": "", "country": "",
                       "yahoo": [], "akas": []}
                comps.append(cur)
                section = None
                continue
            if cur is None:
                continue
            m = re.match(r"^  (\w+):\s*(.*)$", line)
            if m:
                key, val = m.group(1), m.group(2).strip()
                section = key
                if key in ("symbol", "country"):
                    cur[key] = val.strip("'\"")
                continue
            m = re.match(r"^  - (yahoo: )?(.*)$", line)
            if m:
                val = m.group(2).strip().strip("'\"")
                if section == "akas" and not m.group(1):
                    cur["akas"].append(val)
                elif section == "symbols" and m.group(1):
                    cur["yahoo"].append(val)
    return comps


def _pytickersymbols_view(comps, view):
    """The YAML as rows: #companies (one a company, with `akas` and `us_symbol`)
    and #yahoo (one a Yahoo symbol with an exchange suffix: ADS.DE, not ADDYY)."""
    rows = []
    for c in comps:
        if view == "companies":
            us = c["symbol"] if c["country"] == "United States" else ""
            rows.append(dict(c, us_symbol=us))
        elif view == "yahoo":
            rows += [dict(c, symbol=y) for y in c["yahoo"] if "." in y]
        else:
            raise ValueError("unknown view '%s' of %s (known: companies, yahoo)"
                             % (view, PYTICKERSYMBOLS))
    return rows


def _has(row, column, value):
    return bool(row.get(column)) if value is ANY else row.get(column) == value


class Reference:
    """The listings of one reference folder, each file read once."""

    def __init__(self, folder):
        self.folder = folder
        self._cache = {}

    def _file(self, name):
        if name not in self._cache:
            base, _, view = name.partition("#")
            path = os.path.join(self.folder, base)
            if view:
                rows = _pytickersymbols_view(parse_pytickersymbols(path), view)
            else:
                with open(path, newline="", encoding="utf-8") as f:
                    rows = list(csv.DictReader(f))
            self._cache[name] = rows
        return self._cache[name]

    def rows(self, listing):
        """(symbol, name, row) of the listing's rows that pass its filter and have a name."""
        names = [listing.file]
        if "*" in listing.file:
            pattern = os.path.join(self.folder, listing.file)
            names = [os.path.basename(p) for p in sorted(glob.glob(pattern))]
        for name in names:
            for r in self._file(name):
                if not all(_has(r, column, value) for column, value in listing.where.items()):
                    continue
                if r.get(listing.name):
                    yield r.get(listing.symbol) or "", r[listing.name], r


def load_reference(ref, reg):
    """Reads the three tables: returns (us_names, symbol_names) for RIC resolution and
    creates the candidate companies in `reg`."""
    us_names = {}      # US_NAMES: bare ticker -> name (first wins)
    symbol_names = {}  # SYMBOL_NAMES: symbol -> [names], in table order
    for listing in US_NAMES:
        for symbol, name, _ in ref.rows(listing):
            us_names.setdefault(us_ticker(symbol), name)
    for listing in SYMBOL_NAMES:
        for symbol, name, _ in ref.rows(listing):
            symbol_names.setdefault(symbol, []).append(name)
    for cand in CANDIDATES:
        for symbol, name, row in ref.rows(cand.listing):
            add_candidate(reg, cand, symbol, name, row.get("akas", ()))
    return us_names, symbol_names


def add_candidate(reg, cand, symbol, name, akas=()):
    """Creates or completes the entity of one candidate row."""
    e = None
    if cand.find == "ticker":
        e = reg.by_ticker.get(symbol)
    e = e or reg.get(name)
    e.sources.add(cand.tag)
    e.ftsemib = e.ftsemib or cand.always
    e.add("aliases", legal_variants(name))
    for a in akas:
        e.add("aliases", legal_variants(a))
    if cand.ticker == "us":
        t = us_ticker(symbol)
        e.add("tickers", [t])
        reg.us_bare.setdefault(t, e)
    elif cand.ticker == "bind":
        reg.bind_ticker(e, symbol)
    elif cand.ticker == "add" and symbol:
        e.add("tickers", [symbol])
