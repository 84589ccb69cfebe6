// Fuzz test of the wrapped SIMD core (wasm/bindings/core.mjs): thousands of calls
// of every function with random valid and invalid arguments.
//   valid   → the result matches an independent reference within a stated tolerance
//             (JS float64 loops for matmul, softmax and attention; the core's naive
//             multi-head path for multiHead)
//   invalid → throws an Error with a non-empty message, never a wasm trap or abort,
//             and the module keeps working
//   heap    → bytes in use return to the baseline after everything
// Deterministic: seeds are fixed (FUZZ_SEED overrides); a failure names its case.
// Bounded: about 10–20 s on a 2-core machine.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadCoreNode } from '../../wasm/bindings/core-node.mjs';
import { shapeRng } from '../../web/exercises/graders/util.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20240611);
const VALID_CALLS = 1500;     // per function
const INVALID_CALLS = 6000;   // over all functions
const KNOWN = ['attention', 'attentionTrace', 'attentionTiled', 'attentionNaive', 'attentionHeads', 'multiHead',
  'matmul', 'softmaxRows', 'randn', 'peakMulAdd', 'memory'];

let core;
let baseline;

// ---- random numbers: the graders' seeded PRNG (u() in [0, 1), int(lo, hi) inclusive) plus normals
function rng(seed) {
  const { next: u, int, pick } = shapeRng(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
  return { u, int, pick, normal };
}

// ---- tensors: data as Float32Array, Float64Array or a plain array (all accepted)
function randomTensor(r, rows, cols) {
  const std = r.pick([0, 0.01, 0.3, 1, 1, 3]);
  const f = new Float32Array(rows * cols);
  for (let i = 0; i < f.length; i++) f[i] = std * r.normal();
  if (r.u() < 0.05) f[r.int(0, f.length - 1)] = r.pick([-50, 50, 1e-30, -1e-30]);  // a spike or a denormal-ish value
  const kind = r.int(0, 5);
  const data = kind === 0 ? Array.from(f) : kind === 1 ? Float64Array.from(f) : f;
  return { shape: [rows, cols], data };
}
const f32 = (t) => Float32Array.from(t.data);
const maxAbs = (a) => a.reduce((m, x) => Math.max(m, Math.abs(x)), 0);

// ---- references in float64
function matmulRef(A, B, transposeB) {
  const [m, k] = A.shape, n = transposeB ? B.shape[0] : B.shape[1];
  const a = f32(A), b = f32(B);
  const C = new Float64Array(m * n), bound = new Float64Array(m * n);  // bound = Σ|a·b|
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0, abs = 0;
      for (let c = 0; c < k; c++) {
        const p = a[i * k + c] * (transposeB ? b[j * k + c] : b[c * n + j]);
        s += p; abs += Math.abs(p);
      }
      C[i * n + j] = s; bound[i * n + j] = abs;
    }
  }
  return { C, bound };
}

function softmaxRef(S, rows, cols) {
  const W = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    let mx = -Infinity;
    for (let j = 0; j < cols; j++) mx = Math.max(mx, S[i * cols + j]);
    if (mx === -Infinity) continue;  // a fully masked row is all zeros
    let sum = 0;
    for (let j = 0; j < cols; j++) sum += (W[i * cols + j] = Math.exp(S[i * cols + j] - mx));
    for (let j = 0; j < cols; j++) W[i * cols + j] /= sum;
  }
  return W;
}

/**
 * softmax(Q·Kᵀ·scale/temperature − recency·dist, causal)·V with dist = i + (m − n) − j
 * (penalty only for dist > 0; causal masks dist < 0). Also returns per-row tolerances
 * tol_i = (2e-5 + 2e-6·L_i)·(1 + max|V|), L_i = max_j Σ|q·k|·|scale/temperature|:
 * float32 logits carry an error proportional to L_i, which moves the weights by as much.
 */
