#!/usr/bin/env python3
"""Labels candidate pairs (candidates.py) by a rule a reader can check, plus hand inspection.

The rule compares the two bodies word by word (Python's difflib, longest matching blocks; not
shingles, not MinHash): ratio = 2 * matched words / (words of a + words of b), after lower-casing
and dropping the closing "Reuter" sign-off.
  ratio >= 0.6   duplicate      (one is the other re-sent, corrected, cut or extended)
  ratio <  0.3   not duplicate  (other story, or a template filled with other figures)
  in between     decided by reading both texts; the decision is in manual.tsv (id_a, id_b, 0/1, why)
Prints TSV: corpus, id_a, id_b, stratum, ratio, label (1 duplicate, 0 not), how (rule|read).
Pairs in between without a line in manual.tsv are printed to stderr for reading, and left out.
"""
import difflib, gzip, json, os, re, sys

SHARED = sys.argv[2] if len(sys.argv) > 2 else "../shared/corpus"
HERE = os.path.dirname(os.path.abspath(__file__))


def words(body):
    w = re.findall(r"\w+", body.lower())
    if w and w[-1] == "reuter":
        w = w[:-1]
    return w


def main():
    cands = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
    wanted = {c[1] for c in cands} | {c[2] for c in cands}
    docs = {}
    for name in sorted({c[0] for c in cands}):
        with gzip.open(f"{SHARED}/{name}.jsonl.gz", "rt", encoding="utf-8") as f:
            for line in f:
                a = json.loads(line)
                if a["id"] in wanted:
                    docs[a["id"]] = a
    manual = {}
    path = os.path.join(HERE, "manual.tsv")
    if os.path.exists(path):
        for l in open(path):
            if l.strip() and not l.startswith("#"):
                a, b, lab, *_ = l.rstrip("\n").split("\t")
                manual[(a, b)] = lab
    for corpus, a, b, stratum in cands:
        wa, wb = words(docs[a]["body"]), words(docs[b]["body"])
        ratio = difflib.SequenceMatcher(None, wa, wb, autojunk=False).ratio()
        if ratio >= 0.6:
            label, how = "1", "rule"
        elif ratio < 0.3:
            label, how = "0", "rule"
        elif (a, b) in manual:
            label, how = manual[(a, b)], "read"
        else:
            print(f"=== {a} {b} ratio {ratio:.2f}\n--- {docs[a]['title']}\n{docs[a]['body'][:700]}\n"
                  f"--- {docs[b]['title']}\n{docs[b]['body'][:700]}\n", file=sys.stderr)
            continue
        print(f"{corpus}\t{a}\t{b}\t{stratum}\t{ratio:.3f}\t{label}\t{how}")


if __name__ == "__main__":
    main()
