#!/usr/bin/env bash
# How fast `rassegna-index --watch` takes in new articles, in articles per CPU-second of the
# watching process (a figure the other jobs on a shared machine do not move much; on a core of
# its own, the watch indexes about that many articles a second).
#
#   bench/watch_rate.sh [N] [BASE]
#
# Makes N (default 20000) SYNTHETIC articles with bench/make_scale_corpus.py (from
# ../shared/corpus; never committed), and optionally first bulk-loads BASE (default 0) others
# into a `--partition year` collection, so the watch feeds an archive of that size. The N
# articles are then dropped into the watched folder as files of 200 (renamed into place), all
# at once: a backlog the watch works through, committing every 5 s. Reported: wall and CPU time
# of the watch until the last article is committed, articles per CPU-second and per wall
# second, and, for comparison on the same machine in the same run, a single-threaded bulk load
# (`--threads 1`) of the same N articles into an empty collection.
#
# Environment: WORK=/tmp/watch-rate (corpus, databases), BUILD=build-bench (Release), BIN=DIR.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
SHARED=$(cd "$HERE/../.." && pwd)/shared
if [ ! -d "$SHARED/corpus" ]; then
  echo "bench/watch_rate.sh: skipped: the shared corpora ($SHARED/corpus) are absent" >&2
  exit 0
fi
N=${1:-20000}
BASE=${2:-0}
WORK=${WORK:-/tmp/watch-rate}
BUILD=${BUILD:-$ROOT/build-bench}
mkdir -p "$WORK"
if [ -n "${BIN:-}" ]; then
  B=$BIN
else
  [ -f "$BUILD/CMakeCache.txt" ] || cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$BUILD" -j"$(nproc)" --target rassegna-index >/dev/null
  B=$BUILD
fi
say() { echo "== $*" >&2; }
corpus="$WORK/articles-$((N + BASE)).jsonl.gz"
if [ ! -s "$corpus" ]; then
  say "making $((N + BASE)) synthetic articles"
  python3 "$HERE/make_scale_corpus.py" "$((N + BASE))" "$corpus.tmp" "$SHARED"/corpus/*.jsonl.gz
  mv "$corpus.tmp" "$corpus"
fi
rm -rf "$WORK/db" "$WORK/bulk" "$WORK/feed" "$WORK/chunks"
mkdir -p "$WORK/feed" "$WORK/chunks"
# Split: the first BASE articles are the archive, the next N the feed (files of 200).
python3 - "$corpus" "$BASE" "$WORK/base.jsonl" "$WORK/chunks" <<'PY'
import gzip, sys
corpus, base, base_out, chunks = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
with gzip.open(corpus, "rt", encoding="utf-8") as src, open(base_out, "w", encoding="utf-8") as b:
    out, n = None, 0
    for i, line in enumerate(src):
        if i < base:
            b.write(line)
            continue
        if (i - base) % 200 == 0:
            if out: out.close()
            out = open("%s/feed-%07d.jsonl" % (chunks, i - base), "w", encoding="utf-8")
        out.write(line)
        n += 1
    if out: out.close()
PY
if [ "$BASE" -gt 0 ]; then
  say "bulk-loading the $BASE-article archive"
  "$B/rassegna-index" --db "$WORK/db" --partition year -q "$WORK/base.jsonl" >/dev/null
else
  "$B/rassegna-index" --db "$WORK/db" --partition year -q "$WORK/base.jsonl" >/dev/null 2>&1 || true
fi
count() { xapian-delve "$WORK/db" 2>/dev/null | sed -n 's/^number of documents = //p' || true; }  # none yet: empty
start_docs=$(count); start_docs=${start_docs:-0}
cpu_of() { awk '{print ($14 + $15) / 100}' "/proc/$1/stat"; }  # utime + stime, clock ticks of 1/100 s

say "watching: $N articles dropped at once"
"$B/rassegna-index" --db "$WORK/db" --watch "$WORK/feed" --commit-interval 5 >"$WORK/watch.log" 2>&1 &
watcher=$!
trap 'kill $watcher 2>/dev/null || true' EXIT
sleep 1
t0=$(date +%s.%N); c0=$(cpu_of "$watcher")
for f in "$WORK"/chunks/*.jsonl; do mv "$f" "$WORK/feed/"; done
want=$((start_docs + N))
while :; do
  have=$(count); have=${have:-0}
  [ "$have" -ge "$want" ] && break
  kill -0 "$watcher" 2>/dev/null || { echo "the watch stopped: $WORK/watch.log" >&2; exit 1; }
  sleep 0.5
done
t1=$(date +%s.%N); c1=$(cpu_of "$watcher")
kill "$watcher"; wait "$watcher" 2>/dev/null || true

say "bulk load of the same $N articles, --threads 1, into an empty collection"
cat "$WORK"/feed/*.jsonl >"$WORK/feed-all.jsonl"
bulk_t0=$(date +%s.%N)
/usr/bin/time -f "%U %S" -o "$WORK/bulk.time" "$B/rassegna-index" --db "$WORK/bulk" --partition year --threads 1 -q "$WORK/feed-all.jsonl" >/dev/null
bulk_t1=$(date +%s.%N)
python3 - "$N" "$BASE" "$t0" "$t1" "$c0" "$c1" "$bulk_t0" "$bulk_t1" "$(cat "$WORK/bulk.time")" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY'
import sys
n, base = int(sys.argv[1]), int(sys.argv[2])
wall = float(sys.argv[4]) - float(sys.argv[3]); cpu = float(sys.argv[6]) - float(sys.argv[5])
bwall = float(sys.argv[8]) - float(sys.argv[7]); u, s = map(float, sys.argv[9].split())
print("| %d new articles into a %d-article collection (by year) | wall s | CPU s | articles / CPU-second | articles / wall second |" % (n, base))
print("| --- | ---: | ---: | ---: | ---: |")
print("| `--watch` (backlog, commits every 5 s) | %.1f | %.1f | %.0f | %.0f |" % (wall, cpu, n / cpu, n / wall))
print("| bulk `--threads 1` into an empty collection | %.1f | %.1f | %.0f | %.0f |" % (bwall, u + s, n / (u + s), n / bwall))
print("load average at the end: %s" % sys.argv[10])
PY
