// Training throughput (native, one thread): the C++ trainer's step on the
// shipped config against PyTorch on CPU running the same model
// (bench/peers/torch_hmt.py, OpenBLAS with OPENBLAS_NUM_THREADS=1). The peer
// first checks its loss and gradient against ours on the exported batch
// (identical parameters and documents); then both time forward + backward +
// clipping + AdamW on B = 32 documents of 2 segments of L = 64 bytes.
// Not part of --quick (needs Debian's python3-torch; scripts/bench.sh installs it).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SHAPE = 'B=32 L=64 S=2 d=64';

function runJson(cmd, args, env) {
  const r = spawnSync(cmd, args, { cwd: repo, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 600_000 });
  if (r.status !== 0) throw new Error(`${path.basename(cmd)} failed: ${(r.stderr || r.stdout || '').slice(-800)}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1));
}

export async function trainSuite({ log, steps = 7 }) {
  const dir = mkdtempSync(path.join(tmpdir(), 'lml-train-bench-'));
  const records = [];
  try {
    const pairs = [];
    for (let rep = 0; rep < 3; rep++) {  // alternate ours and the peer; medians of their medians
      log(`  train: ours (run ${rep + 1} of 3)`);
      const ours = runJson(path.join(repo, 'build/native/lml_train_bench'),
        ['--config', 'wasm/train/configs/hmt-memory.json', '--export', dir, '--steps', String(steps)]);
      log(`  train: pytorch (run ${rep + 1} of 3)`);
      const torch = runJson('/usr/bin/python3', ['bench/peers/torch_hmt.py', dir, '--steps', String(steps)],
        { OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' });
      pairs.push({ ours, torch });
    }
    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const ours = median(pairs.map((p) => p.ours.ms_median));
    const torch = median(pairs.map((p) => p.torch.ms_median));
    const ratio = median(pairs.map((p) => p.torch.ms_median / p.ours.ms_median));
    const last = pairs.at(-1);
    const tokens = last.ours.tokens_per_step;
    records.push({
      suite: 'train', runtime: 'native', shape: SHAPE, impl: 'ours-native', ms_median: ours,
      tokens_per_s: tokens / (ours / 1000), ratio_vs: { 'pytorch-cpu': ratio },
      note: 'forward + backward + AdamW, 1 thread',
    });
    records.push({
      suite: 'train', runtime: 'native', shape: SHAPE, impl: 'pytorch-cpu', ms_median: torch,
      tokens_per_s: tokens / (torch / 1000), max_abs_err: last.torch.grad_rel_err,
      loss_delta: Math.abs(last.torch.loss - last.torch.ours_loss) / Math.abs(last.torch.ours_loss),
      note: `torch ${last.torch.torch}, OpenBLAS 1 thread; max_abs_err = relative L2 gradient error vs ours`,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return records;
}
