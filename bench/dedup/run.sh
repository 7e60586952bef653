#!/bin/sh
# Precision and recall of the story grouping on the labelled pairs (docs/quality.md).
#   bench/dedup/run.sh [SHARED_CORPUS_DIR]      (from the checkout, after building)
# Indexes all of Reuters-21578 and a part of en-reuters-financial (fin_subset.py) with the real
# rassegna-index, then counts the labelled pairs grouped and not (build/dedup_eval).
# The labelled sample itself was made once with candidates.py and label.py (see README.md).
set -eu
SHARED=${1:-../shared/corpus}
OUT=${OUT:-/tmp/rassegna-dedup-eval}
BUILD=${BUILD:-build}
PAIRS=bench/dedup/labelled_pairs.tsv
rm -rf "$OUT" && mkdir -p "$OUT"
"$BUILD/rassegna-index" --db "$OUT/reuters21578.db" "$SHARED/reuters21578.jsonl.gz"
python3 bench/dedup/fin_subset.py "$PAIRS" "$SHARED" > "$OUT/financial.jsonl"
"$BUILD/rassegna-index" --db "$OUT/financial.db" "$OUT/financial.jsonl"
"$BUILD/dedup_eval" --pairs "$PAIRS" reuters21578="$OUT/reuters21578.db" en-reuters-financial="$OUT/financial.db"
