#!/usr/bin/env bash
# Runs every libFuzzer target for a while and prints executions and coverage per target.
# Usage: fuzz/run.sh BUILD_DIR [SECONDS] [TARGET...]   (make fuzz calls it; README.md here)
# Seeds come from the bundled corpus, the test data and fuzz/seeds/; each target's growing corpus
# is kept in BUILD_DIR/fuzz-corpus/TARGET between runs. A crash, hang or sanitizer report is saved
# as fuzz/findings/TARGET-crash-... (or -timeout-, -oom-) and fails the run.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=$(cd "${1:?usage: fuzz/run.sh BUILD_DIR [SECONDS] [TARGET...]}" && pwd)
seconds=${2:-60}
shift 2 2>/dev/null || shift $#
targets=("$@")
if (( ${#targets[@]} == 0 )); then
  targets=(jsonl_reader text_reader text_cleaner analyzer query_parser search_params)
fi

seeds="$build/fuzz-seeds"
rm -rf "$seeds"
mkdir -p "$seeds"/{jsonl,text,query,params} "$here/findings"
# JSONL: the bundled sample in small files of a few lines, and the test data.
split -l 3 -a 4 "$root/corpus/sample-mixed.jsonl" "$seeds/jsonl/sample-"
cp "$root"/tests/data/*.jsonl "$seeds/jsonl/" 2>/dev/null
# Text: the bundled text article and the bodies of the sample, one a file.
cp "$root"/corpus/*.txt "$seeds/text/"
python3 - "$root/corpus/sample-mixed.jsonl" "$seeds/text" <<'PY'
import json, sys
for i, line in enumerate(open(sys.argv[1], encoding="utf-8", errors="replace")):
    if i >= 200:
        break
    try:
        a = json.loads(line)
    except ValueError:
        continue
    with open(f"{sys.argv[2]}/body-{i:04d}.txt", "w", encoding="utf-8") as f:
        f.write(a.get("title", "") + "\n\n" + (a.get("body") or a.get("text") or ""))
PY
n=0
while IFS= read -r line; do printf '%s' "$line" > "$seeds/query/q-$((n++))"; done < "$here/seeds/queries.txt"
n=0
while IFS= read -r line; do printf '%s' "$line" > "$seeds/params/p-$((n++))"; done < "$here/seeds/params.txt"

seed_dir() {
  case $1 in
    jsonl_reader) echo "$seeds/jsonl" ;;
    text_reader | text_cleaner | analyzer) echo "$seeds/text" ;;
    query_parser) echo "$seeds/query" ;;
    search_params) echo "$seeds/params" ;;
  esac
}
dict() {
  case $1 in
    jsonl_reader) echo "$here/dict/json.dict" ;;
    text_reader | text_cleaner) echo "$here/dict/html.dict" ;;
    analyzer) echo "$here/dict/analyzer.dict" ;;
    query_parser) echo "$here/dict/query.dict" ;;
    search_params) echo "$here/dict/params.dict" ;;
  esac
}

failed=0
printf '%-16s %12s %10s %8s %8s %s\n' target executions exec/s cov ft result
for t in "${targets[@]}"; do
  bin="$build/${t}_fuzzer"
  corpus="$build/fuzz-corpus/$t"
  log="$build/fuzz-$t.log"
  mkdir -p "$corpus"
  before=$(ls "$here/findings" | wc -l)
  "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=16384 -print_final_stats=1 \
    -dict="$(dict "$t")" -artifact_prefix="$here/findings/$t-" "$corpus" "$(seed_dir "$t")" >"$log" 2>&1
  rc=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  secs=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  after=$(ls "$here/findings" | wc -l)
  result=ok
  if (( rc != 0 || after > before )); then result="FAILED (see $log and fuzz/findings/)"; failed=1; fi
  printf '%-16s %12s %10s %8s %8s %s\n' "$t" "${runs:-?}" "${secs:-?}" "${cov:-?}" "${ft:-?}" "$result"
done
exit $failed
