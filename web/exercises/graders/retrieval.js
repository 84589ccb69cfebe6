// retrieval-pn: HMT's memory search.
//   retrieve(S [1, d], M [N, d], Wq [d, d_h], Wk [d, d_h]) → P [1, d]
//   Q = S·Wq [1, d_h], K = M·Wk [N, d_h], P = softmax(Q·Kᵀ/√d_h)·M
// (no value or output projection: the weights mix the raw memories).
// Expected values: the core's HMT memory search (hmtRetrieve: projections,
// softmax with 1/√d_h, weights · M); node tests check it against matmul +
// attention. Cases use d ≠ d_h, so the cheat sheet's √d_model is told apart.
import { codeCase, codeGrader } from './code-grader.js';
import { f32, randn, rows, shapeRng, tensor } from './util.js';

async function caseOf(core, label, S, M, Wq, Wk) {
  [S, M, Wq, Wk] = [S, M, Wq, Wk].map(f32);
  const r = await core.call('hmtRetrieve', tensor(S), tensor(M), tensor(Wq), tensor(Wk), {});
  return codeCase(label, [S, M, Wq, Wk], rows(r.retrieved));
}

async function randomCase(core, rng, N, d, dh) {
  const S = await randn(core, rng.seed(), 1, d);
  const M = await randn(core, rng.seed(), N, d);
  const Wq = await randn(core, rng.seed(), d, dh);
  const Wk = await randn(core, rng.seed(), d, dh);
  return caseOf(core, `N = ${N}, d = ${d}, d_h = ${dh}`, S, M, Wq, Wk);
}

export default codeGrader({
  name: 'retrieval',
  count: 6,
  makeVisible: async (core) => [await randomCase(core, shapeRng(11), 3, 4, 2)],
  makeHidden: async (core, rng, i) => {
    const [N, d, dh] = [
      [1, rng.int(2, 6), rng.int(1, 3)],           // one memory: P = that memory
      [rng.int(2, 8), 8, 2],
      [rng.int(2, 8), rng.int(3, 8), 1],
      [rng.int(8, 16), rng.int(4, 8), rng.int(2, 3)],
      [rng.int(2, 8), 2, 8],
      [rng.int(2, 12), 16, 4],
    ][i];
    return randomCase(core, rng, N, d, dh);
  },
});
