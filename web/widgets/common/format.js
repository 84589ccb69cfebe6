// Numbers as the widgets print them: 3 decimals, a real minus sign, ∞.
export function fmt(v, digits = 3) {
  if (v === Infinity) return '∞';
  if (v === -Infinity) return '−∞';
  if (Number.isNaN(v)) return 'NaN';
  const s = v.toFixed(digits);
  // -0.000 is zero: print it without a sign.
  if (/^-0\.?0*$/.test(s)) return s.slice(1);
  return s.replace('-', '−');
}

/** Parses what fmt printed (for tests and for copy-paste). */
export function parseFmt(s) {
  const t = String(s).trim().replace('−', '-');
  if (t === '∞') return Infinity;
  if (t === '-∞') return -Infinity;
  return Number(t);
}

/** Rows of a { shape: [r, c], data } tensor as arrays. */
export function rowsOf({ shape: [r, c], data }) {
  return Array.from({ length: r }, (_, i) => Array.from(data.subarray(i * c, (i + 1) * c)));
}
