// Attention heatmap: the weights softmax(QKᵀ·scale/T − recency·(i−j)) of a
// random example, computed in the core worker (job 'attention-example': the
// example is drawn and kept there; the page receives only the weights), drawn
// with the weight printed in every cell; rows are queries, columns keys.
import { defineWidget } from './common/define-widget.js';
import { matrixFigure, matrixTable } from './common/matrix.js';
import { rowsOf } from '../lib/tensor.js';
import { fmt } from '../lib/format.js';

const TITLE = 'Attention weights (row: query, column: key)';

function matrix(rows) {
  const n = rows.length;
  return {
    name: 'weights',
    title: TITLE,
    rows,
    rowLabels: Array.from({ length: n }, (_, i) => `q${i + 1}`),
    colLabels: Array.from({ length: n }, (_, j) => `k${j + 1}`),
    kind: 'weights',
  };
}

function describe(rows, o) {
  let best = { v: -1, i: 0, j: 0 };
  rows.forEach((r, i) => r.forEach((v, j) => { if (v > best.v) best = { v, i, j }; }));
  const scale = o.scaled ? `1/√${o.dk}` : '1 (unscaled)';
  return `${rows.length} tokens, d_k = ${o.dk}, scale ${scale}${o.causal ? ', causal' : ''}`
    + `${o.temperature !== 1 ? `, temperature ${o.temperature}` : ''}${o.recency ? `, recency ${o.recency}` : ''}. `
    + `Each row sums to 1. Largest weight ${fmt(best.v)}: query ${best.i + 1} → key ${best.j + 1}.`
    + (o.causal ? ' Masked cells (a key after its query) are hatched and print “masked”.' : '');
}

export const { mount } = defineWidget({
  name: 'attention-heatmap',
  title: 'Attention heatmap',
  async compute({ tokens, dk, seed, scaled, causal, temperature, recency }, { core }) {
    const { weights } = await core.run('attention-example', { tokens, dk, seed, scaled, causal, temperature, recency });
    return rowsOf(weights);
  },
  render: (rows, o) => matrixFigure({ ...matrix(rows), masked: o.causal ? (i, j) => j > i : null }),
  table: (rows, o) => matrixTable({ ...matrix(rows), masked: o.causal ? (i, j) => j > i : null }),
  describe(rows, o) {
    const text = describe(rows, o);
    return { status: text, result: { weights: rows }, announcement: `Heatmap updated: ${text}` };
  },
});
