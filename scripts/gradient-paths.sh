#!/usr/bin/env bash
# npm run gradient-paths [-- --docs N] [-- --out FILE]
#   Measures how the answer loss of a passkey question reaches the memory written
#   by the fact's segment — through the question's own search (one hop) or
#   through the chain of later memories — for the models and distances of the
#   committed plan wasm/train/configs/gradient-paths.json (held-out documents of
#   wasm/train/configs/eval.json), prints a table and writes
#   bench/results/gradient-paths.json. Single-threaded, byte-reproducible.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh >/dev/null
bash scripts/build-core.sh native >/dev/null
exec ./build/native/lml_gradient_paths --plan wasm/train/configs/gradient-paths.json \
  --out bench/results/gradient-paths.json "$@"
