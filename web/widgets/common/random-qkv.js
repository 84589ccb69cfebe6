// The random example every attention widget starts from, regenerated from a
// seed by the core (the same numbers in every browser and in node):
//   Q = randn(seed, n, d_k), K = randn(seed + 1, n, d_k), V = randn(seed + 2, n, d_v)
export async function randomQKV(core, seed, n, dk, dv = dk) {
  const [Q, K, V] = await Promise.all([
    core.call('randn', seed, n, dk),
    core.call('randn', seed + 1, n, dk),
    core.call('randn', seed + 2, n, dv),
  ]);
  return { Q, K, V };
}
