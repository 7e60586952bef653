#!/usr/bin/env bash
# Load with faults (docs/reliability.md): CONNS connections of mixed searches for DURATION against
# rassegna-server while `rassegna-index --watch` commits new articles into the served collection
# every COMMIT_INTERVAL seconds and, midway, the collection's closed partitions are compacted
# (`rassegna-index --compact`). Passes when wrk saw no failed request (connect/read/write errors,
# timeouts, non-2xx answers), every fed article is searchable, and the compaction exited 0 having
# compacted at least one past partition while the server answered.
#
# The archive keeps its dates (2020: past months of a month-partitioned collection, the ones
# --compact compacts); the fed articles are dated today, as fresh news would be, so the watcher
# commits into the current month's partition (which --compact leaves alone) while past months are
# compacted under the readers.
#
#   bench/load_faults.sh [CORPUS.jsonl.gz]      (default: ../shared/corpus/it-covid-news-2020)
#
# Environment: BUILD=build  WORK=/tmp/rassegna-load-faults  OUT=$WORK/out  DURATION=60
#              CONNS=64  COMMIT_INTERVAL=2  FEED_EVERY=1 (seconds between feed files of 20 articles)
#              PORT (default: a free one)  COMPACT_AT=DURATION/2 (seconds into the load)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
SHARED=$(cd "$HERE/../.." && pwd)/shared
CORPUS=${1:-$SHARED/corpus/it-covid-news-2020.jsonl.gz}
if [ ! -f "$CORPUS" ]; then
  echo "bench/load_faults.sh: skipped: corpus $CORPUS is absent (it lives in ../shared/corpus)" >&2
  exit 0
fi
name=$(basename "$CORPUS" .jsonl.gz)
QUERIES=${QUERIES:-$SHARED/bench/queries/$name-it.txt}
[ -f "$QUERIES" ] || QUERIES=$SHARED/bench/queries/$name-en.txt
BUILD=${BUILD:-$ROOT/build}
WORK=${WORK:-/tmp/rassegna-load-faults}
OUT=${OUT:-$WORK/out}
DURATION=${DURATION:-60}
CONNS=${CONNS:-64}
COMMIT_INTERVAL=${COMMIT_INTERVAL:-2}
FEED_EVERY=${FEED_EVERY:-1}
COMPACT_AT=${COMPACT_AT:-$((DURATION / 2))}
for t in wrk python3 curl; do command -v $t >/dev/null || "$ROOT/scripts/install-deps.sh" --bench; done
[ -x "$BUILD/rassegna-index" ] && [ -x "$BUILD/rassegna-server" ] ||
  { echo "bench/load_faults.sh: build first (make build, or BUILD=folder)" >&2; exit 1; }

rm -rf "$WORK"; mkdir -p "$WORK/feed-src" "$WORK/feed" "$OUT"
db=$WORK/collection
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

# Nine tenths of the corpus is the archive; the rest is cut into feed files of 20 articles.
python3 - "$CORPUS" "$WORK/base.jsonl" "$WORK/feed-src" <<'EOF'
import datetime, gzip, json, os, sys
src, base, feed = sys.argv[1:]
lines = gzip.open(src, "rt", encoding="utf-8").read().splitlines()
cut = len(lines) * 9 // 10
open(base, "w", encoding="utf-8").write("\n".join(lines[:cut]) + "\n")
today = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")
rest = []
for line in lines[cut:]:
    a = json.loads(line)
    a["date"] = today  # fresh news: the current month's partition
    rest.append(json.dumps(a, ensure_ascii=False))
