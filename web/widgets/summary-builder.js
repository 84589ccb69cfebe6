// summary-builder: HMT's summary pass BBM([T ‖ H_n[0, j) ‖ T]) on the seeded
// backbone (job 'summary-builder'): the input position by position, the two
// candidate summaries — out[j] (the printed index, the cheat sheet's
// output[:, j]) and out[j + 1] (the official code's output[:, -1]) — and how
// much every output moves when the trailing T is nudged: exactly 0 up to j,
// because the backbone is causal.
import { h, svg, uid } from '../lib/dom.js';
import { fmt } from '../lib/format.js';
import { glyph } from '../lib/bytes.js';
import { table } from '../lib/data-table.js';
import { plotRoot, strokes } from '../lib/plot-parts.js';
import { defineWidget } from './common/define-widget.js';
import { matrixFigure, matrixTable } from './common/matrix.js';

const SHOWN = 8; // components of the summary vectors drawn (all are in the table)

const norm = (a) => Math.sqrt(a.reduce((s, v) => s + v * v, 0));

/** Numbers derived from a job result, shared by the drawing, the table and the readout. */
export function summaryFacts(r) {
  const p = Array.from(r.printed.data);
  const t = Array.from(r.trailing.data);
  const diff = norm(p.map((v, i) => t[i] - v));
  const cos = p.reduce((s, v, i) => s + v * t[i], 0) / (norm(p) * norm(t));
  const before = Math.max(...Array.from(r.change.subarray(0, r.j + 1)));
  return { printedNorm: norm(p), trailingNorm: norm(t), diff, cos, before, after: r.change[r.j + 1], nudgeNorm: norm(Array.from(r.nudge.data)) };
}

/** The change after the nudge as text: exact zeros print as "0". */
const change = (v) => (v === 0 ? '0' : v < 0.001 ? v.toExponential(1) : fmt(v, 3));

function inputLabel(r, i) {
  if (i === 0 || i === r.j + 1) return 'T';
  return glyph(r.bytes[i - 1]);
}

function drawPass(r) {
  const n = r.j + 2;
  const cell = 24;
  const left = 96;
  const W = Math.max(560, left + n * cell + 170);
  const barTop = 112;
  const barH = 70;
  const H = barTop + barH + 44;
  const maxChange = Math.max(...r.change, 1e-9);
  const titleId = uid('summary-title');
  const f = summaryFacts(r);
  const root = plotRoot(W, H, { role: 'img', 'aria-labelledby': titleId, 'data-plot': 'summary-pass' });
  root.append(svg('title', { id: titleId }, `The summary pass reads ${n} positions: T, the first j = ${r.j} bytes, T. `
    + `Nudging the trailing T changes outputs 0 to ${r.j} by at most ${change(f.before)} and output ${r.j + 1} by ${change(f.after)}.`));
  const g = svg('g', { 'aria-hidden': 'true' });
  g.append(svg('text', { x: 0, y: 52, 'font-weight': 700 }, 'input'), svg('text', { x: 0, y: 80, 'font-size': 12, style: 'fill: var(--muted, #57606a)' }, 'position'));
  for (let i = 0; i < n; i++) {
    const x = left + i * cell;
    const special = i === r.j || i === r.j + 1;
    const isT = i === 0 || i === r.j + 1;
    g.append(svg('rect', {
      x, y: 36, width: cell - 3, height: cell - 3, rx: 3,
      style: `fill: ${isT ? 'var(--warn-bg, #fff8e6)' : 'var(--note-bg, #eef6ff)'}; stroke: ${special ? 'var(--fg, #1b1f24)' : 'var(--border, #d0d7de)'}; stroke-width: ${special ? 2 : 1}px${i === r.j ? '; stroke-dasharray: 4 2' : ''}`,
    }), svg('text', { x: x + (cell - 3) / 2, y: 52, 'text-anchor': 'middle', 'font-family': 'monospace', 'font-weight': isT ? 700 : 400 }, inputLabel(r, i)),
    svg('text', { x: x + (cell - 3) / 2, y: 80, 'text-anchor': 'middle', 'font-size': 12 }, String(i)));
  }
  const xj = left + r.j * cell + (cell - 3) / 2;
  const xt = left + (r.j + 1) * cell + (cell - 3) / 2;
  g.append(svg('text', { x: xj, y: 12, 'text-anchor': 'end', 'font-size': 12 }, `j = ${r.j}: printed index`),
    svg('line', { x1: xj, y1: 16, x2: xj, y2: 34, style: strokes.axis }),
    svg('text', { x: xt, y: 28, 'text-anchor': 'start', 'font-size': 12, 'font-weight': 700 }, `j + 1 = ${r.j + 1}: official code`),
    svg('line', { x1: xt, y1: 30, x2: xt, y2: 34, style: strokes.axis }));
  // Bars: largest change of each output when the trailing T is nudged.
  g.append(svg('text', { x: 0, y: barTop + 12, 'font-weight': 700 }, 'change after'),
    svg('text', { x: 0, y: barTop + 26, 'font-weight': 700 }, 'nudging the'),
    svg('text', { x: 0, y: barTop + 40, 'font-weight': 700 }, 'trailing T'),
    svg('line', { x1: left - 4, y1: barTop + barH, x2: left + n * cell, y2: barTop + barH, style: strokes.axis }));
  for (let i = 0; i < n; i++) {
    const x = left + i * cell;
    const v = r.change[i];
    const bh = (v / maxChange) * (barH - 14);
    g.append(svg('rect', { x: x + 3, y: barTop + barH - bh, width: cell - 9, height: bh, style: `fill: ${v > 0 ? 'var(--series-a, #d9480f)' : 'var(--muted, #57606a)'}` }),
      svg('text', { x: x + (cell - 3) / 2, y: barTop + barH + 14, 'text-anchor': 'middle', 'font-size': 12, class: 'change', 'data-pos': i, 'data-change': v }, change(v)));
  }
  g.append(svg('text', { x: left, y: H - 6, 'font-size': 12, style: 'fill: var(--muted, #57606a)' }, `largest |Δ| of each output vector (d = ${r.d}); the nudge has length ${fmt(f.nudgeNorm, 2)}`));
  root.append(g);
  return root;
}

