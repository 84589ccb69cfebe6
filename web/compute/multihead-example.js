// The random example of the multihead-heatmaps widget, drawn by the core from
// a seed (the same numbers in every browser and in node):
//   X   = randn(seed,     n, d_model)                 tokens          [n, d_model]
//   W_q = randn(seed + 1, d_model, d_model, 1/√d_model)                [d_model, d_model]
//   W_k = randn(seed + 2, …),  W_v = randn(seed + 3, …),  W_o = randn(seed + 4, …)
// then multiHead(X, W, heads, { causal }) → { out, q, k, v, concat, weights: h × [n, n] }.
// core: the wrapped core (synchronous; in the worker, job 'multihead-example', or in node).
export function multiHeadExample(core, { tokens, dModel, heads, causal = false, seed }) {
  if (dModel % heads !== 0) throw new Error(`d_model = ${dModel} is not divisible by ${heads} heads`);
  const std = 1 / Math.sqrt(dModel);
  const X = core.randn(seed, tokens, dModel);
  const W = {
    Wq: core.randn(seed + 1, dModel, dModel, std),
    Wk: core.randn(seed + 2, dModel, dModel, std),
    Wv: core.randn(seed + 3, dModel, dModel, std),
    Wo: core.randn(seed + 4, dModel, dModel, std),
  };
  return { X, W, ...core.multiHead(X, W, heads, { causal }) };
}
