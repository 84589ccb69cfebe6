#!/usr/bin/env bash
# npm run bench [-- --quick]: set-up, build the wasm core, run bench/run.mjs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh >/dev/null
bash scripts/build-core.sh wasm-simd wasm-scalar >/dev/null
exec node bench/run.mjs "$@"
