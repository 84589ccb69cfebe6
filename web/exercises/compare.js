// Compares a learner's result with the expected value and explains the first
// difference. Shared by the sandbox worker and the node tests.
//
//   compareValues(expected, actual, { atol, rtol }) → null (equal) | message
//
// Values are numbers, (nested) arrays of numbers, or plain objects of those.
// Typed arrays in the learner's result are accepted as arrays.
// Numbers are equal when |actual − expected| ≤ atol + rtol·|expected|;
// NaN equals only NaN and ±Infinity only itself (NaN-aware, no tolerance).

export const DEFAULT_TOLERANCE = Object.freeze({ atol: 1e-5, rtol: 1e-4 });

/** "|actual − expected| ≤ 1e-5 + 1e-4·|expected|" */
export function describeTolerance({ atol = 0, rtol = 0 } = {}) {
  if (!atol && !rtol) return 'exact match';
  const parts = [];
  if (atol) parts.push(fmtTol(atol));
  if (rtol) parts.push(`${fmtTol(rtol)}·|expected|`);
  return `|actual − expected| ≤ ${parts.join(' + ')}`;
}

function fmtTol(x) {
  const e = Math.log10(x);
  return Number.isInteger(e) ? `1e${e}` : String(x);
}

/** A number as learners read it: up to 7 significant digits, NaN and ±Infinity spelled out. */
export function formatNumber(x) {
  if (typeof x !== 'number') return describeValue(x);
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (Number.isInteger(x)) return String(x);
  return String(Number(x.toPrecision(7)));
}

/** A short description of a non-numeric value ("undefined", "a string \"abc\"", …). */
export function describeValue(v) {
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  if (typeof v === 'string') return `a string ${JSON.stringify(v.length > 20 ? `${v.slice(0, 20)}…` : v)}`;
  if (typeof v === 'boolean') return `the boolean ${v}`;
  if (typeof v === 'function') return 'a function';
  if (Array.isArray(v)) return `a list of ${v.length}`;
  if (typeof v === 'object') return 'an object';
  return String(v);
}

/** Typed arrays → arrays, recursively; everything else unchanged. */
export function normalize(v) {
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v);
  if (Array.isArray(v)) return v.map(normalize);
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    const out = {};
    for (const k of Object.keys(v)) out[k] = normalize(v[k]);
    return out;
  }
  return v;
}

/**
 * The dimensions of a rectangular nested array of numbers ([] for a number),
 * or null when the value is not one (ragged, contains non-numbers, …).
 */
export function shapeOf(v) {
  if (typeof v === 'number') return [];
  if (!Array.isArray(v)) return null;
  if (v.length === 0) return [0];
  const inner = shapeOf(v[0]);
  if (inner === null) return null;
  for (let i = 1; i < v.length; i++) {
    const s = shapeOf(v[i]);
    if (s === null || s.length !== inner.length || s.some((d, k) => d !== inner[k])) return null;
  }
  return [v.length, ...inner];
}

/** "[3, 4]", "a number", or a description of a ragged / non-numeric value. */
export function describeShape(v) {
  const s = shapeOf(v);
  if (s === null) {
    if (Array.isArray(v)) return `a list of ${v.length} whose entries differ in shape`;
    return describeValue(v);
  }
  return s.length === 0 ? 'a number' : `[${s.join(', ')}]`;
}

/** |a − e| ≤ atol + rtol·|e|; NaN equals only NaN, ±Infinity only itself. */
export function numbersEqual(e, a, { atol = 0, rtol = 0 } = {}) {
  if (Number.isNaN(e)) return Number.isNaN(a);
  if (!Number.isFinite(e)) return a === e;
  if (!Number.isFinite(a)) return false;
  return Math.abs(a - e) <= atol + rtol * Math.abs(e);
}

function position(path) {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('');
}

function flatten(v, out = []) {
  if (Array.isArray(v)) for (const x of v) flatten(x, out);
  else out.push(v);
  return out;
}

function indexPath(flat, dims) {
  const path = [];
  for (let k = dims.length - 1; k >= 0; k--) {
    path.unshift(flat % dims[k]);
    flat = Math.floor(flat / dims[k]);
  }
  return path;
}

/**
 * null when `actual` matches `expected` within the tolerance, else one
 * sentence naming the expected and actual shape, the first differing position
 * with both values, how many entries differ, and the tolerance.
 */
