#!/usr/bin/env bash
# Runs rassegna-index and rassegna-search as a user would and checks what they print and return.
# Usage: cli_test.sh BUILD_DIR SOURCE_DIR
set -u
build=$1
src=$2
tmp=$(mktemp -d)
server_pid=
trap '[[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null; rm -rf "$tmp"' EXIT
passed=0
failed=0

check() {  # check NAME EXPECTED_STATUS PATTERN -- COMMAND...
  local name=$1 want_status=$2 pattern=$3
  shift 4
  local out status
  out=$("$@" 2>&1)
  status=$?
  if [[ $status -eq $want_status ]] && grep -qE -- "$pattern" <<<"$out"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL: $name (status $status, wanted $want_status; pattern '$pattern')"
    echo "$out" | head -20 | sed 's/^/    /'
  fi
}

idx=$build/rassegna-index
search=$build/rassegna-search
db=$tmp/db

check "index --version" 0 '^rassegna-index [0-9]+\.[0-9]+' -- "$idx" --version
check "search --version" 0 '^rassegna-search [0-9]+\.[0-9]+' -- "$search" --version
check "index --help" 0 'Re-indexing an article id replaces it' -- "$idx" --help
check "search --help" 0 'Query syntax' -- "$search" --help
check "index without --db" 2 '--db is required' -- "$idx" "$src/corpus"
check "index with nothing to do" 2 'nothing to do' -- "$idx" --db "$db"

check "index bundled corpus" 0 'added +583' -- "$idx" --db "$db" "$src/corpus"
check "reindex replaces" 0 'replaced +583' -- "$idx" --db "$db" "$src/corpus"
check "summary accounts for every record" 0 '583 records from 2 files' -- "$idx" --db "$db" "$src/corpus"

check "search finds the seed" 0 '000_2554df1404ea1ded' -- "$search" --db "$db" amministrazione Oracle
check "plain output has no escape codes" 0 'dell.amministrazione USA' -- "$search" --db "$db" amministrazione Oracle
check "json snippet marks the word" 0 'dell’<mark>amministrazione</mark>' -- "$search" --db "$db" --json amministrazione
check "json shape" 0 '"total_exact": ' -- "$search" --db "$db" --json --limit 1 tiktok
check "facets" 0 'Companies' -- "$search" --db "$db" --facets tiktok
# Oracle is not among the 20 companies with most articles, but it is the filter: listed, marked.
check "facets keep the company filter" 0 '^  10  Oracle  \(selected\)$' -- "$search" --db "$db" --facets '' --company ORCL
check "a query may follow --company" 0 '^1 match.*' -- "$search" --db "$db" --company Oracle amministrazione
check "delete takes one id, inputs may follow" 3 'added +583' -- "$idx" --db "$tmp/db2" --delete no-such-id "$src/corpus"
check "company alias filter" 0 'Microsoft' -- "$search" --db "$db" --company "gruppo di Redmond" --json tiktok
check "bad query" 2 'query: error at position 1' -- "$search" --db "$db" '(oracle'
check "bad date" 2 "from: '2020-13' is not a date" -- "$search" --db "$db" --from 2020-13 x
check "bad sort" 2 'sort' -- "$search" --db "$db" --sort popularity x
check "missing database" 1 'cannot open database' -- "$search" --db "$tmp/none" x

printf '%s\n' '{"id": "ok", "title": "Buono", "body": "Testo"}' '{"id": "bad", "title": ' > "$tmp/bad.jsonl"
check "bad line: exit 3 with file and line" 3 'bad.jsonl:2: skipped: malformed JSON' -- "$idx" --db "$tmp/db2" "$tmp/bad.jsonl"
check "delete" 0 'deleted +1' -- "$idx" --db "$tmp/db2" --delete ok
check "delete unknown id" 3 'ids not found' -- "$idx" --db "$tmp/db2" --delete nope
check "retag" 0 're-tagged' -- "$idx" --db "$db" --retag

# A database of another schema version is refused by every program, with the versions and the cure.
old_db=$tmp/old-schema.db
cp -r "$db" "$old_db"
xapian-metadata set "$old_db" rassegna.schema 0
refused="database '$old_db' has schema version '0', but this build of Rassegna reads schema version '[^']+': rebuild it with: rm -r '$old_db' && rassegna-index --db '$old_db' CORPUS"
check "search refuses another schema version" 1 "$refused" -- "$search" --db "$old_db" tiktok
check "index refuses to update another schema version" 1 "$refused" -- "$idx" --db "$old_db" "$src/corpus"
check "retag refuses another schema version" 1 "$refused" -- "$idx" --db "$old_db" --retag
server_log=$tmp/server.log
"$build/rassegna-server" --db "$old_db" --port 0 --no-web -q >"$server_log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do grep -q 'listening on' "$server_log" && break; sleep 0.1; done
port=$(sed -n 's|.*listening on http://[^:]*:\([0-9]*\)/.*|\1|p' "$server_log")
check "server warns about another schema version" 0 "warning: $refused" -- cat "$server_log"
check "server answers 503 naming the versions" 0 "schema version '0'.* HTTP 503" -- \
  curl -s -w ' HTTP %{http_code}' --max-time 10 "http://127.0.0.1:${port:-1}/api/search?q=tiktok"
kill "$server_pid" 2>/dev/null
wait "$server_pid" 2>/dev/null
server_pid=

# Feeds, pages, crawls and spreadsheets (corpus/FORMAT.md), and the flags that choose readers.
data=$src/tests/data
check "index a feed, a page, a crawl and a spreadsheet" 0 'added +8' -- \
  "$idx" --db "$tmp/web" "$data/feeds/reuters.atom" "$data/html/borsa-milano.html" "$data/warc/crawl.warc.gz" "$data/csv/clips.tsv"
check "WARC records that are not pages are counted apart" 0 'passed over 5 \(not articles' -- \
  "$idx" --db "$tmp/web" "$data/warc/crawl.warc.gz"
check "a crawled page is searchable by its text" 0 'Piazza Affari' -- "$search" --db "$tmp/web" spread Bund
check "a bad CSV row names line and column" 3 'rassegna.csv:8: skipped: unexpected text after a closing quote \(line 8, column 26' -- \
  "$idx" --db "$tmp/web" "$data/csv/rassegna.csv"
check "an entity bomb is refused" 3 'billion-laughs.rss: skipped: the feed declares its own XML entities' -- \
  "$idx" --db "$tmp/web" "$data/feeds/billion-laughs.rss"
check "--format names the good formats" 2 "--format: unknown format 'pdf'; expected one of jsonl, text, feed" -- \
  "$idx" --db "$tmp/web" --format pdf "$data/csv/clips.tsv"
check "--csv-map names the good fields" 2 "--csv-map: 'testo' is not an article field" -- \
  "$idx" --db "$tmp/web" --csv-map testo=Corpo "$data/csv/export.csv"
check "--csv-map maps a column" 0 'added +1' -- \
  "$idx" --db "$tmp/web2" --csv-map 'body=Corpo del pezzo,id=Codice' "$data/csv/export.csv"
check "--format forces a reader" 0 'added +2' -- "$idx" --db "$tmp/web3" --format tsv "$data/csv/clips.tsv"
printf '%%PDF-1.4\n' > "$tmp/scan.pdf"
check "an unknown file is skipped with the reason" 3 'scan.pdf: skipped: unknown file type .pdf' -- "$idx" --db "$tmp/web" "$tmp/scan.pdf"

check "a database in folders not yet made" 0 'added +583' -- "$idx" --db "$tmp/not/yet/made.db" "$src/corpus"

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
