// scaled-dot-product: softmax(Q·Kᵀ/√d_k)·V with plain arrays.
//   attention(Q [n_q, d_k], K [n_k, d_k], V [n_k, d_v]) → [n_q, d_v]
// Expected values: the core's attention (default scale 1/√d_k). Hidden shapes
// include one query, one key, d_k = 1 and n_q ≠ n_k; every case but d_k = 1
// tells a missing √d_k apart.
import { codeCase, codeGrader } from './code-grader.js';
import { f32, randn, rows, tensor } from './util.js';

async function caseOf(core, label, Q, K, V) {
  [Q, K, V] = [Q, K, V].map(f32);
  const r = await core.call('attention', tensor(Q), tensor(K), tensor(V), {});
  return codeCase(label, [Q, K, V], rows(r.out));
}

export async function randomCase(core, rng, nq, nk, dk, dv, std = 1) {
  const Q = await randn(core, rng.seed(), nq, dk, std);
  const K = await randn(core, rng.seed(), nk, dk, std);
  const V = await randn(core, rng.seed(), nk, dv);
  return caseOf(core, `n_q=${nq}, n_k=${nk}, d_k=${dk}, d_v=${dv}`, Q, K, V);
}

export default codeGrader({
  name: 'scaled-dot-product',
  count: 7,
  makeVisible: async (core) => [
    await caseOf(core, '2 tokens, d_k = 4',
      [[1, 0, 1, 0], [0, 2, 0, 2]], [[1, 0, 1, 0], [0, 2, 0, 2]], [[1, 2], [3, 4]]),
    await caseOf(core, '3 queries, 2 keys, d_k = 4',
      [[0.5, -1, 2, 0], [1, 1, 1, 1], [-2, 0, 0.5, 1]], [[1, 2, 0, -1], [0, -1, 1, 3]], [[1, 0, 2], [0, 1, -1]]),
  ],
  makeHidden: async (core, rng, i) => {
    const shapes = [
      [1, 1, rng.int(2, 8), rng.int(1, 4)],          // one query, one key
      [rng.int(2, 5), rng.int(2, 6), 1, rng.int(1, 4)], // d_k = 1
      [1, rng.int(3, 8), rng.int(4, 16), rng.int(1, 5)],
      [rng.int(3, 8), 1, rng.int(2, 8), rng.int(1, 4)],
      [rng.int(2, 6), rng.int(2, 6), 16, rng.int(1, 5)],
      [rng.int(2, 6), rng.int(2, 6), rng.int(2, 12), rng.int(1, 5)],
      [rng.int(2, 6), rng.int(2, 6), 64, 2],
    ];
    return randomCase(core, rng, ...shapes[i]);
  },
});
