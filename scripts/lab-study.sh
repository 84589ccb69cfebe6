#!/usr/bin/env bash
# npm run lab-study: the native runs behind the training lab's defaults. Each config in
# wasm/train/configs/lab-study/ is a lab run (web/compute/lab-config.js writes the same JSON)
# started, as the lab does, from a backbone with the memory parameters drawn afresh: the
# filler-only byte model (web/models/backbone-lm.lmlw), or for configs named trained-* the
# trained HMT's (web/models/hmt-memory.lmlw); its curve goes to bench/results/lab-study/<name>.jsonl
# (one JSON line per 10 steps: loss, answer and probe accuracy of the step's documents, seconds).
# A run already there is skipped; --fresh runs every one again.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh >/dev/null
bash scripts/build-core.sh native >/dev/null
fresh=0
[ "${1:-}" = "--fresh" ] && fresh=1
out=build/lab-study
mkdir -p "$out" bench/results/lab-study
for cfg in wasm/train/configs/lab-study/*.json; do
  name=$(basename "$cfg" .json)
  if [ "$fresh" -eq 0 ] && [ -f "bench/results/lab-study/$name.jsonl" ]; then
    echo "==> $name: done (bench/results/lab-study/$name.jsonl)"
    continue
  fi
  printf '\n==> %s\n' "$name"
  rm -f "$out/$name.log.jsonl"
  backbone=web/models/backbone-lm.lmlw
  case "$name" in trained-*) backbone=web/models/hmt-memory.lmlw ;; esac
  ./build/native/lml_train --config "$cfg" --out "$out" --start-from "$backbone"
  cp "$out/$name.log.jsonl" "bench/results/lab-study/$name.jsonl"
done
