#!/usr/bin/env bash
# Ranking quality: Rassegna and the peer engines on the same known-item query sets, in one run;
# MRR@10 and success@10 per set and engine (docs/quality.md).
#
#   bench/quality/run.sh [CORPUS_NAME ...]
#
# CORPUS_NAME is a set family in bench/quality/sets/ (default: it-covid-news-2020 it-dice
# reuters21578; en-reuters-financial too when asked, it takes ~15 more minutes). For each: index
# the corpus from ../shared/corpus with rassegna-index, run every split's queries (test, dev)
# through search_bench (the searcher library, SearchRequest.lang = the set's language, top 10),
# then the peers through their own harness (../shared/bench/peers/run_all.sh) on the same query
# files, then score everything (bench/quality/score.py) into one table.
#
# Environment (all optional):
#   OUT=bench/quality/results/<timestamp>   results: raw top tens, scores.json, table.md (gitignored)
#   WORK=/tmp/rassegna-quality              Rassegna's databases and the peers' WORK_DIR
#   BUILD=build                             build folder (configured by `make build`)
#   PEERS="xapian lucene postgresql sqlite-fts5 groonga"   which peers (empty: Rassegna only)
#   PEERS_RESULTS=DIR                       score against the peers' results of an earlier run
#                                           (its OUT) instead of running them again
#   REUSE_PEER_INDEX=1                      let the peers reuse their indexes of an earlier run
#   SKIP_INDEX=1                            reuse Rassegna's database of an earlier run
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SHARED=$(cd "$ROOT/.." && pwd)/shared
if [ ! -d "$SHARED/corpus" ]; then
  echo "bench/quality/run.sh: skipped: the shared folder $SHARED (corpora, peer harness) is absent" >&2
  exit 0
fi
PEER_DIR=$SHARED/bench/peers
BUILD=${BUILD:-$ROOT/build}
WORK=${WORK:-/tmp/rassegna-quality}
OUT=${OUT:-$HERE/results/$(date +%Y%m%d-%H%M%S)}
PEERS=${PEERS-"xapian lucene postgresql sqlite-fts5 groonga"}
if [ $# -gt 0 ]; then sets=("$@"); else sets=(it-covid-news-2020 it-dice reuters21578); fi
mkdir -p "$OUT" "$WORK"
OUT=$(cd "$OUT" && pwd)

if [ -n "$PEERS" ] && [ -z "${PEERS_RESULTS:-}" ]; then
  "$PEER_DIR/setup.sh" >"$OUT/peers-setup.log" 2>&1 || { echo "peer setup failed: $OUT/peers-setup.log" >&2; exit 1; }
fi
if [ ! -f "$BUILD/CMakeCache.txt" ]; then
  cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$OUT/cmake.log"
fi
cmake --build "$BUILD" -j"$(nproc)" --target rassegna-index search_bench >"$OUT/build.log" 2>&1 ||
  { echo "build failed: $OUT/build.log" >&2; exit 1; }
{
  echo "commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo ?)$(git -C "$ROOT" diff --quiet HEAD -- . ':!bench/quality' 2>/dev/null || echo ' (+local changes)')"
  echo "sets: ${sets[*]}"; echo "peers: ${PEERS:-none}${PEERS_RESULTS:+ (results of $PEERS_RESULTS)}"
  echo "started: $(date -u +%FT%TZ)"
} >"$OUT/run.txt"

for name in "${sets[@]}"; do
  corpus=$SHARED/corpus/$name.jsonl.gz
  [ -f "$corpus" ] || { echo "bench/quality/run.sh: corpus $corpus missing, skipped" >&2; continue; }
  o=$OUT/$name; mkdir -p "$o/queries"
  qfiles=()
  for tsv in "$HERE"/sets/"$name"-*.tsv; do
    [ -f "$tsv" ] || continue
    q=$o/queries/$(basename "$tsv" .tsv).txt   # <name>-<split>-<lang>.txt: the peers read the language from it
    grep -v '^#' "$tsv" | cut -f1 >"$q"
    qfiles+=("$q")
  done
  [ ${#qfiles[@]} -gt 0 ] || { echo "no query sets for $name in $HERE/sets (make_sets.py)" >&2; continue; }

  db=$WORK/db/$name
  if [ "${SKIP_INDEX:-0}" != 1 ] || [ ! -d "$db" ]; then
    echo "== rassegna: indexing $name" >&2
    rm -rf "$db"; mkdir -p "$(dirname "$db")"
    "$BUILD/rassegna-index" --db "$db" --quiet "$corpus" >"$o/rassegna.index.log" 2>&1 ||
      { rc=$?; [ $rc = 3 ] || { echo "rassegna-index failed ($rc): $o/rassegna.index.log" >&2; exit 1; }; }
  fi
  for q in "${qfiles[@]}"; do
    qn=$(basename "$q" .txt); l=${qn##*-}
    MODES=plain WARMUP_PASSES=0 "$BUILD/search_bench" query "$db" "$q" "$l" "$o/rassegna.q.$qn.json" 2>"$o/rassegna.q.$qn.log"
  done
  echo "== rassegna: $name queried" >&2

  if [ -n "${PEERS_RESULTS:-}" ]; then
    cat "$PEERS_RESULTS/$name/peers.dir" >"$o/peers.dir"
  elif [ -n "$PEERS" ]; then
    echo "== peers on $name: $PEERS" >&2
    skip=0
    if [ "${REUSE_PEER_INDEX:-0}" = 1 ] && [ -d "$WORK/peers/idx/$name" ]; then skip=1; fi
    SKIP_INDEX=$skip WARMUP_PASSES=0 XAPIAN_COMPACT=0 PEERS="$PEERS" WORK_DIR="$WORK/peers" RESULTS_DIR="$o/peers" \
      "$PEER_DIR/run_all.sh" "$corpus" "${qfiles[@]}" >"$o/peers.out" 2>"$o/peers.err" ||
      echo "peers run failed: $o/peers.err" >&2
    ls -d "$o/peers/$name"-* 2>/dev/null | sort | tail -1 >"$o/peers.dir"
  else
    : >"$o/peers.dir"
  fi
done
echo "finished: $(date -u +%FT%TZ)" >>"$OUT/run.txt"
python3 "$HERE/score.py" --sets "$HERE/sets" "$OUT" | tee "$OUT/table.md"
echo "results: $OUT" >&2
