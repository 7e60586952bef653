#!/usr/bin/env bash
# rassegna-index --compact on a collection partitioned by year: past years are merged into one
# archive database (smaller, same answers), the current year and the undated partition are left
# as they are, a second run finds nothing to do, a late article for an archived year goes into
# the archive with a warning naming it (and is searchable, replaceable, deletable), the next
# --compact compacts the archive again, a later past year merges with the archive into a new
# one, and a plain database is compacted whole. Usage: compact_test.sh BUILD_DIR
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
archive=archive-to-2021.1
grep -q "^rassegna-index: 2019: merged into $archive" "$tmp/compact1.log" || fail "2019 not merged into the archive"
grep -q "^rassegna-index: 2021: merged into $archive" "$tmp/compact1.log" || fail "2021 not merged into the archive"
grep -q "^rassegna-index: $archive: compacted" "$tmp/compact1.log" || fail "no archive made"
grep -q "^rassegna-index: $year: left as is: the current period" "$tmp/compact1.log" || fail "the current year was touched"
grep -q "^rassegna-index: undated: left as is" "$tmp/compact1.log" || fail "undated was touched"
[[ -f "$tmp/c/rassegna.compacted" ]] || fail "no rassegna.compacted record"
[[ -d "$tmp/c/2019" || -d "$tmp/c/2021" ]] && fail "merged partitions left on disk"
[[ $(cat "$tmp/c/XAPIANDB") == "auto $archive"$'\n'"auto $year"$'\n'"auto undated" ]] ||
  fail "stub should list the archive, $year and undated: $(cat "$tmp/c/XAPIANDB")"
after=$(du -sb "$tmp/c/$archive" | cut -f1)
(( after < before )) || fail "the archive ($after bytes) is not smaller than 2019 alone was ($before)"
ls -d "$tmp"/c/*.compacting 2>/dev/null && fail "a .compacting folder was left behind"
totals_after=$(for w in vecchia0 vecchia1 media2 recente senzadata mercato; do search "$tmp/c" "$w"; done | tr '\n' ' ')
[[ $totals_after == "$totals_before" ]] || fail "totals changed by compacting: '$totals_before' -> '$totals_after'"
[[ $(search "$tmp/c" mercato) == 651 ]] || fail "expected 651 articles, got $(search "$tmp/c" mercato)"
xapian-check "$tmp/c/$archive" >"$tmp/check.log" 2>&1 || fail "xapian-check on the archive"
xapian-check "$tmp/c/XAPIANDB" >>"$tmp/check.log" 2>&1 || fail "xapian-check on the stub"

"$build/rassegna-index" --db "$tmp/c" --compact >"$tmp/compact2.log" 2>&1 || fail "second --compact failed"
grep -q "^rassegna-index: $archive: already compacted" "$tmp/compact2.log" || fail "the archive compacted twice"

# A late article for 2019 (and a replaced one): written into the archive, which is named.
{ art late1 tardiva 2019-12-30; art a1 sostituita 2019-02-11; } >"$tmp/late.jsonl"
"$build/rassegna-index" --db "$tmp/c" --no-companies --quiet "$tmp/late.jsonl" >"$tmp/late.log" 2>&1 || fail "late article refused"
grep -q "partition '$archive' .* was compacted" "$tmp/late.log" || fail "no warning naming the compacted archive"
[[ -d "$tmp/c/2019" ]] && fail "a partition was made for an archived year"
[[ $(search "$tmp/c" tardiva) == 1 ]] || fail "the late article is not searchable"
[[ $(search "$tmp/c" sostituita) == 1 ]] || fail "the replaced article is not searchable"
[[ $(search "$tmp/c" mercato) == 652 ]] || fail "expected 652 articles after the late one"
"$build/rassegna-index" --db "$tmp/c" --compact >"$tmp/compact3.log" 2>&1 || fail "third --compact failed"
grep -q "^rassegna-index: $archive: compacted" "$tmp/compact3.log" || fail "the archive not compacted again after the late article"
[[ $(search "$tmp/c" tardiva) == 1 ]] || fail "the late article is lost by compacting"

# A past year after the archive's last (2023): a partition of its own, merged by the next
# --compact into a new archive; an article moved from the archive to the current year by a new
# date is then in one place only.
{ art d1 intermedia 2023-05-05; art a2 spostata "$year-01-02"; } >"$tmp/later.jsonl"
"$build/rassegna-index" --db "$tmp/c" --no-companies --quiet "$tmp/later.jsonl" >"$tmp/later.log" 2>&1 || fail "2023 article refused"
[[ -d "$tmp/c/2023" ]] || fail "no partition for 2023"
[[ $(search "$tmp/c" spostata) == 1 && $(search "$tmp/c" mercato) == 653 ]] || fail "the moved article is not in one place"
"$build/rassegna-index" --db "$tmp/c" --compact >"$tmp/compact4.log" 2>&1 || fail "fourth --compact failed"
grep -q "^rassegna-index: 2023: merged into archive-to-2023.2" "$tmp/compact4.log" || fail "2023 not merged into a new archive"
grep -q "^rassegna-index: $archive: merged into archive-to-2023.2" "$tmp/compact4.log" || fail "old archive not merged"
[[ -d "$tmp/c/$archive" || -d "$tmp/c/2023" ]] && fail "sources of the new archive left on disk"
totals=$(for w in intermedia tardiva sostituita spostata vecchia0 media2 recente senzadata mercato; do search "$tmp/c" "$w"; done | tr '\n' ' ')
[[ $totals == "1 1 1 1 "$(echo "$totals_before" | cut -d' ' -f1)" "* ]] || fail "totals after the second archive: $totals"
[[ $(search "$tmp/c" mercato) == 653 ]] || fail "expected 653 articles after the second archive"
# Deleting an archived article works.
"$build/rassegna-index" --db "$tmp/c" --delete late1 >"$tmp/delete.log" 2>&1 || fail "--delete of an archived article"
[[ $(search "$tmp/c" tardiva) == 0 && $(search "$tmp/c" mercato) == 652 ]] || fail "the archived article was not deleted"

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
