// position-scores: the last of n positions as a query over keys 0 … n−1 that all carry the same
// content x = randn(seed; 1 × d), causal attention computed by the core; only the positions differ.
//   sinusoidal: every row is x + PE_p (PE added in JS, the attention by the core)
//   rope:       every row is x; the core's rope option (base 10000) rotates them by position
//   alibi:      every row is x; the core's recency option subtracts slope · distance (ALiBi)
//   args: { method: 'sinusoidal'|'rope'|'alibi', positions: n, slope, seed }
//   → { logits: Float64Array [n] (the query's logit for the key at distance 0 … n−1),
//       weights: Float64Array [n] (its softmax weight, same order), x: Float32Array [d] }
import { sinusoid, ROPE_BASE, WIDTH } from '../positions.js';

export default function positionScores(core, args) {
  const { method = 'rope', positions: n = 64, slope = 0.125, seed = 1 } = args;
  if (!['sinusoidal', 'rope', 'alibi'].includes(method)) throw new Error(`position-scores: method must be 'sinusoidal', 'rope' or 'alibi', got '${method}'`);
  const d = WIDTH;
  const x = core.randn(seed, 1, d).data;
  const data = new Float32Array(n * d);
  for (let p = 0; p < n; p++) {
    const pe = method === 'sinusoidal' ? sinusoid(p, d) : null;
    for (let c = 0; c < d; c++) data[p * d + c] = x[c] + (pe ? pe[c] : 0);
  }
  const X = { shape: [n, d], data };
  const opts = { causal: true, ...(method === 'rope' ? { rope: ROPE_BASE } : {}), ...(method === 'alibi' ? { recency: slope } : {}) };
  const t = core.attentionTrace(X, X, X, opts);
  const logits = new Float64Array(n), weights = new Float64Array(n);
  for (let dist = 0; dist < n; dist++) {
    const j = n - 1 - dist;
    logits[dist] = t.logits.data[(n - 1) * n + j];
    weights[dist] = t.weights.data[(n - 1) * n + j];
  }
  return { logits, weights, x: Float32Array.from(x) };
}