function attentionRef(Q, K, V, o = {}) {
  const [n, d] = Q.shape, m = K.shape[0], dv = V.shape[1];
  const scale = o.scale ?? Math.fround(1 / Math.fround(Math.sqrt(d))), temperature = o.temperature ?? 1, recency = o.recency ?? 0;
  const { C: scores, bound } = matmulRef(Q, K, true);
  const factor = Math.abs(Math.fround(scale) / temperature);
  const logits = new Float64Array(n * m);
  const tol = new Float64Array(n);
  const vmax = maxAbs(f32(V));
  for (let i = 0; i < n; i++) {
    let L = 0;
    for (let j = 0; j < m; j++) {
      const dist = i + (m - n) - j;
      let x = scores[i * m + j] * Math.fround(scale) / temperature - (dist > 0 ? Math.fround(recency) * dist : 0);
      if (o.causal && dist < 0) x = -Infinity;
      logits[i * m + j] = x;
      L = Math.max(L, bound[i * m + j] * factor);
    }
    tol[i] = (2e-5 + 2e-6 * L) * (1 + vmax);
  }
  const weights = softmaxRef(logits, n, m);
  const v = f32(V);
  const out = new Float64Array(n * dv);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < m; j++) {
      const w = weights[i * m + j];
      if (w) for (let c = 0; c < dv; c++) out[i * dv + c] += w * v[j * dv + c];
    }
  return { scores, bound, logits, weights, out, tol, scale: Math.fround(scale) };
}

/** Columns [c0, c0 + w) of a tensor. */
function sliceCols(T, c0, w) {
  const [rows, cols] = T.shape, src = f32(T), data = new Float32Array(rows * w);
  for (let i = 0; i < rows; i++) data.set(src.subarray(i * cols + c0, i * cols + c0 + w), i * w);
  return { shape: [rows, w], data };
}

// ---- assertions
function close(actual, expected, tolAt, what) {
  assert.equal(actual.length, expected.length, `${what}: ${actual.length} values, expected ${expected.length}`);
  for (let i = 0; i < actual.length; i++) {
    const e = expected[i], a = actual[i], tol = tolAt(i);
    if (e === -Infinity && a === -Infinity) continue;
    if (!(Math.abs(a - e) <= tol)) assert.fail(`${what}: [${i}] = ${a}, reference ${e}, tolerance ${tol.toExponential(2)}`);
  }
}
const rowTol = (tol, cols) => (i) => tol[Math.floor(i / cols)];
const shapeIs = (t, rows, cols, what) => {
  assert.deepEqual(t.shape, [rows, cols], `${what}: shape`);
  assert.ok(t.data instanceof Float32Array && t.data.length === rows * cols, `${what}: data`);
};

/** A trap or an abort is a RuntimeError; a checked error is a plain Error (or embind's TypeError). */
function isCleanError(e) {
  return e instanceof Error && !(e instanceof WebAssembly.RuntimeError) && typeof e.message === 'string'
    && e.message.trim().length > 0 && !/abort|unreachable|out of bounds|memory access|stack/i.test(e.message);
}

/** The module still computes a correct small attention. */
function stillWorks(what) {
  const x = { shape: [3, 4], data: new Float32Array([1, 0, 0, 1, 0, 1, 0, 0, 0, 0, 1, 0]) };
  const r = core.attention(x, x, x);
  const ref = attentionRef(x, x, x);
  close(r.out.data, ref.out, () => 1e-5, `attention after ${what}`);
}

// ---- valid calls: one generator per function, each returns nothing and asserts
function options(r, { n, m, tiled }) {
  const o = {};
  if (r.u() < 0.3 && m >= n) o.causal = true;
  if (r.u() < 0.3) o.scale = r.pick([0, 0.01, 0.125, 0.5, 1, 2]);
  if (r.u() < 0.3) o.temperature = r.pick([0.25, 0.5, 2, 4]);
  if (!tiled && r.u() < 0.3) o.recency = r.pick([0, 0.1, 0.5, 2]);
  return o;
}

