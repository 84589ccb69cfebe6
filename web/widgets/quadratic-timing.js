// quadratic-timing: full attention timed against n on this machine, in the
// core worker (job 'time-attention'), drawn log-log with a least-squares
// slope. A run = a warm-up (≥ 0.5 s, so the browser's optimising compiler has
// kicked in), then for each n the median of several timed calls. The run is
// a cancellable job with progress; results are kept by settings for the life
// of the page, and a run keeps going if the learner leaves the pane, so
// coming back shows it (finished, or still running).
import { h } from '../lib/dom.js';
import { fmt, fmtSig } from '../lib/format.js';
import { table } from '../lib/data-table.js';
import { lineChart } from '../lib/charts.js';
import { timingSizes, fitPowerLaw, attentionFlops } from '../compute/timing-fit.js';
import { defineWidget } from './common/define-widget.js';

const METHOD_LABEL = { tiled: 'attentionTiled', materialised: 'attention (n × n weights)' };

const methodsOf = (o) => (o.method === 'both' ? ['tiled', 'materialised'] : [o.method]);

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

// Timing runs by settings (common/long-run.js); an entry's own fields:
//   series { method → [{ n, ms, runs }] }, progress { phase: 'warm-up' | method, pass, done, total, n }
const timingRuns = {
  keyOf: (o) => `${o.maxN}|${o.d}|${o.runs}|${o.method}`,
  fresh: (o) => ({
    series: Object.fromEntries(methodsOf(o).map((m) => [m, []])),
    progress: { phase: 'warm-up', done: 0, total: timingSizes(o.maxN).length * methodsOf(o).length * o.runs },
  }),
  async job(entry, { core, o, signal, emit }) {
    const methods = methodsOf(o);
    const sizes = timingSizes(o.maxN);
    emit();
    await core.run('time-attention', { sizes: [512], d: o.d, repeats: 3, minMs: 500, path: methods[0] }, { signal });
    // `runs` passes over all sizes; each pass times every n once (the median of
    // its calls within ≥ 20 ms); a size's time is the median over the passes, so
    // a burst of load elsewhere on the machine spoils one pass, not one size.
    const samples = Object.fromEntries(methods.map((m) => [m, new Map(sizes.map((n) => [n, []]))]));
    let done = 0;
    for (let pass = 0; pass < o.runs; pass++) {
      for (const m of methods) {
        entry.progress = { phase: m, pass, done, total: entry.progress.total };
        emit();
        await core.run('time-attention', { sizes, d: o.d, repeats: 1, minMs: 20, path: m }, {
          signal,
          onProgress: (p) => {
            samples[m].get(p.n).push(p.ms);
            done += 1;
            entry.series[m] = sizes
              .filter((n) => samples[m].get(n).length)
              .map((n) => ({ n, ms: median(samples[m].get(n)), runs: samples[m].get(n).length }));
            entry.progress = { phase: m, pass, done, total: entry.progress.total, n: p.n };
            emit();
          },
        });
      }
    }
  },
};

function fitOf(points, fit) {
  const pts = [...points].sort((a, b) => a.n - b.n);
  const used = fit === 'larger-half' ? pts.slice(Math.floor(pts.length / 2)) : pts;
  if (used.length < 2) return null;
  return { ...fitPowerLaw(used), from: used[0].n, to: used[used.length - 1].n };
}

const STYLE = { tiled: 'a', materialised: 'b' };

function drawPlot(entry, o, width) {
  const sizes = timingSizes(o.maxN);
  const all = Object.values(entry.series).flat();
  const lo = all.length ? Math.min(...all.map((p) => p.ms)) : 0.1;
  const hi = all.length ? Math.max(...all.map((p) => p.ms)) : 100;
  const yMin = 10 ** Math.floor(Math.log10(lo));
  const yMax = 10 ** Math.ceil(Math.log10(hi * 1.01));
  const yTicks = [];
  for (let t = yMin; t <= yMax * 1.0001; t *= 10) yTicks.push(t);
  const fits = Object.entries(entry.series).map(([m, pts]) => [m, fitOf(pts, o.fit)]).filter(([, f]) => f);
  const series = [];
  for (const [m, pts] of Object.entries(entry.series)) {
    const f = fitOf(pts, o.fit);
    series.push({
      key: m, label: m, detail: f ? `slope ${fmt(f.slope, 2)}` : 'slope —', style: STYLE[m], line: false,
      points: [...pts].sort((a, b) => a.n - b.n).map((p) => ({ x: p.n, y: p.ms })),
      tag: (d) => ({ class: `point point-${m}`, data: { n: d.x, ms: d.y } }),
    });
    if (f) {
      const fx = (n) => Math.exp(f.intercept + f.slope * Math.log(n));
      series.push({ key: `fit-${m}`, style: STYLE[m], markers: false, dash: '5 3', width: 1.5, points: [{ x: f.from, y: fx(f.from) }, { x: f.to, y: fx(f.to) }] });
    }
  }
  return lineChart({
    kind: 'timing',
    title: `Median time of full attention against n, log-log, d = ${o.d}. `
      + (fits.length ? fits.map(([m, f]) => `${METHOD_LABEL[m]}: fitted slope ${fmt(f.slope, 2)}`).join('; ') : 'No points yet.'),
    width,
    x: { label: 'n (tokens, log scale) →', type: 'log', base: 2, domain: [sizes[0], sizes[sizes.length - 1]], ticks: sizes.filter((_, i) => i % 2 === 0), format: (n) => String(n) },
    y: { label: '↑ median ms per call (log scale)', type: 'log', domain: [yMin, yMax], ticks: yTicks, format: (t) => (t >= 1 ? String(Math.round(t)) : String(t)) },
    series,
    tipFormat: (d) => `${d.series}\nn = ${d.x}\n${fmtSig(d.y, 3)} ms`,
  });
}

