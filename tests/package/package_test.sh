#!/usr/bin/env bash
# Installs the Debian package built by `make package` on this machine, checks its units with
# systemd-analyze verify (when present), starts the programs as the units would (their
# ExecStart lines, with /etc/default/rassegna, as the rassegna user), searches, and removes and
# purges the package, checking nothing of it is left. Needs root (or sudo): run it through
# `make test-package`, not in `make test`. Refuses to run when a rassegna package or
# /var/lib/rassegna is already present (it would not touch them).
# Usage: tests/package/package_test.sh BUILD_DIR
set -euo pipefail
build=$(cd "${1:-build}" && pwd)
src=$(cd "$(dirname "$0")/../.." && pwd)
sudo=""; [[ $(id -u) -ne 0 ]] && sudo=sudo
deb=$(ls -t "$build"/rassegna_*.deb 2>/dev/null | head -1)
[[ -n $deb ]] || { echo "FAIL: no rassegna_*.deb in $build (make package)"; exit 1; }
if dpkg-query -W -f='${Status}' rassegna 2>/dev/null | grep -q installed || [[ -e /var/lib/rassegna ]]; then
  echo "FAIL: rassegna is already installed or /var/lib/rassegna exists; not touching them"; exit 1
fi
work=$(mktemp -d); pids=()
fail() { echo "FAIL: $*" >&2; exit 1; }
cleanup() {
  for p in "${pids[@]}"; do $sudo kill "$p" 2>/dev/null || true; done
  sleep 0.3
  if dpkg-query -W -f='${Status}' rassegna 2>/dev/null | grep -q installed; then $sudo dpkg -P rassegna >/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_for() { local until=$((SECONDS + $1)); shift; while (( SECONDS < until )); do "$@" && return 0; sleep 0.2; done; return 1; }

echo "== install $deb"
$sudo dpkg -i "$deb" || fail "dpkg -i failed (missing dependencies? scripts/install-deps.sh)"
for f in /usr/bin/rassegna-index /usr/bin/rassegna-search /usr/bin/rassegna-server \
         /usr/share/rassegna/web/index.html /usr/share/rassegna/companies.tsv /etc/default/rassegna \
         /usr/share/doc/rassegna/operations.md; do
  [[ -e $f ]] || fail "$f is not installed"
done
for p in rassegna-index rassegna-search rassegna-server; do
  man -w "$p" >/dev/null 2>&1 || [[ -e /usr/share/man/man1/$p.1 ]] || fail "no man page for $p"
done
getent passwd rassegna >/dev/null || fail "postinst did not create the rassegna user"
units=(rassegna-server.service rassegna-index-watch.service rassegna-replicate-server.service
       rassegna-tcpsrv@.service rassegna-replicate@.service)
for u in "${units[@]}"; do [[ -f /lib/systemd/system/$u ]] || fail "unit $u is not installed"; done

echo "== systemd-analyze verify"
if command -v systemd-analyze >/dev/null; then
  out=$(systemd-analyze verify /lib/systemd/system/rassegna-server.service /lib/systemd/system/rassegna-index-watch.service \
        /lib/systemd/system/rassegna-replicate-server.service rassegna-tcpsrv@news.service rassegna-replicate@news.service 2>&1) || true
  # Lines about other units of this machine (or about systemd not running here) are not ours.
  echo "$out" | sed 's/^/  systemd-analyze: /' | head -20
  ours=$(grep -i "rassegna" <<<"$out" || true)
  [[ -z $ours ]] || fail "systemd-analyze verify: $ours"
  echo "verified (no complaint about the rassegna units)"
else
  echo "systemd-analyze is not installed: not verified"
fi

# ExecStart of a unit, with %i and the variables of its EnvironmentFile(s), run as rassegna.
start_unit() {  # start_unit UNIT INSTANCE ENVFILE [VAR=VALUE ...]
  local name=$1 unit=/lib/systemd/system/$1 instance=$2 env=$3; shift 3
  local line; line=$(sed -n 's/^ExecStart=//p' "$unit"); line=${line//%i/$instance}
  $sudo env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin "$@" bash -c "set -a; . '$env'; for kv in $*; do export \"\$kv\"; done; set +a;
    exec runuser -u rassegna -- $line" > "$work/$name${instance:+-$instance}.log" 2>&1 &
  pids+=($!)
}

echo "== the units' programs"
$sudo install -d -o rassegna -g rassegna /var/lib/rassegna/inbox
port=$(free_port)
start_unit rassegna-index-watch.service "" /etc/default/rassegna RASSEGNA_DB=/var/lib/rassegna/news
$sudo install -o rassegna -g rassegna -m 0644 "$src/corpus/sample-mixed.jsonl" /var/lib/rassegna/inbox/sample.jsonl.part
$sudo mv /var/lib/rassegna/inbox/sample.jsonl.part /var/lib/rassegna/inbox/sample.jsonl
start_unit rassegna-server.service "" /etc/default/rassegna RASSEGNA_DB=/var/lib/rassegna/news RASSEGNA_PORT=$port
total() { curl -s "http://127.0.0.1:$port/api/search?q=$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])' 2>/dev/null; }
wait_for 120 bash -c "[[ \$(curl -s 'http://127.0.0.1:$port/api/search?q=' | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"total\"])' 2>/dev/null) -gt 500 ]]" \
  || fail "the installed server does not find the watched articles: $(cat "$work"/*.log | tail -5)"
[[ $(total tiktok) -gt 0 ]] || fail "no hit for tiktok"
curl -s "http://127.0.0.1:$port/" | grep -qi "<html" || fail "the page is not served from /usr/share/rassegna/web"
echo "watch indexing + server: $(total '') articles, $(total tiktok) for tiktok"

# A remote part as rassegna-tcpsrv@news runs it, and rassegna-search over a stub listing it.
tport=$(free_port)
printf 'TCPSRV_PORT=%s\nTCPSRV_INTERFACE=127.0.0.1\n' "$tport" | $sudo tee /etc/rassegna-test-tcpsrv.conf >/dev/null
$sudo install -d /etc/rassegna && $sudo mv /etc/rassegna-test-tcpsrv.conf /etc/rassegna/tcpsrv-news.conf
start_unit rassegna-tcpsrv@.service news /etc/rassegna/tcpsrv-news.conf
wait_for 10 bash -c "exec 3<>/dev/tcp/127.0.0.1/$tport" 2>/dev/null || fail "xapian-tcpsrv (unit) does not listen"
echo "remote 127.0.0.1:$tport" > "$work/remote.stub"
n=$(/usr/bin/rassegna-search --db "$work/remote.stub" --json tiktok | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
[[ $n == "$(total tiktok)" ]] || fail "rassegna-search over the remote part: $n, not $(total tiktok)"
echo "rassegna-search over rassegna-tcpsrv@news: $n hits for tiktok"

echo "== remove and purge"
for p in "${pids[@]}"; do $sudo kill "$p" 2>/dev/null || true; done
for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
pids=()
$sudo rm -rf /etc/rassegna /var/lib/rassegna
$sudo dpkg -r rassegna >/dev/null
for f in /usr/bin/rassegna-server /usr/share/rassegna /lib/systemd/system/rassegna-server.service /usr/share/man/man1/rassegna-server.1; do
  [[ ! -e $f ]] || fail "$f is left after removal"
done
[[ -e /etc/default/rassegna ]] || fail "the conffile went with remove (it stays until purge)"
$sudo dpkg -P rassegna >/dev/null
[[ ! -e /etc/default/rassegna ]] || fail "/etc/default/rassegna is left after purge"
! getent passwd rassegna >/dev/null || fail "the rassegna user is left after purge"
echo "PASS: installed, verified, ran as the units do, searched, removed and purged cleanly"
