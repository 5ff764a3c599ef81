# Shared by spark/run.sh and hadoop/run.sh (sourced): the input, the single run, the comparison.
# Needs `npm run build` first; `node` on PATH (the mappers' shebang finds it there).
set -euo pipefail
recipes=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$recipes/../.." && pwd)
bin=$root/bin/reassure.js
work=$(mktemp -d "${TMPDIR:-/tmp}/reassure-recipe-XXXXXX")
trap 'rm -rf "$work"' EXIT

# The transcripts given (default: samples/, named from the repository) as JSON Lines, a
# whole session a line, in $work.
make_input() {
  if [ "$#" -eq 0 ]; then
    (cd "$root" && node scripts/recipes/to-jsonl.js samples/*.yaml samples/*.txt) > "$work/sessions.jsonl"
  else
    node "$recipes/to-jsonl.js" "$@" > "$work/sessions.jsonl"
  fi
  echo "input: $(wc -l < "$work/sessions.jsonl") sessions, $(wc -c < "$work/sessions.jsonl") bytes"
}

# One `reassure audit` of the same sessions, then the comparison; exit 0 only when the totals match.
compare_with_single_run() {
  local merged=$1
  local start=$SECONDS
  local code=0
  node "$bin" audit - --format json --jobs 1 < "$work/sessions.jsonl" > "$work/single.json" || code=$?
  echo "single run: $((SECONDS - start)) s, exit $code"
  node "$recipes/compare-reports.js" "$merged" "$work/single.json"
}
