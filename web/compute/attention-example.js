// The random example every attention widget starts from, drawn by the core
// from a seed (the same numbers in every browser and in node):
//   Q = randn(seed, n, d_k), K = randn(seed + 1, n, d_k), V = randn(seed + 2, n, d_v)
// core: the wrapped core (synchronous; in the worker or in node).
export function randomQKV(core, seed, n, dk, dv = dk) {
  return { Q: core.randn(seed, n, dk), K: core.randn(seed + 1, n, dk), V: core.randn(seed + 2, n, dv) };
}
