#!/usr/bin/env bash
# npm run bench [-- --quick]: set-up, build the wasm core, run bench/run.mjs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh >/dev/null
bash scripts/build-core.sh native wasm-relaxed wasm-simd wasm-scalar >/dev/null
# The training suite's probe of the pinned ISA: the same trainer compiled for AVX-512
# (x86-64-v4), built only where the CPU has it (the shipped native build stays x86-64-v3).
if [[ " $* " != *" --quick "* ]] && grep -q avx512f /proc/cpuinfo && grep -q avx512bw /proc/cpuinfo \
  && grep -q avx512dq /proc/cpuinfo && grep -q avx512vl /proc/cpuinfo; then
  bash scripts/build-core.sh native-avx512 >/dev/null
fi
# The training suite's peer: PyTorch on CPU with OpenBLAS (without OpenBLAS it
# runs on reference BLAS, ~8x slower, and the comparison would flatter us).
if [[ " $* " != *" --quick "* ]] && ! /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "==> Installing python3-torch and libopenblas0-pthread (the training benchmark's peer)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-torch libopenblas0-pthread >/dev/null
  else
    echo "Missing python3-torch and libopenblas0-pthread (the training benchmark's peer); install them as root" >&2
    exit 1
  fi
fi
exec node bench/run.mjs "$@"
