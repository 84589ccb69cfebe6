// attention-example: attention over the seeded random example
// (compute/attention-example.js), generated and kept in the worker; the page
// receives only what it draws.
//   args: { tokens: n, dk, seed, causal = false, scaled = true, temperature = 1, recency = 0,
//           trace = false }
//   → trace false: { weights [n, n] }                                  (the heatmap)
//     trace true:  { Q, K, V [n, d_k], scores, logits, weights [n, n], out [n, d_k], scale }
//                  every intermediate of attentionTrace (the equation stepper)
import { randomQKV } from '../attention-example.js';

export default function attentionExample(core, args) {
  const { tokens: n, dk, seed, causal = false, scaled = true, temperature = 1, recency = 0, trace = false } = args;
  const { Q, K, V } = randomQKV(core, seed, n, dk);
  if (trace) {
    const t = core.attentionTrace(Q, K, V, { causal });
    return { Q, K, V, scores: t.scores, logits: t.logits, weights: t.weights, out: t.out, scale: t.scale };
  }
  const options = { causal, temperature, recency };
  if (!scaled) options.scale = 1;
  return { weights: core.attention(Q, K, V, options).weights };
}
