// Our attention: SIMD (tiled and materialised), scalar build, naive reference.
// Runs unchanged in node and in the browser page; `cores` = { simd, scalar }
// wrapped cores (wasm/bindings/core.mjs). GFLOP/s = 4·n²·d_model / time.
import { measure, maxAbsErr } from '../lib/timing.mjs';

export const SINGLE_HEAD_SHAPES = [256, 1024, 4096].map((n) => ({ n, d: 64, heads: 1 }));
export const SHAPES = [
  ...SINGLE_HEAD_SHAPES,
  { n: 512, d: 256, heads: 4 },
  { n: 1000, d: 48, heads: 1 },
  { n: 77, d: 64, heads: 1 },
];
export const LONG_SHAPE = { n: 16384, d: 64, heads: 1 };

export const shapeName = ({ n, d, heads }) => (heads > 1 ? `n=${n} d_model=${d} h=${heads}` : `n=${n} d=${d}`);
export const attentionFlops = ({ n, d }) => 4 * n * n * d;

/** Q, K, V for a shape from fixed seeds (identical in every runtime). */
export function inputs(core, { n, d }) {
  return { Q: core.randn(101, n, d), K: core.randn(102, n, d), V: core.randn(103, n, d) };
}

export async function measurePeak(core, { quick }) {
  const iterations = quick ? 1e5 : 2e7;
  const m = await measure(() => core.peakMulAdd(iterations), { quick, warmupMs: 1500, minRunMs: 50 });
  const flops = core.peakMulAdd(iterations).flops;
  return flops / (m.ms_median * 1e6);
}

export async function attentionSuite({ cores, runtime, quick = false, log = () => {}, shapes = SHAPES, long = true }) {
  const records = [];
  const peak = await measurePeak(cores.simd, { quick });
  records.push({ suite: 'peak', impl: 'wasm mul+add', shape: '8 vectors', runtime, gflops: peak, ms_median: null });
  log(`${runtime}: mul+add peak ${peak.toFixed(1)} GFLOP/s`);

  const run = (core, fn) => (s) => {
    const { Q, K, V } = inputs(core, s);
    return s.heads > 1 ? () => core.attentionHeads(Q, K, V, s.heads) : () => core[fn](Q, K, V);
  };
  const impls = [
    ['ours-simd-tiled', run(cores.simd, 'attentionTiled')],
    ['ours-simd', run(cores.simd, 'attention')],
    ['ours-scalar-tiled', run(cores.scalar, 'attentionTiled')],
    ['naive-scalar', run(cores.scalar, 'attentionNaive')],
  ];

  for (const s of [...shapes, ...(long ? [LONG_SHAPE] : [])]) {
    const isLong = s === LONG_SHAPE;
    const ref = s.heads > 1 || isLong ? null : (() => { const { Q, K, V } = inputs(cores.simd, s); return cores.simd.attentionNaive(Q, K, V).out.data; })();
    const byImpl = {};
    for (const [impl, make] of impls) {
      if (s.heads > 1 && impl !== 'ours-simd-tiled' && impl !== 'ours-scalar-tiled') continue;
      if (isLong && impl !== 'ours-simd-tiled') continue;
      const fn = make(s);
      const out = fn();
      const data = out.out ? out.out.data : out.data;
      const m = await measure(fn, { quick, runs: 7 });
      const rec = {
        suite: 'attention', impl, shape: shapeName(s), runtime, ms_median: m.ms_median, runs: m.runs,
        gflops: attentionFlops(s) / (m.ms_median * 1e6),
      };
      rec.frac_peak = rec.gflops / peak;
      if (ref) rec.max_abs_err = maxAbsErr(data, ref);
      byImpl[impl] = rec;
      records.push(rec);
      log(`${runtime} ${rec.shape} ${impl}: ${rec.ms_median.toFixed(3)} ms, ${rec.gflops.toFixed(1)} GFLOP/s`);
    }
    const best = byImpl['ours-simd-tiled'];
    if (best) {
      best.ratio_vs = {};
      for (const other of ['ours-scalar-tiled', 'naive-scalar']) {
        if (byImpl[other]) best.ratio_vs[other] = byImpl[other].ms_median / best.ms_median;
      }
    }
  }
  return records;
}
