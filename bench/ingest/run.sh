#!/usr/bin/env bash
# Indexing rate per input format: the same articles written in every format
# (make_formats.py), each indexed into a fresh database by rassegna-index, one after the
# other in this run, with the CPU time it used. JSON Lines is the baseline: the ratios say
# what a format's reading costs on top of the analysis and writing every format shares.
# Usage: bench/ingest/run.sh [N_ARTICLES] [CORPUS]   (from the repository root, after a build)
# Defaults: 3000 articles of ../shared/corpus/it-covid-news-2020.jsonl.gz (or $RASSEGNA_SHARED).
set -euo pipefail
n=${1:-3000}
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
printf '%-10s %8s %8s %8s %10s %12s %8s\n' format articles wall_s cpu_s "art/cpu_s" "MB_in/cpu_s" "vs_jsonl"
base=
for f in jsonl:articles.jsonl rss:feed.rss atom:feed.atom csv:articles.csv tsv:articles.tsv html:pages warc.gz:crawl.warc.gz; do
  name=${f%%:*}
  input=$work/in/${f#*:}
  rm -rf "$work/db"
  bytes=$(du -sb "$input" | cut -f1)
  # --threads 1: one writer, so CPU time is the reader's and the analysis's, not the merge's.
  /usr/bin/time -f '%e %U %S' -o "$work/time" "$idx" --db "$work/db" --threads 1 -q "$input" || true
  read -r wall user sys <"$work/time"
  added=$(xapian-delve -1 "$work/db" 2>/dev/null | sed -n 's/^number of documents = //p')
  cpu=$(python3 -c "print(round($user + $sys, 2))")
  rate=$(python3 -c "print(round($n / max($cpu, 0.01)))")
  mbps=$(python3 -c "print(round($bytes / 1e6 / max($cpu, 0.01), 2))")
  [[ -z $base ]] && base=$rate
  ratio=$(python3 -c "print(round($rate / $base, 2))")
  printf '%-10s %8s %8s %8s %10s %12s %8s\n' "$name" "$added" "$wall" "$cpu" "$rate" "$mbps" "$ratio"
done
echo "(same $n articles in every format; machine shared with other work: compare the ratios, not the times)"
