#!/usr/bin/env bash
# rassegna-index --compact on a collection partitioned by year: past years are compacted (smaller,
# same answers), the current year and the undated partition are left as they are, a second run
# finds nothing to do, a late article for a compacted year is accepted with a warning naming the
# partition (and searchable), the next --compact compacts that year again, and a plain database
# is compacted whole. Usage: compact_test.sh BUILD_DIR
set -u
build=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() {
  echo "FAIL: $*"
  for f in "$tmp"/*.log; do echo "--- $f"; cat "$f"; done
  exit 1
}
art() {  # art ID WORD DATE
  printf '{"id": "%s", "title": "Notizia %s", "body": "Articolo di prova: %s sul mercato azionario.", "lang": "it", "date": "%s"}\n' \
    "$1" "$2" "$2" "$3"
}
year=$(date -u +%Y)
{
  # enough articles in 2019 for a B-tree with free space to compact (words vary per article)
  for i in $(seq 1 600); do art "a$i" "vecchia$((i % 3)) parola$i voce$((i * 7 % 101))" "2019-0$((i % 9 + 1))-1$((i % 9))"; done
  for i in $(seq 1 40); do art "b$i" "media$((i % 3))" "2021-0$((i % 9 + 1))-1$((i % 9))"; done
  for i in $(seq 1 10); do art "c$i" "recente" "$year-01-0$((i % 9 + 1))"; done
  art u1 senzadata ""
} >"$tmp/in.jsonl"
search() { "$build/rassegna-search" --db "$1" --json "$2" 2>/dev/null | sed -n 's/^ *"total": \([0-9][0-9]*\).*/\1/p'; }

"$build/rassegna-index" --db "$tmp/c" --partition year --no-companies --quiet "$tmp/in.jsonl" >"$tmp/index.log" 2>&1 ||
  fail "indexing failed"
"$build/rassegna-index" --db "$tmp/one" --no-companies --quiet "$tmp/in.jsonl" >"$tmp/one.log" 2>&1 || fail "indexing one db failed"
before=$(du -sb "$tmp/c/2019" | cut -f1)
totals_before=$(for w in vecchia0 vecchia1 media2 recente senzadata mercato; do search "$tmp/c" "$w"; done | tr '\n' ' ')

"$build/rassegna-index" --db "$tmp/c" --compact >"$tmp/compact1.log" 2>&1 || fail "--compact failed"
grep -q "^rassegna-index: 2019: compacted" "$tmp/compact1.log" || fail "2019 not compacted"
grep -q "^rassegna-index: 2021: compacted" "$tmp/compact1.log" || fail "2021 not compacted"
grep -q "^rassegna-index: $year: left as is: the current period" "$tmp/compact1.log" || fail "the current year was touched"
grep -q "^rassegna-index: undated: left as is" "$tmp/compact1.log" || fail "undated was touched"
[[ -f "$tmp/c/rassegna.compacted" ]] || fail "no rassegna.compacted record"
after=$(du -sb "$tmp/c/2019" | cut -f1)
(( after < before )) || fail "2019 did not shrink ($before -> $after bytes)"
ls -d "$tmp"/c/*.compacting 2>/dev/null && fail "a .compacting folder was left behind"
totals_after=$(for w in vecchia0 vecchia1 media2 recente senzadata mercato; do search "$tmp/c" "$w"; done | tr '\n' ' ')
[[ $totals_after == "$totals_before" ]] || fail "totals changed by compacting: '$totals_before' -> '$totals_after'"
[[ $(search "$tmp/c" mercato) == 651 ]] || fail "expected 651 articles, got $(search "$tmp/c" mercato)"
xapian-check "$tmp/c/2019" >"$tmp/check.log" 2>&1 || fail "xapian-check on the compacted 2019"

"$build/rassegna-index" --db "$tmp/c" --compact >"$tmp/compact2.log" 2>&1 || fail "second --compact failed"
grep -q "^rassegna-index: 2019: already compacted" "$tmp/compact2.log" || fail "2019 compacted twice"

# A late article for 2019 (and a replaced one): accepted, with the partition named.
{ art late1 tardiva 2019-12-30; art a1 sostituita 2019-02-11; } >"$tmp/late.jsonl"
"$build/rassegna-index" --db "$tmp/c" --no-companies --quiet "$tmp/late.jsonl" >"$tmp/late.log" 2>&1 || fail "late article refused"
grep -q "partition '2019' .* was compacted" "$tmp/late.log" || fail "no warning naming the compacted partition"
[[ $(search "$tmp/c" tardiva) == 1 ]] || fail "the late article is not searchable"
[[ $(search "$tmp/c" sostituita) == 1 ]] || fail "the replaced article is not searchable"
[[ $(search "$tmp/c" mercato) == 652 ]] || fail "expected 652 articles after the late one"
"$build/rassegna-index" --db "$tmp/c" --compact >"$tmp/compact3.log" 2>&1 || fail "third --compact failed"
grep -q "^rassegna-index: 2019: compacted" "$tmp/compact3.log" || fail "2019 not compacted again after the late article"
grep -q "^rassegna-index: 2021: already compacted" "$tmp/compact3.log" || fail "2021 compacted again without a change"
[[ $(search "$tmp/c" tardiva) == 1 ]] || fail "the late article is lost by compacting"

# --compact with --watch: refused with a clear message.
mkdir "$tmp/w"
"$build/rassegna-index" --db "$tmp/c" --compact --watch "$tmp/w" >"$tmp/usage.log" 2>&1
[[ $? == 2 ]] || fail "--compact --watch should be a usage error"
grep -q "compact in a run of its own" "$tmp/usage.log" || fail "no message for --compact --watch"

# A plain database: compacted whole.
"$build/rassegna-index" --db "$tmp/one" --compact >"$tmp/compact-one.log" 2>&1 || fail "--compact on one database"
grep -q "compacted" "$tmp/compact-one.log" || fail "the plain database was not compacted"
[[ $(search "$tmp/one" mercato) == 651 ]] || fail "the compacted plain database lost articles"
echo "compact_test: all checks passed"