for i in range(0, len(rest), 20):
    with open(os.path.join(feed, "feed-%05d.jsonl" % (i // 20)), "w", encoding="utf-8") as f:
        f.write("\n".join(rest[i:i + 20]) + "\n")
EOF
echo "== archive: $(wc -l <"$WORK/base.jsonl") articles into a month-partitioned collection" >&2
"$BUILD/rassegna-index" --db "$db" --partition month -q "$WORK/base.jsonl" >"$OUT/base-index.log" 2>&1
past=$(ls "$db" | grep -c '^20[0-9][0-9]-[0-9][0-9]$' || true)
echo "== $past month partitions in $db" >&2
(( past >= 2 )) || { echo "bench/load_faults.sh: expected past month partitions in $db, found $past" >&2; exit 1; }

port=${PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
"$BUILD/rassegna-server" --db "$db" --port "$port" --no-web -q >"$OUT/server.log" 2>&1 &
server=$!; pids+=("$server")
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/api/health" >/dev/null && break; sleep 0.1; done

"$BUILD/rassegna-index" --db "$db" --watch "$WORK/feed" --commit-interval "$COMMIT_INTERVAL" >"$OUT/watch.log" 2>&1 &
watcher=$!; pids+=("$watcher")
# The feeder writes each file under a temporary name and renames it into place, as a mailer would.
( for f in "$WORK"/feed-src/*.jsonl; do
    cp "$f" "$WORK/feed/.$(basename "$f").part" && mv "$WORK/feed/.$(basename "$f").part" "$WORK/feed/$(basename "$f")"
    sleep "$FEED_EVERY"
  done ) &
feeder=$!; pids+=("$feeder")

compact_rc=none
( sleep "$COMPACT_AT"; t0=$(date +%s.%N)
  "$BUILD/rassegna-index" --db "$db" --compact >"$OUT/compact.log" 2>&1; rc=$?
  echo "$rc $(date +%s.%N) $t0" | awk '{printf "%s %.2f\n", $1, $2 - $3}' >"$OUT/compact.rc" ) &
pids+=("$!")

echo "== wrk: $CONNS connections, ${DURATION}s of mixed searches (plain, facets, date sort) while feeding" >&2
wrk -t2 -c"$CONNS" -d"${DURATION}s" --latency --timeout 10s -s "$HERE/wrk_queries.lua" "http://127.0.0.1:$port" -- \
  "$QUERIES" "facets=0|facets=1|facets=1&sort=date|facets=0&size=20&page=3" >"$OUT/wrk.txt" 2>&1 || true
kill "$feeder" 2>/dev/null || true
wait "$feeder" 2>/dev/null || true
for _ in $(seq 600); do [ -f "$OUT/compact.rc" ] && break; sleep 0.1; done  # a compaction still running
compact_secs=none
[ -f "$OUT/compact.rc" ] && read -r compact_rc compact_secs <"$OUT/compact.rc"
compacted=$(grep -c ': compacted, ' "$OUT/compact.log" 2>/dev/null || true)
echo "== compaction (exit $compact_rc, ${compact_secs} s wall, $compacted partitions compacted):" >&2
sed 's/^/   /' "$OUT/compact.log" >&2 || true
hwm=$(awk '/VmHWM/ {print $2}' "/proc/$server/status")
kill -TERM "$watcher"; wait "$watcher" || true   # final commit

# Every fed article must now be found by id.
fed=$(cat "$WORK"/feed/*.jsonl 2>/dev/null | python3 -c 'import sys,json; [print(json.loads(l)["id"]) for l in sys.stdin if l.strip()]')
missing=0; n=0
sleep 1
for id in $fed; do
  n=$((n + 1))
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/articles/$id")
  [ "$code" = 200 ] || missing=$((missing + 1))
done
j=$(sed -n 's/^WRK_JSON //p' "$OUT/wrk.txt")
non2xx=$(sed -n 's/^ *Non-2xx or 3xx responses: *//p' "$OUT/wrk.txt"); non2xx=${non2xx:-0}
python3 - "$j" "$non2xx" "$n" "$missing" "$compact_rc" "$hwm" "$CONNS" "$DURATION" "$compacted" "$compact_secs" <<'EOF' | tee "$OUT/result.md"
import json, sys
w = json.loads(sys.argv[1]); non2xx, fed, missing = map(int, sys.argv[2:5]); compact = sys.argv[5]
hwm, conns, dur, compacted, csecs = sys.argv[6:11]
e = w["errors"]; failed = e["connect"] + e["read"] + e["write"] + e["timeout"] + non2xx
print(f"| connections | seconds | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | failed | fed articles | not found after | compaction exit | partitions compacted | compaction s | server peak RSS MB |")
print(f"|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|")
print(f"| {conns} | {dur} | {w['requests']} | {w['rps']:.0f} | {w['p50_us']/1000:.1f} | {w['p95_us']/1000:.1f} | {w['p99_us']/1000:.1f} | "
      f"{w['max_us']/1000:.1f} | {failed} | {fed} | {missing} | {compact} | {compacted} | {csecs} | {int(hwm)/1024:.0f} |")
ok = failed == 0 and missing == 0 and fed > 0 and compact == "0" and int(compacted or 0) > 0
if not ok:
    print("FAILED: " + ", ".join(x for x, bad in [
        (f"{failed} failed requests", failed), (f"{missing} fed articles not found", missing),
        ("nothing was fed", fed == 0), (f"the compaction exited {compact}", compact != "0"),
        ("no partition was compacted", compacted in ("", "0"))] if bad), file=sys.stderr)
sys.exit(0 if ok else 1)
EOF
