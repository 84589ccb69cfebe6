// What the scaling-plot widget measures, as plain functions over the core.
// No DOM: they run in the core worker (job 'scaling-curves', so Q, K and the
// samples × samples products never leave it) and in node on the same core;
// both give the same numbers for the same settings.
//
// For one d_k and settings { samples: S, keys: m, seed }:
//   Q  = randn(seed + 1, S, d_k)          queries                      [S, d_k]
//   K  = randn(seed,     S, d_k)          keys for the variance        [S, d_k]
//   D  = matmul(Q, K, transposeB)         every q·k                    [S, S]
//   variance.unscaled = sample variance of the S² entries of D
//   variance.scaled   = sample variance of the S² entries of D / √d_k
//   Km = randn(seed, m, d_k)              the m keys of each softmax   [m, d_k]
//        (the first m rows of K: randn fills row by row from the seed)
//   Wu = attention(Q, Km, Km, { scale: 1 }).weights     softmax(Q·Kmᵀ)       [S, m]
//   Ws = attention(Q, Km, Km).weights                   softmax(Q·Kmᵀ/√d_k)  [S, m]
//   saturation.unscaled = mean over the S rows of max_j Wu[i, j]
//   saturation.scaled   = mean over the S rows of max_j Ws[i, j]
// An even spread over m keys gives 1/m; a one-hot softmax gives 1.
// The saturation is the quantity of the saturation-experiment exercise
// (its grader draws K = randn(seed, keys, d_k), Q = randn(seed + 1, queries, d_k)).

/** Powers of two from 1 to maxDk (inclusive when maxDk is a power of two). */
export function dkValues(maxDk) {
  const out = [];
  for (let dk = 1; dk <= maxDk; dk *= 2) out.push(dk);
  return out;
}

/** Unbiased sample variance of xs·factor (mean estimated from the data). */
export function sampleVariance(xs, factor = 1) {
  const n = xs.length;
  if (n < 2) throw new Error('sampleVariance: need at least 2 values');
  let mean = 0;
  for (let i = 0; i < n; i++) mean += xs[i] * factor;
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = xs[i] * factor - mean;
    ss += d * d;
  }
  return ss / (n - 1);
}

/** Mean over rows of the largest entry of each row of a [rows, cols] tensor. */
export function meanRowMax({ shape: [rows, cols], data }) {
  let total = 0;
  for (let i = 0; i < rows; i++) {
    let mx = -Infinity;
    for (let j = 0; j < cols; j++) mx = Math.max(mx, data[i * cols + j]);
    total += mx;
  }
  return total / rows;
}

/** Checks settings and fills defaults → { samples, keys, seed }. */
export function scalingSettings({ samples = 2000, keys = 8, seed = 42 } = {}) {
  const int = (v, name, lo, hi) => {
    if (!Number.isInteger(v) || v < lo || v > hi) throw new Error(`scaling-plot: ${name} must be an integer from ${lo} to ${hi}, got ${v}`);
    return v;
  };
  return { samples: int(samples, 'samples', 2, 4096), keys: int(keys, 'keys', 2, 1024), seed: int(seed, 'seed', 0, 2 ** 52) };
}

/** One point of both curves at d_k → { dk, variance: { unscaled, scaled }, saturation: { unscaled, scaled } }. */
export function scalingPoint(core, dk, settings) {
  const { samples, keys, seed } = scalingSettings(settings);
  if (!Number.isInteger(dk) || dk < 1) throw new Error(`scaling-plot: d_k must be an integer >= 1, got ${dk}`);
  const Q = core.randn(seed + 1, samples, dk);
  const K = core.randn(seed, samples, dk);
  const D = core.matmul(Q, K, { transposeB: true });
  const Km = core.randn(seed, keys, dk);
  const unscaledW = core.attention(Q, Km, Km, { scale: 1 }).weights;
  const scaledW = core.attention(Q, Km, Km).weights;
  return {
    dk,
    variance: { unscaled: sampleVariance(D.data), scaled: sampleVariance(D.data, 1 / Math.sqrt(dk)) },
    saturation: { unscaled: meanRowMax(unscaledW), scaled: meanRowMax(scaledW) },
  };
}
