// attention-cell: what the heatmap writes out for one cell (i, j) the learner
// points at or reaches by keyboard — one message per cell, so the page still
// receives only the weights for the picture.
//   args: the attention-example args (tokens, dk, seed, causal, causalAlign, queries, scaled,
//         temperature, recency) and row i, col j (0-based)
//   → { q [d_k] (row i of Q), k [d_k] (row j of K), score = q·k (the core's Q·Kᵀ), scale,
//       logit (the core's, −Infinity where masked), weight, rowMax (largest finite logit of row i),
//       rowSum = Σ_j' exp(logit_ij' − rowMax) over the visible keys (float64), masked }
import { exampleOptions, heatmapExample } from '../attention-example.js';

export default function attentionCell(core, args) {
  const { row: i, col: j } = args;
  const { Q, K, V } = heatmapExample(core, args);
  const [nq, dk] = Q.shape;
  const nk = K.shape[0];
  if (!(Number.isInteger(i) && Number.isInteger(j) && i >= 0 && i < nq && j >= 0 && j < nk)) {
    throw new Error(`attention-cell: cell (${i}, ${j}) is outside the ${nq} × ${nk} weights`);
  }
  const t = core.attentionTrace(Q, K, V, exampleOptions(args));
  const logits = Array.from(t.logits.data.subarray(i * nk, (i + 1) * nk));
  const finite = logits.filter(Number.isFinite);
  const rowMax = Math.max(...finite);
  const rowSum = finite.reduce((s, l) => s + Math.exp(l - rowMax), 0);
  return {
    q: Array.from(Q.data.subarray(i * dk, (i + 1) * dk)),
    k: Array.from(K.data.subarray(j * dk, (j + 1) * dk)),
    score: t.scores.data[i * nk + j],
    scale: t.scale,
    logit: logits[j],
    weight: t.weights.data[i * nk + j],
    rowMax,
    rowSum,
    masked: !Number.isFinite(logits[j]),
  };
}
