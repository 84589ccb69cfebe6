#!/usr/bin/env bash
# npm test: set-up, build everything, then every suite:
#   C++ (GoogleTest via ctest), node (wasm module, lessons, graders), browser (Playwright in Chromium),
#   and the cross-engine page checks in Chromium, Firefox and WebKit (tests/engines/).
# Ends with one line "total: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit 1
bash scripts/build-core.sh native wasm-relaxed wasm-simd wasm-scalar || exit 1
printf '\n==> Building the site\n'
npx vite build --logLevel warn || exit 1

log=$(mktemp)
printf '\n==> C++ tests (ctest)\n'
ctest --preset native 2>&1 | tee "$log"
cpp_rc=${PIPESTATUS[0]}
cpp_pass=$(sed -nE 's/.* ([0-9]+) tests failed out of ([0-9]+).*/\2 \1/p' "$log" | awk '{print $1-$2}')
cpp_fail=$(sed -nE 's/.* ([0-9]+) tests failed out of ([0-9]+).*/\1/p' "$log")

printf '\n==> Lesson checker\n'
node scripts/lessons-check.mjs
lessons_rc=$?

printf '\n==> node and browser tests (node --test)\n'
node --test --test-concurrency=1 tests/js/ tests/e2e/ 2>&1 | tee "$log"
js_rc=${PIPESTATUS[0]}
js_pass=$(sed -nE 's/^# pass ([0-9]+)$/\1/p' "$log" | tail -1)
js_fail=$(sed -nE 's/^# fail ([0-9]+)$/\1/p' "$log" | tail -1)

printf '\n==> The same page checks in every browser engine (node --test)\n'
engines_start=$SECONDS
node --test --test-concurrency=1 tests/engines/chromium.test.mjs tests/engines/firefox.test.mjs tests/engines/webkit.test.mjs 2>&1 | tee "$log"
engines_rc=${PIPESTATUS[0]}
engines_pass=$(sed -nE 's/^# pass ([0-9]+)$/\1/p' "$log" | tail -1)
engines_fail=$(sed -nE 's/^# fail ([0-9]+)$/\1/p' "$log" | tail -1)
echo "(browser engines: $(( SECONDS - engines_start )) s)"
rm -f "$log"

pass=$(( ${cpp_pass:-0} + ${js_pass:-0} + ${engines_pass:-0} + (lessons_rc == 0 ? 1 : 0) ))
fail=$(( ${cpp_fail:-1} + ${js_fail:-1} + ${engines_fail:-1} + (lessons_rc == 0 ? 0 : 1) ))
[ "$cpp_rc" -eq 0 ] && [ "$js_rc" -eq 0 ] && [ "$engines_rc" -eq 0 ] && [ "$lessons_rc" -eq 0 ] || [ "$fail" -gt 0 ] || fail=1
echo
echo "total: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
