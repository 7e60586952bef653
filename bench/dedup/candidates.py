#!/usr/bin/env python3
"""Candidate pairs for the labelled near-duplicate sample, found WITHOUT Rassegna's MinHash.

Strata (each a rule a reader can check by hand):
  title    Reuters-21578: the same headline (case and spaces folded) within 7 days.
  opening  Reuters-21578: the same first 12 body words, different ids, within 7 days.
  update   en-reuters-financial: headlines equal once "UPDATE n-", "WRAPUP n-", "CORRECTED-" etc.
           are removed, within 3 days (a wire story and its updates).
  company  Reuters-21578: the same ticker <XYZ> in both bodies within 3 days, different headlines
           (other stories about the same company: mostly negatives).
  random   Reuters-21578: random pairs of the same day (negatives, and a check on the rule).
Prints TSV: corpus, id_a, id_b, stratum. Sizes are capped per stratum with a fixed seed.
"""
import collections, datetime, gzip, json, random, re, sys

SHARED = sys.argv[1] if len(sys.argv) > 1 else "../shared/corpus"
random.seed(20261130)
CAP = {"title": 120, "opening": 80, "update": 120, "company": 120, "random": 60}


def load(name):
    with gzip.open(f"{SHARED}/{name}", "rt", encoding="utf-8") as f:
        return [json.loads(l) for l in f]


def day(a):
    return datetime.date.fromisoformat(a["date"][:10])


def norm_title(t):
    return re.sub(r"\s+", " ", t.strip().lower())


def pairs_by(key, docs, max_days):
    groups = collections.defaultdict(list)
    for a in docs:
        k = key(a)
        if k:
            groups[k].append(a)
    out = []
    for g in groups.values():
        if len(g) > 12:  # a template (e.g. a daily table), not a story: too many to pair
            continue
        for i in range(len(g)):
            for j in range(i):
                if abs((day(g[i]) - day(g[j])).days) <= max_days:
                    out.append((g[j]["id"], g[i]["id"]))
    return out


def capped(pairs, n):
    pairs = sorted(set(pairs))
    random.shuffle(pairs)
    return pairs[:n]


def main():
    r = load("reuters21578.jsonl.gz")
    rows = []
    title = capped(pairs_by(lambda a: norm_title(a["title"]) if len(a["title"]) > 12 else None, r, 7), CAP["title"])
    rows += [("reuters21578", a, b, "title") for a, b in title]
    opening = capped(pairs_by(lambda a: " ".join(re.findall(r"\w+", a["body"].lower())[:12]) or None, r, 7), CAP["opening"])
    rows += [("reuters21578", a, b, "opening") for a, b in opening if (a, b) not in set(title)]
    by_ticker = collections.defaultdict(list)
    for a in r:
        for t in set(re.findall(r"<([A-Z]{2,5})>", a["body"])):
            by_ticker[t].append(a)
    comp = []
    for g in by_ticker.values():
        if len(g) > 30:
            continue
        for i in range(len(g)):
            for j in range(i):
                if norm_title(g[i]["title"]) != norm_title(g[j]["title"]) and abs((day(g[i]) - day(g[j])).days) <= 3:
                    comp.append((g[j]["id"], g[i]["id"]))
    rows += [("reuters21578", a, b, "company") for a, b in capped(comp, CAP["company"])]
    by_day = collections.defaultdict(list)
    for a in r:
        by_day[day(a)].append(a["id"])
    days = [d for d, ids in by_day.items() if len(ids) > 1]
    rand = []
    while len(rand) < CAP["random"]:
        ids = by_day[random.choice(days)]
        a, b = random.sample(ids, 2)
        rand.append((min(a, b), max(a, b)))
    rows += [("reuters21578", a, b, "random") for a, b in rand]

    fin = load("en-reuters-financial.jsonl.gz")
    prefix = re.compile(r"^((UPDATE|WRAPUP|REFILE|CORRECTED|RPT|INSTANT VIEW)\s*\d*\s*-\s*)+", re.I)
    upd = pairs_by(lambda a: norm_title(prefix.sub("", a["title"])) if prefix.match(a["title"]) or True else None, fin, 3)
    rows += [("en-reuters-financial", a, b, "update") for a, b in capped(upd, CAP["update"])]
    for row in rows:
        print("\t".join(row))


if __name__ == "__main__":
    main()
