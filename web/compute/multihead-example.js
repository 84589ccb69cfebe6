// The random example of the multihead-heatmaps widget, regenerated from a
// seed by the core (the same numbers in every browser and in node):
//   X   = randn(seed,     n, d_model)                 tokens          [n, d_model]
//   W_q = randn(seed + 1, d_model, d_model, 1/√d_model)                [d_model, d_model]
//   W_k = randn(seed + 2, …),  W_v = randn(seed + 3, …),  W_o = randn(seed + 4, …)
// then multiHead(X, W, heads, { causal }) → { out, q, k, v, concat, weights: h × [n, n] }.
// `call(method, ...args)` is the worker client's call (or an async adapter in node).

export async function multiHeadExample(call, { tokens, dModel, heads, causal = false, seed }) {
  if (dModel % heads !== 0) throw new Error(`d_model = ${dModel} is not divisible by ${heads} heads`);
  const std = 1 / Math.sqrt(dModel);
  const [X, Wq, Wk, Wv, Wo] = await Promise.all([
    call('randn', seed, tokens, dModel),
    call('randn', seed + 1, dModel, dModel, std),
    call('randn', seed + 2, dModel, dModel, std),
    call('randn', seed + 3, dModel, dModel, std),
    call('randn', seed + 4, dModel, dModel, std),
  ]);
  const result = await call('multiHead', X, { Wq, Wk, Wv, Wo }, heads, { causal });
  return { X, W: { Wq, Wk, Wv, Wo }, ...result };
}
