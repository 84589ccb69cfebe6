// What the attention widgets must print, and how a printed matrix is compared
// with the core's numbers in node (shared by the Chromium tests and the
// cross-engine suite):
//   const { Q, K, V } = example(core, seed, n, dk);   // the widgets' example: seeds seed, seed+1, seed+2
//   assertClose(printed, rows(core.attention(Q, K, V).weights), 'weights');
// Tolerance: |printed − exact| ≤ 0.0005 (+1e-6 for float32 rounding), i.e.
// the printed text is the exact value rounded to 3 decimals.
import assert from 'node:assert/strict';

export const TOL = 0.0005 + 1e-6;

/** A core matrix { shape: [r, c], data } → number[][]. */
export const rows = ({ shape: [r, c], data }) => Array.from({ length: r }, (_, i) => Array.from(data.subarray(i * c, (i + 1) * c)));

/** A printed cell → number ("−1.5" → -1.5, "−∞" → -Infinity, a masked cell → 0: the causal mask's weight is exactly 0). */
export const parse = (s) => {
  const t = s.trim().replace('−', '-');
  if (t === 'masked' || t === '0 (masked)') return 0;
  return t === '-∞' ? -Infinity : t === '∞' ? Infinity : Number(t);
};

/** The same example the widgets build: Q, K, V from seeds seed, seed+1, seed+2. */
export function example(core, seed, n, dk) {
  return { Q: core.randn(seed, n, dk), K: core.randn(seed + 1, n, dk), V: core.randn(seed + 2, n, dk) };
}

/** Printed cells [{ i, j, text }] → number[][]. */
export function cellsToMatrix(cells) {
  const out = [];
  for (const { i, j, text } of cells) (out[i] ??= [])[j] = parse(text);
  return out;
}

export function assertClose(actual, expected, what) {
  assert.equal(actual.length, expected.length, `${what}: ${actual.length} rows, expected ${expected.length}`);
  expected.forEach((row, i) => {
    assert.equal(actual[i]?.length, row.length, `${what}: row ${i} has ${actual[i]?.length} cells, expected ${row.length}`);
    row.forEach((v, j) => {
      const a = actual[i][j];
      if (!Number.isFinite(v)) assert.equal(a, v, `${what}[${i}][${j}]: printed ${a}, core ${v}`);
      else assert.ok(Math.abs(a - v) <= TOL, `${what}[${i}][${j}]: printed ${a}, core ${v} (tolerance ${TOL})`);
    });
  });
}
