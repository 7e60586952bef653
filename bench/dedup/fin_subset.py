#!/usr/bin/env python3
"""The en-reuters-financial articles the evaluation indexes: every article of the labelled
pairs, plus up to 40 other articles (fixed seed) from each day those articles were published,
as the neighbours a wrong grouping could pick. Writes JSONL to stdout."""
import collections, gzip, json, random, sys

pairs, shared = sys.argv[1], sys.argv[2]
random.seed(7)
ids = set()
for line in open(pairs):
    f = line.rstrip("\n").split("\t")
    if len(f) > 2 and f[0] == "en-reuters-financial":
        ids.update(f[1:3])
by_day = collections.defaultdict(list)
keep = []
with gzip.open(f"{shared}/en-reuters-financial.jsonl.gz", "rt", encoding="utf-8") as f:
    for line in f:
        a = json.loads(line)
        if a["id"] in ids:
            keep.append(line)
        else:
            by_day[a["date"][:10]].append(line)
days = {json.loads(l)["date"][:10] for l in keep}
for d in sorted(days):
    others = by_day.get(d, [])
    keep += random.sample(others, min(40, len(others)))
sys.stdout.write("".join(keep))
