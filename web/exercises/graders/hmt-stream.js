// hmt-capstone: one streaming HMT function on the toy backbone, all four steps.
//   hmtStream(X [n, d], T [d], P0 [d], Wq [d, d_r], Wk [d, d_r], { L, j, k, N }) → [n, d]
// For each segment H = X[s, s + L) in order:
//   1. summary   S = backbone([T ‖ H[0, j) ‖ T]), its last row
//   2. search    P = softmax(S·Wq·(M·Wk)ᵀ/√d_r)·M over the cached memories M
//                (with no memory cached yet, P = P0, the learned initial memory,
//                as in the official code and the core's HmtStream)
//   3. augmented Y = backbone([P ‖ sensory ‖ H ‖ P]); the outputs of H's rows are kept
//   4. write     the last row of Y is pushed onto the cache, which keeps the newest N;
//                sensory = the last k rows of H
// The result is every kept output, in order: [n, d].
// Expected values: computed on the page by the core, step by step: the backbone
// as the core's causal attention on the rows with positions added (as the
// summary-index grader), the search as the core's hmtRetrieve. The learner's
// code never sees them (judge.js).
import { codeCase, codeGrader } from './code-grader.js';
import { f32, randn, rows, shapeRng, tensor } from './util.js';
import { positions } from '../helpers.js';

async function backboneCore(core, X) {
  const P = positions(X.length, X[0].length);
  const Xp = f32(X.map((row, i) => row.map((x, c) => x + P[i][c])));
  const r = await core.call('attention', tensor(Xp), tensor(Xp), tensor(Xp), { causal: true });
  return rows(r.out);
}

/** The reference stream, every step computed by the core. */
export async function streamCore(core, X, T, P0, Wq, Wk, { L, j, k, N }) {
  const memories = [];
  let sensory = [];
  const out = [];
  for (let s = 0; s < X.length; s += L) {
    const H = X.slice(s, s + L);
    const summary = await backboneCore(core, [T, ...H.slice(0, j), T]);
    const S = summary[summary.length - 1];
    const P = memories.length
      ? rows((await core.call('hmtRetrieve', tensor([S]), tensor(memories), tensor(Wq), tensor(Wk), {})).retrieved)[0]
      : P0;
    const Y = await backboneCore(core, [P, ...sensory, ...H, P]);
    out.push(...Y.slice(1 + sensory.length, 1 + sensory.length + H.length));
    memories.push(Y[Y.length - 1]);
    if (memories.length > N) memories.shift();
    sensory = k > 0 ? H.slice(Math.max(0, H.length - k)) : [];
  }
  return out;
}

async function randomCase(core, rng, { n, d, dr, L, j, k, N }) {
  const X = await randn(core, rng.seed(), n, d);
  const [T] = await randn(core, rng.seed(), 1, d);
  const [P0] = await randn(core, rng.seed(), 1, d);
  const Wq = await randn(core, rng.seed(), d, dr, 1 / Math.sqrt(d));
  const Wk = await randn(core, rng.seed(), d, dr, 1 / Math.sqrt(d));
  const params = { L, j, k, N };
  const expected = await streamCore(core, X, T, P0, Wq, Wk, params);
  return codeCase(`n = ${n} tokens, d = ${d}, d_r = ${dr}, L = ${L}, j = ${j}, k = ${k}, N = ${N}`,
    [X, T, P0, Wq, Wk, params], f32(expected));
}

export default codeGrader({
  name: 'hmt-stream',
  count: 5,
  makeVisible: async (core) => [await randomCase(core, shapeRng(31), { n: 10, d: 4, dr: 2, L: 4, j: 2, k: 1, N: 2 })],
  makeHidden: async (core, rng, i) => {
    const L = rng.int(2, 5);
    const shape = [
      { n: rng.int(1, L), L, j: rng.int(1, L), k: rng.int(0, L), N: 2 },        // one segment: nothing to search, P = P0
      { n: L * rng.int(4, 6), L, j: L, k: 0, N: 1 },                              // N = 1: only the last memory
      { n: L * rng.int(3, 5) + 1, L, j: rng.int(1, L), k: L, N: 2 },             // a last segment of one token; k = L
      { n: L * rng.int(5, 7), L, j: rng.int(1, L), k: rng.int(1, L), N: rng.int(2, 3) }, // the cache fills and drops
      { n: rng.int(2 * L, 6 * L), L, j: rng.int(1, L), k: rng.int(0, L), N: rng.int(1, 4) },
    ][i];
    return randomCase(core, rng, { ...shape, d: rng.int(2, 6), dr: rng.int(1, 4) });
  },
});
