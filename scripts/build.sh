#!/usr/bin/env bash
# Set-up, then the WebAssembly core (relaxed, simd, scalar) and the static site in dist/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build-core.sh wasm-relaxed wasm-simd wasm-scalar
printf '\n==> Building the site (vite build → dist/)\n'
npx vite build --logLevel warn
