// attention-example: attention over the seeded random example
// (compute/attention-example.js), generated and kept in the worker; the page
// receives only what it draws.
//   args: { tokens: n, dk, seed, causal = false, causalAlign = 'bottom-right', queries = n,
//           scaled = true, temperature = 1, recency = 0, trace = false }
//         queries n_q ≤ 16: Q has n_q rows (the first n_q of the n-row draw), K and V keep n
//   → trace false: { weights [n_q, n] }                                (the heatmap)
//     trace true:  { Q, K, V [n, d_k], scores, logits, weights [n, n], out [n, d_k], scale }
//                  every intermediate of attentionTrace (the equation stepper)
import { exampleOptions, heatmapExample } from '../attention-example.js';

export default function attentionExample(core, args) {
  const { trace = false } = args;
  const { Q, K, V } = heatmapExample(core, args);
  if (trace) {
    const t = core.attentionTrace(Q, K, V, { causal: args.causal ?? false });
    return { Q, K, V, scores: t.scores, logits: t.logits, weights: t.weights, out: t.out, scale: t.scale };
  }
  return { weights: core.attention(Q, K, V, exampleOptions(args)).weights };
}
