#!/usr/bin/env bash
# Latency and throughput over 1, 2 and 3 remote parts (xapian-tcpsrv on loopback) against the
# same articles local (docs/operations.md, "Measured"). Indexes reuters21578 from ../shared when
# present (else the bundled corpus) into /tmp/remote-bench, then runs build/remote_bench.
# Usage: scripts/bench-remote.sh [BUILD_DIR] [MAX_QUERIES]
set -euo pipefail
build=${1:-build} max=${2:-300}
shared=$(dirname "$0")/../../shared
work=${WORK:-/tmp/remote-bench}
mkdir -p "$work"
if [[ -f $shared/corpus/reuters21578.jsonl.gz ]]; then
  corpus=$shared/corpus/reuters21578.jsonl.gz queries=$shared/bench/queries/reuters21578-en.txt
else
  corpus=corpus/ queries=$work/queries.txt
  printf '%s\n' tiktok oracle microsoft "borsa italiana" mercato "apple OR google" governo banca > "$queries"
fi
if [[ ! -d $work/db ]]; then "$build/rassegna-index" --db "$work/db" --quiet "$corpus"; fi
"$build/remote_bench" "$work/db" "$queries" "$max"
