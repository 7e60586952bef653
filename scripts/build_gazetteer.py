#!/usr/bin/env python3
"""Build the company gazetteer corpus/companies.tsv.

Stdlib only, deterministic.  Inputs:

  * the reference listings in --ref DIR (default ../shared/reference/companies beside the checkout):
    S&P 500 lists, Nasdaq/NYSE symbol directories, FTSE MIB, STOXX 600 (RICs),
    FTSE 100, DAX, FinanceDatabase exchange files, pytickersymbols (aliases);
  * the news corpora in --corpus DIR (default ../shared/corpus), used only to
    rank companies by how often they are mentioned;
  * the hand-curated overlay scripts/gazetteer_overrides.tsv (--overrides).

Ranking ("most mentioned"): for en-reuters-financial the number of articles whose
`orgs` carry one of the company's RICs; for every other corpus file the number of
articles whose title+body contain one of the company's names/aliases
(case-sensitive, whole tokens).  The output holds the --top N companies by that
total (default 300) plus every company named in the overlay plus the FTSE MIB
members, minus entries the overlay marks `drop`.

Output: corpus/companies.tsv, 5 tab-separated columns
  name, aliases, tickers, context, flags
(see corpus/COMPANIES.md).  --report FILE writes the ranking and the RICs that
could not be resolved, for review.
"""
import argparse
import csv
import glob
import gzip
import json
import os
import re
import sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
SHARED_DIR = os.path.join(os.path.dirname(REPO), "shared")

US_SUFFIXES = {"N", "O", "OQ", "A", "OB", "PK", "K", "P", "Z", "B"}

# Trailing legal-form / share-class words removed to get a display name.
LEGAL_TAIL = [
    "incorporated", "inc", "corporation", "corp", "company", "co", "companies",
    "limited", "ltd", "plc", "p.l.c", "llc", "l.p", "lp", "s.p.a", "spa", "s.c.p.a",
    "scpa", "ag", "se", "n.v", "nv", "s.a", "sa", "sa/nv", "s.a.b. de c.v", "ab",
    "asa", "oyj", "a/s", "aktiengesellschaft", "& co",
    "group", "grp", "holding", "holdings", "hldg", "hldgs", "the", "& co. kg",
    "siiq", "s.r.l", "srl", "bhd", "berhad", "pte", "tbk", "nl",
]
SHARE_NOISE = re.compile(
    r"\s+(-\s.*|common stock.*|class [a-z]\b.*|ordinary shares.*|american depositary.*|"
    r"depositary shares.*|new common.*|common shares.*|series [a-z]\b.*|units?\b.*|"
    r"warrants?\b.*|\(the\)|pref\b.*)$", re.I)


def clean_name(name):
    n = re.sub(r"\s+", " ", name.replace("\u00a0", " ")).strip()
    n = SHARE_NOISE.sub("", n).strip()
    n = re.sub(r"^the\s+", "", n, flags=re.I)
    while True:
        m = re.search(r"[,\s]+([^,\s]+(?: de c\.v)?\.?)$", n)
        if not m:
            break
        tail = m.group(1).lower().rstrip(".")
        if tail in LEGAL_TAIL and len(n) > len(m.group(0)):
            n = n[: m.start()].strip().rstrip(",").strip()
        else:
            break
    n = re.sub(r"\s*&\s*$", "", n)
    return n.strip()


def name_key(name):
    n = clean_name(name).lower()
    n = n.replace("&", " and ")
    n = re.sub(r"[^0-9a-zà-ÿ]+", " ", n)
    return " ".join(n.split())


