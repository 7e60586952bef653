#!/usr/bin/env bash
# Rassegna against the peer engines, in one run: index + search + HTTP figures for Rassegna,
# then the peers (../shared/bench/peers/run_all.sh) on the same corpus and query files, then
# ONE markdown table per corpus with our figures, theirs and the ratios (ours/theirs).
#
#   bench/run.sh [CORPUS.jsonl.gz] [QUERIES.txt ...]
#
# Without arguments: reuters21578 (+ reuters21578-en.txt), then en-reuters-financial
# (+ en-reuters-financial-en.txt) from the shared folder ($(dirname "$0")/../../shared).
# With a corpus and no query files: every ../shared/bench/queries/<corpus>-{it,en}.txt.
#
# Environment (all optional):
#   OUT=bench/results/<timestamp>   where raw figures, tables and SVG plots go (gitignored)
#   WORK=/tmp/rassegna-bench         Rassegna's databases, the peers' WORK_DIR (builds, indexes)
#   BUILD=build-bench                build folder (configured + built here, Release)
#   PEERS="xapian lucene postgresql sqlite-fts5 groonga"   which peers (empty: none)
#   PEERS_RESULTS=DIR                reuse a finished run_all.sh results folder instead of
#                                    running the peers (one corpus only)
#   SKIP_INDEX=1                     reuse Rassegna's database from a previous run
#   SKIP_HTTP=1                      no rassegna-server/wrk figures
#   HTTP_DURATION=10s  HTTP_CONNS="1 8 64"  HTTP_THREADS=<nproc>   wrk and server settings
#   MAX_QUERIES=N  WARMUP_PASSES=1   as for the peers
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
SHARED=$(cd "$HERE/../.." && pwd)/shared
if [ ! -d "$SHARED" ]; then
  echo "bench/run.sh: skipped: the shared folder $SHARED (corpora, queries, peer harness) is absent" >&2
  exit 0
fi
PEER_DIR=$SHARED/bench/peers
BUILD=${BUILD:-$ROOT/build-bench}
WORK=${WORK:-/tmp/rassegna-bench}
OUT=${OUT:-$HERE/results/$(date +%Y%m%d-%H%M%S)}
PEERS=${PEERS-"xapian lucene postgresql sqlite-fts5 groonga"}
HTTP_CONNS=${HTTP_CONNS:-"1 8 64"}
HTTP_DURATION=${HTTP_DURATION:-10s}
HTTP_THREADS=${HTTP_THREADS:-$(nproc)}
mkdir -p "$OUT" "$WORK"
OUT=$(cd "$OUT" && pwd)

# ---- tools ----
need=()
for t in time wrk xapian-compact python3 cmake g++; do
  case $t in time) [ -x /usr/bin/time ] || need+=("$t") ;; *) command -v "$t" >/dev/null || need+=("$t") ;; esac
