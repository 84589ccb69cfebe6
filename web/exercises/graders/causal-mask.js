// causal-mask: hide later keys from earlier queries.
//   causalMask(scores [n, n]) → [n, n], out[i][j] = −Infinity where j > i, scores[i][j] otherwise
// Expected values: the core's attentionTrace with causal: true and scale 1;
// with K = I the scores Q·Kᵀ are exactly the given matrix, and the trace's
// `logits` are the masked scores.
import { codeCase, codeGrader } from './code-grader.js';
import { f32, randn, rows, tensor } from './util.js';

function identity(n) {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
}

async function caseOf(core, label, scores) {
  scores = f32(scores);
  const n = scores.length;
  const V = scores.map(() => [0]);
  const t = await core.call('attentionTrace', tensor(scores), tensor(identity(n)), tensor(V), { causal: true, scale: 1 });
  return codeCase(label, [scores], rows(t.logits));
}

export default codeGrader({
  name: 'causal-mask',
  tolerance: { atol: 0, rtol: 0 },
  count: 6,
  makeVisible: async (core) => [
    await caseOf(core, '3×3 scores', [[1, 2, 3], [4, 5, 6], [7, 8, 9]]),
    await caseOf(core, '2×2 scores', [[0.5, -1], [2, 0]]),
  ],
  makeHidden: async (core, rng, i) => {
    const n = [1, 2, rng.int(3, 5), rng.int(5, 8), rng.int(3, 8), 8][i];
    const s = await randn(core, rng.seed(), n, n, rng.pick([1, 5]));
    return caseOf(core, `${n}×${n} scores`, s);
  },
});
