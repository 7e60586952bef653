#!/usr/bin/env bash
# Rassegna at 100k, 300k and 1M articles, in one run per size, with Lucene 8 on the same corpus
# and queries for the ratios. The corpus is SYNTHETIC (bench/make_scale_corpus.py: new articles
# made of paragraphs of real articles of the same language from ../shared/corpus, new ids, dates
# spread over 2000-2025), generated under $WORK, never committed.
#
#   bench/scale.sh [N ...]          (default: 100000 300000 1000000)
#
# Per size N, into $OUT/N/: the corpus; bulk indexing into a `--partition year` collection and
# into one database (time -v: wall, CPU, peak RSS; articles/s); `--compact` of both (time, size
# before and after); in process (search_bench, queries of en-reuters-financial, lang en):
# p50/p95/p99 wall and median CPU of plain, snippets, facets and snippets+facets on both;
# refresh_bench on both (DocTable build of what a commit changes, first search after a commit);
# over HTTP: rassegna-server on the collection under wrk with 1/8/64 connections (snippets, and
# snippets+facets), while `rassegna-index --watch` takes a steady feed of new articles
# (FEED_RATE a second) and commits every 5 s: server RSS, the feed's indexed rate; then Lucene
# (../shared/bench/peers/run_all.sh, PEERS=lucene) on the same corpus and queries. A summary
# table per size goes to $OUT/N/table.md and all figures to $OUT/N/summary.json.
#
# Environment: WORK=/tmp/scale-work (corpora, databases), OUT=/tmp/scale-out/<timestamp>,
# BUILD=build-bench (Release), MAX_QUERIES=200, HTTP_DURATION=10s, HTTP_CONNS="1 8 64",
# FEED_RATE=300 (articles/s into the watch; the server and the watch run in sessions of their own),
# WATCH_WEIGHT=1 (3: the watch's session gets ~3x the server's CPU weight under contention),
# FEED_SECONDS=150 (feed files made beforehand; more than the HTTP runs last), LAYOUTS="year one" (`year` alone skips the one-database
# layout, e.g. at 1M where it doubles the run; the HTTP part always uses `year`), SKIP_LUCENE=1, SKIP_HTTP=1, SKIP_INDEX=1 (reuse
# databases of an earlier run; refresh_bench and the feed change them, which does not matter for
# a benchmark), BIN=DIR (use the programs in DIR instead of building).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
SHARED=$(cd "$HERE/../.." && pwd)/shared
if [ ! -d "$SHARED/corpus" ]; then
  echo "bench/scale.sh: skipped: the shared corpora ($SHARED/corpus) are absent; they are what the synthetic corpus is made of" >&2
  exit 0
fi
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(100000 300000 1000000)
WORK=${WORK:-/tmp/scale-work}
OUT=${OUT:-/tmp/scale-out/$(date +%Y%m%d-%H%M%S)}
BUILD=${BUILD:-$ROOT/build-bench}
QUERIES=${QUERIES:-$SHARED/bench/queries/en-reuters-financial-en.txt}
export MAX_QUERIES=${MAX_QUERIES:-200}
HTTP_DURATION=${HTTP_DURATION:-10s}
HTTP_CONNS=${HTTP_CONNS:-"1 8 64"}
FEED_RATE=${FEED_RATE:-300}
LAYOUTS=${LAYOUTS:-"year one"}
mkdir -p "$WORK" "$OUT"
for t in wrk xapian-compact python3; do
  command -v "$t" >/dev/null || { echo "bench/scale.sh: $t missing: running scripts/install-deps.sh --bench" >&2; "$ROOT/scripts/install-deps.sh" --bench; break; }
done

if [ -n "${BIN:-}" ]; then
  B=$BIN
else
  [ -f "$BUILD/CMakeCache.txt" ] || cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >"$OUT/cmake.log"
  cmake --build "$BUILD" -j"$(nproc)" --target rassegna-index rassegna-server search_bench refresh_bench >"$OUT/build.log" 2>&1 ||
    { echo "build failed: $OUT/build.log" >&2; exit 1; }
  B=$BUILD
