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
import { h } from '../lib/dom.js';
import { fmt, fmtSig } from '../lib/format.js';
import { table } from '../lib/data-table.js';
import { barChart } from '../lib/charts.js';
import { cppFunction } from '../lib/cpp-source.js';
import { codeTabs, CODE_TABS } from '../lib/code-tabs.js';
import { createCoreClient } from '../core/client.js';
import { coreFeatures } from '../core/detect.js';
import { defineWidget } from './common/define-widget.js';

const NAME = 'kernel-bench';
export const KERNEL_NAME = 'micro_2xNR';
export const KERNEL_SOURCE = cppFunction(gemmSource, KERNEL_NAME);
// The same tile in PyTorch style, written for this course (shown beside the C++; it does not run).
const KERNEL_PYTORCH = `# The 2 x 16 tile C[0:2, 0:16] of C = A @ B (or C += A @ B), one step p of the shared dimension at a time.
# a0, a1: two rows of A, [k]; b: the packed panel of B, [k, 16]; c: the tile, [2, 16]
def micro_2x16(a0, a1, b, c, accumulate):
    x0 = c[0].clone() if accumulate else torch.zeros(16)   # x00 … x03: four 4-lane accumulators
    x1 = c[1].clone() if accumulate else torch.zeros(16)   # x10 … x13
    for p in range(b.shape[0]):
        x0 += a0[p] * b[p]   # broadcast a0[p], multiply-add into 16 lanes
        x1 += a1[p] * b[p]
    c[0] = x0
    c[1] = x1   # together: c = (c if accumulate else 0) + torch.stack([a0, a1]) @ b`;

// The contestants, in drawing order (the relaxed build only where this browser compiles it).
const ALL_IMPLS = [
  { key: 'relaxed', style: 'c', label: 'Core, relaxed build', detail: 'C++ → WebAssembly, 128-bit SIMD with fused multiply-add (f32x4.relaxed_madd)', worker: 'relaxed', impl: 'core' },
  { key: 'simd', style: 'a', label: 'Core, SIMD build', detail: 'C++ → WebAssembly, 128-bit SIMD (xsimd), multiply then add', worker: 'simd', impl: 'core' },
  { key: 'scalar', style: 'b', label: 'Core, scalar build', detail: 'the same C++ without SIMD', worker: 'scalar', impl: 'core' },
  { key: 'js', style: 'ref', label: 'Plain JavaScript', detail: 'three nested loops per query row', worker: 'page', impl: 'js' },
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
const benchRuns = {
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
};

function drawBars(entry, o, width) {
  const done = IMPLS.filter((i) => entry.results[i.key]);
  return barChart({
    kind: 'kernel-bench',
    title: `Attention throughput at n = ${o.n}, d = ${o.d}, in GFLOP/s. `
      + (done.length ? done.map((i) => `${i.label}: ${fmt(entry.results[i.key].gflops, 2)}`).join('; ') : 'Not measured yet.'),
    width,
    labelWidth: width < 480 ? 116 : 140,
    x: { label: `GFLOP/s = 4·n²·d / time (n = ${o.n}, d = ${o.d}) →` },
    bars: IMPLS.map((impl) => {
      const r = entry.results[impl.key];
      const pending = entry.state === 'running' && entry.phase === impl.key;
      const chosen = impl.key === pageBuild;
      return {
        key: impl.key,
        label: chosen ? `${impl.label} ★` : impl.label,
        value: r ? r.gflops : null,
        style: impl.style,
        text: r ? `${fmt(r.gflops, 2)} GFLOP/s` : pending ? `measuring (${entry.sub ?? 'warm-up'})…` : '—',
        tip: r ? `${impl.label}\n${fmt(r.gflops, 2)} GFLOP/s\n${fmtSig(r.ms, 3)} ms per call` : undefined,
        tagBar: () => ({ class: `bar bar-${impl.key}`, data: { chosen: String(chosen) } }),
        tag: () => (r ? { class: `bar-value value-${impl.key}`, data: { gflops: r.gflops } } : { class: 'bar-pending' }),
      };
    }),
  });
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
  const items = [h('li', {}, `This page runs the ${pageBuild ?? 'SIMD'} build (★); the SIMD builds run on ${r.simd.arch} with ${r.simd.lanes} float lanes per vector.`)];
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

export const { mount } = defineWidget({
  name: NAME,
  title: 'The kernels of this page, timed on your machine',
  method: 'How it is measured: Q, K, V = randn(seed 1, 2, 3; n × d); each implementation is warmed up for 0.5 s, then called for at least '
    + '0.3 s (and 3 calls); the time is the median per call. The core runs attentionTiled; plain JavaScript runs in the worker '
    + 'of the build this page runs. Everything runs in background workers and can be cancelled.',
  setup(w) {
    const code = h('figure', { class: 'kernel-source' },
      h('figcaption', {}, `The inner kernel of the SIMD builds, ${KERNEL_NAME} in wasm/core/kernels/gemm.cpp: a 2 × 16 tile of the output in eight vector accumulators (simd::madd is relaxed_madd in the relaxed build, a multiply and an add in the SIMD build).`),
      codeTabs({ tabs: [
        { lang: 'cpp', ...CODE_TABS.cpp, text: KERNEL_SOURCE, codeAttrs: { 'data-source': 'gemm.cpp' } },
        { lang: 'python', ...CODE_TABS.python, text: KERNEL_PYTORCH },
      ] }));
    w.frame.figure.insertBefore(code, w.frame.figure.querySelector('.widget-method'));
    return {};
  },
  run: {
    ...benchRuns,
    empty: () => ({ results: {}, state: 'none' }),
    progress: (e) => [Object.keys(e.results).length, IMPLS.length],
    noun: 'Benchmark',
    progressLabel: 'Benchmark progress',
    progressMax: IMPLS.length,
    running: (e) => {
      const impl = IMPLS.find((i) => i.key === e.phase);
      return `Measuring ${impl.label.toLowerCase()} (${e.sub ?? 'warm-up'})… ${Object.keys(e.results).length} of ${IMPLS.length} done.`;
    },
    done: (e, o) => ({
      text: `Done: ${IMPLS.map((i) => `${i.label} ${fmt(e.results[i.key].gflops, 2)} GFLOP/s`).join(', ')}.`,
      result: { n: o.n, d: o.d, gflops: Object.fromEntries(IMPLS.map((i) => [i.key, e.results[i.key].gflops])) },
    }),
    stopped: 'Cancelled. What was measured so far is shown.',
    error: (message) => `The benchmark failed: ${message}`,
    idle: `Press Run to time the ${IMPLS.length} implementations (about ${IMPLS.length}–${IMPLS.length + 2} s; it runs in the background and can be cancelled).`,
  },
  responsive: true,
  render: (e, o, w) => [h('div', { class: 'plots' }, drawBars(e, o, Math.min(w.width, 640))), h('div', { class: 'readout-box', 'aria-live': 'polite' }, readout(e))],
  table: dataTable,
});