done
if [ ${#need[@]} -gt 0 ]; then
  echo "bench/run.sh: missing ${need[*]}: running scripts/install-deps.sh --bench" >&2
  "$ROOT/scripts/install-deps.sh" --bench
fi
if [ -n "$PEERS" ] && [ -z "${PEERS_RESULTS:-}" ]; then
  "$PEER_DIR/setup.sh" >"$OUT/peers-setup.log" 2>&1 || { echo "peer setup failed: $OUT/peers-setup.log" >&2; exit 1; }
fi

# ---- build (Release, own build folder) ----
if [ ! -f "$BUILD/CMakeCache.txt" ]; then
  cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >"$OUT/cmake.log"
fi
cmake --build "$BUILD" -j"$(nproc)" --target rassegna-index search_bench >"$OUT/build.log" 2>&1 ||
  { echo "build failed: $OUT/build.log" >&2; exit 1; }
have_server=0
if [ "${SKIP_HTTP:-0}" != 1 ]; then
  if cmake --build "$BUILD" -j"$(nproc)" --target rassegna-server >>"$OUT/build.log" 2>&1 && [ -x "$BUILD/rassegna-server" ]; then
    have_server=1
  else
    echo "bench/run.sh: rassegna-server does not build yet: HTTP figures skipped (pending)" >&2
  fi
fi

# ---- arguments ----
corpora=(); declare -A qmap
if [ $# -eq 0 ]; then
  for c in reuters21578 en-reuters-financial; do
    corpora+=("$SHARED/corpus/$c.jsonl.gz"); qmap[$SHARED/corpus/$c.jsonl.gz]="$SHARED/bench/queries/$c-en.txt"
  done
else
  c=$(readlink -f "$1"); shift; corpora=("$c")
  if [ $# -gt 0 ]; then
    qs=(); for q in "$@"; do qs+=("$(readlink -f "$q")"); done; qmap[$c]="${qs[*]}"
  else
    n=$(basename "$c"); n=${n%.gz}; n=${n%.jsonl}
    # (ls fails when one of the two is absent: under pipefail that must not end the script)
    qmap[$c]=$(ls "$SHARED/bench/queries/$n"-{it,en}.txt 2>/dev/null | tr '\n' ' ' || true)
    [ -n "${qmap[$c]// /}" ] || { echo "no query files for $n in $SHARED/bench/queries (make them with queries.py)" >&2; exit 2; }
  fi
fi
qlang() { case $(basename "$1") in *-it.txt) echo it ;; *-en.txt) echo en ;; *) echo "${QUERY_LANG:?cannot tell the language of $1: set QUERY_LANG}" ;; esac; }

server_pid=""
stop_server() { if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; server_pid=""; fi; }
trap stop_server EXIT

for corpus in "${corpora[@]}"; do
  [ -f "$corpus" ] || { echo "bench/run.sh: corpus $corpus missing, skipped" >&2; continue; }
  name=$(basename "$corpus"); name=${name%.gz}; name=${name%.jsonl}
  read -r -a qfiles <<<"${qmap[$corpus]}"
  o="$OUT/$name"; mkdir -p "$o"
  db="$WORK/db/$name"
  {
    echo "corpus: $corpus"; echo "queries: ${qfiles[*]}"; echo "host: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB"
    echo "commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo ?)$(git -C "$ROOT" diff --quiet 2>/dev/null || echo ' (+local changes)')"
    echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  } >"$o/run.txt"
  echo "== $name: corpus facts" >&2
  zcat -f "$corpus" | awk 'END{print NR}' >"$o/corpus.articles"
  zcat -f "$corpus" | wc -c >"$o/corpus.bytes"

  # ---- Rassegna: indexing ----
  if [ "${SKIP_INDEX:-0}" != 1 ] || [ ! -d "$db" ]; then
    echo "== rassegna: indexing $name" >&2
    rm -rf "$db" "$db.compact"; mkdir -p "$(dirname "$db")"; sync
    /usr/bin/time -v -o "$o/rassegna.index.time" "$BUILD/rassegna-index" --db "$db" --quiet "$corpus" \
      >"$o/rassegna.index.log" 2>&1 || { rc=$?; [ $rc = 3 ] || { echo "rassegna-index failed ($rc): $o/rassegna.index.log" >&2; exit 1; }; }
    cp "$o/rassegna.index.time" "$db.index.time"
    /usr/bin/time -v -o "$o/rassegna.compact.time" xapian-compact "$db" "$db.compact" >"$o/rassegna.compact.log" 2>&1
    du -sB1 "$db.compact" | cut -f1 >"$o/rassegna.compact.du"
    rm -rf "$db.compact"
  else
    cp "$db.index.time" "$o/rassegna.index.time"
  fi
  du -sB1 "$db" | cut -f1 >"$o/rassegna.du"
  grep -E "Elapsed|Maximum resident" "$o/rassegna.index.time" | sed 's/^\s*/   /' >&2

  # ---- Rassegna: search latency (library, one process) ----
  for q in "${qfiles[@]}"; do
    qn=$(basename "$q" .txt); l=$(qlang "$q")
    echo "== rassegna: queries $qn ($l)" >&2
    "$BUILD/search_bench" query "$db" "$q" "$l" "$o/rassegna.q.$qn.json" 2>"$o/rassegna.q.$qn.log"
    sed 's/^/   /' "$o/rassegna.q.$qn.log" >&2
  done

  # ---- Rassegna: HTTP under wrk ----
  if [ "$have_server" = 1 ]; then
    q=${qfiles[0]}; l=$(qlang "$q")
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    "$BUILD/rassegna-server" --db "$db" --port "$port" --threads "$HTTP_THREADS" --quiet >"$o/server.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/api/search?q=a&size=1" >/dev/null 2>&1 && break; sleep 0.1; done
    echo "== rassegna-server (pid $server_pid, $HTTP_THREADS workers): wrk $HTTP_DURATION per run, queries $(basename "$q")" >&2
    : >"$o/http.jsonl"
    for mode in plain full; do
      case $mode in plain) params="lang=$l&facets=0&size=10" ;; full) params="lang=$l&facets=1&size=10" ;; esac
      # warm-up: every query once through the server
      wrk -t1 -c1 -d3s -s "$HERE/wrk_queries.lua" "http://127.0.0.1:$port" -- "$q" "$params" >/dev/null 2>&1 || true
      for c in $HTTP_CONNS; do
        t=$(( c < 2 ? 1 : 2 ))
        wrk -t"$t" -c"$c" -d"$HTTP_DURATION" --latency --timeout 10s -s "$HERE/wrk_queries.lua" \
          "http://127.0.0.1:$port" -- "$q" "$params" >"$o/wrk.$mode.c$c.txt" 2>&1 || true
        j=$(sed -n 's/^WRK_JSON //p' "$o/wrk.$mode.c$c.txt")
        [ -n "$j" ] || j='{}'
        hwm=$(awk '/VmHWM/{print $2}' "/proc/$server_pid/status")
        echo "{\"mode\":\"$mode\",\"conns\":$c,\"wrk\":$j,\"server_vmhwm_kb\":$hwm}" >>"$o/http.jsonl"
        echo "   $mode c=$c: $(python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print("%.0f req/s, p50 %.2f ms, p99 %.2f ms" % (d.get("rps",0), d.get("p50_us",0)/1e3, d.get("p99_us",0)/1e3))' "$j"), server VmHWM $((hwm / 1024)) MiB" >&2
      done
    done
    grep -E "VmHWM|VmRSS|Threads" "/proc/$server_pid/status" >"$o/server.status"
    stop_server
  fi
  echo "load after rassegna: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$o/run.txt"

  # ---- the peers, same corpus and queries ----
  peers_out=""
  if [ -n "${PEERS_RESULTS:-}" ]; then
    peers_out=$(readlink -f "$PEERS_RESULTS")
  elif [ -n "$PEERS" ]; then
    echo "== peers: $PEERS (this takes a while on large corpora)" >&2
    PEERS="$PEERS" WORK_DIR="$WORK/peers" RESULTS_DIR="$OUT/peers" "$PEER_DIR/run_all.sh" "$corpus" "${qfiles[@]}" \
      >"$o/peers.out" 2>"$o/peers.err" || echo "peers run failed: $o/peers.err" >&2
    peers_out=$(ls -d "$OUT/peers/$name"-* 2>/dev/null | sort | tail -1)
  fi
  echo "$peers_out" >"$o/peers.dir"

  # ---- one table + plots ----
  python3 "$HERE/report.py" "$o" ${peers_out:+"$peers_out"} | tee "$o/table.md"
done
echo "results: $OUT" >&2
