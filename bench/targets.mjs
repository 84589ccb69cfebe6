// The figures the project promises, checked against one run's records.
// In --quick mode only correctness counts (times are single cold runs).
const ERR_LIMIT = 1e-3;  // max |ours − reference| on N(0,1) inputs

export function checkTargets(records, { quick }) {
  const lines = [];
  let failed = false;
  const say = (ok, text, hard = true) => {
    lines.push(`${ok ? 'MET ' : 'MISS'}  ${text}`);
    if (!ok && hard) failed = true;
  };
  for (const r of records) {
    if (r.max_abs_err !== undefined && !(r.max_abs_err <= ERR_LIMIT)) say(false, `${r.runtime} ${r.shape} ${r.impl}: max_abs_err ${r.max_abs_err} > ${ERR_LIMIT}`);
    if (r.status === 'mismatch') say(false, `${r.runtime} ${r.shape} ${r.impl}: output differs from ours (${r.error})`);
  }
  if (!failed) say(true, `every output within ${ERR_LIMIT} of its reference`);
  if (quick) return { lines, failed };

  const att = (runtime, impl, shape) => records.find((r) => r.suite === 'attention' && r.runtime === runtime && r.impl === impl && r.shape === shape);
  for (const runtime of ['chromium', 'node']) {
    for (const shape of ['n=1024 d=64', 'n=4096 d=64']) {
      const r = att(runtime, 'ours-simd-tiled', shape);
      if (!r) continue;
      if (runtime === 'chromium') say(r.gflops >= 35, `chromium ${shape}: ours ${r.gflops.toFixed(1)} GFLOP/s (target >= 35; ${(100 * r.frac_peak).toFixed(0)}% of the measured peak)`, false);
      const naive = r.ratio_vs?.['naive-scalar'];
      if (naive) say(naive >= 8, `${runtime} ${shape}: ours ${naive.toFixed(1)}× the scalar naive build (target >= 8)`, false);
    }
  }
  return { lines, failed };
}
