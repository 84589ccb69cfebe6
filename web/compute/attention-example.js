// The random example every attention widget starts from, drawn by the core
// from a seed (the same numbers in every browser and in node):
//   Q = randn(seed, n, d_k), K = randn(seed + 1, n, d_k), V = randn(seed + 2, n, d_v)
// core: the wrapped core (synchronous; in the worker or in node).
export function randomQKV(core, seed, n, dk, dv = dk) {
  return { Q: core.randn(seed, n, dk), K: core.randn(seed + 1, n, dk), V: core.randn(seed + 2, n, dv) };
}

/** The heatmap's example: randomQKV with Q cut to its first n_q rows (queries < tokens). */
export function heatmapExample(core, { tokens: n, dk, seed, queries = n }) {
  const ex = randomQKV(core, seed, n, dk);
  if (queries === n || queries === 'all') return ex;
  return { ...ex, Q: core.randn(seed, queries, dk) };
}

/** The core's attention options for the heatmap's settings. */
export function exampleOptions({ causal = false, causalAlign = 'bottom-right', scaled = true, temperature = 1, recency = 0 }) {
  const options = { causal, causalAlign, temperature, recency };
  if (!scaled) options.scale = 1;
  return options;
}

/**
 * Where query i sits among the n keys: p_i = i + n − n_q (bottom-right: the last
 * query on the last key) or i (top-left). A causal mask hides key j from query i iff j > p_i.
 */
export function queryPosition(i, nq, n, causalAlign = 'bottom-right') {
  return causalAlign === 'top-left' ? i : i + n - nq;
}
