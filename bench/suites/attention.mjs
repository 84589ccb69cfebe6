// Our attention: relaxed-SIMD and SIMD builds (tiled and materialised), scalar
// build, naive reference; the ceilings they are measured against; where the
// time goes (phases). Runs unchanged in node and in the browser page; `cores` =
// { relaxed?, simd, scalar } wrapped cores (wasm/bindings/core.mjs).
// GFLOP/s = 4·n²·d_model / time.
import { measure, maxAbsErr, median } from '../lib/timing.mjs';
import { measureInterleaved } from '../lib/peers.mjs';
import { SHAPES, LONG_SHAPE, shapeName, attentionFlops, inputs } from '../lib/shapes.mjs';

export { SINGLE_HEAD_SHAPES, SHAPES, LONG_SHAPE, shapeName, attentionFlops, inputs } from '../lib/shapes.mjs';

// scale: the flops of one iteration relative to the ceiling probes' (about 80); the tile
// probes do ~524k per iteration, so they run as many iterations divided by that ratio.
async function timeProbe(call, { quick, scale = 1 }) {
  const iterations = Math.max(1, Math.round((quick ? 1e5 : 2e7) / scale));
  const m = await measure(() => call(iterations), { quick, warmupMs: 1500, minRunMs: 50 });
  return call(iterations).flops / (m.ms_median * 1e6);
}

/** The old 8-chain x = x·a + b probe (latency-bound on two FP pipes: not a ceiling). */
export const measurePeak = (core, opts) => timeProbe((it) => core.peakMulAdd(it), opts);

/**
 * The ceilings (GFLOP/s; probes in kernels/peak.hpp, each a lower bound on the
 * machine's peak, so the ceiling is the fastest of them in this run):
 *   mulAdd: separate multiply and add (SIMD build): 8 chains, 12 chains, 10 accumulators
 *   fma:    f32x4.relaxed_madd (relaxed build, when there is one): 12 chains, 10 accumulators
 */
export async function measureCeilings(cores, { quick }) {
  const probe = (core, kind) => timeProbe((it) => core.peakProbe(kind, it), { quick });
  const chains = await measurePeak(cores.simd, { quick });
  const chains12 = await probe(cores.simd, 'mul-add-chains');
  const acc = await probe(cores.simd, 'mul-add');
  const fmaChains = cores.relaxed ? await probe(cores.relaxed, 'fma-chains') : null;
  const fmaAcc = cores.relaxed ? await probe(cores.relaxed, 'fma') : null;
  return { chains, chains12, acc, mulAdd: Math.max(chains, chains12, acc), fmaChains, fmaAcc, fma: cores.relaxed ? Math.max(fmaChains, fmaAcc) : null };
}

/** The build a browser with these cores would run: relaxed where there is one, else SIMD. */
export const bestBuild = (cores) => (cores.relaxed ? 'relaxed' : 'simd');

