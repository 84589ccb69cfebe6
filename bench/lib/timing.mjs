// Timing helpers shared by node and the browser page.
// measure(): warm up (V8 tiers wasm up after ~0.5 s), calibrate an inner
// repetition count so one run lasts >= minRunMs (beats timer resolution),
// then report the median of `runs` runs in ms per call.
export const now = () => performance.now();

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export async function measure(fn, { warmupMs = 500, runs = 7, minRunMs = 25, quick = false } = {}) {
  if (quick) {
    const t = now();
    await fn();
    return { ms_median: now() - t, runs: 1 };
  }
  const t0 = now();
  let reps = 0;
  do { await fn(); reps++; } while (now() - t0 < warmupMs);
  const single = (now() - t0) / reps;
  const inner = Math.max(1, Math.ceil(minRunMs / Math.max(single, 1e-3)));
  const times = [];
  for (let r = 0; r < runs; r++) {
    const s = now();
    for (let k = 0; k < inner; k++) await fn();
    times.push((now() - s) / inner);
  }
  return { ms_median: median(times), runs, inner };
}

/** max |a - b| over two equal-length arrays (NaN counts as Infinity). */
export function maxAbsErr(a, b) {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (!(d <= m)) m = Number.isNaN(d) ? Infinity : d;
  }
  return m;
}
