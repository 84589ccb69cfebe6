// scaling-plot: Var(q·k) and softmax saturation against d_k, unscaled and
// divided by √d_k. Every number comes from the core in the worker (job
// 'scaling-curves'; compute/scaling.js says exactly what is measured): Q, K
// and the samples × samples products stay there, the page receives one small
// record per d_k. Points are cached by settings for the life of the page, so
// leaving the pane and coming back shows the finished curves at once.
import { dkValues } from '../compute/scaling.js';
import { h } from '../lib/dom.js';
import { fmt, fmtSig } from '../lib/format.js';
import { table } from '../lib/data-table.js';
import { lineChart } from '../lib/charts.js';
import { defineWidget } from './common/define-widget.js';

const points = new Map(); // 'dk|samples|keys|seed' → point, for the life of the page

const keyOf = (dk, o) => `${dk}|${o.samples}|${o.keys}|${o.seed}`;

/** The d_k values a setting needs: powers of two up to max(maxDk, dk). */
function dksFor(o) {
  return dkValues(Math.max(o.maxDk, o.dk));
}

/** One plot: the unscaled and scaled series, reference lines, the read-out d_k marked and printed. */
function plot({ kind, title, desc, pts, get, y, yFmt, refs, readDk, maxDk, labels, width }) {
  const shown = pts.filter((p) => p.dk <= maxDk);
  const series = ['unscaled', 'scaled'].map((which) => ({
    key: which,
    label: labels[which],
    style: which === 'unscaled' ? 'a' : 'b',
    points: shown.map((p) => ({ x: p.dk, y: get(p)[which], dk: p.dk })),
    tag: (d) => ({ class: `point point-${which}`, data: { dk: d.dk, value: d.y } }),
  }));
  for (const r of refs) series.push({ key: 'ref', label: r.label, style: 'ref', markers: false, points: r.points.map(([px, py]) => ({ x: px, y: py })) });
  const at = shown.find((p) => p.dk === readDk);
  const notes = at ? ['unscaled', 'scaled'].map((which) => ({
    x: at.dk, y: get(at)[which], text: yFmt(get(at)[which], true), dx: -8, dy: which === 'unscaled' ? -10 : 14, anchor: 'end', bold: true,
    tag: () => ({ class: `readout-label readout-${which}`, data: { dk: at.dk } }),
  })) : [];
  return lineChart({
    kind,
    title: `${title}. ${desc}`,
    width,
    x: { label: 'd_k (log scale) →', type: 'log', base: 2, domain: [1, maxDk], ticks: dkValues(maxDk), format: (d) => String(d) },
    y: { ...y, format: (v) => yFmt(v, false) },
    series,
    rules: readDk <= maxDk ? [{ x: readDk }] : [],
    notes,
    tipFormat: (d) => `${d.series}\nd_k = ${d.x}\n${yFmt(d.y, true)}`,
  });
}

function variancePlot(pts, o, maxDk, width) {
  const top = 2 ** Math.ceil(Math.log2(maxDk * 1.6));
  const yTicks = [0.25];
  for (let t = 1; t <= top; t *= 4) yTicks.push(t);
  return plot({
    kind: 'variance',
    title: 'Variance of q·k against d_k',
    desc: `Unscaled dot products follow Var = d_k; divided by √d_k they stay near 1. ${o.samples} × ${o.samples} dot products per point.`,
    pts,
    get: (p) => p.variance,
    y: { label: '↑ Var(q·k) (log scale)', type: 'log', base: 2, domain: [0.25, top], ticks: yTicks },
    yFmt: (v, precise) => (precise ? fmtSig(v, 3) : String(v)),
    refs: [{ label: 'Var = d_k', points: [[1, 1], [maxDk, maxDk]] }],
    readDk: o.dk,
    maxDk,
    width,
    labels: { unscaled: 'q·k', scaled: 'q·k / √d_k' },
  });
}

function saturationPlot(pts, o, maxDk, width) {
  const even = 1 / o.keys;
  return plot({
    kind: 'saturation',
    title: `Mean largest softmax weight over ${o.keys} keys against d_k`,
    desc: `Unscaled scores saturate the softmax towards 1; scaled scores stay near an even spread. ${o.samples} queries per point.`,
    pts,
    get: (p) => p.saturation,
    y: { label: '↑ mean max weight', domain: [0, 1], ticks: [0, 0.25, 0.5, 0.75, 1] },
    yFmt: (v, precise) => (precise ? fmt(v, 3) : String(v)),
    refs: [{ label: `even spread: 1/${o.keys} = ${fmt(even, 3)}`, points: [[1, even], [maxDk, even]] }],
    readDk: o.dk,
    maxDk,
    width,
    labels: { unscaled: 'unscaled', scaled: '÷ √d_k' },
  });
}

