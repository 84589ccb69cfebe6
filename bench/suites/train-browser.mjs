// The trainer compiled to WebAssembly (the training lab's module) against the
// native trainer on one thread, same config: the lab's default run shape
// (web/compute/lab-config.js: passkey D = 1, B = 16 documents of 3 segments of
// 64 bytes), one worker. Steps from scratch weights (the speed of a step does
// not depend on where the weights came from).
//   trainBrowserSuite({ trainers: { relaxed?, simd }, runtime, quick, log })   wasm, in node or Chromium
//   trainNativeLab({ log })                                                   the native trainer, same batch
import { labConfig } from '../../web/compute/lab-config.js';

export const LAB_SETTINGS = { task: 'passkey', level: 1, cache: 4, probe: 'on', lr: 0.003, batch: 16, steps: 100000, seed: 1, curriculum: 'off' };
export const LAB_SHAPE = 'lab: passkey D=1 B=16 S=3 L=64 d=64';

const now = () => performance.now();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function trainBrowserSuite({ trainers, runtime, quick, log }) {
  const records = [];
  const config = labConfig(LAB_SETTINGS);
  for (const [variant, t] of Object.entries(trainers)) {
    if (!t) continue;
    log(`  train-browser: ${runtime} ${variant}`);
    t.create(config);
    let tokens = 0;
    const warm = now();
    do tokens = t.step().tokens; while (!quick && now() - warm < 1000);  // V8 tiers up after ~0.5 s
    const ms = [];
    for (let i = 0; i < (quick ? 1 : 9); i++) {
      const t0 = now();
      tokens = t.step().tokens;
      ms.push(now() - t0);
    }
    const m = median(ms);
    records.push({ suite: 'train-browser', runtime, shape: LAB_SHAPE, impl: `trainer-${variant}`, ms_median: m,
      tokens_per_s: tokens / (m / 1000), note: 'one worker: forward + backward + AdamW of one step' });
    t.free();
  }
  return records;
}

export async function trainNativeLab({ log, repo, spawnSync, writeFileSync, tmpdir }) {
  log('  train-browser: native, 1 thread');
  const dir = `${tmpdir()}/lml-lab-bench-${process.pid}`;
  const cfg = `${dir}.json`;
  writeFileSync(cfg, labConfig(LAB_SETTINGS));
  const r = spawnSync(`${repo}/build/native/lml_train_bench`, ['--config', cfg, '--export', dir, '--distance', String(LAB_SETTINGS.level),
    '--batch', String(LAB_SETTINGS.batch), '--threads', '1', '--steps', '9'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`lml_train_bench failed: ${r.stderr}`);
  const out = JSON.parse(r.stdout.trim().split('\n').at(-1));
  return { suite: 'train-browser', runtime: 'native', shape: LAB_SHAPE, impl: 'trainer-native-1-thread', ms_median: out.ms_median,
    tokens_per_s: out.tokens_per_s, note: 'the native trainer on one thread, same config and batch shape' };
}

/** ratio_vs on each wasm record: its throughput over the native trainer's. */
export function addNativeRatios(records) {
  const native = records.find((r) => r.suite === 'train-browser' && r.runtime === 'native');
  if (!native) return;
  for (const r of records.filter((x) => x.suite === 'train-browser' && x.runtime !== 'native')) {
    r.ratio_vs = { ...(r.ratio_vs ?? {}), 'trainer-native-1-thread': r.tokens_per_s / native.tokens_per_s };
  }
}