const valid = {
  attention(r) {
    const n = r.int(1, 40), m = r.int(1, 40), d = r.int(1, 24), dv = r.int(1, 24);
    const Q = randomTensor(r, n, d), K = randomTensor(r, m, d), V = randomTensor(r, m, dv), o = options(r, { n, m });
    const got = core.attention(Q, K, V, o), ref = attentionRef(Q, K, V, o);
    shapeIs(got.out, n, dv, 'out'); shapeIs(got.weights, n, m, 'weights');
    close(got.out.data, ref.out, rowTol(ref.tol, dv), `attention ${n}×${m}×${d}→${dv} ${JSON.stringify(o)} out`);
    const vs = 1 + maxAbs(f32(V));
    close(got.weights.data, ref.weights, (i) => ref.tol[Math.floor(i / m)] / vs, 'attention weights');
  },
  attentionTiled(r) {
    const n = r.int(1, 40), m = r.int(1, 40), d = r.int(1, 24), dv = r.int(1, 24);
    const Q = randomTensor(r, n, d), K = randomTensor(r, m, d), V = randomTensor(r, m, dv), o = options(r, { n, m, tiled: true });
    const got = core.attentionTiled(Q, K, V, o), ref = attentionRef(Q, K, V, o);
    shapeIs(got, n, dv, 'out');
    close(got.data, ref.out, rowTol(ref.tol, dv), `attentionTiled ${n}×${m}×${d}→${dv} ${JSON.stringify(o)}`);
  },
  attentionNaive(r) {
    const n = r.int(1, 40), m = r.int(1, 40), d = r.int(1, 24), dv = r.int(1, 24);
    const Q = randomTensor(r, n, d), K = randomTensor(r, m, d), V = randomTensor(r, m, dv), o = options(r, { n, m });
    const got = core.attentionNaive(Q, K, V, o), ref = attentionRef(Q, K, V, o);
    close(got.out.data, ref.out, rowTol(ref.tol, dv), `attentionNaive ${n}×${m}×${d}→${dv} ${JSON.stringify(o)}`);
  },
  attentionTrace(r) {
    const n = r.int(1, 32), m = r.int(1, 32), d = r.int(1, 24), dv = r.int(1, 16);
    const Q = randomTensor(r, n, d), K = randomTensor(r, m, d), V = randomTensor(r, m, dv), o = options(r, { n, m });
    const got = core.attentionTrace(Q, K, V, o), ref = attentionRef(Q, K, V, o);
    const what = `attentionTrace ${n}×${m}×${d}→${dv} ${JSON.stringify(o)}`;
    assert.ok(Math.abs(got.scale - ref.scale) <= 2e-7 * Math.abs(ref.scale), `${what}: scale ${got.scale}, reference ${ref.scale}`);
    close(got.scores.data, ref.scores, (i) => 1e-6 * (1 + ref.bound[i]), `${what} scores`);
    const f = Math.abs(ref.scale / (o.temperature ?? 1));
    close(got.logits.data, ref.logits, (i) => 1e-6 * (1 + ref.bound[i] * f + (o.recency ?? 0) * m), `${what} logits`);
    const vs = 1 + maxAbs(f32(V));
    close(got.weights.data, ref.weights, (i) => ref.tol[Math.floor(i / m)] / vs, `${what} weights`);
    close(got.out.data, ref.out, rowTol(ref.tol, dv), `${what} out`);
  },
  attentionHeads(r) {
    const heads = r.int(1, 4), dk = r.int(1, 8), n = r.int(1, 32), m = r.int(1, 32), d = heads * dk;
    const Q = randomTensor(r, n, d), K = randomTensor(r, m, d), V = randomTensor(r, m, d), o = options(r, { n, m, tiled: true });
    const got = core.attentionHeads(Q, K, V, heads, o);
    shapeIs(got, n, d, 'attentionHeads');
    for (let h = 0; h < heads; h++) {
      const ref = attentionRef(sliceCols(Q, h * dk, dk), sliceCols(K, h * dk, dk), sliceCols(V, h * dk, dk), o);
      close(sliceCols(got, h * dk, dk).data, ref.out, rowTol(ref.tol, dk), `attentionHeads h=${heads} head ${h} ${n}×${m}×${dk} ${JSON.stringify(o)}`);
    }
  },
  multiHead(r) {
    const heads = r.int(1, 4), d = heads * r.int(1, 6), n = r.int(1, 24);
    const X = randomTensor(r, n, d);
    const w = () => ({ shape: [d, d], data: Float32Array.from({ length: d * d }, () => r.normal() / Math.sqrt(d)) });
    const W = { Wq: w(), Wk: w(), Wv: w(), Wo: w() };
    const keep = r.u() < 0.5;  // keepWeights false takes the tiled path, which has no recency option
    const o = { ...options(r, { n, m: n, tiled: !keep }), keepWeights: keep };
    const got = core.multiHead(X, W, heads, o);
    const ref = core.multiHead(X, W, heads, { ...o, keepWeights: true, reference: true });
    const what = `multiHead n=${n} d=${d} h=${heads} ${JSON.stringify(o)}`;
    // projections: |error| ≤ 1e-5·(1 + max|X|·√d); the output compounds two projections and attention
    const xs = 1 + maxAbs(f32(X)) * Math.sqrt(d);
    for (const key of ['q', 'k', 'v']) close(got[key].data, ref[key].data, () => 1e-5 * xs, `${what} ${key}`);
    close(got.concat.data, ref.concat.data, () => 1e-4 * xs * (1 + xs), `${what} concat`);
    close(got.out.data, ref.out.data, () => 1e-4 * xs * (1 + xs) * Math.sqrt(d), `${what} out`);
    assert.equal(got.weights.length, o.keepWeights ? heads : 0, `${what}: weights kept`);
  },
  matmul(r) {
    const m = r.int(1, 40), k = r.int(1, 40), n = r.int(1, 40), transposeB = r.u() < 0.5;
    const A = randomTensor(r, m, k), B = transposeB ? randomTensor(r, n, k) : randomTensor(r, k, n);
    const got = core.matmul(A, B, { transposeB }), { C, bound } = matmulRef(A, B, transposeB);
    shapeIs(got, m, n, 'matmul');
    close(got.data, C, (i) => 1e-6 * (1 + bound[i]) * Math.sqrt(k), `matmul ${m}×${k}·${transposeB ? 'ᵀ' : ''}${n}`);
  },
  softmaxRows(r) {
    const rows = r.int(1, 40), cols = r.int(1, 70);
    const S = randomTensor(r, rows, cols);
    if (r.u() < 0.2) for (let i = 0; i < S.data.length; i++) S.data[i] *= 30;  // logits spread over hundreds
    const got = core.softmaxRows(S), ref = softmaxRef(f32(S), rows, cols);
    shapeIs(got, rows, cols, 'softmaxRows');
    close(got.data, ref, (i) => 2e-6 + 1e-5 * ref[i], `softmaxRows ${rows}×${cols}`);
  },
  randn(r) {
    const seed = r.int(0, 1e6), rows = r.int(1, 60), cols = r.int(1, 60), std = r.pick([0, 0.5, 1, 2]);
    const a = core.randn(seed, rows, cols, std), b = core.randn(seed, rows, cols, std);
    shapeIs(a, rows, cols, 'randn');
    assert.deepEqual(a.data, b.data, `randn(${seed}) is not deterministic`);
    const N = rows * cols;
    const mean = a.data.reduce((s, x) => s + x, 0) / N;
    const varr = a.data.reduce((s, x) => s + (x - mean) ** 2, 0) / N;
    if (std === 0) assert.ok(a.data.every((x) => x === 0), 'randn with std 0 is not all zeros');
    else if (N >= 400) {
      // mean within 6 standard errors; variance within 6·√(2/N) relative
      assert.ok(Math.abs(mean) < 6 * std / Math.sqrt(N), `randn(${seed}, ${rows}, ${cols}, ${std}) mean ${mean}`);
      assert.ok(Math.abs(varr / std ** 2 - 1) < 6 * Math.sqrt(2 / N), `randn(${seed}, ${rows}, ${cols}, ${std}) variance ${varr}`);
    }
  },
  peakMulAdd(r) {
    const it = r.int(1, 200);
    const a = core.peakMulAdd(it), b = core.peakMulAdd(2 * it);
    assert.ok(a.flops > 0 && Number.isFinite(a.checksum), `peakMulAdd(${it}) = ${JSON.stringify(a)}`);
    assert.equal(b.flops, 2 * a.flops, `peakMulAdd flops are not linear in the iterations`);
  },
  memory() {
    const m = core.memory();
    assert.ok(m.inUse >= 0 && m.footprint >= m.inUse && m.heap >= m.footprint, `memory() = ${JSON.stringify(m)}`);
  },
};

