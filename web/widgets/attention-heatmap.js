// Attention heatmap: the weights softmax(QKᵀ·scale/T − recency·(i−j)) of a
// random example, computed by the core in the worker, drawn with the weight
// printed in every cell; rows are queries, columns keys.
import { uid } from '../lib/dom.js';
import { widgetFrame } from './common/frame.js';
import { buildControls } from './common/controls.js';
import { liveCompute } from './common/live-compute.js';
import { matrixFigure, matrixTable } from './common/matrix.js';
import { rowsOf } from '../lib/tensor.js';
import { fmt } from '../lib/format.js';
import { randomQKV } from './common/random-qkv.js';

const NAME = 'attention-heatmap';

export async function mount(el, options, ctx) {
  const id = uid('heatmap');
  let opts = { ...options };
  let last = null; // { rows }

  const frame = widgetFrame(el, { title: 'Attention heatmap', uid: id });
  const controls = buildControls(frame.controls, NAME, opts, (key, value) => {
    opts = { ...opts, [key]: value };
    ctx.setUrlState({ [key]: value });
    live.compute({ announce: true });
  }, { uid: id });

  function describe(rows) {
    let best = { v: -1, i: 0, j: 0 };
    rows.forEach((r, i) => r.forEach((v, j) => { if (v > best.v) best = { v, i, j }; }));
    const scale = opts.scaled ? `1/√${opts.dk}` : '1 (unscaled)';
    return `${rows.length} tokens, d_k = ${opts.dk}, scale ${scale}${opts.causal ? ', causal' : ''}`
      + `${opts.temperature !== 1 ? `, temperature ${opts.temperature}` : ''}${opts.recency ? `, recency ${opts.recency}` : ''}. `
      + `Each row sums to 1. Largest weight ${fmt(best.v)}: query ${best.i + 1} → key ${best.j + 1}.`;
  }

  function draw() {
    if (!last) return;
    const { rows } = last;
    const n = rows.length;
    const rowLabels = Array.from({ length: n }, (_, i) => `q${i + 1}`);
    const colLabels = Array.from({ length: n }, (_, j) => `k${j + 1}`);
    const title = 'Attention weights (row: query, column: key)';
    if (frame.showTable) frame.table.replaceChildren(matrixTable({ name: 'weights', title, rows, rowLabels, colLabels }));
    else frame.view.replaceChildren(matrixFigure({ name: 'weights', title, rows, rowLabels, colLabels, kind: 'weights' }));
  }
  frame.onToggle(draw);

  const live = liveCompute(frame, ctx, {
    settings: () => opts,
    async run({ tokens: n, dk, seed, scaled, causal, temperature, recency }) {
      const { Q, K, V } = await randomQKV(ctx.core, seed, n, dk);
      const o = { causal, temperature, recency };
      if (!scaled) o.scale = 1;
      const { weights } = await ctx.core.call('attention', Q, K, V, o);
      return weights;
    },
    show(weights) {
      last = { rows: rowsOf(weights) };
      draw();
      const text = describe(last.rows);
      return { status: text, result: { weights: last.rows }, announcement: `Heatmap updated: ${text}` };
    },
  });

  await live.compute();
  return {
    update(next) {
      opts = { ...opts, ...next };
      controls.set(opts);
      live.compute();
    },
    destroy: live.destroy,
  };
}
