#!/usr/bin/env bash
# Configures (once) and builds the given CMake presets incrementally.
# Usage: scripts/build-core.sh native wasm-relaxed wasm-simd wasm-scalar
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs   # emscripten 3.1.6's JS optimiser needs acorn from here
for preset in "$@"; do
  printf '\n==> Building the core: %s\n' "$preset"
  if [ ! -f "build/$preset/CMakeCache.txt" ]; then
    cmake --preset "$preset" >/dev/null
  fi
  cmake --build --preset "$preset"
done
