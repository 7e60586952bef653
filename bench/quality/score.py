#!/usr/bin/env python3
"""Score a bench/quality/run.sh results folder: MRR@10 and success@10 per set and engine.

  score.py --sets bench/quality/sets RESULTS_DIR [--json OUT.json]

For every query set <name>-<split>-<lang>.tsv whose results are in RESULTS_DIR/<name>/, reads
the top ten ids each engine returned for each query (Rassegna: rassegna.q.<set>.json; peers:
<peer>.q.<set>.json in the run_all.sh folder named by RESULTS_DIR/<name>/peers.dir), in query
file order, and scores them against the set's target article:
  MRR@10      mean of 1/rank of the target, 0 when it is not in the top ten
  success@10  share of queries with the target in the top ten
  success@1   share with the target first
A query an engine failed on (no JSON row) counts as a miss. Prints markdown tables: the test
splits (the figures to quote), the dev splits (what tuning looked at), then the test splits by
how the query was typed (every word as in the article, or some retyped). Writes scores.json.
"""
import argparse
import glob
import json
import os
import sys

ENGINES = ["rassegna", "xapian", "lucene", "postgresql", "sqlite-fts5", "groonga"]


def read_set(path):
    rows = []
    for line in open(path, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        q, target, matches, tags = line.rstrip("\n").split("\t")
        rows.append({"query": q, "target": target, "matches": int(matches), "tags": tags})
    return rows


def top10(path):
    if not path or not os.path.exists(path):
        return None
    d = json.load(open(path, encoding="utf-8"))
    plain = (d.get("modes") or {}).get("plain") or {}
    return plain.get("top10")


def metrics(rows, tops, keep=lambda r: True):
    n = mrr = s10 = s1 = 0
    for r, top in zip(rows, tops):
        if not keep(r):
            continue
        n += 1
        ids = [str(x) for x in (top or [])][:10]
        if r["target"] in ids:
            rank = ids.index(r["target"]) + 1
            mrr += 1.0 / rank
            s10 += 1
            s1 += rank == 1
    if n == 0:
        return None
    return {"n": n, "mrr10": mrr / n, "success10": s10 / n, "success1": s1 / n}


def cell(m, best):
    if m is None:
        return "n/a"
    text = "%.3f / %.2f" % (m["mrr10"], m["success10"])
    return "**%s**" % text if best is not None and abs(m["mrr10"] - best) < 1e-12 else text


def table(title, results, split, subsets=None):
    engines = [e for e in ENGINES if any(e in r["engines"] for r in results if r["split"] == split)]
    lines = ["### " + title, "",
             "| set | queries | " + " | ".join(engines) + " |",
             "| --- | ---: | " + " | ".join("---:" for _ in engines) + " |"]
    for r in results:
        if r["split"] != split:
            continue
        for label, key in subsets or [("", "all")]:
            ms = {e: r["engines"][e].get(key) for e in engines if e in r["engines"]}
            vals = [m["mrr10"] for m in ms.values() if m]
            if not vals:
                continue
            best = max(vals)
            n = next(m["n"] for m in ms.values() if m)
            name = "%s (%s)%s" % (r["name"], r["lang"], label)
            lines.append("| %s | %d | %s |" % (name, n, " | ".join(cell(ms.get(e), best) for e in engines)))
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sets", required=True)
    ap.add_argument("--json", default=None)
    ap.add_argument("results")
    a = ap.parse_args()
    results = []
    for tsv in sorted(glob.glob(os.path.join(a.sets, "*.tsv"))):
        base = os.path.basename(tsv)[: -len(".tsv")]
        name, split, lang = base.rsplit("-", 2)
        rdir = os.path.join(a.results, name)
        if not os.path.isdir(rdir):
            continue
        rows = read_set(tsv)
        peers_dir = ""
        if os.path.exists(os.path.join(rdir, "peers.dir")):
            peers_dir = open(os.path.join(rdir, "peers.dir"), encoding="utf-8").read().strip()
        entry = {"name": name, "split": split, "lang": lang, "queries": len(rows), "engines": {}}
        for e in ENGINES:
            path = os.path.join(rdir, "rassegna.q.%s.json" % base) if e == "rassegna" else \
                (os.path.join(peers_dir, "%s.q.%s.json" % (e, base)) if peers_dir else None)
            tops = top10(path)
            if tops is None:
                continue
            if len(tops) != len(rows):
                print("%s: %s answered %d of %d queries" % (base, e, len(tops), len(rows)), file=sys.stderr)
            entry["engines"][e] = {
                "all": metrics(rows, tops),
                "as_written": metrics(rows, tops, lambda r: r["tags"] == "-"),
                "retyped": metrics(rows, tops, lambda r: r["tags"] != "-"),
            }
        results.append(entry)
    order = {"test": 0, "dev": 1}
    results.sort(key=lambda r: (order.get(r["split"], 2), r["lang"], r["name"]))
    out = [table("Test sets: MRR@10 / success@10 (best MRR in bold)", results, "test"),
           table("Dev sets (used for tuning): MRR@10 / success@10", results, "dev"),
           table("Test sets by typing: every word as in the article, or some retyped", results, "test",
                 [(", as written", "as_written"), (", retyped", "retyped")])]
    print("\n".join(out))
    with open(a.json or os.path.join(a.results, "scores.json"), "w", encoding="utf-8") as fh:
        json.dump(results, fh, indent=1)


if __name__ == "__main__":
    main()
