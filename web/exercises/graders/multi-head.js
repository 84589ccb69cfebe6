// multi-head-4: multi-head attention with n_heads = 4 (the cheat sheet's exercise 2).
//   multiHeadAttention(X [n, d], W = { Wq, Wk, Wv, Wo } each [d, d], h) → [n, d]
//   Q = X·Wq, K = X·Wk, V = X·Wv; head i = softmax(Q_i·K_iᵀ/√d_h)·V_i on the
//   column block i (d_h = d/h); out = [head_0 ‖ … ‖ head_{h−1}]·Wo
// Expected values: the core's multiHead. params.heads (default 4) is passed as h.
import { codeCase, codeGrader } from './code-grader.js';
import { f32, randn, rows, shapeRng, tensor } from './util.js';

async function caseOf(core, label, X, W, h) {
  X = f32(X);
  const Wf = Object.fromEntries(Object.entries(W).map(([k, m]) => [k, f32(m)]));
  const T = Object.fromEntries(Object.entries(Wf).map(([k, m]) => [k, tensor(m)]));
  const r = await core.call('multiHead', tensor(X), T, h, { keepWeights: false });
  return codeCase(label, [X, Wf, h], rows(r.out));
}

const headsOf = (params) => params?.heads ?? 4;

async function randomCase(core, rng, n, d, h) {
  const X = await randn(core, rng.seed(), n, d);
  const W = {};
  for (const k of ['Wq', 'Wk', 'Wv', 'Wo']) W[k] = await randn(core, rng.seed(), d, d, 1 / Math.sqrt(d));
  return caseOf(core, `n = ${n}, d_model = ${d}, h = ${h}`, X, W, h);
}

export default codeGrader({
  name: 'multi-head',
  count: 5,
  makeVisible: async (core, params) => {
    const h = headsOf(params);
    return [await randomCase(core, shapeRng(2024), 3, 2 * h, h)];
  },
  makeHidden: async (core, rng, i, params) => {
    const h = headsOf(params);
    const [n, dh] = [[1, rng.int(1, 3)], [rng.int(2, 6), 1], [rng.int(2, 6), 2], [rng.int(4, 8), rng.int(2, 4)], [rng.int(2, 8), 4]][i];
    return randomCase(core, rng, n, h * dh, h);
  },
});