// ---- invalid calls: each generator returns [function name, description, thunk]
const T = (rows, cols, fill = 0.5) => ({ shape: [rows, cols], data: new Float32Array(rows * cols).fill(fill) });
function badTensor(r) {
  const rows = r.int(1, 6), cols = r.int(1, 6);
  const nan = T(rows, cols);
  nan.data[r.int(0, rows * cols - 1)] = r.pick([NaN, Infinity, -Infinity, 1e39]);  // 1e39 overflows float32
  return r.pick([
    ['NaN/Inf entry', nan],
    ['empty rows', { shape: [0, cols], data: new Float32Array(0) }],
    ['empty cols', { shape: [rows, 0], data: new Float32Array(0) }],
    ['empty data', { shape: [rows, cols], data: [] }],
    ['short data', { shape: [rows, cols], data: new Float32Array(rows * cols - 1) }],
    ['long data', { shape: [rows, cols], data: new Float32Array(rows * cols + 1) }],
    ['negative shape', { shape: [-rows, cols], data: new Float32Array(rows * cols) }],
    ['fractional shape', { shape: [rows + 0.5, cols], data: new Float32Array(rows * cols) }],
    ['NaN shape', { shape: [NaN, cols], data: new Float32Array(rows * cols) }],
    ['Infinity shape', { shape: [Infinity, cols], data: [1] }],
    ['oversized shape', { shape: [65536, 65536], data: [1] }],
    ['oversized rows', { shape: [2 ** 40, 1], data: [1] }],
    ['string shape', { shape: [String(rows), cols], data: new Float32Array(rows * cols) }],
    ['1-D shape', { shape: [rows * cols], data: new Float32Array(rows * cols) }],
    ['3-D shape', { shape: [rows, cols, 1], data: new Float32Array(rows * cols) }],
    ['no data', { shape: [rows, cols] }],
    ['null data', { shape: [rows, cols], data: null }],
    ['numeric data', { shape: [1, 1], data: 5 }],
    ['string data', { shape: [1, 4], data: 'abcd' }],
    ['object entries', { shape: [1, 2], data: [{}, []] }],
    ['a number', 42],
    ['a string', 'tensor'],
    ['null', null],
    ['undefined', undefined],
    ['an empty array', []],
    ['ragged rows', [[1, 2], [3]]],
    ['a boolean', true],
  ]);
}

