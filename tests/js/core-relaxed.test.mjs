// The relaxed-SIMD build (wasm-relaxed: f32x4.relaxed_madd in the GEMM
// micro-kernel and the exp polynomial) in node, against the naive reference
// and against the SIMD build. node 20 compiles relaxed SIMD behind a V8 flag;
// loadCoreNode('relaxed') sets it before compiling.
//
// Tolerances:
//   vs naive (double-accumulated): the same as the other builds, atol 5e-5, rtol 1e-4
//     on outputs (convex combinations of N(0,1) values), 5e-6 + 1e-4·|w| on weights.
//   vs SIMD, one product C = A·Bᵀ with k = 64: each step of the SIMD build rounds the
//     product and the sum, the relaxed build (where fused) only the sum, in the same
//     order; the two differ by at most k·2⁻²⁴ ≈ 3.8e-6 of Σ|aᵢbᵢ| (error bound) and we
//     allow 1e-6·Σ|aᵢbᵢ| (measured: ≤ 2e-7) — never bit equality: relaxed_madd may
//     be fused on one machine and not on another.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { core, compare, shapeRng } from './core-helpers.mjs';

const ATOL = 5e-5, RTOL = 1e-4;

test('relaxed: info names the build and its fused multiply-add', async () => {
  const c = await core('relaxed');
  assert.equal(c.info.variant, 'relaxed');
  assert.equal(c.info.arch, 'wasm');
  assert.equal(c.info.lanes, 4);
  assert.equal(c.info.relaxedMadd, true);
  assert.equal((await core('simd')).info.relaxedMadd, false);
  assert.equal((await core('scalar')).info.relaxedMadd, false);
});

test('relaxed: attention, tiled attention and multi-head agree with the naive reference on random shapes with tails', async () => {
  const c = await core('relaxed');
  const r = shapeRng(23);
  for (let trial = 0; trial < 25; trial++) {
    const nq = r(1, 70), nk = nq + r(0, 40), dk = r(1, 70), dv = r(1, 40);
    const opts = { causal: trial % 2 === 0, temperature: trial % 3 === 0 ? 0.7 : 1 };
    const Q = c.randn(trial, nq, dk), K = c.randn(trial + 100, nk, dk), V = c.randn(trial + 200, nk, dv);
    const naive = c.attentionNaive(Q, K, V, opts);
    const a = c.attention(Q, K, V, opts);
    const o = compare(a.out.data, naive.out.data, ATOL, RTOL);
    assert.equal(o.firstBad, -1, `out ${nq}x${nk}x${dk}x${dv}: max err ${o.maxAbs}`);
    const w = compare(a.weights.data, naive.weights.data, 5e-6, RTOL);
    assert.equal(w.firstBad, -1, `weights: max err ${w.maxAbs}`);
    const t = compare(c.attentionTiled(Q, K, V, opts).data, naive.out.data, ATOL, RTOL);
    assert.equal(t.firstBad, -1, `tiled: max err ${t.maxAbs}`);
  }
  for (const [n, d, h] of [[9, 16, 4], [33, 48, 4], [17, 12, 3]]) {
    const s = 1 / Math.sqrt(d);
    const X = c.randn(1, n, d);
    const W = { Wq: c.randn(2, d, d, s), Wk: c.randn(3, d, d, s), Wv: c.randn(4, d, d, s), Wo: c.randn(5, d, d, s) };
    const ref = c.multiHead(X, W, h, { causal: true, reference: true });
    const m = c.multiHead(X, W, h, { causal: true });
    const o = compare(m.out.data, ref.out.data, ATOL, RTOL);
    assert.equal(o.firstBad, -1, `multi-head ${n}x${d} h=${h}: ${o.maxAbs}`);
  }
});

test('relaxed vs SIMD: Q·Kᵀ within 1e-6 of Σ|qᵢkᵢ| per entry, attention within 1e-5', async () => {
  const rel = await core('relaxed'), simd = await core('simd');
  for (const [n, d] of [[77, 64], [256, 64], [130, 33]]) {
    const Q = simd.randn(n, n, d), K = simd.randn(n + 1, n, d), V = simd.randn(n + 2, n, d);
    const a = rel.matmul(Q, K, { transposeB: true }).data, b = simd.matmul(Q, K, { transposeB: true }).data;
    let worst = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let absSum = 0;
        for (let t = 0; t < d; t++) absSum += Math.abs(Q.data[i * d + t] * K.data[j * d + t]);
        worst = Math.max(worst, Math.abs(a[i * n + j] - b[i * n + j]) / absSum);
      }
    }
    assert.ok(worst <= 1e-6, `${n}x${d}: |relaxed − simd| reaches ${worst.toExponential(2)} of Σ|qk|`);
    const o = compare(rel.attention(Q, K, V).out.data, simd.attention(Q, K, V).out.data, 1e-5, 1e-5);
    assert.equal(o.firstBad, -1, `attention ${n}x${d}: max diff ${o.maxAbs}`);
    // The same inputs give the same result twice (deterministic on one machine).
    assert.deepEqual(Array.from(rel.matmul(Q, K, { transposeB: true }).data.subarray(0, 64)), Array.from(a.subarray(0, 64)));
  }
});

test('relaxed: randn is bit-identical to the SIMD build (no multiply-add in the generator)', async () => {
  const a = (await core('relaxed')).randn(99, 8, 8), b = (await core('simd')).randn(99, 8, 8);
  assert.deepEqual(Array.from(a.data), Array.from(b.data));
});
