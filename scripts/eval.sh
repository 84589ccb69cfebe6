#!/usr/bin/env bash
# npm run eval [-- --docs N] [-- --model FILE] [-- --out FILE]
#   Evaluates the shipped weights (web/models/hmt-memory.lmlw, with
#   web/models/hmt-retrieval-off.lmlw as the retrieval-off baseline) on the
#   committed plan wasm/train/configs/eval.json through the core's HmtStream,
#   prints a table and writes bench/results/eval.json (an array of records).
# npm run eval -- --zoo [NAME …] [--docs N]
#   Evaluates the comparison models (web/models/zoo/<name>.lmlw, each with its
#   training config wasm/train/configs/zoo/<name>.json: name, seed, cache N,
#   kind) on the plan wasm/train/configs/eval-zoo.json and writes one file per
#   model, bench/results/zoo/<name>.eval.json. Without names: every model of
#   zoo/ORDER whose weights exist. A few minutes per model on 2 threads.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh >/dev/null
bash scripts/build-core.sh native >/dev/null
if [ "${1:-}" = "--zoo" ]; then
  shift
  names=() extra=()
  while [ $# -gt 0 ]; do
    case "$1" in
      --docs) extra+=(--docs "$2"); shift ;;
      *) names+=("$1") ;;
    esac
    shift
  done
  if [ ${#names[@]} -eq 0 ]; then
    while read -r name; do
      [ -f "web/models/zoo/$name.lmlw" ] && names+=("$name")
    done < wasm/train/configs/zoo/ORDER
  fi
  for name in "${names[@]}"; do
    printf '\n==> %s\n' "$name"
    ./build/native/lml_eval --plan wasm/train/configs/eval-zoo.json --model "web/models/zoo/$name.lmlw" \
      --train-config "wasm/train/configs/zoo/$name.json" --out "bench/results/zoo/$name.eval.json" \
      ${extra[@]+"${extra[@]}"}
  done
  exit 0
fi
exec ./build/native/lml_eval --plan wasm/train/configs/eval.json \
  --model web/models/hmt-memory.lmlw --baseline web/models/hmt-retrieval-off.lmlw \
  --out bench/results/eval.json "$@"
