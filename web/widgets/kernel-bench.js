// kernel-bench: the same attention softmax(Q·Kᵀ/√d)·V timed on this machine by
// each build of the core — relaxed SIMD (where the browser has it), SIMD, and
// the same C++ without SIMD — and by plain JavaScript loops (in the page's own
// core worker), drawn as GFLOP/s bars with the numbers printed, the build this
// page runs marked, next to the inner kernel (quoted from the source file at
// build time). Builds the page does not run get a worker of their own.
// A run is a cancellable job per implementation (job 'kernel-bench'); results
// are kept by settings for the life of the page, and a run keeps going when the
// learner leaves the pane.
import gemmSource from '@wasm/core/kernels/gemm.cpp?raw';
import { uid } from '../app/dom.js';
import { createCoreClient } from '../core/client.js';
import { coreFeatures } from '../core/detect.js';
import { widgetFrame } from './common/frame.js';
import { buildControls } from './common/controls.js';
import { runStore, runPanel } from './common/long-run.js';
import { cppFunction } from './lib/kernel-bench-js.js';
import { h, svg, fmt, fmtSig, table, plotRoot, strokes } from './lib/scaling-plot-kit.js';

const NAME = 'kernel-bench';
export const KERNEL_NAME = 'micro_2xNR';
export const KERNEL_SOURCE = cppFunction(gemmSource, KERNEL_NAME);

// The contestants, in drawing order (the relaxed build only where this browser compiles it).
const ALL_IMPLS = [
  { key: 'relaxed', label: 'Core, relaxed build', detail: 'C++ → WebAssembly, 128-bit SIMD with fused multiply-add (f32x4.relaxed_madd)', worker: 'relaxed', impl: 'core', fill: 'var(--series-c, #7c3aed)' },
  { key: 'simd', label: 'Core, SIMD build', detail: 'C++ → WebAssembly, 128-bit SIMD (xsimd), multiply then add', worker: 'simd', impl: 'core', fill: 'var(--series-a, #d9480f)' },
  { key: 'scalar', label: 'Core, scalar build', detail: 'the same C++ without SIMD', worker: 'scalar', impl: 'core', fill: 'var(--series-b, #2563eb)' },
  { key: 'js', label: 'Plain JavaScript', detail: 'three nested loops per query row', worker: 'page', impl: 'js', fill: 'var(--muted, #6b7280)' },
];
const IMPLS = ALL_IMPLS.filter((i) => i.key !== 'relaxed' || coreFeatures().relaxed);

// Workers for the builds the page's own core does not run, started on first use.
const extraClients = new Map();

function clientFor(worker, core) {
  if (worker === 'page' || core.info?.variant === worker) return core;
  if (!extraClients.has(worker)) extraClients.set(worker, createCoreClient({ variant: worker }));
  return extraClients.get(worker);
}

/** The build the page's core worker runs ('relaxed' | 'simd' | 'scalar'), once it is up. */
let pageBuild = null;

// Benchmarks by settings (common/long-run.js); an entry's own fields:
//   results { impl key → job result }, phase (the impl being measured), sub ('warm-up' | 'timing' | 'done')
const runs = runStore({
  keyOf: (o) => `${o.n}|${o.d}`,
  fresh: () => ({ results: {}, phase: IMPLS[0].key }),
  async job(entry, { core, o, signal, emit }) {
    for (const impl of IMPLS) {
      entry.phase = impl.key;
      entry.sub = 'warm-up';
      emit();
      pageBuild = (await core.ready).variant;
      const client = clientFor(impl.worker, core);
      const r = await client.run(NAME, { n: o.n, d: o.d, impl: impl.impl }, {
        signal,
        onProgress: (p) => {
          entry.sub = p.phase === 'warm-up' ? 'timing' : 'done';
          emit();
        },
      });
      entry.results[impl.key] = r;
      emit();
    }
  },
  // Cancelling also stops the other builds' workers.
  onStart: (entry) => entry.controller.signal.addEventListener('abort', () => extraClients.forEach((c) => c.cancel()), { once: true }),
});

// ------------------------------------------------------------------ drawing
const W = 520;
const ROW = 46;
const M = { left: 150, right: 110, top: 10, bottom: 34 };

