#!/usr/bin/env bash
# rassegna-index --watch as a feed uses it: files written in place and files renamed into place
# become searchable (through rassegna-search and a running rassegna-server), a file still being
# written is never read, a bad file is logged and skipped, a replaced file replaces its articles,
# and SIGTERM stops it with exit status 0 after a final commit that holds the last file.
# Bounded: every wait gives up after a deadline. Usage: watch_test.sh BUILD_DIR SOURCE_DIR
set -u
build=$1
tmp=$(mktemp -d)
watch_pid=
server_pid=
cleanup() {
  [[ -n $watch_pid ]] && kill -KILL "$watch_pid" 2>/dev/null
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
passed=0
fail() {
  echo "FAIL: $*"
  echo "--- watch log"
  cat "$tmp/watch.log"
  exit 1
}
ok() { passed=$((passed + 1)); }

art() {  # art ID WORD DATE
  printf '{"id": "%s", "title": "Notizia %s", "body": "Articolo di prova: %s sul mercato.", "lang": "it", "date": "%s"}\n' \
    "$1" "$2" "$2" "$3"
}
total() { "$build/rassegna-search" --db "$tmp/c" --json "$1" 2>/dev/null | sed -n 's/^ *"total": \([0-9][0-9]*\).*/\1/p'; }
# wait_total WORD COUNT TENTHS: true once WORD has COUNT matches, false after TENTHS/10 s.
wait_total() {
  local i
  for ((i = 0; i < $3; i++)); do
    [[ $(total "$1") == "$2" ]] && return 0
    sleep 0.1
  done
  return 1
}
now_ms() { date +%s%3N; }

mkdir "$tmp/in"
art pre preesistente 2020-01-02 > "$tmp/in/pre.jsonl"
"$build/rassegna-index" --db "$tmp/c" --partition month --watch "$tmp/in" --commit-interval 1 \
  2> "$tmp/watch.log" &
watch_pid=$!

wait_total preesistente 1 300 || fail "the file present at start was not indexed"
ok
grep -q 'watching' "$tmp/watch.log" || fail "no 'watching' line in the log"

# A running server on the collection sees what the watcher commits.
"$build/rassegna-server" --db "$tmp/c" --port 0 2> "$tmp/server.log" &
server_pid=$!
port=
for ((i = 0; i < 100; i++)); do
  port=$(sed -n 's|.*listening on http://[^:]*:\([0-9]*\)/.*|\1|p' "$tmp/server.log")
  [[ -n $port ]] && break
  sleep 0.1
done
[[ -n $port ]] || fail "the server did not start: $(cat "$tmp/server.log")"

# Written in place, then closed.
start=$(now_ms)
art w1 scritto 2021-05-06 > "$tmp/in/w1.jsonl"
for ((i = 0; i < 300; i++)); do
  curl -s "http://127.0.0.1:$port/api/search?q=scritto&facets=0" | grep -q '"id":"w1"' && break
  sleep 0.05
done
latency=$(($(now_ms) - start))
curl -s "http://127.0.0.1:$port/api/search?q=scritto&facets=0" | grep -q '"id":"w1"' ||
  fail "the server never showed a file written in place"
echo "file closed -> visible in the running server: ${latency} ms (commit interval 1 s)"
ok

# Renamed into place: the temporary file is half written for a while, and never read.
art r1 rinominato 2021-06-07 > "$tmp/in/.r.jsonl.tmp"
sleep 2.5  # more than the commit interval
[[ $(total rinominato) == 0 ]] || fail "a file still being written (hidden .tmp) was indexed"
art r2 rinominato 2021-06-08 >> "$tmp/in/.r.jsonl.tmp"
mv "$tmp/in/.r.jsonl.tmp" "$tmp/in/r.jsonl"
wait_total rinominato 2 300 || fail "the renamed file's two articles were not indexed"
ok

# A bad file is logged with its name and line, and the watch goes on.
printf '%s\n' '{"id": "bad", "title": ' > "$tmp/in/bad.jsonl"
art g1 dopoerrore 2022-02-02 > "$tmp/in/g1.jsonl"
wait_total dopoerrore 1 300 || fail "the watch stopped after a bad file"
grep -q 'bad.jsonl:1: skipped' "$tmp/watch.log" || fail "the bad file is not in the log with its line"
ok

# The same file written again: its article moved to another month, one copy remains.
art w1 aggiornato 2023-03-03 > "$tmp/in/w1.jsonl"
wait_total aggiornato 1 300 || fail "a rewritten file was not indexed again"
[[ $(total scritto) == 0 ]] || fail "the old version of a rewritten article is still found"
[[ $(total mercato) == 5 ]] || fail "expected 5 articles in all, found $(total mercato)"
ok

# The last file, then SIGTERM at once: the final commit holds it.
art last ultimo 2024-04-04 > "$tmp/in/last.jsonl"
kill -TERM "$watch_pid"
status=0
for ((i = 0; i < 300; i++)); do
  kill -0 "$watch_pid" 2>/dev/null || break
  sleep 0.1
done
kill -0 "$watch_pid" 2>/dev/null && fail "the watcher did not stop within 30 s of SIGTERM"
wait "$watch_pid"
status=$?
watch_pid=
[[ $status == 0 ]] || fail "exit status $status after SIGTERM, wanted 0"
grep -q 'stopped after a final commit' "$tmp/watch.log" || fail "no final commit in the log"
[[ $(total ultimo) == 1 ]] || fail "the file written just before SIGTERM is not in the final commit"
ok
for p in 2021-05 2023-03 2024-04; do
  [[ -d $tmp/c/$p ]] && grep -q "auto $p" "$tmp/c/XAPIANDB" || fail "partition $p missing"
done
[[ $(total aggiornato) == 1 && $(total scritto) == 0 ]] || fail "a moved article has other than one copy"
ok
# A backlog (here one big file present at start) is committed as it goes, every interval, not
# only once the whole backlog is read: searchers see the first articles early.
mkdir "$tmp/big"
for ((i = 0; i < 2000; i++)); do art "big$i" arretrato 2020-02-03; done > "$tmp/big/big.jsonl"
"$build/rassegna-index" --db "$tmp/b" --watch "$tmp/big" --commit-interval 0.01 2> "$tmp/big.log" &
watch_pid=$!
for ((i = 0; i < 600; i++)); do grep -q 'watching' "$tmp/big.log" && break; sleep 0.1; done
kill -TERM "$watch_pid"; wait "$watch_pid"; watch_pid=
commits=$(sed -n '/watching/q;/committed/p' "$tmp/big.log" | wc -l)
(( commits >= 2 )) || { cat "$tmp/big.log"; fail "a 2000-article backlog was committed $commits time(s) before the watch began, wanted several"; }
[[ $("$build/rassegna-search" --db "$tmp/b" --json --no-collapse arretrato | sed -n 's/^ *"total": \([0-9][0-9]*\).*/\1/p') == 2000 ]] ||
  fail "the backlog's 2000 articles are not all there"
ok
echo "watch: $passed checks passed"
