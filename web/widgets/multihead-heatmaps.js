// multihead-heatmaps: multi-head attention of a small random example,
// computed by the core's multiHead in the worker, in three stages:
//   split  — Q [n, d_model] cut into h column blocks Q_i [n, d_h]
//   heads  — each head's weights softmax(Q_i K_iᵀ/√d_h) [n, n], numbers in every cell
//   concat — the heads' outputs side by side [n, d_model], then · W^O (heads and tokens counted from 0)
// The example is drawn and run in the worker (job 'multihead-example',
// compute/multihead-example.js); the page receives what it draws.
import { h } from '../lib/dom.js';
import { rowsOf, sliceRows } from '../lib/tensor.js';
import { fmt } from '../lib/format.js';
import { defineWidget } from './common/define-widget.js';
import { matrixFigure, matrixTable } from './common/matrix.js';
const SUB = '₀₁₂₃₄₅₆₇₈₉';
const sub = (i) => String(i).split('').map((c) => SUB[Number(c)]).join('');

function sections(r, o) {
  const n = o.tokens;
  const d = o.dModel;
  const dh = d / o.heads;
  const tokens = Array.from({ length: n }, (_, i) => `t${i}`); // counted from 0, as everywhere in the course
  const queries = tokens.map((_, i) => `q${i}`);
  const keys = tokens.map((_, j) => `k${j}`);
  const headCols = (c0) => Array.from({ length: dh }, (_, c) => String(c0 + c));
  const out = [];
  if (o.show === 'all' || o.show === 'split') {
    out.push({
      id: 'split',
      heading: `Split: Q [${n} × ${d}] → ${o.heads} heads of d_h = ${d} / ${o.heads} = ${dh} columns`,
      mats: Array.from({ length: o.heads }, (_, i) => ({
        name: `q-head-${i + 1}`,
        title: `Q${sub(i)} = columns ${i * dh}–${(i + 1) * dh - 1} of Q`,
        rows: sliceRows(r.q, i * dh, dh),
        rowLabels: tokens,
        colLabels: headCols(i * dh),
        kind: 'diverging',
      })),
    });
  }
  if (o.show === 'all' || o.show === 'heads') {
    out.push({
      id: 'heads',
      heading: `Heads: softmax(Q${sub(0)}K${sub(0)}ᵀ/√${dh}) … one ${n} × ${n} weight matrix per head${o.causal ? ', causal' : ''}`,
      mats: r.weights.map((w, i) => ({
        name: `weights-head-${i + 1}`,
        title: `Head ${i} weights (row: query, column: key)`,
        rows: rowsOf(w),
        rowLabels: queries,
        colLabels: keys,
        kind: 'weights',
        masked: o.causal ? (a, b) => b > a : null,
      })),
    });
  }
  if (o.show === 'all' || o.show === 'concat') {
    const concatCols = Array.from({ length: d }, (_, c) => `h${Math.floor(c / dh)}:${c}`);
    out.push({
      id: 'concat',
      heading: `Concat: the heads' outputs side by side [${n} × ${d}], then out = concat · Wᴼ`,
      mats: [
        { name: 'concat', title: `concat = [head${sub(0)} ‖ … ‖ head${sub(o.heads - 1)}] (label hH:c = column c, from head H)`, rows: rowsOf(r.concat), rowLabels: tokens, colLabels: concatCols, kind: 'diverging' },
        { name: 'out', title: 'out = concat · Wᴼ', rows: rowsOf(r.out), rowLabels: tokens, colLabels: Array.from({ length: d }, (_, c) => String(c)), kind: 'diverging' },
      ],
    });
  }
  return out;
}

function draw(r, o, asTable) {
  return sections(r, o).map((s) => h('div', { class: 'mh-section', 'data-section': s.id },
    h('p', { class: 'mh-heading' }, h('strong', {}, s.heading)),
    h('div', { class: 'matrices' }, s.mats.map((m) => (asTable ? matrixTable(m) : matrixFigure(m))))));
}

export const { mount } = defineWidget({
  name: 'multihead-heatmaps',
  title: 'Multi-head attention: split, heads, concat',
  check: (o) => (o.dModel % o.heads !== 0 ? `d_model = ${o.dModel} is not divisible by ${o.heads} heads: choose another pair.` : null),
  compute: ({ tokens, dModel, heads, causal, seed }, { core }) => core.run('multihead-example', { tokens, dModel, heads, causal, seed }),
  render: (r, o) => draw(r, o, false),
  table: (r, o) => draw(r, o, true),
  describe(r, o) {
    const dh = o.dModel / o.heads;
    const maxes = r.weights.map((w) => Math.max(...w.data));
    const text = `${o.tokens} tokens, d_model = ${o.dModel}, ${o.heads} head${o.heads > 1 ? 's' : ''} of d_h = ${dh}`
      + `${o.causal ? ', causal' : ''}; scores divided by √${dh} = ${fmt(Math.sqrt(dh))}. `
      + `Largest weight per head: ${maxes.map((m) => fmt(m)).join(', ')}. Every row of every head sums to 1.`;
    return {
      status: text,
      result: { weights: r.weights.map(rowsOf), concat: rowsOf(r.concat), out: rowsOf(r.out) },
      announcement: `Multi-head attention updated: ${text}`,
    };
  },
});