function vectorsFigure(r) {
  const rows = [Array.from(r.printed.data.subarray(0, SHOWN)), Array.from(r.trailing.data.subarray(0, SHOWN))];
  return matrixFigure({
    name: 'summaries',
    title: `The two candidate summaries, first ${SHOWN} of ${r.d} components`,
    rows,
    rowLabels: ['j', 'j+1'],
    colLabels: Array.from({ length: SHOWN }, (_, c) => `c${c}`),
    kind: 'diverging',
  });
}

function readout(r) {
  const f = summaryFacts(r);
  const last = glyph(r.bytes[r.j - 1]);
  return h('ul', { class: 'readout' },
    h('li', {}, `Position j = ${r.j} holds the last content byte “${last}”; position j + 1 = ${r.j + 1} holds the trailing T.`),
    h('li', {}, `‖out[j]‖ = ${fmt(f.printedNorm)}, ‖out[j+1]‖ = ${fmt(f.trailingNorm)} (the backbone's final LayerNorm, untrained, gives every output a length of about √d = ${fmt(Math.sqrt(r.d), 0)}); they differ by `,
      h('strong', { 'data-quantity': 'summary-distance' }, fmt(f.diff)), ` (cosine ${fmt(f.cos)}).`),
    h('li', {}, 'Nudging the trailing T moves outputs 0 … j by at most ',
      h('strong', { 'data-quantity': 'change-before' }, change(f.before)), ' and output j + 1 by ',
      h('strong', { 'data-quantity': 'change-after' }, change(f.after)), '.'),
    h('li', { class: 'muted' }, `Check: the pass rebuilt from T and the byte embeddings reproduces the core's summary pass to ${change(r.rebuilt)}.`));
}

function dataTables(r) {
  const rows = Array.from({ length: r.j + 2 }, (_, i) => {
    const d = r.d;
    const out = Array.from(r.outputs.data.subarray(i * d, (i + 1) * d));
    return [String(i), inputLabel(r, i), i === r.j ? 'printed index j' : i === r.j + 1 ? 'official code, j + 1' : '', fmt(norm(out)), change(r.change[i])];
  });
  return h('div', {},
    table(`The summary pass position by position (j = ${r.j})`, ['position', 'input', 'role', '‖output‖', 'change after nudging the trailing T'], rows),
    matrixTable({
      name: 'summaries',
      title: `Both candidate summaries, all ${r.d} components`,
      rows: [Array.from(r.printed.data), Array.from(r.trailing.data)],
      rowLabels: ['out[j]', 'out[j+1]'],
      colLabels: Array.from({ length: r.d }, (_, c) => `c${c}`),
    }));
}

export const { mount } = defineWidget({
  name: 'summary-builder',
  title: 'The summary pass: index j or j + 1?',
  method: 'How it is computed: the seeded, untrained backbone runs [T ‖ first j bytes ‖ T] (the core’s summary pass); then the same input with a random '
    + 'vector added to the trailing T only. The bars are the largest change of each output vector.',
  check: (o) => (o.j > o.segment ? `j must be at most the segment length: j = ${o.j} > L = ${o.segment}.` : null),
  cache: (o) => JSON.stringify([o.text, o.segment, o.j, o.seed]),
  compute: (o, { core }) => core.run('summary-builder', { text: o.text, segment: o.segment, j: o.j, seed: o.seed }),
  render: (r) => [drawPass(r), vectorsFigure(r), h('div', { class: 'readout-box' }, readout(r))],
  table: dataTables,
  describe(r) {
    const f = summaryFacts(r);
    const text = `j = ${r.j}: out[j] and out[j+1] differ by ${fmt(f.diff)}; nudging the trailing T moves out[0…j] by ${change(f.before)} and out[j+1] by ${change(f.after)}.`;
    return {
      status: text,
      result: { j: r.j, printed: Array.from(r.printed.data), trailing: Array.from(r.trailing.data), change: Array.from(r.change) },
      announcement: `Summary updated. ${text}`,
    };
  },
});
