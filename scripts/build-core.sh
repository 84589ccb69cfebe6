#!/usr/bin/env bash
# Configures (once) and builds the given CMake presets incrementally.
# Usage: scripts/build-core.sh native wasm-relaxed wasm-simd wasm-scalar
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs   # emscripten 3.1.6's JS optimiser needs acorn from here
# npm run/test put node_modules/.bin first on PATH. Emscripten 3.1.6 must not find the npm
# binaryen's tools there: with them the SIMD and scalar builds' JS glue keeps unminified import
# names while the .wasm is minified ("Import #0 a.a: function import requires a callable").
# The relaxed build calls that wasm-opt by its full path (wasm/bindings/CMakeLists.txt).
PATH=$(printf '%s' "$PATH" | tr ':' '\n' | grep -v '/node_modules/\.bin$' | paste -sd: -)
export PATH
for preset in "$@"; do
  printf '\n==> Building the core: %s\n' "$preset"
  if [ ! -f "build/$preset/CMakeCache.txt" ]; then
    cmake --preset "$preset" >/dev/null
  fi
  cmake --build --preset "$preset"
done
