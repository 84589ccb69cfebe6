// HMT streaming throughput vs full causal attention, on the same backbone
// (default sizes: d_model 64, 4 heads, 2 layers, MLP 256; HMT L 128, j 64, k 16, N 300).
//
//   hmtSuite({ quick, core, runtime, log }) → records
//     { suite: 'hmt', impl: 'hmt-stream' | 'full-attention', shape, runtime,
//       ms_median, tokens_per_s, slope }
//   HMT: a fresh stream per run, feed(T tokens) + flush(), T = 10k, 30k, 100k.
//   Full attention: one forward pass over n = 1k, 2k, 4k, 8k tokens.
//   slope: least-squares fit of log(time) against log(tokens) over that impl's
//   sizes — linear cost gives 1, quadratic 2 (targets: HMT ≤ 1.1, full ≈ 2).
//   Each figure is the median of several runs after at least 0.5 s of warm-up.
//   quick: every path once on small sizes (correctness only, no figures).
//
// Works in node and in the browser (pass `core`, the object from wrapCore);
// run through bench/run.mjs (`npm run bench -- --only hmt`).
import { measure } from '../lib/timing.mjs';

const HMT_TOKENS = [10_000, 30_000, 100_000];
const FULL_TOKENS = [1024, 2048, 4096, 8192];
const HMT_CONFIG = { segmentLength: 128, summaryLength: 64, sensoryLength: 16, cacheSize: 300 };

/** Slope of the least-squares line through (log x, log y). */
export function logLogSlope(xs, ys) {
  const lx = xs.map(Math.log), ly = ys.map(Math.log);
  const mx = lx.reduce((a, b) => a + b, 0) / lx.length, my = ly.reduce((a, b) => a + b, 0) / ly.length;
  let num = 0, den = 0;
  for (let i = 0; i < lx.length; i++) {
    num += (lx[i] - mx) * (ly[i] - my);
    den += (lx[i] - mx) ** 2;
  }
  return num / den;
}

/** Deterministic English-like text (words of 2–9 letters, spaces, full stops). */
export function benchText(n, seed = 1) {
  const out = new Uint8Array(n);
  let s = seed >>> 0, i = 0;
  const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0);
  while (i < n) {
    const len = 2 + (next() >>> 8) % 8;
    for (let k = 0; k < len && i < n; k++) out[i++] = 97 + (next() >>> 8) % 26;
    if (i < n) out[i++] = (next() >>> 8) % 12 === 0 ? 46 : 32;
  }
  return out;
}

export async function hmtSuite({ quick = false, core, runtime, log = () => {} }) {
  const hmtSizes = quick ? [2_000, 4_000] : HMT_TOKENS;
  const fullSizes = quick ? [256, 512] : FULL_TOKENS;
  const text = benchText(Math.max(...hmtSizes, ...fullSizes));
  const records = [];

  const model = core.createHmtModel({ seed: 1, maxPositions: 256 });
  const big = core.createHmtModel({ seed: 1, maxPositions: Math.max(...fullSizes) });
  try {
    const hmtMs = [];
    for (const T of hmtSizes) {
      const input = text.subarray(0, T);
      const { ms_median: ms } = await measure(() => {
        const s = core.createHmtStream({ model, ...HMT_CONFIG });
        try {
          s.feed(input);
          s.flush();
        } finally {
          s.delete();
        }
      }, { runs: T >= 100_000 ? 3 : 5, warmupMs: 500, quick });
      hmtMs.push(ms);
      records.push({ suite: 'hmt', impl: 'hmt-stream', shape: `tokens=${T} L=128 j=64 k=16 N=300 d=64`, runtime, ms_median: ms, tokens_per_s: (T / ms) * 1000 });
      log(`  ${runtime} hmt-stream ${String(T).padStart(6)} tokens: ${ms.toFixed(1)} ms, ${Math.round((T / ms) * 1000)} tokens/s`);
    }
    const fullMs = [];
    for (const n of fullSizes) {
      const input = text.subarray(0, n);
      const { ms_median: ms } = await measure(() => big.forward(input), { runs: n >= 8192 ? 3 : 5, warmupMs: 500, quick });
      fullMs.push(ms);
      records.push({ suite: 'hmt', impl: 'full-attention', shape: `tokens=${n} d=64`, runtime, ms_median: ms, tokens_per_s: (n / ms) * 1000 });
      log(`  ${runtime} full-attention ${String(n).padStart(5)} tokens: ${ms.toFixed(1)} ms, ${Math.round((n / ms) * 1000)} tokens/s`);
    }
    const hmtSlope = logLogSlope(hmtSizes, hmtMs), fullSlope = logLogSlope(fullSizes, fullMs);
    for (const r of records) r.slope = r.impl === 'hmt-stream' ? hmtSlope : fullSlope;
    log(`  ${runtime} log-log slope of time vs tokens: HMT ${hmtSlope.toFixed(2)} (target <= 1.1), full attention ${fullSlope.toFixed(2)} (≈ 2)${quick ? ' [quick: single cold runs, not figures]' : ''}`);
    if (!quick) {
      const t100k = hmtMs[hmtSizes.indexOf(100_000)];
      log(`  ${runtime} 100k tokens through HMT: ${(t100k / 1000).toFixed(2)} s (target < 10 s in Chromium)`);
    }
  } finally {
    model.delete();
    big.delete();
  }
  return records;
}
