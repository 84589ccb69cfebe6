#!/usr/bin/env bash
# npm run train [-- --quick] [-- --fresh] [-- --threads N]
#   Builds the native trainer, then trains the two shipped models from their
#   committed configs (wasm/train/configs/hmt-memory.json, hmt-retrieval-off.json)
#   and copies the weights to web/models/. Progress is printed every few steps;
#   Ctrl-C saves a checkpoint (build/train/<name>.ckpt) and the same command
#   resumes from it bit-exactly. --fresh ignores checkpoints.
#   --quick trains a tiny config in seconds into build/train-quick/ (used by tests).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh >/dev/null
bash scripts/build-core.sh native >/dev/null
quick=0
args=()
for a in "$@"; do
  case "$a" in
    --quick) quick=1 ;;
    *) args+=("$a") ;;
  esac
done
if [ "$quick" -eq 1 ]; then
  exec ./build/native/lml_train --config wasm/train/configs/quick.json --out build/train-quick --fresh ${args[@]+"${args[@]}"}
fi
mkdir -p web/models
for name in hmt-memory hmt-retrieval-off; do
  printf '\n==> Training %s (config wasm/train/configs/%s.json)\n' "$name" "$name"
  start=$(date +%s)
  ./build/native/lml_train --config "wasm/train/configs/$name.json" --out build/train ${args[@]+"${args[@]}"}
  cp "build/train/$name.lmlw" "web/models/$name.lmlw"
  echo "$name: $(( $(date +%s) - start )) s; weights in web/models/$name.lmlw"
done