function dataTable(entry, o) {
  const rows = [];
  for (const [m, pts] of Object.entries(entry.series)) {
    for (const p of [...pts].sort((a, b) => a.n - b.n)) {
      rows.push([String(p.n), METHOD_LABEL[m], fmtSig(p.ms, 3), String(p.runs), fmt(attentionFlops(p.n, o.d) / (p.ms * 1e6), 1)]);
    }
  }
  return table(`Median time of one attention call, d = ${o.d}`, ['n', 'method', 'median ms', 'passes', 'GFLOP/s (4·n²·d / time)'], rows);
}

function readout(entry, o) {
  const items = [];
  for (const [m, pts] of Object.entries(entry.series)) {
    const f = fitOf(pts, o.fit);
    if (!f) continue;
    items.push(h('li', { 'data-method': m },
      `${METHOD_LABEL[m]}: fitted slope `, h('strong', { 'data-quantity': `slope-${m}` }, fmt(f.slope, 2)),
      ` over n = ${f.from} … ${f.to} (${f.count} points, r² = ${fmt(f.r2, 3)}); doubling n multiplies the time by 2^${fmt(f.slope, 2)} = ${fmt(2 ** f.slope, 2)}.`));
  }
  return items.length ? h('ul', { class: 'readout' }, items) : h('p', { class: 'readout' }, 'No timings yet for these settings: press Run.');
}

export const { mount } = defineWidget({
  name: 'quadratic-timing',
  title: 'Timing full attention on this machine',
  method: 'How it is measured: Q, K, V = randn(seed 1, 2, 3; n × d) in the core worker; a warm-up of at least 0.5 s; then “Runs” '
    + 'passes over all n, each timing one untimed and then at least 20 ms of calls per n (their median); a point is the median '
    + 'over the passes. The slope is the least-squares fit of log(time) against log(n).',
  run: {
    ...timingRuns,
    empty: (o) => ({ series: Object.fromEntries(methodsOf(o).map((m) => [m, []])), state: 'none' }),
    progress: (e) => (e.state === 'running' ? [e.progress.done, e.progress.total] : [0, 1]),
    noun: 'Timing',
    progressLabel: 'Timing progress',
    running: (e, o) => (e.progress.phase === 'warm-up'
      ? 'Warming up (at least 0.5 s)…'
      : `Timing ${METHOD_LABEL[e.progress.phase]}, pass ${e.progress.pass + 1} of ${o.runs}: ${e.progress.done} of ${e.progress.total} timings done${e.progress.n ? ` (last n = ${e.progress.n})` : ''}…`),
    done: (e, o) => {
      const fits = Object.entries(e.series).map(([m, pts]) => [m, fitOf(pts, o.fit)]).filter(([, f]) => f);
      return {
        text: `Done: ${fits.map(([m, f]) => `${m} slope ${fmt(f.slope, 2)}`).join(', ')}.`,
        result: { series: e.series, slopes: Object.fromEntries(fits.map(([m, f]) => [m, f.slope])) },
      };
    },
    stopped: 'Cancelled. The sizes timed so far are shown.',
    error: (message) => `The core reported an error: ${message}`,
    idle: 'Press Run to time attention on this machine (a few seconds; it runs in the background and can be cancelled).',
  },
  responsive: true,
  render: (e, o, w) => [h('div', { class: 'plots' }, drawPlot(e, o, Math.min(w.width, 720))), h('div', { class: 'readout-box' }, readout(e, o))],
  table: dataTable,
});
