#!/usr/bin/env bash
# Indexing rate per input format: the same articles written in every format
# (make_formats.py), each indexed into a fresh database by rassegna-index, one after the
# other in this run, with the CPU time it used. JSON Lines is the baseline: the ratios say
# what a format's reading costs on top of the analysis and writing every format shares.
# With ROUNDS=R (default 1) every format is indexed R times, the rounds interleaved, and the
# median of each format's rounds is reported: on a shared machine one round is noisy.
# Usage: [ROUNDS=R] bench/ingest/run.sh [N_ARTICLES] [CORPUS]   (from the repository root, after a build)
# Defaults: 3000 articles of ../shared/corpus/it-covid-news-2020.jsonl.gz (or $RASSEGNA_SHARED).
set -euo pipefail
n=${1:-3000}
rounds=${ROUNDS:-1}
shared=${RASSEGNA_SHARED:-$(cd "$(dirname "$0")/../../.." && pwd)/shared}
corpus=${2:-$shared/corpus/it-covid-news-2020.jsonl.gz}
idx=${RASSEGNA_BUILD:-build}/rassegna-index
if [[ ! -f $corpus ]]; then
  echo "ingest bench: $corpus is absent (the shared corpora are not in a clone); give CORPUS" >&2
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$(dirname "$0")/make_formats.py" "$corpus" "$work/in" "$n"
formats="jsonl:articles.jsonl rss:feed.rss atom:feed.atom csv:articles.csv tsv:articles.tsv html:pages warc.gz:crawl.warc.gz"
for round in $(seq "$rounds"); do
  for f in $formats; do
    name=${f%%:*}
    input=$work/in/${f#*:}
    rm -rf "$work/db"
    bytes=$(du -sb "$input" | cut -f1)
    # --threads 1: one writer, so CPU time is the reader's and the analysis's, not the merge's.
    /usr/bin/time -f '%e %U %S' -o "$work/time" "$idx" --db "$work/db" --threads 1 -q "$input" || true
    read -r wall user sys <"$work/time"
    added=$(xapian-delve -1 "$work/db" 2>/dev/null | sed -n 's/^number of documents = //p')
    echo "$round $name $added $bytes $wall $user $sys" >>"$work/runs"
    echo "round $round: $name $added articles, $wall s wall, $(python3 -c "print(round($user + $sys, 2))") s CPU" >&2
  done
done
python3 - "$work/runs" "$n" "$rounds" <<'PY'
import statistics, sys
runs, n, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
by = {}
order = []
for line in open(runs):
    r, name, added, size, wall, user, sysc = line.split()
    if name not in by:
        order.append(name)
    by.setdefault(name, []).append((int(added or 0), int(size), float(wall), float(user) + float(sysc)))
print('%-10s %8s %8s %8s %9s %10s %9s %11s %8s' % ('format', 'articles', 'MB_in', 'wall_s', 'cpu_s', 'art/cpu_s',
                                                   'art/wall_s', 'MB_in/cpu_s', 'vs_jsonl'))
base = None
for name in order:
    rs = by[name]
    cpu = statistics.median(x[3] for x in rs)
    wall = statistics.median(x[2] for x in rs)
    mb = rs[0][1] / 1e6
    rate = n / max(cpu, 0.01)
    base = base or rate
    print('%-10s %8d %8.1f %8.1f %9.1f %10.0f %9.0f %11.2f %8.2f' % (name, min(x[0] for x in rs), mb, wall, cpu, rate,
                                                                   n / max(wall, 0.01), mb / max(cpu, 0.01), rate / base))
print('(same %d articles in every format; medians of %d round(s), interleaved; machine shared with other work: '
      'compare the ratios, not the times)' % (n, rounds))
PY