fi

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; pids=(); }
trap cleanup EXIT
say() { echo "== $*" >&2; }

for N in "${SIZES[@]}"; do
  o="$OUT/$N"; d="$WORK/$N"; mkdir -p "$o" "$d"
  corpus="$WORK/scale-$N.jsonl.gz"
  {
    echo "size: $N"; echo "queries: $QUERIES (first $MAX_QUERIES, lang en)"
    echo "host: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB"
    echo "commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo ?)"
    echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  } >"$o/run.txt"
  if [ ! -s "$corpus" ]; then
    say "$N: making the synthetic corpus"
    python3 "$HERE/make_scale_corpus.py" "$N" "$corpus.tmp" "$SHARED"/corpus/*.jsonl.gz 2>"$o/corpus.log"
    mv "$corpus.tmp" "$corpus"
  fi

  # ---- bulk indexing, then compaction ----
  for kind in $LAYOUTS; do
    db="$d/$kind"
    if [ "${SKIP_INDEX:-0}" != 1 ] || [ ! -e "$db" ]; then
      say "$N: indexing into $kind"
      rm -rf "$db"
      part=(); [ $kind = year ] && part=(--partition year)
      /usr/bin/time -v -o "$o/index-$kind.time" "$B/rassegna-index" --db "$db" "${part[@]}" --quiet "$corpus" \
        >"$o/index-$kind.log" 2>&1 || { rc=$?; [ $rc = 3 ] || { echo "indexing failed ($rc): $o/index-$kind.log" >&2; exit 1; }; }
      du -sB1 "$db" | cut -f1 >"$o/du-$kind.before"
      say "$N: compacting $kind"
      /usr/bin/time -v -o "$o/compact-$kind.time" "$B/rassegna-index" --db "$db" --compact >"$o/compact-$kind.log" 2>&1
      du -sB1 "$db" | cut -f1 >"$o/du-$kind.after"
      cp "$o/index-$kind.time" "$o/du-$kind.before" "$o/compact-$kind.time" "$o/du-$kind.after" "$d/" 2>/dev/null || true
    else
      for f in index-$kind.time du-$kind.before compact-$kind.time du-$kind.after; do cp "$d/$f" "$o/" 2>/dev/null || true; done
    fi
  done

  # ---- in process ----
  for kind in $LAYOUTS; do
    say "$N: search_bench on $kind"
    "$B/search_bench" query "$d/$kind" "$QUERIES" en "$o/search-$kind.json" 2>"$o/search-$kind.log"
    sed 's/^/   /' "$o/search-$kind.log" >&2
    say "$N: refresh_bench on $kind"
    "$B/refresh_bench" "$d/$kind" profit 10 >"$o/refresh-$kind.json" 2>"$o/refresh-$kind.log" || true
  done

  # ---- HTTP, with a live feed into the collection ----
  if [ "${SKIP_HTTP:-0}" != 1 ]; then
    db="$d/year"; feed="$d/feed"; rm -rf "$feed"; mkdir -p "$feed"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    # The server and the watch each run in a session of their own (setsid), so the kernel's
    # autogroup scheduling shares the CPU between them (and wrk) as the systemd units of
    # packaging/ do with their own cgroups, rather than thread by thread as children of one script.
    grep -c . "$db/XAPIANDB" >"$o/databases-year" 2>/dev/null || true
    setsid "$B/rassegna-server" --db "$db" --port "$port" --quiet >"$o/server.log" 2>&1 &
    server=$!; pids+=("$server")
    for _ in $(seq 300); do curl -sf "http://127.0.0.1:$port/api/search?q=a&size=1" >/dev/null 2>&1 && break; sleep 0.2; done
    docs_before=$(curl -s "http://127.0.0.1:$port/api/health" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("database",{}).get("articles",0))')
    setsid "$B/rassegna-index" --db "$db" --watch "$feed" --commit-interval 5 >"$o/watch.log" 2>&1 &
    watcher=$!; pids+=("$watcher")
    # WATCH_WEIGHT=3 gives the watch's session ~3x the server's CPU weight under contention
    # (autogroup nice -5: weight 3121 against 1024; without the right to lower a nice value, the
    # server's session goes to nice 5 instead: 335 against 1024). Default 1: an even share.
    if [ "${WATCH_WEIGHT:-1}" = 3 ]; then
      echo -5 2>/dev/null >"/proc/$watcher/autogroup" || echo 5 >"/proc/$server/autogroup" || true
    fi
    echo "${WATCH_WEIGHT:-1}" >"$o/watch-weight"
    # The feed: every second, one file of FEED_RATE articles of the corpus under new ids and
    # the time it is fed as its date, renamed into place (as a feed writer should). The files are made before the
    # clock starts (FEED_SECONDS of them), so that making them takes no CPU from the run: a
    # feeder that builds them as it goes, in the same session as wrk, offered ~280 a second.
    # Each run feeds articles the runs before it did not (it starts where the last one stopped,
    # $d/feed.offset): re-feeding the same texts would make every fed article a near-duplicate
    # of earlier copies in the live partition, and the story grouper would verify each of them
    # (a corpus of republished copies, not a news feed; measured in docs/benchmarks.md).
    offset_file="$d/feed.offset"
    staging="$d/feed-staging"; rm -rf "$staging"; mkdir -p "$staging"
    python3 - "$corpus" "$staging" "$FEED_RATE" "$(cat "$offset_file" 2>/dev/null || echo 0)" "${FEED_SECONDS:-150}" <<'PY'
import datetime, gzip, json, os, sys
corpus, staging, rate, skip, seconds = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
run = int(datetime.datetime.utcnow().timestamp())  # new ids on every run: each fed article is added, never replaced
src = gzip.open(corpus, "rt", encoding="utf-8")
for _ in range(skip):
    if not src.readline():
        src.seek(0)
start = datetime.datetime.utcnow()
n = 0
for second in range(seconds):
    batch = []
    # Each article dated when it is fed (the second its file appears): a feed's articles carry
    # their publication times, and the story grouper keeps a story under its earliest article.
    today = (start + datetime.timedelta(seconds=second)).strftime("%Y-%m-%dT%H:%M:%S")
    for _ in range(rate):
        line = src.readline()
        if not line:
            src.seek(0); line = src.readline()
        a = json.loads(line)
        a["id"] = "feed-%d-%d" % (run, n)
        a["date"] = today
        batch.append(json.dumps(a, ensure_ascii=False))
        n += 1
    with open(os.path.join(staging, "feed-%09d.jsonl" % n), "w", encoding="utf-8") as f:
        f.write("\n".join(batch) + "\n")
PY
    (
      n=0; k=0; t0=$(date +%s.%N)
      for f in "$staging"/feed-*.jsonl; do
        mv "$f" "$feed/$(basename "$f")"  # one rename: the watch never sees it half-written
        n=$((n + FEED_RATE)); echo "$n"
        # File k+1 is due k+1 seconds after the first: deadlines from the start, so the time
        # the loop itself takes does not slow the offered rate down.
        k=$((k + 1))
        sleep "$(awk -v t0="$t0" -v k="$k" -v now="$(date +%s.%N)" 'BEGIN { d = t0 + k - now; print (d > 0 ? d : 0) }')"
      done
    ) >"$o/feed.log" 2>&1 &
    feeder=$!; pids+=("$feeder")
    feed_start=$(date +%s.%N)
    watch_cpu_start=$(awk '{print $14 + $15}' "/proc/$watcher/stat")  # clock ticks (1/100 s)
    # The rate is taken in the steady state: from a first count 15 s into the feed (the watch
    # then has one commit interval of articles in flight, as at the end) to the last.
    (
      sleep 15
      c=$(curl -s "http://127.0.0.1:$port/api/health" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("database",{}).get("articles",0))')
      echo "$c $(date +%s.%N)"
    ) >"$o/feed.steady" 2>/dev/null &
    : >"$o/http.jsonl"
    for mode in snippets full; do
      case $mode in snippets) params="lang=en&facets=0&size=10" ;; full) params="lang=en&facets=1&size=10" ;; esac
      wrk -t1 -c1 -d3s -s "$HERE/wrk_queries.lua" "http://127.0.0.1:$port" -- "$QUERIES" "$params" >/dev/null 2>&1 || true
      for c in $HTTP_CONNS; do
        t=$(( c < 2 ? 1 : 2 ))
        wrk -t"$t" -c"$c" -d"$HTTP_DURATION" --latency --timeout 10s -s "$HERE/wrk_queries.lua" \
          "http://127.0.0.1:$port" -- "$QUERIES" "$params" >"$o/wrk.$mode.c$c.txt" 2>&1 || true
        j=$(sed -n 's/^WRK_JSON //p' "$o/wrk.$mode.c$c.txt"); [ -n "$j" ] || j='{}'
        hwm=$(awk '/VmHWM/{print $2}' "/proc/$server/status")
        echo "{\"mode\":\"$mode\",\"conns\":$c,\"wrk\":$j,\"server_vmhwm_kb\":$hwm}" >>"$o/http.jsonl"
        echo "   $mode c=$c: $(python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print("%.0f req/s, p50 %.1f ms, p99 %.1f ms" % (d.get("rps",0), d.get("p50_us",0)/1e3, d.get("p99_us",0)/1e3))' "$j"), server VmHWM $((hwm / 1024)) MiB" >&2
      done
    done
    # What the watch had committed (and the server saw) while the searches ran, against what
    # was offered: a watch that keeps up indexes FEED_RATE a second.
    feed_end=$(date +%s.%N)
    watch_cpu_end=$(awk '{print $14 + $15}' "/proc/$watcher/stat" 2>/dev/null || echo "$watch_cpu_start")
    # CPU seconds of each of the watch's threads since it started (the reading and analysing
    # thread, the writing thread): which one limits it.
    for t in /proc/"$watcher"/task/*; do awk '{printf "%s %.1f\n", $1, ($14 + $15) / 100}' "$t/stat"; done >"$o/watch-threads" 2>/dev/null || true
    docs_after=$(curl -s "http://127.0.0.1:$port/api/health" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("database",{}).get("articles",0))')
    fed=$(tail -1 "$o/feed.log" 2>/dev/null || echo 0)
    echo $(( $(cat "$offset_file" 2>/dev/null || echo 0) + ${fed:-0} )) >"$offset_file"
    kill "$feeder" 2>/dev/null || true; wait "$feeder" 2>/dev/null || true
    kill "$watcher" 2>/dev/null || true
    for _ in $(seq 120); do kill -0 "$watcher" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$watcher" 2>/dev/null || true  # a backlog it did not finish in 60 s: the figures above stand
    read -r steady_docs steady_at <"$o/feed.steady" || true
    echo "{\"docs_before\":$docs_before,\"docs_after\":$docs_after,\"fed\":${fed:-0},\"seconds\":$(python3 -c "print($feed_end-$feed_start)"),\"watch_cpu_s\":$(( (watch_cpu_end - watch_cpu_start) / 100 )),\"steady_docs\":${steady_docs:-0},\"steady_seconds\":$(python3 -c "print($feed_end-${steady_at:-$feed_start})")}" >"$o/feed.json"
    grep -E "VmHWM|VmRSS" "/proc/$server/status" >"$o/server.status"
    cleanup
    say "$N: feed: $(cat "$o/feed.json")"
  fi
  echo "load after rassegna: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$o/run.txt"

  # ---- Lucene, same corpus and queries ----
  if [ "${SKIP_LUCENE:-0}" != 1 ]; then
    say "$N: Lucene (index + the same queries)"
    "$SHARED/bench/peers/setup.sh" >"$o/peers-setup.log" 2>&1 || true
    PEERS=lucene WORK_DIR="$WORK/peers-$N" RESULTS_DIR="$o/peers" "$SHARED/bench/peers/run_all.sh" "$corpus" "$QUERIES" \
      >"$o/peers.out" 2>"$o/peers.err" || echo "Lucene run failed: $o/peers.err" >&2
  fi
  python3 "$HERE/scale_report.py" "$o" | tee "$o/table.md"
done
say "results: $OUT"
