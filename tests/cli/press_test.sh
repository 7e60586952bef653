#!/usr/bin/env bash
# The press-office outputs as a user gets them from the programs: rassegna-search's feed (valid
# Atom by the RELAX NG schema in tests/data/atom), exports, trends, profile and suggestion; and
# the press review served by rassegna-server, printed to PDF by headless Chromium and read back
# with poppler's pdftotext/pdfinfo: a title page, a contents page, then one page per article.
# Usage: press_test.sh BUILD_DIR SOURCE_DIR
set -u
build=$1
src=$2
tmp=$(mktemp -d)
server_pid=
trap '[[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null; rm -rf "$tmp"' EXIT
passed=0
failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*"; }

for tool in xmllint chromium pdftotext pdfinfo curl; do
  command -v "$tool" >/dev/null || { echo "SKIP: $tool is missing (scripts/install-deps.sh --test installs it)"; exit 77; }
done

search=$build/rassegna-search
db=$tmp/db
"$build/rassegna-index" --db "$db" "$src/corpus" "$src/tests/e2e/fixtures" >/dev/null 2>&1 || { echo "FAIL: indexing"; exit 1; }

# --- the feed, valid Atom; an invalid one is caught (the check can fail) ---
"$search" --db "$db" --format atom tiktok > "$tmp/feed.xml"
if xmllint --noout --relaxng "$src/tests/data/atom/atom.rng" "$tmp/feed.xml" 2>"$tmp/xmllint.out"; then ok; else bad "feed: $(cat "$tmp/xmllint.out")"; fi
entries=$(grep -c '<entry' "$tmp/feed.xml")
[[ $entries -eq 10 ]] && ok || bad "feed has $entries entries, wanted the 10 tiktok articles"
sed '0,/<updated>/s/<updated>[^<]*</<updated>yesterday</' "$tmp/feed.xml" > "$tmp/broken.xml"
if xmllint --noout --relaxng "$src/tests/data/atom/atom.rng" "$tmp/broken.xml" 2>/dev/null; then bad "the schema accepts a bad date"; else ok; fi
"$search" --db "$db" --format atom --company Oracle '' > "$tmp/oracle.xml"
xmllint --noout --relaxng "$src/tests/data/atom/atom.rng" "$tmp/oracle.xml" 2>/dev/null && ok || bad "company feed is not valid"

# --- exports: every match ---
total=$("$search" --db "$db" --json --limit 1 zanzibarite | sed -n 's/^  "total": \([0-9][0-9]*\),/\1/p')
rows=$("$search" --db "$db" --format csv zanzibarite | wc -l)
[[ $rows -eq $((total + 1)) ]] && ok || bad "csv: $rows lines for $total matches"
lines=$("$search" --db "$db" --format jsonl --no-collapse '' | wc -l)
all=$("$search" --db "$db" --json --limit 1 '' | sed -n 's/^  "total_articles": \([0-9][0-9]*\),*/\1/p')
[[ -n $all && $lines -eq $all ]] && ok || bad "jsonl of everything: $lines lines, wanted the $all articles the search counts"

# --- trends, profile, suggestion ---
out=$("$search" --db "$db" --trend Apple --trend Microsoft --granularity month zanzibarite)
grep -q $'^2021-03\t3\t1$' <<<"$out" && grep -q $'^2021-05\t0\t0$' <<<"$out" && ok || bad "trends: $out"
"$search" --db "$db" --profile AAPL | grep -q '^Apple$' && ok || bad "profile by ticker"
"$search" --db "$db" zanzibrite | grep -q "Did you mean: zanzibarite" && ok || bad "no suggestion for zanzibrite"
"$search" --db "$db" --json zanzibarite | grep -q '"suggestion"' && bad "a suggestion for a word that is there" || ok

# --- the review, printed to PDF by Chromium ---
"$build/rassegna-server" --db "$db" --port 0 2> "$tmp/server.log" &
server_pid=$!
port=
for _ in $(seq 100); do
  port=$(sed -n 's|.*listening on http://[^:]*:\([0-9]*\)/.*|\1|p' "$tmp/server.log")
  [[ -n $port ]] && break
  sleep 0.1
done
[[ -n $port ]] || { echo "FAIL: the server did not start: $(cat "$tmp/server.log")"; exit 1; }
ids=(e2e-zanzibarite-05 e2e-zanzibarite-01 000_2554df1404ea1ded)
query="ui=en&group=company&title=Weekly%20review"
for id in "${ids[@]}"; do query+="&id=$id"; done
url="http://127.0.0.1:$port/api/review?$query"
curl -sf "$url" > "$tmp/review.html" || bad "review did not answer"
setsid timeout 60 chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer --print-to-pdf="$tmp/review.pdf" "$url" \
  >"$tmp/chromium.log" 2>&1 || true
if [[ ! -s $tmp/review.pdf ]]; then
  bad "chromium made no PDF: $(tail -5 "$tmp/chromium.log")"
else
  pages=$(pdfinfo "$tmp/review.pdf" | sed -n 's/^Pages: *//p')
  # title page + contents + one page at least per article
  [[ $pages -ge 5 ]] && ok || bad "the PDF has $pages pages, wanted at least 5"
  pdftotext -f 1 -l 1 "$tmp/review.pdf" - | grep -q 'Weekly review' && ok || bad "page 1 is not the title page"
  pdftotext -f 1 -l 1 "$tmp/review.pdf" - | grep -q 'Zanzibarite report' && bad "an article on the title page" || ok
  pdftotext -f 2 -l 2 "$tmp/review.pdf" - | grep -q 'Contents' && ok || bad "page 2 is not the contents"
  pdftotext -f 3 -l 3 "$tmp/review.pdf" - | grep -q 'Zanzibarite report 05' && ok || bad "page 3 does not start the first article"
  all=$(pdftotext "$tmp/review.pdf" -)
  grep -q 'Zanzibarite report 01' <<<"$all" && grep -q 'amministrazione' <<<"$all" && ok || bad "an article is missing from the PDF"
  # the articles in the order given: 05 before 01
  first=$(grep -n 'Zanzibarite report 05' <<<"$all" | tail -1 | cut -d: -f1)
  second=$(grep -n 'Zanzibarite report 01' <<<"$all" | tail -1 | cut -d: -f1)
  [[ -n $first && -n $second && $first -lt $second ]] && ok || bad "articles out of order in the PDF"
fi
echo "press: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
