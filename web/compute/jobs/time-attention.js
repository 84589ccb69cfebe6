// Times attention on this machine for several sequence lengths.
//   args: { sizes: [n, …], d = 64, repeats = 5, path = 'tiled' | 'materialised', minMs = 50 }
//   progress: { n, ms, done, total } after each size
//   → [{ n, d, ms (median per call), runs }]
// Each size is warmed up once, then run until `repeats` calls and `minMs` have passed.
const methods = { tiled: 'attentionTiled', materialised: 'attention', naive: 'attentionNaive' };

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export default async function timeAttention(core, args, { progress }) {
  const { sizes = [256, 512, 1024], d = 64, repeats = 5, path = 'tiled', minMs = 50 } = args;
  const method = methods[path];
  if (!method) throw new Error(`unknown path '${path}' (tiled, materialised, naive)`);
  if (!Array.isArray(sizes) || sizes.length === 0) throw new Error('sizes must be a non-empty list of sequence lengths');
  const results = [];
  for (const [i, n] of sizes.entries()) {
    const Q = core.randn(1, n, d);
    const K = core.randn(2, n, d);
    const V = core.randn(3, n, d);
    core[method](Q, K, V);
    const times = [];
    const start = performance.now();
    while (times.length < repeats || performance.now() - start < minMs) {
      const t0 = performance.now();
      core[method](Q, K, V);
      times.push(performance.now() - t0);
      if (times.length >= 1000) break;
    }
    const r = { n, d, ms: median(times), runs: times.length };
    results.push(r);
    progress({ ...r, done: i + 1, total: sizes.length });
  }
  return results;
}
