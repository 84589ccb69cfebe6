// Numbers as the course prints them: fixed decimals (3 by default) with a real
// minus sign and ∞, or about `sig` significant digits (fmtSig); '—' for no number.
export function fmt(v, digits = 3) {
  if (typeof v !== 'number') return '—';
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

/** Text with about `sig` significant digits, plain notation for everyday magnitudes. */
export function fmtSig(x, sig = 3) {
  if (typeof x !== 'number' || !Number.isFinite(x)) return fmt(x);
  if (x === 0) return '0';
  const mag = Math.floor(Math.log10(Math.abs(x)));
  const digits = Math.max(0, sig - 1 - mag);
  return fmt(x, Math.min(digits, 6));
}

/**
 * Learner text as a message quotes it back: at most `max` characters, and when
 * cut, how long it really was — "12a12a12a…" (200,000 characters). Every echo of
 * what a learner typed or pasted (verdicts, status lines, live regions) goes
 * through this, so no input makes a message longer than a sentence.
 */
export function quoteInput(text, max = 60) {
  const s = String(text ?? '');
  if (s.length <= max) return s;
  return `${cutAt(s, max)}… (${s.length.toLocaleString('en-US')} characters)`;
}

/** Text for a live region or a status line: at most `max` characters (what a screen reader can read out). */
export function readable(text, max = 600) {
  const s = String(text ?? '');
  return s.length <= max ? s : `${cutAt(s, max)}…`;
}

// never half of a surrogate pair
const cutAt = (s, n) => s.slice(0, /[\uD800-\uDBFF]/.test(s[n - 1] ?? '') ? n - 1 : n);