export async function attentionSuite({ cores, runtime, quick = false, log = () => {}, shapes = SHAPES, long = true }) {
  const records = [];
  const ceil = await measureCeilings(cores, { quick });
  const probeRec = (impl, shape, gflops) => records.push({ suite: 'peak', impl, shape, runtime, gflops, ms_median: null });
  probeRec('mul+add 8 chains', 'x = x*a + b', ceil.chains);
  probeRec('mul+add 12 chains', 'x = x*a + b', ceil.chains12);
  probeRec('mul+add 10 acc', 'acc += s*b', ceil.acc);
  probeRec('mul+add ceiling', 'fastest mul+add probe', ceil.mulAdd);
  if (ceil.fma) {
    probeRec('FMA 12 chains', 'x = madd(x, a, b)', ceil.fmaChains);
    probeRec('FMA 10 acc', 'acc = madd(s, b, acc)', ceil.fmaAcc);
    probeRec('FMA ceiling', 'fastest FMA probe', ceil.fma);
  }
  // Not ceilings: the tiled attention's own Q·Kᵀ and P·V loops on one block × tile with every
  // operand in cache (kernels/peak.hpp, peak_tile), in the build a browser would run; against
  // the phases of a real call (suite phases) they separate the register tile from the call.
  const best = bestBuild(cores);
  for (const [kind, label] of [['tile-qk', 'Q·Kᵀ'], ['tile-pv', 'P·V']]) {
    const g = await timeProbe((it) => cores[best].peakProbe(kind, it), { quick, scale: 6500 });
    probeRec(`${kind} ${best}`, `${label} of a 16 × 256 block, d = 64, operands in cache`, g);
  }
  log(`${runtime}: mul+add probes ${[ceil.chains, ceil.chains12, ceil.acc].map((g) => g.toFixed(1)).join(' / ')} (8 chains / 12 chains / 10 acc)`
    + `${ceil.fma ? `, FMA probes ${ceil.fmaChains.toFixed(1)} / ${ceil.fmaAcc.toFixed(1)} (12 chains / 10 acc)` : ''} GFLOP/s`);
  const peak = ceil.mulAdd;
  const ceilingOf = (impl) => (impl.startsWith('ours-relaxed') && ceil.fma ? ceil.fma : ceil.mulAdd);

  const run = (core, fn) => (s) => {
    const { Q, K, V } = inputs(core, s);
    return s.heads > 1 ? () => core.attentionHeads(Q, K, V, s.heads) : () => core[fn](Q, K, V);
  };
  const impls = [
    ...(cores.relaxed ? [['ours-relaxed-tiled', run(cores.relaxed, 'attentionTiled')], ['ours-relaxed', run(cores.relaxed, 'attention')]] : []),
    ['ours-simd-tiled', run(cores.simd, 'attentionTiled')],
    ['ours-simd', run(cores.simd, 'attention')],
    ['ours-scalar-tiled', run(cores.scalar, 'attentionTiled')],
    ['naive-scalar', run(cores.scalar, 'attentionNaive')],
  ];
  const tiled = (impl) => impl.endsWith('-tiled');

  for (const s of [...shapes, ...(long ? [LONG_SHAPE] : [])]) {
    const isLong = s === LONG_SHAPE;
    const ref = s.heads > 1 || isLong ? null : (() => { const { Q, K, V } = inputs(cores.simd, s); return cores.simd.attentionNaive(Q, K, V).out.data; })();
    const byImpl = {};
    for (const [impl, make] of impls) {
      if (s.heads > 1 && !tiled(impl)) continue;
      if (isLong && !(impl === 'ours-simd-tiled' || impl === 'ours-relaxed-tiled')) continue;
      const fn = make(s);
      const out = fn();
      const data = out.out ? out.out.data : out.data;
      const m = await measure(fn, { quick, runs: 7 });
      const rec = {
        suite: 'attention', impl, shape: shapeName(s), runtime, ms_median: m.ms_median, runs: m.runs,
        gflops: attentionFlops(s) / (m.ms_median * 1e6),
      };
      rec.frac_peak = rec.gflops / ceilingOf(impl);
      rec.ceiling = impl.startsWith('ours-relaxed') && ceil.fma ? 'fma' : 'mul+add';
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
    // relaxed vs SIMD, timed in alternation so that drifting load cancels out
    if (byImpl['ours-relaxed-tiled'] && best && !quick) {
      const [r, q] = await measureInterleaved([make('ours-relaxed-tiled', s), make('ours-simd-tiled', s)], { runs: 7 });
      byImpl['ours-relaxed-tiled'].ratio_vs = { 'ours-simd-tiled': q.ms_median / r.ms_median };
    }
  }
  return records;

  function make(impl, s) {
    return impls.find(([name]) => name === impl)[1](s);
  }
}

// ---- where the time goes
export const PHASE_SIZES = [77, 256, 1024, 4096];
export const PHASES = ['copyIn', 'pack', 'qk', 'softmax', 'pv', 'rows', 'copyOut'];

/**
 * attentionTiledPhases on n × 64 for each build: the median over runs of each
 * phase (ms), the phases' sum, and the whole call timed from JS without the
 * phase clocks (its excess over the sum is the call's own overhead: argument
 * checks, embind, the result object).
 */
export async function phaseSuite({ cores, runtime, quick = false, log = () => {}, sizes = PHASE_SIZES }) {
  const records = [];
  const builds = [...(cores.relaxed ? ['relaxed'] : []), 'simd'];
  for (const n of sizes) {
    for (const build of builds) {
      const core = cores[build];
      const s = { n, d: 64, heads: 1 };
      const { Q, K, V } = inputs(core, s);
      const plain = await measure(() => core.attentionTiled(Q, K, V), { quick, runs: 7 });
      // phases: warm up, then enough calls for about 300 ms (at least 7)
      const calls = quick ? 1 : Math.max(7, Math.min(2001, Math.ceil(300 / plain.ms_median)) | 1);
      const per = Object.fromEntries(PHASES.map((p) => [p, []]));
      for (let i = 0; i < calls; i++) {
        const { phases } = core.attentionTiledPhases(Q, K, V);
        for (const p of PHASES) per[p].push(phases[p]);
      }
      const phases = Object.fromEntries(PHASES.map((p) => [p, median(per[p])]));
      const sum = PHASES.reduce((a, p) => a + phases[p], 0);
      const rec = {
        suite: 'phases', impl: `ours-${build}-tiled`, shape: shapeName(s), runtime, ms_median: plain.ms_median,
        gflops: attentionFlops(s) / (plain.ms_median * 1e6), phases, phases_sum: sum, calls,
        overhead_ms: Math.max(0, plain.ms_median - sum),
      };
      records.push(rec);
      log(`${runtime} phases ${rec.shape} ${rec.impl}: ${PHASES.map((p) => `${p} ${phases[p].toFixed(4)}`).join(', ')}; call ${plain.ms_median.toFixed(4)} ms`);
    }
  }
  return records;
}

/** The phase records as one table: ms and % of the call per phase. */
export function formatPhases(records) {
  const rows = records.filter((r) => r.suite === 'phases');
  if (!rows.length) return '';
  const head = ['runtime', 'shape', 'build', 'call ms', ...PHASES.map((p) => `${p} ms (%)`), 'other ms (%)'];
  const body = rows.map((r) => {
    const pct = (v) => `${v.toFixed(v < 0.1 ? 4 : 3)} (${(100 * v / r.ms_median).toFixed(0)}%)`;
    return [r.runtime, r.shape, r.impl.replace(/^ours-|-tiled$/g, ''), r.ms_median.toFixed(4), ...PHASES.map((p) => pct(r.phases[p])), pct(r.overhead_ms)];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return ['Where the time goes (tiled attention, d = 64; medians; "other" = the call timed from JS minus the phases)',
    line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}