function readout(pt, o) {
  if (!pt) return h('p', { class: 'readout' }, `d_k = ${o.dk}: computing…`);
  const q = (name, value, digits) => h('strong', { 'data-quantity': name }, digits === 'sig' ? fmtSig(value, 4) : fmt(value, digits));
  return h('div', { class: 'readout', 'data-dk': pt.dk },
    h('p', {}, `At d_k = ${pt.dk} (seed ${o.seed}, ${o.samples} samples):`),
    h('ul', {},
      o.show !== 'saturation'
        ? h('li', {}, 'Var(q·k) = ', q('variance-unscaled', pt.variance.unscaled, 'sig'), ' unscaled; ',
          q('variance-scaled', pt.variance.scaled, 3), ' divided by √d_k = ', fmtSig(Math.sqrt(pt.dk), 4), '.')
        : null,
      o.show !== 'variance'
        ? h('li', {}, `Mean largest weight of a softmax over ${o.keys} keys = `, q('saturation-unscaled', pt.saturation.unscaled, 3),
          ' unscaled; ', q('saturation-scaled', pt.saturation.scaled, 3), ` divided by √d_k (an even spread would be ${fmt(1 / o.keys, 3)}).`)
        : null));
}

function dataTable(pts, o) {
  return table(
    `Scaling plot, seed ${o.seed}, ${o.samples} samples, ${o.keys} keys`,
    ['d_k', 'Var(q·k)', 'Var(q·k/√d_k)', 'mean max weight, unscaled', 'mean max weight, ÷√d_k'],
    pts.map((p) => [String(p.dk), fmtSig(p.variance.unscaled, 4), fmt(p.variance.scaled, 3), fmt(p.saturation.unscaled, 3), fmt(p.saturation.scaled, 3)]),
  );
}

const METHOD = ['How it is computed: queries Q = randn(seed + 1, samples, d_k), keys K = randn(seed, samples, d_k), all N(0, 1). ',
  'Variance: over all samples × samples entries of Q·Kᵀ (matmul), and of Q·Kᵀ/√d_k. ',
  'Saturation: the keys are the first rows of K, randn(seed, keys, d_k); for each query the core computes the ',
  'softmax weights over those keys (attention with scale 1, and with the default 1/√d_k) and the plot shows ',
  'the mean over the queries of the largest weight. All of it runs in the core worker.'].join('');

/** What is known for these settings: the points computed so far and the read-out point. */
function snapshot(o) {
  const dks = dksFor(o);
  return { dks, pts: dks.map((dk) => points.get(keyOf(dk, o))).filter(Boolean), at: points.get(keyOf(o.dk, o)) ?? null };
}

function draw(snap, o, w) {
  const maxDk = Math.max(o.maxDk, o.dk);
  const figs = [];
  const both = o.show === 'both';
  const width = both && w.width >= 900 ? Math.floor((w.width - 24) / 2) : Math.min(w.width, 720);
  if (o.show !== 'saturation') figs.push(variancePlot(snap.pts, o, maxDk, width));
  if (o.show !== 'variance') figs.push(saturationPlot(snap.pts, o, maxDk, width));
  return [h('div', { class: 'plots' }, figs), h('div', { class: 'readout-box' }, readout(snap.at, o))];
}

export const { mount } = defineWidget({
  name: 'scaling-plot',
  title: 'Scaling with d_k: variance and softmax saturation',
  method: METHOD,
  // The keys only enter the saturation plot.
  hiddenControls: (o) => (o.show === 'variance' ? ['keys'] : []),
  cancel: 'stop',
  responsive: true,
  async compute(o, { core, signal, progress }) {
    const { dks } = snapshot(o);
    // The read-out d_k first, so its numbers appear soonest.
    const missing = [o.dk, ...dks.filter((d) => d !== o.dk)].filter((dk) => !points.has(keyOf(dk, o)));
    if (missing.length) {
      progress(snapshot(o), `Computing d_k = ${missing[0]} (${dks.length - missing.length + 1} of ${dks.length})…`);
      await core.run('scaling-curves', { dks: missing, samples: o.samples, keys: o.keys, seed: o.seed }, {
        signal,
        onProgress(pt) {
          points.set(keyOf(pt.dk, o), pt);
          const snap = snapshot(o);
          const next = missing.find((dk) => !points.has(keyOf(dk, o)));
          progress(snap, next ? `Computing d_k = ${next} (${snap.pts.length + 1} of ${dks.length})…` : 'Finishing…');
        },
      });
    }
    return snapshot(o);
  },
  stoppedText: (snap, o) => {
    const left = dksFor(o).filter((dk) => !points.has(keyOf(dk, o))).length;
    return `Stopped: ${left} of ${dksFor(o).length} points not computed. Continue computes the rest.`;
  },
  render: draw,
  table: (snap, o) => dataTable(snap.pts, o),
  describe(snap, o) {
    const { at, dks } = snap;
    return {
      status: `Computed by the core for d_k = 1 … ${dks[dks.length - 1]}.`,
      result: at ? { dk: at.dk, samples: o.samples, keys: o.keys, seed: o.seed, variance: { ...at.variance }, saturation: { ...at.saturation } } : undefined,
      announcement: at ? `Scaling plot updated. At d_k = ${at.dk}: variance ${fmtSig(at.variance.unscaled, 4)} unscaled, ${fmt(at.variance.scaled)} scaled; `
        + `mean largest weight ${fmt(at.saturation.unscaled)} unscaled, ${fmt(at.saturation.scaled)} scaled.` : undefined,
    };
  },
});
