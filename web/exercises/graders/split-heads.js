// split-heads: [n, d_model] → h × [n, d_h], head i = columns i·d_h … (i+1)·d_h − 1.
//   splitHeads(X [n, d_model], h) → [h, n, d_h]
// Expected values: splitHeadsRef (heads.js), tested against the core's head
// layout in node. Hidden cases include h = 1, d_h = 1 and a single token.
import { codeCase, codeGrader } from './code-grader.js';
import { randn } from './util.js';
import { splitHeadsRef } from './heads.js';

const caseOf = (label, X, h) => codeCase(label, [X, h], splitHeadsRef(X, h));

export default codeGrader({
  name: 'split-heads',
  tolerance: { atol: 0, rtol: 0 },
  count: 6,
  makeVisible: async () => [
    caseOf('n = 2, d_model = 4, h = 2', [[1, 2, 3, 4], [5, 6, 7, 8]], 2),
    caseOf('n = 3, d_model = 6, h = 3', [[1, 2, 3, 4, 5, 6], [7, 8, 9, 10, 11, 12], [13, 14, 15, 16, 17, 18]], 3),
  ],
  makeHidden: async (core, rng, i) => {
    const [n, h, dh] = [
      [rng.int(2, 5), 1, rng.int(2, 4)], [rng.int(2, 5), rng.int(2, 6), 1], [1, 4, rng.int(1, 4)],
      [rng.int(2, 5), 4, rng.int(2, 4)], [rng.int(2, 5), rng.pick([2, 3, 6]), rng.int(1, 4)], [rng.int(1, 6), rng.pick([2, 4, 8]), 2],
    ][i];
    const X = await randn(core, rng.seed(), n, h * dh);
    return caseOf(`n = ${n}, d_model = ${h * dh}, h = ${h}`, X, h);
  },
});