export function compareValues(expected, actual, tolerance = DEFAULT_TOLERANCE) {
  const atol = tolerance.atol ?? 0, rtol = tolerance.rtol ?? 0;
  const tol = `tolerance: ${describeTolerance({ atol, rtol })}`;
  actual = normalize(actual);
  if (actual === undefined && expected !== undefined) {
    return `your function returned undefined (expected ${describeShape(expected)}) — does it end with a return statement?`;
  }
  const eShape = shapeOf(expected);
  if (eShape !== null) {
    const aShape = shapeOf(actual);
    const shapeText = `expected shape ${describeShape(expected)}, got ${describeShape(actual)}`;
    if (aShape === null || aShape.length !== eShape.length || aShape.some((d, k) => d !== eShape[k])) {
      const transposed = aShape && aShape.length === 2 && eShape.length === 2 &&
        aShape[0] === eShape[1] && aShape[1] === eShape[0] && eShape[0] !== eShape[1];
      const why = aShape === null ? deepestProblem(expected, actual) : '';
      return `${shapeText}${transposed ? ' (transposed?)' : ''}${why ? ` — ${why}` : ''}`;
    }
    const e = flatten(expected), a = flatten(actual);
    let first = -1, count = 0;
    for (let i = 0; i < e.length; i++) {
      if (!numbersEqual(e[i], a[i], { atol, rtol })) {
        if (first < 0) first = i;
        count++;
      }
    }
    if (first < 0) return null;
    const where = eShape.length ? `at ${position(indexPath(first, eShape))} ` : '';
    return `${where}expected ${formatNumber(e[first])}, got ${formatNumber(a[first])}` +
      (e.length > 1 ? `; ${count} of ${e.length} entries differ` : '') +
      ` (${eShape.length ? `shape ${describeShape(expected)} as expected; ` : ''}${tol})`;
  }
  // Ragged lists and objects: walk the structure.
  const problem = walk(expected, actual, [], atol, rtol);
  return problem ? `${problem} (${tol})` : null;
}

// Why a value that should be rectangular is not: the first ragged row or non-number.
function deepestProblem(expected, actual) {
  if (!Array.isArray(actual)) return '';
  const rows = actual;
  for (let i = 0; i < rows.length; i++) {
    const s = shapeOf(rows[i]);
    if (s === null) {
      const inner = Array.isArray(rows[i]) ? deepestProblem(expected?.[i], rows[i]) : '';
      return inner ? inner.replace(/^at /, `at [${i}]`) : `at [${i}] found ${describeValue(rows[i])}`;
    }
  }
  const first = shapeOf(rows[0]);
  for (let i = 1; i < rows.length; i++) {
    const s = shapeOf(rows[i]);
    if (s.length !== first.length || s.some((d, k) => d !== first[k])) {
      return `row [${i}] has shape ${describeShape(rows[i])} but row [0] has ${describeShape(rows[0])}`;
    }
  }
  return '';
}

function walk(e, a, path, atol, rtol) {
  const at = path.length ? `at ${position(path)} ` : '';
  if (typeof e === 'number') {
    if (typeof a !== 'number') return `${at}expected the number ${formatNumber(e)}, got ${describeValue(a)}`;
    return numbersEqual(e, a, { atol, rtol }) ? null : `${at}expected ${formatNumber(e)}, got ${formatNumber(a)}`;
  }
  if (Array.isArray(e)) {
    if (!Array.isArray(a)) return `${at}expected a list of ${e.length}, got ${describeValue(a)}`;
    if (a.length !== e.length) {
      return `${at}expected a list of ${e.length} (shape ${describeShape(e)}), got a list of ${a.length} (shape ${describeShape(a)})`;
    }
    for (let i = 0; i < e.length; i++) {
      const p = walk(e[i], a[i], [...path, i], atol, rtol);
      if (p) return p;
    }
    return null;
  }
  if (e && typeof e === 'object') {
    if (!a || typeof a !== 'object' || Array.isArray(a)) return `${at}expected an object, got ${describeValue(a)}`;
    for (const k of Object.keys(e)) {
      const p = walk(e[k], a[k], [...path, k], atol, rtol);
      if (p) return p;
    }
    return null;
  }
  return Object.is(e, a) ? null : `${at}expected ${describeValue(e)}, got ${describeValue(a)}`;
}
