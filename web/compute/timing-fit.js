// The arithmetic of the quadratic-timing widget, without DOM or core:
// which sequence lengths to time, and the least-squares power-law fit.

/** Sequence lengths from 256 to maxN in half-octave steps (multiples of 16). */
export function timingSizes(maxN, minN = 256) {
  if (!Number.isFinite(maxN) || maxN < minN) throw new Error(`quadratic-timing: largest n must be >= ${minN}, got ${maxN}`);
  const out = [];
  for (let k = 0; ; k++) {
    const n = Math.round((minN * 2 ** (k / 2)) / 16) * 16;
    if (n > maxN) break;
    out.push(n);
  }
  return out;
}

/**
 * Least squares on (log n, log t): log t = a + b·log n, i.e. t = e^a · n^b.
 * points: [{ n, ms }] with n > 0 and ms > 0 → { slope: b, intercept: a, r2, count }
 * (natural logarithms; the slope does not depend on the base).
 */
export function fitPowerLaw(points) {
  const pts = points.filter((p) => p.n > 0 && p.ms > 0 && Number.isFinite(p.ms));
  if (pts.length < 2) throw new Error('fitPowerLaw: need at least 2 points with positive n and time');
  const xs = pts.map((p) => Math.log(p.n));
  const ys = pts.map((p) => Math.log(p.ms));
  const m = pts.length;
  const mx = xs.reduce((s, x) => s + x, 0) / m;
  const my = ys.reduce((s, y) => s + y, 0) / m;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < m; i++) {
    sxx += (xs[i] - mx) ** 2;
    sxy += (xs[i] - mx) * (ys[i] - my);
    syy += (ys[i] - my) ** 2;
  }
  if (sxx === 0) throw new Error('fitPowerLaw: all points have the same n');
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  const r2 = syy === 0 ? 1 : Math.min(1, (sxy * sxy) / (sxx * syy));
  return { slope, intercept, r2, count: m };
}

/** Floating-point operations of one attention head: 4·n²·d (QKᵀ and weights·V). */
export function attentionFlops(n, d) {
  return 4 * n * n * d;
}
