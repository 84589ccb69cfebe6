// Prints benchmark records as one aligned table.
const fmt = (v, digits) => (v === undefined || v === null ? '' : typeof v === 'number' ? v.toFixed(digits) : String(v));

export function formatTable(records) {
  const cols = [
    ['suite', (r) => r.suite], ['runtime', (r) => r.runtime], ['shape', (r) => r.shape], ['impl', (r) => r.impl],
    ['ms', (r) => (r.status === 'failed' ? 'FAILED' : fmt(r.ms_median, 3))],
    ['GFLOP/s', (r) => fmt(r.gflops, 1)], ['%peak', (r) => (r.frac_peak ? fmt(100 * r.frac_peak, 0) : '')],
    ['tok/s', (r) => (r.tokens_per_s ? Math.round(r.tokens_per_s).toString() : '')],
    ['max_abs_err', (r) => (r.max_abs_err === undefined ? '' : r.max_abs_err.toExponential(1))],
    ['ratios', (r) => Object.entries(r.ratio_vs || {}).map(([k, v]) => `${v.toFixed(2)}× vs ${k}`).join(', ')],
    ['note', (r) => r.error || r.note || ''],
  ];
  const rows = records.map((r) => cols.map(([, f]) => f(r)));
  const widths = cols.map(([h], i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [line(cols.map(([h]) => h)), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
