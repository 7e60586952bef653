#!/usr/bin/env bash
# Read replicas with Xapian's own tools: rassegna-index writes the master (with changesets:
# XAPIAN_MAX_CHANGESETS), xapian-replicate-server serves it, xapian-replicate keeps a replica
# in step every second, and a second rassegna-server serves the replica. Checks that
#  - the replica answers like the master after the first copy;
#  - an article committed on the master is found on the replica within the replication interval
#    (plus the time one copy takes);
#  - while commits are replicated, every answer of the replica server is whole: status 200, and
#    a total that is one of the totals the master committed (never a torn database).
# Usage: replica_test.sh RASSEGNA_INDEX RASSEGNA_SERVER CORPUS.jsonl   (exit 77: skipped)
set -euo pipefail
index=$1 server=$2 corpus=$3
for tool in xapian-replicate xapian-replicate-server curl python3; do
  if ! command -v "$tool" >/dev/null; then
    echo "SKIP: $tool is not installed (scripts/install-deps.sh installs it)"; exit 77
  fi
done

work=$(mktemp -d "${TMPDIR:-/tmp}/rassegna-replica.XXXXXX")
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
fail() { echo "FAIL: $*" >&2; exit 1; }
search() {  # search PORT QUERY -> total (or "error STATUS")
  curl -s -G --max-time 10 -o "$work/answer.json" -w '%{http_code}' "http://127.0.0.1:$1/api/search" \
       --data-urlencode "q=$2" > "$work/status" || true
  if [[ $(cat "$work/status") != 200 ]]; then echo "error $(cat "$work/status")"; return; fi
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["total"])' "$work/answer.json"
}
article() {  # article ID WORD
  printf '{"id": "%s", "title": "Replica %s", "body": "Articolo di prova %s sul mercato.", "lang": "it", "date": "2024-05-01"}\n' "$1" "$2" "$2"
}
wait_for() {  # wait_for SECONDS COMMAND...: true once COMMAND succeeds
  local until=$((SECONDS + $1)); shift
  while (( SECONDS < until )); do "$@" && return 0; sleep 0.1; done
  return 1
}

mkdir -p "$work/master" "$work/replica" "$work/in"
export XAPIAN_MAX_CHANGESETS=100  # the master keeps changesets for xapian-replicate
"$index" --db "$work/master/news" --quiet "$corpus"

rport=$(free_port)
# Its own session: on SIGTERM Xapian's servers signal their whole process group (ctest too).
setsid xapian-replicate-server --interface 127.0.0.1 --port "$rport" "$work/master" > "$work/replicate-server.log" 2>&1 &
pids+=($!)
wait_for 10 bash -c "exec 3<>/dev/tcp/127.0.0.1/$rport" 2>/dev/null || fail "xapian-replicate-server did not listen"
xapian-replicate --host 127.0.0.1 --port "$rport" --master news --interval 1 --reader-time 1 --quiet \
  "$work/replica/news" > "$work/replicate.log" 2>&1 &
pids+=($!)
wait_for 30 test -f "$work/replica/news/XAPIANDB" || fail "no replica after 30 s: $(cat "$work/replicate.log")"

mport=$(free_port); sport=$(free_port)
"$server" --db "$work/master/news" --port "$mport" --no-web -q > "$work/master-server.log" 2>&1 &
pids+=($!)
"$server" --db "$work/replica/news" --port "$sport" --no-web -q > "$work/replica-server.log" 2>&1 &
pids+=($!)
wait_for 20 curl -sf -o /dev/null "http://127.0.0.1:$sport/api/health" || fail "replica server did not start"
wait_for 20 curl -sf -o /dev/null "http://127.0.0.1:$mport/api/health" || fail "master server did not start"

base=$(search "$mport" "")
[[ $base =~ ^[0-9]+$ ]] && (( base > 0 )) || fail "the master server answers '$base'"

# 1. The replica answers like the master.
for q in "" mercato "borsa OR market" tiktok; do
  m=$(search "$mport" "$q"); r=$(search "$sport" "$q")
  [[ $m == "$r" ]] || fail "query '$q': master $m, replica $r"
done
[[ $(search "$sport" "") == "$base" ]] || fail "replica holds $(search "$sport" "") articles, not $base"
echo "replica equals master ($base articles)"

# 2. A commit on the master reaches the replica within the interval.
article replica-new-1 zefiroqua > "$work/in/1.jsonl"
"$index" --db "$work/master/news" --quiet "$work/in/1.jsonl"
committed=$(date +%s.%N)
[[ $(search "$mport" zefiroqua) == 1 ]] || fail "the master does not find its new article"
wait_for 15 bash -c "[[ \$(curl -s -G 'http://127.0.0.1:$sport/api/search' --data-urlencode q=zefiroqua | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"total\"])') == 1 ]]" \
  || fail "the replica did not find the new article within 15 s"
lag=$(python3 -c "import time; print(round(time.time() - $committed, 2))")
echo "new article on the replica ${lag} s after the commit (replication interval 1 s)"
# Interval 1 s + reader time 1 s + one copy; the slack is for a loaded test machine.
python3 -c "import sys; sys.exit(0 if $lag < 15 else 1)" || fail "replication took ${lag} s, more than 15 s"

# 3. Commits replicated while the replica server answers: never torn.
totals="$((base + 1))"
( for k in 1 2 3 4 5 6; do
    for i in $(seq 1 20); do article "replica-batch-$k-$i" "lotto$k"; done > "$work/in/batch-$k.jsonl"
    "$index" --db "$work/master/news" --quiet "$work/in/batch-$k.jsonl"
    sleep 0.7
  done ) &
writer=$!
answers=0 bad=0 last=0
while kill -0 "$writer" 2>/dev/null || (( answers < 20 )); do
  t=$(search "$sport" "")
  answers=$((answers + 1))
  if [[ $t == error* ]]; then bad=$((bad + 1)); echo "answer $answers: $t" >&2; continue; fi
  # Every committed total is base + 1 + 20k; a torn read would give anything else.
  if (( (t - base - 1) % 20 != 0 || t < last )); then bad=$((bad + 1)); echo "answer $answers: total $t" >&2; fi
  last=$t
  (( answers > 2000 )) && break
done
wait "$writer"
(( bad == 0 )) || fail "$bad of $answers answers of the replica were not whole"
wait_for 15 bash -c "[[ \$(curl -s 'http://127.0.0.1:$sport/api/search?q=' | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"total\"])') == $((base + 121)) ]]" \
  || fail "the replica did not reach the master's $((base + 121)) articles"
echo "PASS: $answers answers during 6 replicated commits, all whole; replica at $((base + 121)) articles"