const invalid = [
  // attention family: one bad tensor among Q, K, V
  (r) => {
    const fn = r.pick(['attention', 'attentionTiled', 'attentionNaive', 'attentionTrace']);
    const [what, bad] = badTensor(r);
    const args = [T(3, 4), T(5, 4), T(5, 2)];
    const at = r.int(0, 2);
    args[at] = bad;
    return [fn, `${fn} with ${'QKV'[at]} = ${what}`, () => core[fn](...args)];
  },
  // attention family: mismatched shapes or bad options
  (r) => {
    const fn = r.pick(['attention', 'attentionTiled', 'attentionNaive', 'attentionTrace']);
    const n = r.int(1, 6), m = r.int(1, 6), d = r.int(1, 6);
    const cases = [
      ['Q·K widths differ', [T(n, d), T(m, d + 1), T(m, 2)]],
      ['K·V rows differ', [T(n, d), T(m, d), T(m + 1, 2)]],
      ['causal with fewer keys', [T(m + 1, d), T(m, d), T(m, 2), { causal: true }]],
      ['temperature 0', [T(n, d), T(m, d), T(m, 2), { temperature: 0 }]],
      ['negative temperature', [T(n, d), T(m, d), T(m, 2), { temperature: -1 }]],
      ['NaN temperature', [T(n, d), T(m, d), T(m, 2), { temperature: NaN }]],
      ['Infinite scale', [T(n, d), T(m, d), T(m, 2), { scale: Infinity }]],
      ['NaN scale', [T(n, d), T(m, d), T(m, 2), { scale: NaN }]],
      ['string scale', [T(n, d), T(m, d), T(m, 2), { scale: 'big' }]],
      ['negative recency', [T(n, d), T(m, d), T(m, 2), { recency: -1 }]],
      ['NaN recency', [T(n, d), T(m, d), T(m, 2), { recency: NaN }]],
      ['missing V', [T(n, d), T(m, d)]],
      ['no arguments', []],
    ];
    const [what, args] = r.pick(cases);
    return [fn, `${fn}: ${what}`, () => core[fn](...args)];
  },
  // materialised weights beyond the size limit are refused before allocating
  (r) => {
    const fn = r.pick(['attention', 'attentionTrace', 'attentionNaive']);
    return [fn, `${fn}: n = 20000 weights`, () => core[fn](T(20000, 1), T(20000, 1), T(20000, 1))];
  },
  (r) => {
    const heads = r.pick([0, -1, 1.5, NaN, Infinity, 3, 1e300, 'two', null]);
    const [what, bad] = r.u() < 0.5 ? badTensor(r) : ['ok', T(4, 8)];
    return ['attentionHeads', `attentionHeads heads=${String(heads)} Q=${what}`, () => core.attentionHeads(bad, T(4, 8), T(4, 8), heads)];
  },
  (r) => {
    const d = 4 * r.int(1, 2), W = () => T(d, d, 0.1);
    const cases = [
      ['heads not dividing', [T(3, d), { Wq: W(), Wk: W(), Wv: W(), Wo: W() }, 3]],
      ['heads 0', [T(3, d), { Wq: W(), Wk: W(), Wv: W(), Wo: W() }, 0]],
      ['heads NaN', [T(3, d), { Wq: W(), Wk: W(), Wv: W(), Wo: W() }, NaN]],
      ['no weights', [T(3, d), {}, 2]],
      ['weights null', [T(3, d), null, 2]],
      ['weights a number', [T(3, d), 7, 2]],
      ['Wk wrong shape', [T(3, d), { Wq: W(), Wk: T(d, d + 1), Wv: W(), Wo: W() }, 2]],
      ['Wo missing', [T(3, d), { Wq: W(), Wk: W(), Wv: W() }, 2]],
      ['X width', [T(3, d + 1), { Wq: W(), Wk: W(), Wv: W(), Wo: W() }, 2]],
      ['temperature -2', [T(3, d), { Wq: W(), Wk: W(), Wv: W(), Wo: W() }, 2, { temperature: -2 }]],
    ];
    let [what, args] = r.pick(cases);
    if (r.u() < 0.3) { const [bw, bad] = badTensor(r); what = `X = ${bw}`; args = [bad, { Wq: W(), Wk: W(), Wv: W(), Wo: W() }, 2]; }
    if (r.u() < 0.2) { const [bw, bad] = badTensor(r); what = `Wv = ${bw}`; args = [T(3, d), { Wq: W(), Wk: W(), Wv: bad, Wo: W() }, 2]; }
    return ['multiHead', `multiHead: ${what}`, () => core.multiHead(...args)];
  },
  (r) => {
    const m = r.int(1, 5), k = r.int(1, 5), n = r.int(1, 5);
    const cases = [
      ['inner sizes differ', () => core.matmul(T(m, k), T(k + 1, n))],
      ['inner sizes differ (Bᵀ)', () => core.matmul(T(m, k), T(n, k + 1), { transposeB: true })],
      ['bad A', () => core.matmul(badTensor(r)[1], T(k, n))],
      ['bad B', () => core.matmul(T(m, k), badTensor(r)[1])],
    ];
    const [what, fn] = r.pick(cases);
    return ['matmul', `matmul: ${what}`, fn];
  },
  (r) => { const [what, bad] = badTensor(r); return ['softmaxRows', `softmaxRows(${what})`, () => core.softmaxRows(bad)]; },
  (r) => {
    const args = r.pick([
      [-1, 2, 2], [1.5, 2, 2], [NaN, 2, 2], [2 ** 60, 2, 2], ['seed', 2, 2],
      [1, 0, 2], [1, 2, -3], [1, 2.5, 2], [1, NaN, 2], [1, 1e6, 1e6], [1, 2 ** 31, 1],
      [1, 2, 2, NaN], [1, 2, 2, -1], [1, 2, 2, Infinity], [1, 'rows', 2],
    ]);
    return ['randn', `randn(${args.map(String).join(', ')})`, () => core.randn(...args)];
  },
  (r) => {
    const it = r.pick([0, -1, 0.5, NaN, Infinity, 'many', 2 ** 40, null]);
    return ['peakMulAdd', `peakMulAdd(${String(it)})`, () => core.peakMulAdd(it)];
  },
];