function drawBars(entry, o) {
  const H = M.top + ROW * IMPLS.length + M.bottom;
  const x0 = M.left;
  const x1 = W - M.right;
  const vals = IMPLS.map((i) => entry.results[i.key]?.gflops ?? 0);
  const max = Math.max(1, ...vals);
  const x = (v) => x0 + (v / max) * (x1 - x0);
  const titleId = uid('bench-title');
  const done = IMPLS.filter((i) => entry.results[i.key]);
  const root = plotRoot(W, H, { role: 'img', 'aria-labelledby': titleId, 'data-plot': 'kernel-bench' });
  root.append(svg('title', { id: titleId }, `Attention throughput at n = ${o.n}, d = ${o.d}, in GFLOP/s. `
    + (done.length ? done.map((i) => `${i.label}: ${fmt(entry.results[i.key].gflops, 2)}`).join('; ') : 'Not measured yet.')));
  const g = svg('g', { 'aria-hidden': 'true' });
  IMPLS.forEach((impl, row) => {
    const y = M.top + row * ROW;
    const r = entry.results[impl.key];
    const chosen = impl.key === pageBuild;
    const where = chosen ? '★ this page runs it' : impl.worker === 'page' ? "in the page's worker" : 'its own worker';
    g.append(svg('text', { x: x0 - 8, y: y + 17, 'text-anchor': 'end', 'font-weight': 700 }, impl.label),
      svg('text', { x: x0 - 8, y: y + 31, 'text-anchor': 'end', style: 'fill: var(--muted, #6b7280)', 'font-size': 9, class: chosen ? 'chosen-build' : null }, where));
    if (r) {
      g.append(svg('rect', { x: x0, y: y + 6, width: Math.max(1, x(r.gflops) - x0), height: 26, style: `fill: ${impl.fill}${chosen ? '; stroke: currentColor; stroke-width: 2' : ''}`, class: `bar bar-${impl.key}`, 'data-chosen': String(chosen) }),
        svg('text', { x: x(r.gflops) + 6, y: y + 18, 'font-weight': 700, class: `bar-value value-${impl.key}`, 'data-gflops': r.gflops }, `${fmt(r.gflops, 2)} GFLOP/s`),
        svg('text', { x: x(r.gflops) + 6, y: y + 31, 'font-size': 9 }, `${fmtSig(r.ms, 3)} ms per call`));
    } else {
      const pending = entry.state === 'running' && entry.phase === impl.key;
      g.append(svg('text', { x: x0 + 4, y: y + 23, style: 'fill: var(--muted, #6b7280)' }, pending ? `measuring (${entry.sub ?? 'warm-up'})…` : '—'));
    }
  });
  const yb = M.top + ROW * IMPLS.length + 4;
  g.append(svg('line', { x1: x0, y1: M.top, x2: x0, y2: yb, style: strokes.axis }),
    svg('line', { x1: x0, y1: yb, x2: x1, y2: yb, style: strokes.axis }),
    svg('text', { x: (x0 + x1) / 2, y: yb + 22, 'text-anchor': 'middle' }, `GFLOP/s = 4·n²·d / time (n = ${o.n}, d = ${o.d})`));
  root.append(g);
  return root;
}

function dataTable(entry, o) {
  const rows = IMPLS.map((impl) => {
    const r = entry.results[impl.key];
    return [impl.label + (impl.key === pageBuild ? ' (this page runs it)' : ''), impl.detail, r ? fmtSig(r.ms, 3) : '—', r ? String(r.runs) : '—', r ? fmt(r.gflops, 2) : '—', r ? r.maxDiff.toExponential(1) : '—'];
  });
  return table(`Attention softmax(Q·Kᵀ/√d)·V at n = ${o.n}, d = ${o.d}, timed on this machine`,
    ['implementation', 'what runs', 'median ms per call', 'timed calls', 'GFLOP/s', 'max |out − naive reference|'], rows);
}

