// The built wasm core in node: simd vs scalar vs naive reference, bad inputs,
// heap stability, SIMD opcodes present only in the simd build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { core, compare, shapeRng } from './core-helpers.mjs';
import { buildDir } from '../../wasm/bindings/core-node.mjs';

// Tolerances: outputs are convex combinations of N(0,1) values; float32 with
// different summation orders (simd vs scalar vs double-accumulated naive)
// differ by rounding only: atol 5e-5, rtol 1e-4.
const ATOL = 5e-5, RTOL = 1e-4;

test('info reports the variant and the SIMD architecture', async () => {
  const simd = await core('simd'), scalar = await core('scalar');
  assert.equal(simd.info.variant, 'simd');
  assert.equal(simd.info.arch, 'wasm');
  assert.equal(scalar.info.variant, 'scalar');
  assert.equal(scalar.info.arch, 'emulated');
});

test('simd, scalar and naive attention agree on random shapes with tails', async () => {
  const simd = await core('simd'), scalar = await core('scalar');
  const r = shapeRng(11);
  for (let trial = 0; trial < 25; trial++) {
    const nq = r(1, 70), nk = nq + r(0, 40), dk = r(1, 70), dv = r(1, 40);
    const causal = trial % 2 === 1;
    const Q = simd.randn(trial, nq, dk), K = simd.randn(trial + 100, nk, dk), V = simd.randn(trial + 200, nk, dv);
    const opts = { causal, temperature: trial % 3 === 0 ? 0.7 : 1 };
    const naive = simd.attentionNaive(Q, K, V, opts);
    for (const [name, c] of [['simd', simd], ['scalar', scalar]]) {
      const a = c.attention(Q, K, V, opts);
      assert.deepEqual(a.out.shape, [nq, dv]);
      assert.deepEqual(a.weights.shape, [nq, nk]);
      const o = compare(a.out.data, naive.out.data, ATOL, RTOL);
      assert.equal(o.firstBad, -1, `${name} out ${nq}x${nk}x${dk}x${dv}: max err ${o.maxAbs}`);
      const w = compare(a.weights.data, naive.weights.data, 5e-6, RTOL);
      assert.equal(w.firstBad, -1, `${name} weights: max err ${w.maxAbs}`);
      const t = compare(c.attentionTiled(Q, K, V, opts).data, naive.out.data, ATOL, RTOL);
      assert.equal(t.firstBad, -1, `${name} tiled: max err ${t.maxAbs}`);
    }
  }
});

test('simd and scalar multi-head agree with the naive multi-head', async () => {
  const simd = await core('simd'), scalar = await core('scalar');
  for (const [n, d, h] of [[9, 16, 4], [33, 48, 4], [5, 8, 8], [17, 12, 3]]) {
    const s = 1 / Math.sqrt(d);
    const X = simd.randn(1, n, d);
    const W = { Wq: simd.randn(2, d, d, s), Wk: simd.randn(3, d, d, s), Wv: simd.randn(4, d, d, s), Wo: simd.randn(5, d, d, s) };
    const ref = simd.multiHead(X, W, h, { causal: true, reference: true });
    for (const c of [simd, scalar]) {
      const m = c.multiHead(X, W, h, { causal: true });
      assert.equal(m.weights.length, h);
      const o = compare(m.out.data, ref.out.data, ATOL, RTOL);
      assert.equal(o.firstBad, -1, `${c.info.variant} ${n}x${d} h=${h}: ${o.maxAbs}`);
    }
  }
});