before(async () => {
  core = await loadCoreNode('simd');
  // warm-up: every function once, valid and invalid, then the largest allowed sizes,
  // so that lazily created state and the allocator's working size are in the baseline
  const r = rng(SEED - 1);
  for (const name of Object.keys(valid)) valid[name](r);
  for (const gen of invalid) { try { gen(r)[2](); } catch { /* expected */ } }
  core.attention(T(2000, 2), T(2000, 2), T(2000, 2));
  core.attentionTiled(T(3000, 2), T(3000, 2), T(3000, 2));
  baseline = core.memory();
});

test(`every function of the core: ${VALID_CALLS} random valid calls each match the reference`, () => {
  const r = rng(SEED);
  for (const [name, gen] of Object.entries(valid)) {
    const t0 = performance.now();
    for (let i = 0; i < VALID_CALLS; i++) {
      try { gen(r); } catch (e) { e.message = `${name} call ${i} (FUZZ_SEED=${SEED}): ${e.message}`; throw e; }
    }
    if (process.env.FUZZ_TIMES) console.log(name, (performance.now() - t0).toFixed(0), 'ms');
  }
  stillWorks('the valid calls');
});

test(`${INVALID_CALLS} random invalid calls throw an Error with a message and never abort`, () => {
  const r = rng(SEED + 1);
  const seen = {};
  for (let i = 0; i < INVALID_CALLS; i++) {
    const [fn, what, thunk] = r.pick(invalid)(r);
    let error = null;
    try { thunk(); } catch (e) { error = e; }
    assert.ok(error, `${what}: accepted, expected an error (FUZZ_SEED=${SEED})`);
    assert.ok(isCleanError(error), `${what}: threw ${error?.constructor?.name}: ${error?.message} (not a checked Error)`);
    seen[fn] = (seen[fn] ?? 0) + 1;
    if (i % 50 === 0) stillWorks(what);
  }
  for (const fn of KNOWN.filter((k) => k !== 'memory')) {
    assert.ok((seen[fn] ?? 0) >= 100, `only ${seen[fn] ?? 0} invalid calls of ${fn}`);
  }
  stillWorks('the invalid calls');
});

