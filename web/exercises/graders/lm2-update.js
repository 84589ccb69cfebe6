// lm2-update: LM2's gated memory write.
//   lm2Update(M [s, d], E [s, d], Emem [s, d], Win [d, d], Wforget [d, d]) → [s, d]
//   g_in = σ(E·Win), g_forget = σ(Emem·Wforget)   (elementwise sigmoid, [s, d])
//   M_next = g_in ⊙ tanh(Emem) + g_forget ⊙ M
// Expected values: the two products by the core's matmul, the sigmoids here,
// and the update g_in ⊙ tanh(E_mem) + g_forget ⊙ M by the core's lm2Update,
// one slot (row) at a time; node tests check the whole against naive loops.
import { codeCase, codeGrader } from './code-grader.js';
import { f32, randn, rows, shapeRng, tensor } from './util.js';

const sigmoid = (x) => 1 / (1 + Math.exp(-x));

/** The elementwise part in float64, given the products A = E·Win and B = Emem·Wforget. */
export function lm2UpdateFrom(M, Emem, A, B) {
  return M.map((row, i) => row.map((m, j) => sigmoid(A[i][j]) * Math.tanh(Emem[i][j]) + sigmoid(B[i][j]) * m));
}

async function caseOf(core, label, M, E, Emem, Win, Wforget) {
  [M, E, Emem, Win, Wforget] = [M, E, Emem, Win, Wforget].map(f32);
  const A = rows(await core.call('matmul', tensor(E), tensor(Win)));
  const B = rows(await core.call('matmul', tensor(Emem), tensor(Wforget)));
  const expected = [];
  for (let i = 0; i < M.length; i++) {
    const gIn = [A[i].map(sigmoid)], gForget = [B[i].map(sigmoid)];
    const r = await core.call('lm2Update', tensor([M[i]]), tensor(gIn), tensor(gForget), tensor([Emem[i]]));
    expected.push(rows(r)[0]);
  }
  return codeCase(label, [M, E, Emem, Win, Wforget], expected);
}

async function randomCase(core, rng, s, d) {
  const M = await randn(core, rng.seed(), s, d);
  const E = await randn(core, rng.seed(), s, d);
  const Emem = await randn(core, rng.seed(), s, d, 2);
  const Win = await randn(core, rng.seed(), d, d, 1 / Math.sqrt(d));
  const Wforget = await randn(core, rng.seed(), d, d, 1 / Math.sqrt(d));
  return caseOf(core, `m = ${s} slots, d = ${d}`, M, E, Emem, Win, Wforget);
}

export default codeGrader({
  name: 'lm2-update',
  count: 5,
  makeVisible: async (core) => [await randomCase(core, shapeRng(5), 2, 3)],
  makeHidden: async (core, rng, i) => {
    const [s, d] = [[1, 1], [1, rng.int(2, 6)], [rng.int(2, 4), 1], [rng.int(2, 4), rng.int(2, 8)], [rng.int(4, 8), rng.int(4, 8)]][i];
    return randomCase(core, rng, s, d);
  },
});
