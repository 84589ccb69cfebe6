// The trainer compiled to WebAssembly (the training lab's module) against the
// native trainer on one thread, same config: the lab's default run shape
// (web/compute/lab-config.js: passkey D = 1, B = 16 documents of 3 segments of
// 64 bytes), one worker. Steps from scratch weights (the speed of a step does
// not depend on where the weights came from).
// Then two workers against one, as the lab shares a step when the browser
// reports two cores: the coordinator here and one helper worker (a Web Worker
// in Chromium, a worker thread in node) each run one of the step's two groups
// of 8 documents (wasm/bindings/trainer-parallel.mjs); timed in alternation
// with one-worker steps of the same trainer, ratio = median of the pairs. The
// two-worker step is first checked to give the one-worker step's bits.
//   trainBrowserSuite({ trainers: { relaxed?, simd }, spawnHelper?, runtime, quick, log })   wasm, in node or Chromium
//     spawnHelper(variant) → { helper (portHelper's handle), stop() }: a helper worker of that build
//   trainNativeLab({ log })                                                   the native trainer, same batch
import { labConfig } from '../../web/compute/lab-config.js';
import { parallelStep } from '../../wasm/bindings/trainer-parallel.mjs';

export const LAB_SETTINGS = { task: 'passkey', level: 1, cache: 4, probe: 'on', lr: 0.003, batch: 16, steps: 100000, seed: 1, curriculum: 'off' };
export const LAB_SHAPE = 'lab: passkey D=1 B=16 S=3 L=64 d=64';

const now = () => performance.now();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const bytesEqual = (a, b) => a.length === b.length && new Uint8Array(a.buffer, a.byteOffset, a.byteLength)
  .every((x, i) => x === new Uint8Array(b.buffer, b.byteOffset, b.byteLength)[i]);

/** Two workers (this trainer + one helper) against one, paired steps → a record. */
async function twoWorkers({ t, variant, spawnHelper, runtime, quick, log }) {
  log(`  train-browser: ${runtime} ${variant}, 2 workers vs 1`);
  const config = labConfig(LAB_SETTINGS);
  const impl = `trainer-${variant}-2-workers`;
  const base = { suite: 'train-browser', runtime, shape: LAB_SHAPE, impl };
  const { helper, stop } = spawnHelper(variant);
  try {
    await helper.create(config);
    // the same bits: one step with one worker, the same step with two
    t.create(config);
    const one = t.step();
    const p1 = t.params();
    let state = t.create(config);
    state = await parallelStep(t, state, [helper]);
    if (state.loss !== one.loss || !bytesEqual(t.params(), p1)) {
      return { ...base, status: 'mismatch', error: `2 workers: loss ${state.loss} vs ${one.loss}, or the parameters differ` };
    }
    const warm = now();
    while (!quick && now() - warm < 1500) {  // both workers' engines tier up
      state = t.step();
      state = await parallelStep(t, state, [helper]);
    }
    const ms1 = [], ms2 = [];
    let tokens = state.tokens;
    for (let i = 0; i < (quick ? 1 : 9); i++) {
      let t0 = now();
      state = t.step();
      ms1.push(now() - t0);
      t0 = now();
      state = await parallelStep(t, state, [helper]);
      ms2.push(now() - t0);
      tokens = state.tokens;
    }
    const ratios = ms1.map((m, i) => m / ms2[i]);
    const m = median(ms2);
    return { ...base, ms_median: m, tokens_per_s: tokens / (m / 1000),
      ratio_vs: { [`trainer-${variant}`]: median(ratios) }, pairs: ratios.length, ratio_min: Math.min(...ratios), ratio_max: Math.max(...ratios),
      note: 'two workers, one group of 8 documents each: parameters out, gradients back (transferred), added in group order' };
  } finally {
    stop();
  }
}

export async function trainBrowserSuite({ trainers, spawnHelper, runtime, quick, log }) {
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
    if (spawnHelper) records.push(await twoWorkers({ t, variant, spawnHelper, runtime, quick, log }));
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
