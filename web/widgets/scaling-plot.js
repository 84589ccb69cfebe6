// scaling-plot: Var(q·k) and softmax saturation against d_k, unscaled and
// divided by √d_k. Every number comes from the core in the worker (job
// 'scaling-curves'; compute/scaling.js says exactly what is measured): Q, K
// and the samples × samples products stay there, the page receives one small
// record per d_k. Points are cached by settings for the life of the page, so
// leaving the pane and coming back shows the finished curves at once.
import { dkValues } from '../compute/scaling.js';
import { h, svg, uid } from '../lib/dom.js';
import { fmt, fmtSig } from '../lib/format.js';
import { table } from '../lib/data-table.js';
import { scale, series, marker, line, plotRoot, strokes, plotBox } from '../lib/plot-parts.js';
import { defineWidget } from './common/define-widget.js';

const points = new Map(); // 'dk|samples|keys|seed' → point, for the life of the page

const keyOf = (dk, o) => `${dk}|${o.samples}|${o.keys}|${o.seed}`;

/** The d_k values a setting needs: powers of two up to max(maxDk, dk). */
function dksFor(o) {
  return dkValues(Math.max(o.maxDk, o.dk));
}

const W = 480;
const H = 260;
const M = { left: 50, right: 104, top: 14, bottom: 40 };

function axes(x, y, xTicks, yTicks, xLabel, yLabel, yFmt) {
  const g = svg('g', { class: 'axes', 'aria-hidden': 'true' });
  const { x0, x1, y0, y1 } = plotBox(W, H, M);
  for (const t of yTicks) {
    const py = y(t);
    g.append(svg('line', { x1: x0, y1: py, x2: x1, y2: py, class: 'grid', style: strokes.grid }),
      svg('line', { x1: x0 - 4, y1: py, x2: x0, y2: py, class: 'tick', style: strokes.axis }),
      svg('text', { x: x0 - 7, y: py + 4, 'text-anchor': 'end', class: 'tick-label' }, yFmt(t)));
  }
  g.append(svg('line', { x1: x0, y1: y0, x2: x1, y2: y0, class: 'axis', style: strokes.axis }),
    svg('line', { x1: x0, y1: y0, x2: x0, y2: y1, class: 'axis', style: strokes.axis }));
  for (const t of xTicks) {
    const px = x(t);
    g.append(svg('line', { x1: px, y1: y0, x2: px, y2: y0 + 4, class: 'tick', style: strokes.axis }),
      svg('text', { x: px, y: y0 + 16, 'text-anchor': 'middle', class: 'tick-label' }, String(t)));
  }
  g.append(svg('text', { x: (x0 + x1) / 2, y: H - 6, 'text-anchor': 'middle', class: 'axis-label' }, xLabel));
  g.append(svg('text', { x: 14, y: (y0 + y1) / 2, 'text-anchor': 'middle', class: 'axis-label', transform: `rotate(-90 14 ${(y0 + y1) / 2})` }, yLabel));
  return g;
}

function xTicksFor(maxDk) {
  return dkValues(maxDk);
}

