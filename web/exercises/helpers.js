// The helper library every code exercise can call. Matrices are plain nested
// arrays: a matrix [rows, cols] is a list of rows, a vector [n] a list of numbers.
// Each helper checks its inputs and throws an Error that names the helper, the
// argument and the shapes it saw, so a learner's mistake reads as a sentence.
// A grader may withhold a helper (the softmax exercise withholds softmaxRows).

function fail(msg) {
  throw new Error(msg);
}

function dims(A) {
  if (!Array.isArray(A)) return typeof A === 'number' ? 'a number' : String(A);
  if (A.length === 0) return '[0]';
  return Array.isArray(A[0]) ? `[${A.length}, ${A[0].length}]` : `[${A.length}]`;
}

function checkMatrix(fn, name, A) {
  if (!Array.isArray(A) || A.length === 0 || !Array.isArray(A[0])) {
    fail(`${fn}: ${name} must be a matrix (a non-empty list of rows), got ${dims(A)}`);
  }
  const cols = A[0].length;
  for (let i = 0; i < A.length; i++) {
    if (!Array.isArray(A[i]) || A[i].length !== cols) {
      fail(`${fn}: ${name} row ${i} has ${Array.isArray(A[i]) ? A[i].length : 'no'} entries but row 0 has ${cols}`);
    }
  }
  return [A.length, cols];
}

/** shape(A) → [rows, cols] for a matrix, [n] for a vector, [] for a number. */
export function shape(A) {
  if (typeof A === 'number') return [];
  if (!Array.isArray(A)) fail(`shape: expected a list, got ${dims(A)}`);
  if (A.length > 0 && Array.isArray(A[0])) return [A.length, A[0].length];
  return [A.length];
}

/** zeros(rows, cols) → a [rows, cols] matrix of 0. */
export function zeros(rows, cols) {
  for (const [n, v] of [['rows', rows], ['cols', cols]]) {
    if (!Number.isInteger(v) || v < 0) fail(`zeros: ${n} must be a whole number ≥ 0, got ${v}`);
  }
  return Array.from({ length: rows }, () => new Array(cols).fill(0));
}

/** matmul(A, B): A [n, k] · B [k, m] → [n, m]. */
export function matmul(A, B) {
  const [n, k] = checkMatrix('matmul', 'A', A);
  const [k2, m] = checkMatrix('matmul', 'B', B);
  if (k !== k2) fail(`matmul: A is [${n}, ${k}] and B is [${k2}, ${m}]; A's columns (${k}) must equal B's rows (${k2})`);
  const C = zeros(n, m);
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < k; p++) {
      const a = A[i][p];
      const Bp = B[p];
      for (let j = 0; j < m; j++) C[i][j] += a * Bp[j];
    }
  }
  return C;
}

/** transpose(A): [n, m] → [m, n]. */
export function transpose(A) {
  const [n, m] = checkMatrix('transpose', 'A', A);
  return Array.from({ length: m }, (_, j) => Array.from({ length: n }, (_, i) => A[i][j]));
}

function elementwise(fn, A, B, op) {
  if (!Array.isArray(A) || !Array.isArray(B)) fail(`${fn}: both arguments must be lists, got ${dims(A)} and ${dims(B)}`);
  if (A.length !== B.length) fail(`${fn}: shapes differ: ${dims(A)} and ${dims(B)}`);
  return A.map((a, i) => (Array.isArray(a) ? elementwise(fn, a, B[i], op) : op(a, B[i])));
}

/** add(A, B): elementwise sum of two same-shaped matrices (or vectors). */
export function add(A, B) {
  return elementwise('add', A, B, (a, b) => a + b);
}

/** mul(A, B): elementwise product of two same-shaped matrices (or vectors). */
export function mul(A, B) {
  return elementwise('mul', A, B, (a, b) => a * b);
}

/** map(A, f): applies f to every number of a matrix or vector. */
export function map(A, f) {
  if (typeof f !== 'function') fail('map: the second argument must be a function, e.g. map(A, Math.tanh)');
  if (!Array.isArray(A)) fail(`map: expected a list, got ${dims(A)}`);
  return A.map((a) => (Array.isArray(a) ? map(a, f) : f(a)));
}

/** scale(A, s): every number of A times s. */
export function scale(A, s) {
  if (typeof s !== 'number') fail(`scale: s must be a number, got ${dims(s)}`);
  return map(A, (a) => a * s);
}

/** sigmoid(x) = 1 / (1 + e^(−x)) for a number. */
export function sigmoid(x) {
  if (typeof x !== 'number') fail(`sigmoid: expects a number (use map(A, sigmoid) for a matrix), got ${dims(x)}`);
  return 1 / (1 + Math.exp(-x));
}

/** softmaxRows(S): softmax of every row of S [n, m] (numerically stable). */
export function softmaxRows(S) {
  checkMatrix('softmaxRows', 'S', S);
  return S.map((row) => {
    const max = Math.max(...row);
    if (max === -Infinity) return row.map(() => 0);
    const e = row.map((x) => Math.exp(x - max));
    const sum = e.reduce((s, x) => s + x, 0);
    return e.map((x) => x / sum);
  });
}

/**
 * The position signal the toy backbone adds to its input: P[i][c] = sin((i + 1) / (c + 1)),
 * [n, d]. It makes the backbone's output depend on the order of its input rows.
 */
export function positions(n, d) {
  return Array.from({ length: n }, (_, i) => Array.from({ length: d }, (_, c) => Math.sin((i + 1) / (c + 1))));
}

/**
 * backbone(X): the toy causal model of the HMT exercises, X [n, d] → [n, d].
 * Positions added, then one causal self-attention layer:
 *   X̃ = X + positions(n, d),  out = softmax(X̃·X̃ᵀ/√d with j > i masked)·X̃
 * Output row i only sees input rows 0..i, and the order of those rows matters.
 */
export function backbone(X) {
  const [n, d] = checkMatrix('backbone', 'X', X);
  const Xp = add(X, positions(n, d));
  const S = matmul(Xp, transpose(Xp));
  const s = 1 / Math.sqrt(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) S[i][j] = j > i ? -Infinity : S[i][j] * s;
  }
  return matmul(softmaxRows(S), Xp);
}

/** name → function, in the order they are documented. */
export const HELPERS = { shape, zeros, matmul, transpose, add, mul, scale, map, sigmoid, softmaxRows, backbone };

/** One line per helper for the exercise view. */
export const HELPER_DOCS = [
  ['shape(A)', '[rows, cols] of a matrix, [n] of a vector'],
  ['zeros(rows, cols)', 'a [rows, cols] matrix of 0'],
  ['matmul(A, B)', 'matrix product: [n, k] · [k, m] → [n, m]'],
  ['transpose(A)', '[n, m] → [m, n]'],
  ['add(A, B), mul(A, B)', 'elementwise sum / product of two same-shaped arrays'],
  ['scale(A, s)', 'every number times s'],
  ['map(A, f)', 'applies f to every number, e.g. map(A, Math.tanh)'],
  ['sigmoid(x)', '1 / (1 + e^(−x)) of one number'],
  ['softmaxRows(S)', 'stable softmax of every row'],
  ['backbone(X)', 'the toy causal model: X̃ = X + positions (P[i][c] = sin((i+1)/(c+1))), then softmax(X̃·X̃ᵀ/√d, causal mask)·X̃, [n, d] → [n, d]'],
];
