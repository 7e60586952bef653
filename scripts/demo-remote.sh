#!/usr/bin/env bash
# Remote parts on loopback, from a fresh clone (`make demo-remote`): the bundled corpus indexed
# as a collection partitioned by year, its partitions spread over 3 xapian-tcpsrv processes
# (one remote part each), and rassegna-server over a stub listing the 3 parts. Ctrl-C stops all.
# Usage: scripts/demo-remote.sh [BUILD_DIR] [PORT]
set -euo pipefail
build=${1:-build} port=${2:-8080} parts=${PARTS:-3}
work=data/demo-remote
command -v xapian-tcpsrv >/dev/null || { echo "xapian-tcpsrv is missing: scripts/install-deps.sh"; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

rm -rf "$work"; mkdir -p "$work"
"$build/rassegna-index" --db "$work/collection" --partition year --quiet corpus/
mapfile -t names < <(grep -v '^#' "$work/collection/XAPIANDB" | sed 's/^auto //')
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; wait 2>/dev/null' EXIT
trap 'exit 130' INT TERM  # then the EXIT trap stops every process started here
: > "$work/remote.stub"
for ((k = 0; k < parts; k++)); do
  dbs=()
  for ((i = k; i < ${#names[@]}; i += parts)); do dbs+=("$work/collection/${names[i]}"); done
  (( ${#dbs[@]} )) || continue
  p=$(free_port)
  setsid xapian-tcpsrv --quiet --interface 127.0.0.1 --port "$p" "${dbs[@]}" &  # own session: see tests/remote/replica_test.py
  pids+=($!)
  echo "remote 127.0.0.1:$p" >> "$work/remote.stub"
  echo "part $((k + 1)): xapian-tcpsrv pid $! on 127.0.0.1:$p serves ${#dbs[@]} partitions (${dbs[*]##*/})"
done
for i in $(seq 50); do
  "$build/rassegna-search" --db "$work/remote.stub" -n 0 '' >/dev/null 2>&1 && break
  sleep 0.1
done
echo
echo "stub $work/remote.stub:"; sed 's/^/  /' "$work/remote.stub"
echo
echo "the same search on the local collection and on the remote parts:"
"$build/rassegna-search" --db "$work/collection" -n 3 tiktok | head -4
"$build/rassegna-search" --db "$work/remote.stub" -n 3 tiktok | head -4
echo
echo "Serving the remote parts at http://127.0.0.1:$port/ (Ctrl-C stops everything)."
echo "Try: curl 'http://127.0.0.1:$port/api/search?q=tiktok&facets=1'"
echo "     kill one xapian-tcpsrv above: answers turn \"partial\": true, naming it."
"$build/rassegna-server" --db "$work/remote.stub" --port "$port" --web web &
pids+=($!)
wait "$!"
