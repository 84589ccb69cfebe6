#!/usr/bin/env bash
# npm run eval [-- --docs N] [-- --model FILE] [-- --out FILE]
#   Evaluates the shipped weights (web/models/hmt-memory.lmlw, with
#   web/models/hmt-retrieval-off.lmlw as the retrieval-off baseline) on the
#   committed plan wasm/train/configs/eval.json through the core's HmtStream,
#   prints a table and writes bench/results/eval.json (an array of records).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh >/dev/null
bash scripts/build-core.sh native >/dev/null
exec ./build/native/lml_eval --plan wasm/train/configs/eval.json \
  --model web/models/hmt-memory.lmlw --baseline web/models/hmt-retrieval-off.lmlw \
  --out bench/results/eval.json "$@"
