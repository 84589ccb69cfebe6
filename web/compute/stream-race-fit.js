// Fits for the stream-race widget (pure functions, tested in node).

/** Text lengths full attention is run on (up to the widget's fullMax). */
export const FULL_SIZES = [1024, 2048, 4096, 8192];

/**
 * Least-squares fit of t(n) = a·n + b·n² to points [{ n, ms }] (a linear part —
 * embeddings, projections, MLP — plus the attention's quadratic part), by
 * regressing t/n on n. → { a, b, predict(n) } ; a and b are clipped at 0.
 */
export function fitLinearQuadratic(points) {
  const pts = points.filter((p) => p.n > 0 && p.ms > 0);
  if (pts.length < 2) return null;
  const xs = pts.map((p) => p.n);
  const ys = pts.map((p) => p.ms / p.n);
  const m = pts.length;
  const mx = xs.reduce((s, x) => s + x, 0) / m;
  const my = ys.reduce((s, y) => s + y, 0) / m;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < m; i++) {
    sxx += (xs[i] - mx) ** 2;
    sxy += (xs[i] - mx) * (ys[i] - my);
  }
  if (sxx === 0) return null;
  const b = Math.max(0, sxy / sxx);
  const a = Math.max(0, my - b * mx);
  return { a, b, predict: (n) => a * n + b * n * n };
}

/** Log-log slope of ms against n (least squares), or null with fewer than 2 points. */
export function logSlope(points) {
  const pts = points.filter((p) => p.n > 0 && p.ms > 0);
  if (pts.length < 2) return null;
  const xs = pts.map((p) => Math.log(p.n));
  const ys = pts.map((p) => Math.log(p.ms));
  const mx = xs.reduce((s, x) => s + x, 0) / xs.length;
  const my = ys.reduce((s, y) => s + y, 0) / ys.length;
  let sxx = 0;
  let sxy = 0;
  xs.forEach((x, i) => {
    sxx += (x - mx) ** 2;
    sxy += (x - mx) * (ys[i] - my);
  });
  return sxx === 0 ? null : sxy / sxx;
}

/** Per-chunk cost of a stream: [{ tokens, ms }] cumulative → [{ tokens, msPer1k }]. */
export function costPer1k(points) {
  const out = [];
  let prev = { tokens: 0, ms: 0 };
  for (const p of points) {
    const dt = p.tokens - prev.tokens;
    if (dt > 0) out.push({ tokens: p.tokens, msPer1k: ((p.ms - prev.ms) / dt) * 1000 });
    prev = p;
  }
  return out;
}