test('bytes in use return to the baseline and the wasm heap stays the same size', () => {
  const after = core.memory();
  assert.equal(after.inUse, baseline.inUse, `bytes in use: ${baseline.inUse} before, ${after.inUse} after`);
  assert.equal(after.heap, baseline.heap, `wasm heap: ${baseline.heap} before, ${after.heap} after`);
});

test('functions added to the core later: junk arguments throw a checked Error or return, never abort', (t) => {
  const extra = Object.keys(core).filter((k) => typeof core[k] === 'function' && !KNOWN.includes(k));
  const junk = [[], [undefined], [null], [42], [-1], [NaN], [2.5], ['x'], [{}], [[]], [true],
    [T(2, 2)], [T(2, 2), T(2, 2)], [T(2, 2), T(2, 2), T(2, 2)], [{ shape: [2, 2], data: [NaN, 0, 0, 0] }],
    [{ shape: [65536, 65536], data: [1] }], [T(2, 2), {}], [T(2, 2), null, 'x'],
    [T(2, 2), T(2, 2), T(2, 2), T(2, 2)], [T(2, 2), T(2, 2), T(2, 2), T(2, 2), T(2, 2)], [T(2, 2), T(3, 5), T(2, 2), T(1, 1)]];
  // a wrapper whose embind function is missing from the built module (a build older than
  // core.mjs) is reported and left out; `npm test` builds the core first
  const notBuilt = (e) => e instanceof TypeError && /is not a function/.test(e.message);
  const absent = [], present = [];
  for (const name of extra) {
    let built = true;
    for (const args of junk) {
      const what = `${name}(${args.map((a) => (a && a.shape ? `[${a.shape}]` : JSON.stringify(a) ?? String(a))).join(', ')})`;
      try {
        const out = core[name](...args);
        for (const free of ['delete', 'dispose', 'free', 'release']) {  // an object holding core memory
          if (out && typeof out[free] === 'function') { out[free](); break; }
        }
      } catch (e) {
        if (notBuilt(e)) { built = false; break; }
        assert.ok(isCleanError(e), `${what}: threw ${e?.constructor?.name}: ${e?.message} (not a checked Error)`);
      }
      stillWorks(what);
    }
    (built ? present : absent).push(name);
  }
  if (absent.length) t.diagnostic(`not in this build of the module: ${absent.join(', ')}`);
  if (extra.length && !present.length) { t.skip(`${absent.join(', ')} not in this build of the module`); return; }
  t.diagnostic(`extra functions checked: ${present.length ? present.join(', ') : 'none'}`);
});