function readout(entry) {
  const r = entry.results;
  if (!r.simd) return h('p', { class: 'readout' }, 'No measurement yet for these settings: press Run.');
  const items = [h('li', {}, `This page runs the ${pageBuild ?? 'SIMD'} build; the SIMD builds run on ${r.simd.arch} with ${r.simd.lanes} float lanes per vector.`)];
  if (r.relaxed) {
    items.push(h('li', {}, 'Relaxed (fused multiply-add) vs SIMD build: ', h('strong', { 'data-quantity': 'speedup-relaxed' }, `${fmt(r.relaxed.gflops / r.simd.gflops, 2)}×`),
      ` (${fmt(r.relaxed.gflops, 2)} against ${fmt(r.simd.gflops, 2)} GFLOP/s).`));
  } else if (!IMPLS.some((i) => i.key === 'relaxed')) {
    items.push(h('li', {}, 'This browser has no relaxed SIMD, so the relaxed build is not measured.'));
  }
  if (r.scalar) {
    items.push(h('li', {}, 'SIMD vs scalar build: ', h('strong', { 'data-quantity': 'speedup-scalar' }, `${fmt(r.simd.gflops / r.scalar.gflops, 1)}×`),
      ` (${fmt(r.simd.gflops, 2)} against ${fmt(r.scalar.gflops, 2)} GFLOP/s).`));
  }
  if (r.js) {
    items.push(h('li', {}, 'SIMD vs plain JavaScript: ', h('strong', { 'data-quantity': 'speedup-js' }, `${fmt(r.simd.gflops / r.js.gflops, 1)}×`),
      ` (${fmt(r.simd.gflops, 2)} against ${fmt(r.js.gflops, 2)} GFLOP/s).`));
  }
  const worst = Math.max(...Object.values(r).map((x) => x.maxDiff));
  items.push(h('li', {}, `All ${Object.keys(r).length} agree with the core's naive reference to ${worst.toExponential(1)} (largest absolute difference).`));
  return h('ul', { class: 'readout' }, items);
}

// ------------------------------------------------------------------ widget
export async function mount(el, options, ctx) {
  const id = uid('kbench');
  let o = { ...options };

  const frame = widgetFrame(el, { title: 'The kernels of this page, timed on your machine', uid: id });
  const controls = buildControls(frame.controls, NAME, o, (key, value) => {
    o = { ...o, [key]: value };
    ctx.setUrlState?.({ [key]: value });
    panel.attach();
  }, { uid: id });
  const panel = runPanel(frame, ctx, runs, {
    settings: () => o,
    render,
    noun: 'Benchmark',
    progressLabel: 'Benchmark progress',
    progressMax: IMPLS.length,
    running: (e) => {
      const impl = IMPLS.find((i) => i.key === e.phase);
      return `Measuring ${impl.label.toLowerCase()} (${e.sub ?? 'warm-up'})… ${Object.keys(e.results).length} of ${IMPLS.length} done.`;
    },
    done: (e) => ({
      text: `Done: ${IMPLS.map((i) => `${i.label} ${fmt(e.results[i.key].gflops, 2)} GFLOP/s`).join(', ')}.`,
      result: { n: o.n, d: o.d, gflops: Object.fromEntries(IMPLS.map((i) => [i.key, e.results[i.key].gflops])) },
    }),
    stopped: 'Cancelled. What was measured so far is shown.',
    error: (message) => `The benchmark failed: ${message}`,
    idle: `Press Run to time the ${IMPLS.length} implementations (about ${IMPLS.length}–${IMPLS.length + 2} s; it runs in the background and can be cancelled).`,
  });
  const plotBox = h('div', { class: 'plots' });
  const read = h('div', { class: 'readout-box', 'aria-live': 'polite' });
  const code = h('figure', { class: 'kernel-source' },
    h('figcaption', {}, `The inner kernel of the SIMD builds, ${KERNEL_NAME} in wasm/core/kernels/gemm.cpp: a 2 × 16 tile of the output in eight vector accumulators (simd::madd is relaxed_madd in the relaxed build, a multiply and an add in the SIMD build).`),
    h('pre', { tabindex: '0', 'aria-label': `C++ source of ${KERNEL_NAME}` }, h('code', { class: 'language-cpp', 'data-source': 'gemm.cpp' }, KERNEL_SOURCE)));
  frame.view.append(plotBox, read);
  frame.figure.append(code, h('p', { class: 'widget-method' },
    'How it is measured: Q, K, V = randn(seed 1, 2, 3; n × d); each implementation is warmed up for 0.5 s, then called for at least ',
    '0.3 s (and 3 calls); the time is the median per call. The core runs attentionTiled; plain JavaScript runs in the worker ',
    'of the build this page runs (marked ★). Everything runs in background workers and can be cancelled.'));

  function render() {
    const e = panel.entry ?? { results: {}, state: 'none' };
    plotBox.replaceChildren(drawBars(e, o));
    read.replaceChildren(readout(e));
    frame.table.replaceChildren(dataTable(e, o));
    panel.progress.value = Object.keys(e.results).length;
    panel.show(e);
  }

  panel.attach();
  // Mark the build this page runs as soon as its worker is up.
  ctx.core?.ready?.then((info) => {
    pageBuild = info.variant;
    render();
  }, () => {});
  return {
    update(next) {
      o = { ...o, ...next };
      controls.set(o);
      panel.attach();
    },
    destroy: panel.destroy,
  };
}
