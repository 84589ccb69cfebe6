// segment-sensory: cut a token list into segments of L and put the last k
// tokens of the previous segment in front of each (HMT's sensory memory).
//   segmentWithSensory(tokens [T], L, k) → list of ⌈T/L⌉ segments,
//   segment n = tokens[nL − k, nL) ‖ tokens[nL, min((n+1)L, T))   (nothing carried into n = 0)
// Expected values: segmentRef below (the core streams embeddings, not token
// lists); node tests check it against a direct transcription of the formula.
import { codeCase, codeGrader } from './code-grader.js';

/** The reference: 0 ≤ k ≤ L, L ≥ 1. */
export function segmentRef(tokens, L, k) {
  const out = [];
  for (let s = 0; s < tokens.length; s += L) {
    const carry = s === 0 ? [] : tokens.slice(Math.max(0, s - k), s);
    out.push([...carry, ...tokens.slice(s, s + L)]);
  }
  return out;
}

const caseOf = (label, tokens, L, k) => codeCase(label, [tokens, L, k], segmentRef(tokens, L, k));
const range = (n) => Array.from({ length: n }, (_, i) => i);

export default codeGrader({
  name: 'segment-sensory',
  tolerance: { atol: 0, rtol: 0 },
  count: 7,
  makeVisible: async () => [
    caseOf('T = 10, L = 4, k = 2', range(10), 4, 2),
    caseOf('T = 6, L = 3, k = 1', [10, 11, 12, 13, 14, 15], 3, 1),
  ],
  makeHidden: async (core, rng, i) => {
    const L = rng.int(2, 8);
    const [T, k] = [
      [rng.int(1, L), rng.int(0, L)],        // shorter than one segment
      [L * rng.int(2, 4), rng.int(1, L)],    // an exact multiple of L
      [L * rng.int(2, 4) + rng.int(1, L - 1), 0], // k = 0: nothing carried
      [L * rng.int(2, 4) + 1, L],            // k = L: the whole previous segment
      [0, rng.int(0, L)],                    // no tokens at all
      [rng.int(L + 1, 6 * L), rng.int(0, L)],
      [rng.int(L + 1, 6 * L), rng.int(0, L)],
    ][i];
    const tokens = Array.from({ length: T }, () => rng.int(0, 255));
    return caseOf(`T = ${T}, L = ${L}, k = ${k}`, tokens, L, k);
  },
});