test('the tiled path runs n = 16384, d = 64 and matches sampled rows of a JS reference', async () => {
  const simd = await core('simd');
  const n = 16384, d = 64;
  const Q = simd.randn(7, n, d), K = simd.randn(8, n, d), V = simd.randn(9, n, d);
  const out = simd.attentionTiled(Q, K, V, { causal: true });
  assert.deepEqual(out.shape, [n, d]);
  // Reference rows in double precision, causal: row i sees keys 0..i.
  for (const i of [0, 1, 4095, 9000, n - 1]) {
    const logits = new Float64Array(i + 1);
    let mx = -Infinity;
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let c = 0; c < d; c++) s += Q.data[i * d + c] * K.data[j * d + c];
      logits[j] = s / 8;
      mx = Math.max(mx, logits[j]);
    }
    let sum = 0;
    for (let j = 0; j <= i; j++) sum += (logits[j] = Math.exp(logits[j] - mx));
    for (let c = 0; c < d; c++) {
      let o = 0;
      for (let j = 0; j <= i; j++) o += logits[j] * V.data[j * d + c];
      o /= sum;
      assert.ok(Math.abs(out.data[i * d + c] - o) <= ATOL + RTOL * Math.abs(o), `row ${i} col ${c}: ${out.data[i * d + c]} vs ${o}`);
    }
  }
});

const bad = (c) => {
  const ok = c.randn(1, 4, 8);
  const V3 = c.randn(2, 3, 8);
  const nan = { shape: [4, 8], data: new Float32Array(32).fill(0.5) };
  nan.data[5] = NaN;
  const inf = { shape: [4, 8], data: new Float32Array(32) };
  inf.data[31] = -Infinity;
  const W8 = c.randn(3, 8, 8);
  return [
    ['mismatched d_k', () => c.attention(ok, c.randn(1, 4, 7), ok), /same number of columns/],
    ['mismatched keys', () => c.attention(ok, ok, V3), /same number of rows/],
    ['data length', () => c.attention({ shape: [4, 8], data: new Float32Array(31) }, ok, ok), /31 values but shape \[4, 8\] needs 32/],
    ['zero rows', () => c.attention({ shape: [0, 8], data: new Float32Array(0) }, ok, ok), /must be >= 1/],
    ['negative size', () => c.randn(1, -3, 4), /rows must be an integer >= 1/],
    ['fractional size', () => c.randn(1, 2.5, 4), /rows must be an integer >= 1/],
    ['NaN', () => c.attentionTiled(nan, ok, ok), /Q contains NaN at flat index 5/],
    ['Inf', () => c.attention(ok, inf, ok), /K contains Inf at flat index 31/],
    ['heads', () => c.multiHead(ok, { Wq: W8, Wk: W8, Wv: W8, Wo: W8 }, 3), /not divisible by heads = 3/],
    ['weight shape', () => c.multiHead(ok, { Wq: W8, Wk: c.randn(1, 8, 4), Wv: W8, Wo: W8 }, 2), /W_k must be \[8, 8\]/],
    ['missing weights', () => c.multiHead(ok, {}, 2), /Wq must be a tensor/],
    ['huge', () => c.randn(1, 1e6, 1e6), /too large/],
    // The materialised weights of n = 20000 would need 1.6 GB: refused before allocating.
    ['weights beyond memory', () => c.attention(c.randn(1, 20000, 1), c.randn(2, 20000, 1), c.randn(3, 20000, 1)), /too large/],
    ['temperature', () => c.attention(ok, ok, ok, { temperature: 0 }), /temperature must be a finite number > 0/],
    ['causal needs keys', () => c.attention(c.randn(1, 6, 8), ok, ok, { causal: true }), /causal mask needs at least as many keys/],
    ['not a tensor', () => c.attention(42, ok, ok), /tensor/],
    ['matmul shapes', () => c.matmul(ok, ok), /A·B needs A's columns = B's rows/],
  ];
};

for (const variant of ['simd', 'scalar']) {
  test(`${variant}: bad inputs throw Error with a message and the next call still works`, async () => {
    const c = await core(variant);
    for (const [name, fn, pattern] of bad(c)) {
      assert.throws(fn, (e) => e instanceof Error && pattern.test(e.message), name);
      const x = c.randn(5, 3, 4);
      const r = c.attention(x, x, x);
      assert.deepEqual(r.out.shape, [3, 4], `module unusable after '${name}'`);
    }
  });
}

