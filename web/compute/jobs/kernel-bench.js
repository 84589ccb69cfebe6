// Times one attention implementation on this machine (the kernel-bench widget).
//   args: { n = 256, d = 64, impl = 'core' | 'js', warmMs = 500, minMs = 300, minRuns = 3 }
//     core: the core's attentionTiled (in the SIMD worker: SIMD; in the scalar worker: scalar)
//     js:   plain JavaScript loops (web/compute/attention-js.js)
//   progress: { phase: 'warm-up' | 'timing', runs, ms } as it goes
//   → { impl, variant, arch, n, d, ms (median per call), runs, gflops, checksum, maxDiff }
// Q, K, V = randn(seed 1, 2, 3; n × d), the same in every worker. Warm-up first:
// browsers compile WebAssembly and JavaScript in tiers and speed up after a while.
// maxDiff: the largest |out − core.attentionNaive(out)| — every implementation
// timed here is checked against the core's naive reference on the same input.
import { attentionJs, attentionFlops, maxAbsDiff } from '../attention-js.js';

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export default async function kernelBench(core, args, { progress }) {
  const { n = 256, d = 64, impl = 'core', warmMs = 500, minMs = 300, minRuns = 3 } = args;
  if (!Number.isInteger(n) || n < 1 || n > 4096) throw new Error(`n must be an integer from 1 to 4096, got ${n}`);
  if (!Number.isInteger(d) || d < 1 || d > 512) throw new Error(`d must be an integer from 1 to 512, got ${d}`);
  const Q = core.randn(1, n, d);
  const K = core.randn(2, n, d);
  const V = core.randn(3, n, d);
  let run;
  if (impl === 'core') run = () => core.attentionTiled(Q, K, V);
  else if (impl === 'js') run = () => attentionJs(Q, K, V);
  else throw new Error(`unknown implementation '${impl}' (core | js)`);

  const out = run();
  const maxDiff = maxAbsDiff(out, core.attentionNaive(Q, K, V).out);
  let t0 = performance.now();
  let warm = 0;
  while (performance.now() - t0 < warmMs) {
    run();
    warm += 1;
  }
  progress({ phase: 'warm-up', runs: warm, ms: performance.now() - t0 });
  const times = [];
  t0 = performance.now();
  while (times.length < minRuns || performance.now() - t0 < minMs) {
    const s = performance.now();
    run();
    times.push(performance.now() - s);
    if (times.length >= 2000) break;
  }
  const ms = median(times);
  progress({ phase: 'timing', runs: times.length, ms });
  let checksum = 0;
  for (let i = 0; i < out.data.length; i++) checksum += out.data[i];
  return {
    impl,
    variant: core.info.variant,
    arch: core.info.arch,
    lanes: core.info.lanes,
    n,
    d,
    ms,
    runs: times.length,
    gflops: attentionFlops(n, d) / (ms * 1e6),
    checksum,
    maxDiff,
  };
}
