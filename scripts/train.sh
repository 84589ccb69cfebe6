#!/usr/bin/env bash
# npm run train [-- --quick] [-- --zoo] [-- --fresh] [-- --threads N]
#   Builds the native trainer, then trains the three shipped models from their
#   committed configs (wasm/train/configs/hmt-memory.json, hmt-retrieval-off.json,
#   and backbone-lm.json: a byte model trained on the filler only, the training
#   lab's starting point, which never learned to use memory) and copies the
#   weights to web/models/. Progress is printed every few steps;
#   Ctrl-C saves a checkpoint (build/train/<name>.ckpt) and the same command
#   resumes from it bit-exactly. --fresh ignores checkpoints.
#   --quick trains a tiny config in seconds into build/train-quick/ (used by tests).
#   --zoo trains the comparison models instead (wasm/train/configs/zoo/, in the
#   order of zoo/ORDER) into build/zoo/ (or $LML_ZOO_OUT), skipping those whose
#   weights are already in web/models/zoo/; each finished model's weights go to
#   web/models/zoo/<name>.lmlw and its training curve to bench/results/zoo/<name>.jsonl.
#   Stopped at any point, the same command resumes the model it was training.
#   At the end it prints each model's training time summed over its runs
#   (scripts/zoo-times.mjs, from the committed logs) and the zoo's total.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh >/dev/null
bash scripts/build-core.sh native >/dev/null
quick=0
zoo=0
args=()
for a in "$@"; do
  case "$a" in
    --quick) quick=1 ;;
    --zoo) zoo=1 ;;
    *) args+=("$a") ;;
  esac
done
if [ "$quick" -eq 1 ]; then
  exec ./build/native/lml_train --config wasm/train/configs/quick.json --out build/train-quick --fresh ${args[@]+"${args[@]}"}
fi
if [ "$zoo" -eq 1 ]; then
  out=${LML_ZOO_OUT:-build/zoo}
  mkdir -p "$out" web/models/zoo bench/results/zoo
  zoo_start=$(date +%s)
  while read -r name; do
    [ -n "$name" ] || continue
    if [ -f "web/models/zoo/$name.lmlw" ]; then
      echo "==> $name: already trained (web/models/zoo/$name.lmlw)"
      continue
    fi
    printf '\n==> Training %s (config wasm/train/configs/zoo/%s.json)\n' "$name" "$name"
    start=$(date +%s)
    ./build/native/lml_train --config "wasm/train/configs/zoo/$name.json" --out "$out" ${args[@]+"${args[@]}"}
    cp "$out/$name.log.jsonl" "bench/results/zoo/$name.jsonl"
    cp "$out/$name.summary.json" "bench/results/zoo/$name.summary.json"
    cp "$out/$name.lmlw" "web/models/zoo/$name.lmlw"
    echo "$name: $(( $(date +%s) - start )) s; weights in web/models/zoo/$name.lmlw"
  done < wasm/train/configs/zoo/ORDER
  echo "zoo: $(( $(date +%s) - zoo_start )) s in this run"
  node scripts/zoo-times.mjs
  exit 0
fi
mkdir -p web/models
for name in hmt-memory hmt-retrieval-off backbone-lm; do
  printf '\n==> Training %s (config wasm/train/configs/%s.json)\n' "$name" "$name"
  start=$(date +%s)
  ./build/native/lml_train --config "wasm/train/configs/$name.json" --out build/train ${args[@]+"${args[@]}"}
  cp "build/train/$name.lmlw" "web/models/$name.lmlw"
  echo "$name: $(( $(date +%s) - start )) s; weights in web/models/$name.lmlw"
done
