// summary-index-bug: the summary token S_n is the backbone's output at the
// trailing T, position j + 1 (the last), not position j as the cheat sheet has it.
//   summarize(H [L, d], T [d], j) → S_n [d] = backbone([T ‖ H[0, j) ‖ T])[j + 1]
// backbone(X) is the helper library's toy causal model: positions added
// (X̃ = X + positions(n, d), helpers.js), then softmax(X̃·X̃ᵀ/√d, causal)·X̃, so a
// prefix in another order (reversed, shuffled) gives another summary.
// Expected values: the core's attention with causal: true on the same j + 2
// rows with the positions added, last output row.
import { codeCase, codeGrader } from './code-grader.js';
import { f32, randn, rows, shapeRng, tensor } from './util.js';
import { positions } from '../helpers.js';

async function caseOf(core, label, H, T, j) {
  H = f32(H);
  T = f32(T);
  const raw = [T, ...H.slice(0, j), T];
  const P = positions(raw.length, T.length);
  const seq = f32(raw.map((row, i) => row.map((x, c) => x + P[i][c])));
  const r = await core.call('attention', tensor(seq), tensor(seq), tensor(seq), { causal: true });
  return codeCase(label, [H, T, j], rows(r.out)[j + 1]);
}

async function randomCase(core, rng, L, j, d) {
  const H = await randn(core, rng.seed(), L, d);
  const [T] = await randn(core, rng.seed(), 1, d);
  return caseOf(core, `L = ${L}, j = ${j}, d = ${d}`, H, T, j);
}

export default codeGrader({
  name: 'summary-index',
  count: 6,
  makeVisible: async (core) => [await randomCase(core, shapeRng(7), 4, 2, 3)],
  makeHidden: async (core, rng, i) => {
    const L = rng.int(2, 10);
    const j = [1, L, Math.max(1, L >> 1), rng.int(1, L), rng.int(1, L), Math.max(1, L >> 1)][i];
    const d = [rng.int(2, 6), rng.int(2, 6), 1, rng.int(2, 8), rng.int(2, 8), 8][i];
    return randomCase(core, rng, L, j, d);
  },
});
