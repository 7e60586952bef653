#!/usr/bin/env python3
"""Pairs sampled from the stories Rassegna itself formed on Reuters-21578 (stratum "grouped"),
to estimate the precision of what it groups: reads `dedup_eval --dump DB` (key TAB id) and prints
up to N pairs (fixed seed), one per story at most, as candidates.py rows."""
import collections, random, sys

random.seed(1130)
n = int(sys.argv[2]) if len(sys.argv) > 2 else 60
stories = collections.defaultdict(list)
for line in open(sys.argv[1]):
    key, id_ = line.rstrip("\n").split("\t")
    stories[key].append(id_)
keys = sorted(stories)
random.shuffle(keys)
for k in keys[:n]:
    a, b = sorted(random.sample(stories[k], 2))
    print(f"reuters21578\t{a}\t{b}\tgrouped")