test('1000 calls of random shapes leave the heap flat', async () => {
  const c = await core('simd');
  const r = shapeRng(3);
  const run = (i) => {
    const n = r(1, 64), d = r(1, 32);
    const x = c.randn(i, n, d);
    c.attention(x, x, x, { causal: i % 2 === 0 });
    c.attentionTiled(x, x, x);
    if (i % 10 === 0) { try { c.attention(x, c.randn(1, n, d + 1), x); } catch { /* expected */ } }
  };
  for (let i = 0; i < 100; i++) run(i);  // warm-up: the allocator reaches its working size
  const before = c.memory();
  for (let i = 100; i < 1100; i++) run(i);
  const after = c.memory();
  assert.equal(after.inUse, before.inUse, `bytes in use grew from ${before.inUse} to ${after.inUse}`);
  assert.equal(after.heap, before.heap, `wasm memory grew from ${before.heap} to ${after.heap}`);
});

test("boolean options must be booleans: {causal: 'false'} is refused instead of turning the mask on", async () => {
  for (const variant of ['simd', 'scalar']) {
    const c = await core(variant);
    const Q = c.randn(1, 3, 4);
    assert.throws(() => c.attention(Q, Q, Q, { causal: 'false' }), /option 'causal' must be true or false, got 'false' \(a string\)/);
    assert.throws(() => c.attention(Q, Q, Q, { causal: 1 }), /option 'causal' must be true or false, got number/);
    const masked = c.attention(Q, Q, Q, { causal: true }).weights.data;
    assert.equal(masked[1], 0, 'true still masks');
    assert.notEqual(c.attention(Q, Q, Q, { causal: false }).weights.data[1], 0, 'false still does not');
  }
});

test('randn is deterministic and identical in the simd and scalar builds', async () => {
  const a = (await core('simd')).randn(1234, 16, 16), b = (await core('scalar')).randn(1234, 16, 16);
  assert.deepEqual(Array.from(a.data), Array.from(b.data));
  const c = (await core('simd')).randn(1235, 16, 16);
  assert.notDeepEqual(Array.from(a.data), Array.from(c.data));
});

// Opcode counts from wabt's disassembler (binaryen 108's wasm-dis cannot parse relaxed SIMD).
const objdump = (variant) => {
  const text = execFileSync('wasm-objdump', ['-d', `${buildDir(variant)}/lml_core.wasm`], { maxBuffer: 1 << 28 }).toString();
  const count = (re) => (text.match(re) || []).length;
  return { f32x4: count(/\bf32x4\.[a-z_]+/g), v128: count(/\bv128\./g), relaxed: count(/\brelaxed_[a-z_]+/g), madd: count(/\bf32x4\.relaxed_madd\b/g) };
};
test('opcodes (wasm-objdump): relaxed_madd only in the relaxed build, f32x4 in both SIMD builds, no SIMD in the scalar build', { skip: !existsSync('/usr/bin/wasm-objdump') && 'wasm-objdump (wabt) not installed' }, () => {
  const relaxed = objdump('relaxed'), simd = objdump('simd'), scalar = objdump('scalar');
  // The GEMM micro-kernel alone has 8 multiply-adds per k step; the exp polynomial 6.
  assert.ok(relaxed.madd >= 14, `expected ≥ 14 f32x4.relaxed_madd in the relaxed build, found ${relaxed.madd}`);
  assert.ok(relaxed.f32x4 > 50, `expected many f32x4 instructions in the relaxed build, found ${relaxed.f32x4}`);
  assert.ok(simd.f32x4 > 50, `expected many f32x4 instructions in the simd build, found ${simd.f32x4}`);
  assert.equal(simd.relaxed, 0, 'no relaxed-SIMD instruction in the simd build');
  assert.equal(scalar.f32x4, 0, 'no f32x4 instruction in the scalar build');
  assert.equal(scalar.v128, 0, 'no v128 instruction in the scalar build');
  assert.equal(scalar.relaxed, 0);
});