/** One plot: two series (unscaled a, scaled b) + reference lines + the read-out d_k. */
function plot({ title, desc, pts, get, yDomain, yLog, yTicks, yFmt, yLabel, refs, readDk, maxDk, labels, kind }) {
  const x = scale([1, maxDk], [M.left, W - M.right], { log: true });
  const y = scale(yDomain, [H - M.bottom, M.top], { log: yLog });
  const clampY = (v) => Math.min(H - M.bottom, Math.max(M.top, y(v)));
  const titleId = uid(`${kind}-title`);
  const root = plotRoot(W, H, { class: 'plot', role: 'img', 'aria-labelledby': titleId, 'data-plot': kind });
  root.append(svg('title', { id: titleId }, `${title}. ${desc}`));
  root.append(axes(x, y, xTicksFor(maxDk), yTicks, 'd_k (log scale)', yLabel, yFmt));
  for (const r of refs) {
    const segs = r.points.map(([dx, dy]) => [x(dx), clampY(dy)]);
    root.append(line(segs, series.ref, { class: 'ref-line' }));
    const [lx, ly] = [x(r.labelAt[0]), clampY(r.labelAt[1])];
    root.append(svg('text', { x: lx, y: ly + (r.below ? 14 : -6), class: 'ref-label', style: 'fill: var(--muted, #555)' }, r.label));
  }
  if (readDk <= maxDk) {
    root.append(svg('line', { x1: x(readDk), y1: M.top, x2: x(readDk), y2: H - M.bottom, class: 'readout-guide', style: strokes.guide }));
  }
  for (const which of ['unscaled', 'scaled']) {
    const s = which === 'unscaled' ? series.a : series.b;
    const shown = pts.filter((p) => p.dk <= maxDk);
    const xy = shown.map((p) => [x(p.dk), clampY(get(p)[which])]);
    if (xy.length > 1) root.append(line(xy, s, { class: `series series-${which}` }));
    shown.forEach((p, i) => {
      root.append(marker(s.marker, xy[i][0], xy[i][1], s.stroke, { class: `point point-${which}`, 'data-dk': p.dk, 'data-value': get(p)[which] }));
    });
    if (xy.length) {
      // Legend at the right: marker + words (the colour is never the only cue).
      const ly = M.top + 10 + (which === 'unscaled' ? 0 : 20);
      const lx = W - M.right + 14;
      root.append(marker(s.marker, lx, ly - 4, s.stroke), svg('text', { x: lx + 9, y: ly, class: `series-label label-${which}` }, labels[which]));
    }
    const at = shown.find((p) => p.dk === readDk);
    if (at) {
      const px = x(at.dk);
      const py = clampY(get(at)[which]);
      root.append(svg('text', {
        x: px - 7, y: py + (which === 'unscaled' ? -8 : 17), 'text-anchor': 'end', 'font-weight': 700, class: `readout-label readout-${which}`, 'data-dk': at.dk,
      }, yFmt(get(at)[which], true)));
    }
  }
  return root;
}

function variancePlot(pts, o, maxDk) {
  const top = 2 ** Math.ceil(Math.log2(maxDk * 1.6));
  const yTicks = [];
  for (let t = 1; t <= top; t *= 4) yTicks.push(t);
  return plot({
    kind: 'variance',
    title: 'Variance of q·k against d_k',
    desc: `Unscaled dot products follow Var = d_k; divided by √d_k they stay near 1. ${o.samples} × ${o.samples} dot products per point.`,
    pts,
    get: (p) => p.variance,
    yDomain: [0.25, top],
    yLog: true,
    yTicks: [0.25, ...yTicks],
    yFmt: (v, precise) => (precise ? fmtSig(v, 3) : String(v)),
    yLabel: 'Var(q·k) (log scale)',
    refs: [
      { label: 'Var = d_k', points: [[1, 1], [maxDk, maxDk]], labelAt: [Math.min(8, maxDk / 4), Math.min(8, maxDk / 4)], below: true },
    ],
    readDk: o.dk,
    maxDk,
    labels: { unscaled: 'q·k', scaled: 'q·k / √d_k' },
  });
}

function saturationPlot(pts, o, maxDk) {
  const even = 1 / o.keys;
  return plot({
    kind: 'saturation',
    title: `Mean largest softmax weight over ${o.keys} keys against d_k`,
    desc: `Unscaled scores saturate the softmax towards 1; scaled scores stay near an even spread. ${o.samples} queries per point.`,
    pts,
    get: (p) => p.saturation,
    yDomain: [0, 1],
    yLog: false,
    yTicks: [0, 0.25, 0.5, 0.75, 1],
    yFmt: (v, precise) => (precise ? fmt(v, 3) : String(v)),
    yLabel: 'mean max weight',
    refs: [{ label: `even spread: 1/${o.keys} = ${fmt(even, 3)}`, points: [[1, even], [maxDk, even]], labelAt: [1.2, even], below: true }],
    readDk: o.dk,
    maxDk,
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

function draw(snap, o) {
  const maxDk = Math.max(o.maxDk, o.dk);
  const figs = [];
  if (o.show !== 'saturation') figs.push(variancePlot(snap.pts, o, maxDk));
  if (o.show !== 'variance') figs.push(saturationPlot(snap.pts, o, maxDk));
  return [h('div', { class: 'plots' }, figs), h('div', { class: 'readout-box' }, readout(snap.at, o))];
}

export const { mount } = defineWidget({
  name: 'scaling-plot',
  title: 'Scaling with d_k: variance and softmax saturation',
  method: METHOD,
  cancel: 'stop',
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
