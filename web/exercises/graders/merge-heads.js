// merge-heads: h × [n, d_h] → [n, d_model], the inverse of split-heads.
//   mergeHeads(heads [h, n, d_h]) → [n, h·d_h], row r = heads[0][r] ‖ heads[1][r] ‖ …
// Expected values: mergeHeadsRef (heads.js), tested against the core's head
// layout in node. Hidden cases include one head, d_h = 1 and a single token.
import { codeCase, codeGrader } from './code-grader.js';
import { randn } from './util.js';
import { mergeHeadsRef } from './heads.js';

const caseOf = (label, heads) => codeCase(label, [heads], mergeHeadsRef(heads));

export default codeGrader({
  name: 'merge-heads',
  tolerance: { atol: 0, rtol: 0 },
  count: 6,
  makeVisible: async () => [
    caseOf('h = 2 heads of 2×2', [[[1, 2], [5, 6]], [[3, 4], [7, 8]]]),
    caseOf('h = 3 heads of 1×2', [[[1, 2]], [[3, 4]], [[5, 6]]]),
  ],
  makeHidden: async (core, rng, i) => {
    const [n, h, dh] = [
      [rng.int(2, 5), 1, rng.int(2, 4)], [rng.int(2, 5), rng.int(2, 6), 1], [1, 4, rng.int(1, 4)],
      [rng.int(2, 5), 4, rng.int(2, 4)], [rng.int(2, 5), rng.pick([2, 3, 6]), rng.int(1, 4)], [rng.int(1, 6), rng.pick([2, 4, 8]), 2],
    ][i];
    const heads = [];
    for (let k = 0; k < h; k++) heads.push(await randn(core, rng.seed(), n, dh));
    return caseOf(`h = ${h} heads of ${n}×${dh}`, heads);
  },
});
