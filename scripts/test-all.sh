#!/usr/bin/env bash
# The whole test suite, in the order a failure is cheapest to find:
# types, unit tests, Chromium conformance, proxy, then the real VS Code suite.
# Prints one closing line: "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
summary=$(mktemp)
export TEST_SUMMARY_FILE="$summary"
status=0

step() {
  local name=$1; shift
  echo
  echo "=== $name ==="
  local before
  before=$(wc -l < "$summary")
  if ! TEST_SUITE_NAME="$name" "$@"; then
    echo "!!! $name failed"
    status=1
    # A step that died before its runner could count anything still counts as one failure.
    [ "$(wc -l < "$summary")" -eq "$before" ] && echo "$name 0 1 0" >> "$summary"
  fi
}

step typecheck npx tsc -p . --noEmit
step build node esbuild.js
step unit npx mocha
[ -f test/conformance/.mocharc.json ] && step conformance npx mocha --config test/conformance/.mocharc.json
[ -f test/proxy/.mocharc.json ] && step proxy npx mocha --config test/proxy/.mocharc.json
[ -f test/cli/.mocharc.json ] && step cli npx mocha --config test/cli/.mocharc.json
[ -f test/audit/.mocharc.json ] && step audit npx mocha --config test/audit/.mocharc.json
[ -f scripts/run-vscode-tests.js ] && step vscode node scripts/run-vscode-tests.js
[ -f scripts/check-vsix.js ] && step vsix npm run -s test:vsix

echo
echo "=== summary ==="
awk '{ printf "  %-12s %d passed, %d failed, %d pending\n", $1, $2, $3, $4; p += $2; f += $3; s += $4 }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$summary"
if awk '{ f += $3 } END { exit !(f > 0) }' "$summary"; then status=1; fi
rm -f "$summary"
exit $status