def legal_variants(raw):
    """Surface forms from one legal/source name: the name without share-class
    noise, and legal-form spellings (Inc / Inc. / Corp / Corporation ...)."""
    out = []
    r = re.sub(r"\s+", " ", raw).strip()
    r = SHARE_NOISE.sub("", r).strip()
    if not r:
        return out
    out.append(r)
    base = clean_name(r)
    out.append(base)
    low = r.lower()
    if re.search(r"\binc\.?$", low):
        out += [base + " Inc", base + " Inc."]
    if re.search(r"\b(corp\.?|corporation)$", low):
        out += [base + " Corp", base + " Corp.", base + " Corporation"]
    if re.search(r"\b(s\.p\.a\.?|spa)$", low):
        out += [base + " SpA", base + " S.p.A."]
    if re.search(r"\bplc$|\bp\.l\.c\.?$", low):
        out += [base + " plc", base + " PLC"]
    res = []
    for x in out:
        x = x.rstrip(",").strip()
        if x and x.upper() != x or (x and len(x) <= 5):
            res.append(x)
        elif x and len(x.split()) == 1:
            res.append(x)
    return res


def split_bar(s):
    return [x.strip() for x in s.split("|") if x.strip()] if s else []


class Entity:
    __slots__ = ("name", "aliases", "tickers", "context", "flags", "sources", "ftsemib",
                 "override", "count", "counts")

    def __init__(self, name):
        self.name = name
        self.aliases = []
        self.tickers = []
        self.context = []
        self.flags = []
        self.sources = set()
        self.ftsemib = False
        self.override = False
        self.count = 0
        self.counts = Counter()

    def add(self, lst, vals):
        cur = getattr(self, lst)
        for v in vals:
            if v and v not in cur:
                cur.append(v)


class Registry:
    def __init__(self):
        self.ents = []
        self.by_key = {}
        self.by_ticker = {}   # dotted tickers / RICs / yahoo symbols -> entity
        self.us_bare = {}     # bare S&P 500 ticker (2012/2013 lists) -> entity

    def get(self, raw_name, create=True):
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
        if t and t not in self.by_ticker:
            self.by_ticker[t] = e
        e.add("tickers", [t])

    def merge(self, keep, other):
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


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def parse_pytickersymbols(path):
    """Minimal line parser for the pytickersymbols YAML: name, symbol, country,
    yahoo symbols and akas of each company."""
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


def load_reference(ref, reg, us_names, other_syms):
    """Fill `us_names` (bare US ticker -> [raw names], best first) and
    `other_syms` (RIC / yahoo symbol -> [raw names]), and create the entities
    that take part in the text-mention ranking (index members, Italian shares)."""
    def add_us(t, n, pri):
        us_names.setdefault(t.upper(), []).append((pri, n))

    for fn, col, pri in (("sp500_constituents_2012-12-27.csv", "Name", 0),
                         ("sp500_constituents_2013-10-05.csv", "Name", 1),
                         ("sp500_constituents_2026-08-08.csv", "Security", 3)):
        for r in read_csv(os.path.join(ref, fn)):
            t = r["Symbol"].replace("-", ".")
            add_us(t, r[col], pri)
            if pri < 2:
                e = reg.get(r[col])
                e.sources.add("sp500")
                e.add("aliases", legal_variants(r[col]))
                e.add("tickers", [t])
                reg.us_bare.setdefault(t, e)
    pts = parse_pytickersymbols(os.path.join(ref, "pytickersymbols_stocks.yaml"))
    for c in pts:
        if c["country"] == "United States" and c["symbol"]:
            add_us(c["symbol"], c["name"], 2)
            for a in c["akas"]:
                add_us(c["symbol"], a, 2.5)
        for y in c["yahoo"]:
            if "." in y:
                other_syms.setdefault(y, []).append(c["name"])
    for r in read_csv(os.path.join(ref, "nasdaq_listed_symbols.csv")):
        if r.get("ETF") == "N" and r.get("Test Issue") == "N" and r.get("Company Name"):
            add_us(r["Symbol"], r["Company Name"], 5)
    for r in read_csv(os.path.join(ref, "nyse_and_other_listed.csv")):
        if r.get("ETF") == "N" and r.get("Company Name"):
            add_us(r["ACT Symbol"], r["Company Name"], 5)
    for fn in ("stoxx600_constituents_2026-05_ric.csv", "ftse100_constituents_2026-07.csv",
               "dax_constituents_2026-07.csv", "ftsemib_constituents_2024-09.csv",
               "ftsemib_constituents_2026-07.csv"):
        for r in read_csv(os.path.join(ref, fn)):
            other_syms.setdefault(r["Symbol"], []).append(r["Name"])
    for fn in sorted(glob.glob(os.path.join(ref, "financedatabase_equities_*.csv"))):
        for r in read_csv(fn):
            if r.get("sector"):
                other_syms.setdefault(r["symbol"], []).append(r["name"])
    # FTSE MIB members: always in the output.
    for fn in ("ftsemib_constituents_2024-09.csv", "ftsemib_constituents_2026-07.csv"):
        for r in read_csv(os.path.join(ref, fn)):
            e = reg.get(r["Name"])
            e.ftsemib = True
            e.sources.add("ftsemib")
            e.add("aliases", legal_variants(r["Name"]))
            reg.bind_ticker(e, r["Symbol"])
    # Italian shares (with a sector): candidates for the Italian-text ranking.
    for r in read_csv(os.path.join(ref, "financedatabase_equities_MIL_borsa_italiana.csv")):
        if not r.get("sector") or r.get("country") != "Italy":
            continue
        e = reg.by_ticker.get(r["symbol"]) or reg.get(r["name"])
        e.sources.add("mil")
        e.add("aliases", legal_variants(r["name"]))
        reg.bind_ticker(e, r["symbol"])
    # Index members with aliases (pytickersymbols) and the European lists.
    for c in pts:
        e = reg.get(c["name"])
        e.sources.add("pts")
        e.add("aliases", legal_variants(c["name"]))
        for a in c["akas"]:
            e.add("aliases", legal_variants(a))
        if c["country"] == "United States" and c["symbol"]:
            e.add("tickers", [c["symbol"]])
    for fn in ("ftse100_constituents_2026-07.csv", "dax_constituents_2026-07.csv"):
        for r in read_csv(os.path.join(ref, fn)):
            e = reg.by_ticker.get(r["Symbol"]) or reg.get(r["Name"])
            e.sources.add("index")
            e.add("aliases", legal_variants(r["Name"]))
            reg.bind_ticker(e, r["Symbol"])


