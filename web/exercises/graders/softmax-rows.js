// softmax-stable: softmax of every row, stable for large logits.
//   softmax(rows [n, m]) → [n, m],  out[i][j] = exp(x_ij − max_i) / Σ_j exp(x_ij − max_i)
// Expected values: the core's softmaxRows. Hidden cases cover 1×1, one row, one
// column, equal logits, and rows shifted to about +1000 and −1000 (where
// exp(x) overflows to Infinity or underflows to 0 without the max shift), and
// rows that span 1000 and 2000 ([0, 1000], [−1000, 0, 1000]), which a shift by
// the row's first element, its mean or its minimum does not save.
import { codeCase, codeGrader } from './code-grader.js';
import { dims, f32, randn, rows, tensor } from './util.js';

async function expectedOf(core, logits) {
  return rows(await core.call('softmaxRows', tensor(logits)));
}

async function caseOf(core, label, logits) {
  logits = f32(logits);
  return codeCase(label, [logits], await expectedOf(core, logits));
}

export default codeGrader({
  name: 'softmax-rows',
  withhold: ['softmaxRows'],
  count: 10,
  makeVisible: async (core) => [
    await caseOf(core, '2×3 small logits', [[1, 2, 3], [0, 0, 0]]),
    await caseOf(core, '1×3 logits near 1000', [[1000, 1001, 1002]]),
  ],
  makeHidden: async (core, rng, i) => {
    if (i === 8) return caseOf(core, '3×2 rows spanning 1000', [[0, 1000], [1000, 0], [-1000, 0]]);
    if (i === 9) return caseOf(core, '2×3 rows spanning 2000', [[-1000, 0, 1000], [1000, -1000, 0]]);
    const shapes = [
      [1, 1], [rng.int(2, 5), rng.int(2, 8)], [rng.int(2, 5), rng.int(2, 8)], [3, rng.int(3, 8)],
      [1, rng.int(8, 16)], [rng.int(3, 7), 1], [rng.int(2, 4), rng.int(2, 6)], [rng.int(1, 6), rng.int(1, 9)],
    ];
    const [r, c] = shapes[i];
    const std = rng.pick([1, 3, 10]);
    let x = await randn(core, rng.seed(), r, c, std);
    let label = `${dims(x)} logits (std ${std})`;
    if (i === 1) { x = x.map((row) => row.map((v) => v + 1000)); label = `${dims(x)} logits near +1000`; }
    if (i === 2) { x = x.map((row) => row.map((v) => v - 1000)); label = `${dims(x)} logits near −1000`; }
    if (i === 3) { x = x.map((row, k) => row.map((v) => v + [1000, 0, -1000][k])); label = `${dims(x)} rows near +1000, 0 and −1000`; }
    if (i === 6) { x = x.map((row) => row.map(() => row[0])); label = `${dims(x)} equal logits in each row`; }
    return caseOf(core, label, x);
  },
});