// Finite inputs of extreme magnitude: softmax and attention are bounded (weights in
// [0, 1], outputs inside the range of V), so the result must be finite, or the call
// must be refused with a checked Error (the core refuses inputs whose scores could
// overflow float32, and its softmax subtracts the row maximum before scaling by log2 e).
test('inputs of extreme magnitude give finite softmax and attention, or a checked Error', () => {
  const x = { shape: [4, 4], data: Float32Array.from({ length: 16 }, (_, i) => Math.sin(i + 1)) };
  const fill = (v) => ({ shape: [4, 4], data: new Float32Array(16).fill(v) });
  const cases = [
    ['softmaxRows, a row of 3e38', () => core.softmaxRows(fill(3e38))],
    ['softmaxRows, [-3e38, 3e38]', () => core.softmaxRows({ shape: [1, 2], data: [-3e38, 3e38] })],
    ['attention, scale 3e38', () => core.attention(x, x, x, { scale: 3e38 }).out],
    ['attentionTiled, temperature 1e-40', () => core.attentionTiled(x, x, x, { temperature: 1e-40 })],
    ['attentionTiled, Q = K = 1e20', () => core.attentionTiled(fill(1e20), fill(1e20), x)],
    ['attention, Q = K = 1e20', () => core.attention(fill(1e20), fill(1e20), x).out],
  ];
  const failures = [];
  for (const [what, fn] of cases) {
    try {
      const t = fn();
      if (!t.data.every(Number.isFinite)) failures.push(`${what}: non-finite output`);
    } catch (e) {
      if (!isCleanError(e)) failures.push(`${what}: ${e?.constructor?.name} ${e?.message}`);
    }
    stillWorks(what);
  }
  assert.deepEqual(failures, []);
});