def best_us_name(us_names, t):
    c = us_names.get(t)
    if not c:
        return None
    return sorted(c, key=lambda x: x[0])[0][1]


def resolve_ric(ric, reg, us_names, other_syms):
    """RIC -> entity (created on demand), or None."""
    if ric in reg.by_ticker:
        return reg.by_ticker[ric]
    if ric in other_syms:
        names = other_syms[ric]
        # prefer a mixed-case name over STOXX's upper-case short names
        mixed = [n for n in names if n.upper() != n] or names
        e = reg.get(mixed[0])
        if not e.sources:
            e.sources.add("ric")
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
    if m:
        t = m.group(1) + "." + m.group(2).upper()
    n = best_us_name(us_names, t)
    if not n:
        return None
    e = reg.get(n)
    if not e.sources:
        e.sources.add("ric")
    e.add("aliases", legal_variants(n))
    e.add("tickers", [t])
    reg.bind_ticker(e, ric)
    return e


def load_overrides(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for ln, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            cols += [""] * (6 - len(cols))
            name, aliases, tickers, context, flags, match = cols[:6]
            rows.append({"name": name.strip(), "aliases": split_bar(aliases),
                         "tickers": split_bar(tickers), "context": split_bar(context),
                         "flags": [x.strip() for x in flags.split(",") if x.strip()],
                         "match": split_bar(match), "line": ln})
    return rows


def apply_overrides(rows, reg):
    for o in rows:
        targets = []
        us_ric = any(re.search(r"\.(N|O|OQ|A|OB|PK)$", t) for t in o["tickers"])
        for t in o["tickers"]:
            if "." in t and t in reg.by_ticker:
                targets.append(reg.by_ticker[t])
            elif us_ric and "." not in t and t in reg.us_bare:
                targets.append(reg.us_bare[t])
        for m in [o["name"]] + o["match"] + [a for a in o["aliases"] if not a.startswith("-")]:
            e = reg.by_key.get(name_key(m))
            if e is not None and (m in o["match"] or m == o["name"]):
                targets.append(e)
        uniq = []
        for t in targets:
            if all(t is not u for u in uniq):
                uniq.append(t)
        if uniq:
            e = uniq[0]
            for other in uniq[1:]:
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
        drops = {a[1:] for a in o["aliases"] if a.startswith("-")}
        e.aliases = [a for a in e.aliases if a not in drops]
        e.add("aliases", [a for a in o["aliases"] if not a.startswith("-")])
        tdrops = {t[1:] for t in o["tickers"] if t.startswith("-")}
        e.tickers = [t for t in e.tickers if t not in tdrops]
        for t in o["tickers"]:
            if not t.startswith("-"):
                reg.bind_ticker(e, t)
        e.add("context", o["context"])
        e.add("flags", o["flags"])


TOKEN_RE = re.compile(r"[^\W_]+(?:[.&\-][^\W_]+)*")


def toks(s):
    return TOKEN_RE.findall(s)


def resolve_all_rics(corpus_dir, reg, us_names, other_syms, unresolved):
    """Resolve every RIC of en-reuters-financial `orgs` to a company."""
    fn = os.path.join(corpus_dir, "en-reuters-financial.jsonl.gz")
    if not os.path.exists(fn):
        return
    rics = Counter()
    with gzip.open(fn, "rt", encoding="utf-8") as f:
        for line in f:
            for ric in set(json.loads(line).get("orgs") or []):
                rics[ric] += 1
    for ric in sorted(rics):
        if resolve_ric(ric, reg, us_names, other_syms) is None:
            unresolved[ric] = rics[ric]


def count_mentions(corpus_dir, reg):
    """Fill e.counts[file] for every entity."""
    files = sorted(glob.glob(os.path.join(corpus_dir, "*.jsonl.gz")))
    # alias index for text counting
    index = {}
    for e in reg.ents:
        # companies known only from a RIC are ranked by their RIC counts only
        if "drop" in e.flags or e.sources == {"ric"}:
            continue
        for a in set(e.aliases):
            tt = toks(a)
            if not tt or len(a) < 3:
                continue
            if not any(ch.isupper() or ch.isdigit() for ch in tt[0]):
                continue
            index.setdefault(tuple(tt), set()).add(id(e))
    by_id = {id(e): e for e in reg.ents}
    firsts = {k[0] for k in index}
    maxlen = max((len(k) for k in index), default=1)
    single_low = {k[0].lower() for k in index if len(k) == 1}
    for fn in files:
        base = os.path.basename(fn).split(".")[0]
        if base == "sample-mixed":
            continue
        low_counts = Counter()
        cap_counts = Counter()
        with gzip.open(fn, "rt", encoding="utf-8") as f:
            for line in f:
                d = json.loads(line)
                if base == "en-reuters-financial":
                    hit = {}
                    for ric in d.get("orgs") or []:
                        e = reg.by_ticker.get(ric)
                        if e is not None:
                            hit[id(e)] = e
                    for e in hit.values():
                        e.counts[base] += 1
                    continue
                tt = toks((d.get("title") or "") + "\n" + (d.get("body") or ""))
                hit = set()
                for i, t in enumerate(tt):
                    tl = t.lower()
                    if tl in single_low:
                        if t == tl:
                            low_counts[tl] += 1
                        else:
                            cap_counts[tl] += 1
                    if t not in firsts:
                        continue
                    for n in range(1, maxlen + 1):
                        ids = index.get(tuple(tt[i:i + n]))
                        if ids:
                            hit |= ids
                for i in hit:
                    by_id[i].counts[base] += 1
        # single-word aliases mostly seen in lower case are ordinary words: do
        # not let them inflate the ranking.
        for e in reg.ents:
            if e.counts.get(base) and base != "en-reuters-financial":
                words = [a for a in e.aliases if len(toks(a)) == 1]
                multi = [a for a in e.aliases if len(toks(a)) > 1]
                if words and not multi:
                    w = toks(words[0])[0].lower()
                    if low_counts[w] > cap_counts[w]:
                        e.counts[base] = 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ref", default=os.path.join(SHARED_DIR, "reference", "companies"))
    ap.add_argument("--corpus", default=os.path.join(SHARED_DIR, "corpus"))
    ap.add_argument("--overrides", default=os.path.join(HERE, "gazetteer_overrides.tsv"))
    ap.add_argument("--out", default=os.path.join(REPO, "corpus", "companies.tsv"))
    ap.add_argument("--top", type=int, default=300)
    ap.add_argument("--report", default="")
    args = ap.parse_args()

    reg = Registry()
    us_names, other_syms = {}, {}
    load_reference(args.ref, reg, us_names, other_syms)
    overrides = load_overrides(args.overrides)
    apply_overrides(overrides, reg)
    unresolved = Counter()
    resolve_all_rics(args.corpus, reg, us_names, other_syms, unresolved)
    # Overrides again: companies created from RICs may now match overlay rows.
    apply_overrides(overrides, reg)
    count_mentions(args.corpus, reg)
    for e in reg.ents:
        e.count = sum(e.counts.values())

    live = [e for e in reg.ents if "drop" not in e.flags]
    ranked = sorted(live, key=lambda e: (-e.count, e.name))
    top = ranked[: args.top]
    chosen = {id(e): e for e in top}
    for e in live:
        if e.override or e.ftsemib:
            chosen[id(e)] = e
    out = sorted(chosen.values(), key=lambda e: e.name.lower())

    names = Counter(e.name for e in out)
    dup = [n for n, c in names.items() if c > 1]
    if dup:
        sys.exit("duplicate canonical names: %s" % dup)

    rows = []
    for e in out:
        aliases = [e.name] + [a for a in e.aliases if a != e.name]
        seen, al = set(), []
        for a in aliases:
            a = a.strip()
            if a and a not in seen and "\t" not in a and "|" not in a:
                seen.add(a)
                al.append(a)
        tick = []
        for t in e.tickers:
            # a one-letter bare ticker (C, F, T) is useless as a surface form;
            # its RIC (C.N) is kept
            if len(t) < 2:
                continue
            if t and t not in tick:
                tick.append(t)
                if t.endswith(".O") and t[:-2] + ".OQ" not in e.tickers:
                    tick.append(t[:-2] + ".OQ")
        flags = sorted(f for f in set(e.flags) if f not in ("drop", "reset"))
        rows.append((e.name, "|".join(al), "|".join(tick), "|".join(e.context), ",".join(flags)))

    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        f.write("# Rassegna company gazetteer - generated by scripts/build_gazetteer.py; do not edit by hand,\n")
        f.write("# edit scripts/gazetteer_overrides.tsv and rebuild. Format: see corpus/COMPANIES.md.\n")
        f.write("# Columns (tab-separated): name<TAB>aliases<TAB>tickers<TAB>context<TAB>flags\n")
        f.write("#   name     canonical display name (unique)\n")
        f.write("#   aliases  '|'-separated surface forms denoting the company (includes name)\n")
        f.write("#   tickers  '|'-separated tickers / Reuters RICs / exchange symbols (match case-sensitively)\n")
        f.write("#   context  '|'-separated weak aliases, valid only with other evidence in the same article\n")
        f.write("#   flags    comma-separated; 'common' = a name/alias is also an ordinary word or place\n")
        for r in rows:
            f.write("\t".join(r) + "\n")

    if args.report:
        with open(args.report, "w", encoding="utf-8") as f:
            f.write("# rank\tcount\tname\tcounts\tsources\n")
            for i, e in enumerate(ranked[:800], 1):
                f.write("%d\t%d\t%s\t%s\t%s\n" % (i, e.count, e.name,
                        ",".join("%s=%d" % kv for kv in sorted(e.counts.items()) if kv[1]),
                        ",".join(sorted(e.sources))))
            f.write("# ric map\n")
            for t, e in sorted(reg.by_ticker.items()):
                f.write("R\t%s\t%s\n" % (t, e.name))
            f.write("# unresolved RICs (en-reuters-financial article counts)\n")
            for ric, c in unresolved.most_common(400):
                f.write("U\t%d\t%s\n" % (c, ric))
    print("wrote %s: %d companies (top %d by mentions + overlay + FTSE MIB)" %
          (args.out, len(rows), args.top), file=sys.stderr)


if __name__ == "__main__":
    main()
