#!/usr/bin/env python3
"""Writes a SYNTHETIC news corpus of N articles for bench/scale.sh, made from the real ones.

    make_scale_corpus.py N OUT.jsonl.gz CORPUS.jsonl.gz [CORPUS.jsonl.gz ...]

Every new article takes the title, source and company tags (orgs) of one real article and a
body of 3 to 8 paragraphs drawn at random from real articles of the same language (a paragraph
is what the source separates with a blank line or line break; sources without breaks are cut
after every third sentence). Ids are new ("scale-<n>"), dates spread evenly over 2000-01-01 ..
2025-12-31 with a time of day. Languages keep the proportions of the input. The text is real
language with real statistics (words, lengths, companies), but no article of the output was
ever published: figures measured on it are for scale, not for quality. Deterministic (seed 13).

The output goes wherever it is told (bench/scale.sh writes under /tmp); never commit it.
"""
import datetime
import gzip
import json
import random
import re
import subprocess
import sys

SENTENCE_END = re.compile(r'(?<=[.!?])\s*(?=[A-ZÀ-Ý"«])')


def paragraphs(body):
    if "\n" in body:
        return [p.strip() for p in re.split(r"\n+", body) if p.strip()]
    sentences = [s for s in SENTENCE_END.split(body) if s.strip()]
    return [" ".join(sentences[i:i + 3]) for i in range(0, len(sentences), 3)]


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    n = int(sys.argv[1])
    out = sys.argv[2]
    rng = random.Random(13)
    heads = {}   # lang -> [(title, source, orgs)]
    pools = {}   # lang -> [paragraph]
    for path in sys.argv[3:]:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                try:
                    a = json.loads(line)
                except ValueError:
                    continue
                lang = a.get("lang")
                if lang not in ("en", "it") or not a.get("body"):
                    continue
                heads.setdefault(lang, []).append((a.get("title", ""), a.get("source", ""), a.get("orgs", [])))
                pools.setdefault(lang, []).extend(paragraphs(a["body"]))
    if not heads:
        sys.exit("make_scale_corpus.py: no articles read from " + " ".join(sys.argv[3:]))
    langs = sorted(heads)
    weights = [len(heads[l]) for l in langs]
    start = datetime.datetime(2000, 1, 1)
    span = int((datetime.datetime(2025, 12, 31, 23, 59, 59) - start).total_seconds())
    gz = subprocess.Popen(["gzip", "-1"], stdin=subprocess.PIPE, stdout=open(out, "wb"))
    w = gz.stdin
    for i in range(n):
        lang = rng.choices(langs, weights)[0]
        title, source, orgs = rng.choice(heads[lang])
        pool = pools[lang]
        body = "\n\n".join(rng.choice(pool) for _ in range(rng.randint(3, 8)))
        # evenly spread: article i at its share of the span, jittered within its slot
        t = start + datetime.timedelta(seconds=int((i + rng.random()) * span / n))
        a = {"id": "scale-%d" % i, "title": title, "body": body, "date": t.strftime("%Y-%m-%dT%H:%M:%S"),
             "lang": lang, "source": source}
        if orgs:
            a["orgs"] = orgs
        w.write((json.dumps(a, ensure_ascii=False) + "\n").encode("utf-8"))
    w.close()
    if gz.wait() != 0:
        sys.exit("make_scale_corpus.py: gzip failed")
    print("%s: %d synthetic articles (%s)" % (out, n, ", ".join("%s %d sources" % (l, len(heads[l])) for l in langs)),
          file=sys.stderr)


if __name__ == "__main__":
    main()
