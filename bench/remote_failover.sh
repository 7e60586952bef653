#!/usr/bin/env bash
# wrk against rassegna-server over 3 remote parts while one part is killed and restarted:
# requests answered, non-2xx answers, latency, and how many answers were partial (polled with
# curl alongside). Parts: the bundled corpus as a collection by year, spread over 3 xapian-tcpsrv.
# Usage: bench/remote_failover.sh [BUILD_DIR] [SECONDS]   (docs/operations.md has a run)
set -euo pipefail
build=${1:-build} secs=${2:-20}
work=$(mktemp -d /tmp/remote-failover.XXXXXX)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

"$build/rassegna-index" --db "$work/c" --partition year --quiet corpus/
mapfile -t names < <(sed 's/^auto //' "$work/c/XAPIANDB")
ports=(); groups=()
for k in 0 1 2; do
  dbs=""; for ((i = k; i < ${#names[@]}; i += 3)); do dbs+=" $work/c/${names[i]}"; done
  ports+=("$(free_port)"); groups+=("$dbs")
  setsid xapian-tcpsrv --quiet --interface 127.0.0.1 --port "${ports[k]}" $dbs & pids+=($!)
  echo "remote 127.0.0.1:${ports[k]}" >> "$work/stub"
done
sleep 0.5
port=$(free_port)
"$build/rassegna-server" --db "$work/stub" --port "$port" --no-web -q --threads 2 --remote-timeout 1000 2> "$work/server.log" &
pids+=($!)
for i in $(seq 50); do curl -sf -o /dev/null "http://127.0.0.1:$port/api/health" && break; sleep 0.1; done
printf '%s\n' tiktok oracle microsoft mercato "borsa OR market" governo banca apple "stock market" > "$work/q.txt"

# Poll alongside wrk: one answer every 50 ms, partial or whole (or an error).
( while true; do
    curl -s --max-time 5 "http://127.0.0.1:$port/api/search?q=mercato" | python3 -c \
      'import json,sys
try: print("partial" if json.load(sys.stdin)["partial"] else "whole")
except Exception: print("error")'
    sleep 0.05
  done > "$work/poll.txt" ) & poller=$!
wrk -t2 -c8 -d"${secs}s" --latency -s bench/wrk_queries.lua "http://127.0.0.1:$port" -- "$work/q.txt" "facets=1" \
  > "$work/wrk.txt" 2>&1 & wrkpid=$!
sleep $((secs / 4))
victim=${pids[1]}
echo "t=$((secs / 4))s: kill part 2 (127.0.0.1:${ports[1]}, pid $victim and its children)"
kill -KILL -- "-$victim"
sleep $((secs / 3))
echo "t=$((secs / 4 + secs / 3))s: restart part 2"
setsid xapian-tcpsrv --quiet --interface 127.0.0.1 --port "${ports[1]}" ${groups[1]} & pids+=($!)
wait "$wrkpid"
kill "$poller"; wait "$poller" 2>/dev/null || true
grep -E "Requests/sec|Non-2xx|Socket errors|requests in|Latency|50%|99%" "$work/wrk.txt"
echo "polled answers: $(grep -c whole "$work/poll.txt") whole, $(grep -c partial "$work/poll.txt") partial, $(grep -c error "$work/poll.txt") errors"
echo "server log:"; grep -E "remote:" "$work/server.log" | sed 's/^/  /' | head -6
