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

test('peakProbe: flops linear in the iterations, fused only for fma in the relaxed build, the same sums in the SIMD build either way', async () => {
  const rel = await core('relaxed'), simd = await core('simd');
  for (const c of [rel, simd]) {
    for (const kind of ['mul-add', 'fma', 'mul-add-chains', 'fma-chains']) {
      const a = c.peakProbe(kind, 100), b = c.peakProbe(kind, 200);
      const vectors = kind.endsWith('chains') ? 12 : 10;
      assert.equal(a.flops, 100 * vectors * 4 * 2, `${c.info.variant} ${kind}: ${vectors} vectors × 4 lanes × 2 flops per iteration`);
      assert.equal(b.flops, 2 * a.flops);
      assert.ok(Number.isFinite(a.checksum) && a.checksum > 0, `${c.info.variant} ${kind}: checksum ${a.checksum}`);
      assert.equal(a.fused, kind.startsWith('fma') && c === rel);
    }
  }
  // Without relaxed SIMD, madd is a multiply then an add: bit-identical to the mul-add probe.
  assert.equal(simd.peakProbe('fma', 1000).checksum, simd.peakProbe('mul-add', 1000).checksum);
  assert.equal(simd.peakProbe('fma-chains', 1000).checksum, simd.peakProbe('mul-add-chains', 1000).checksum);
  // Both probes sum the same products; the rounding differences add up to at most 1000 · 2⁻²⁴ ≈ 6e-5 relative.
  const f = rel.peakProbe('fma', 1000).checksum, m = rel.peakProbe('mul-add', 1000).checksum;
  assert.ok(Math.abs(f - m) <= 1e-4 * Math.abs(m), `fma ${f} vs mul-add ${m}`);
  assert.throws(() => simd.peakProbe('fmaa', 10), /kind must be 'mul-add', 'fma', 'mul-add-chains', 'fma-chains', 'tile-qk' or 'tile-pv'/);
});

test('peakProbe tile-qk / tile-pv: the attention loops on one 16 × 256 block give the products of their inputs (a double-loop reference, relative 1e-5)', async () => {
  // The probe's fixed inputs (kernels/peak.cpp): Qb[r, c] = 0.01·((64r + c) mod 13); the keys, packed in
  // panels of 16 (key j, dim c at (j >> 4)·64·16 + 16c + (j & 15)), 0.01·(index mod 7); P[r, j] =
  // 1 / (1 + (256r + j) mod 5); V[j, c] = 0.001·((64j + c) mod 11). The checksum is S[1, 1] (tile-qk) or
  // O[1, 1] after every iteration's O += P·V (tile-pv).
  let qk = 0, pv = 0;
  for (let c = 0; c < 64; c++) qk += 0.01 * ((64 + c) % 13) * 0.01 * ((16 * c + 1) % 7);
  for (let j = 0; j < 256; j++) pv += (1 / (1 + ((256 + j) % 5))) * 0.001 * ((64 * j + 1) % 11);
  for (const c of [await core('relaxed'), await core('simd')]) {
    const a = c.peakProbe('tile-qk', 3), b = c.peakProbe('tile-pv', 3);
    assert.equal(a.flops, 3 * 2 * 16 * 256 * 64);
    assert.equal(b.flops, a.flops);
    assert.ok(Math.abs(a.checksum - qk) <= 1e-5 * qk, `${c.info.variant} tile-qk ${a.checksum} vs ${qk}`);
    assert.ok(Math.abs(b.checksum - 3 * pv) <= 1e-5 * 3 * pv, `${c.info.variant} tile-pv ${b.checksum} vs ${3 * pv}`);
  }
});

test('attentionTiledPhases: the same output as attentionTiled, every phase ≥ 0, their sum within the wall time of the call', async () => {
  for (const c of [await core('relaxed'), await core('simd')]) {
    for (const n of [77, 300]) {
      const Q = c.randn(1, n, 64), K = c.randn(2, n, 64), V = c.randn(3, n, 64);
      const t0 = performance.now();
      const { out, phases } = c.attentionTiledPhases(Q, K, V, { causal: n === 300 });
      const wall = performance.now() - t0;
      assert.deepEqual(Array.from(out.data), Array.from(c.attentionTiled(Q, K, V, { causal: n === 300 }).data));
      const names = ['copyIn', 'pack', 'qk', 'softmax', 'pv', 'rows', 'copyOut'];
      assert.deepEqual(Object.keys(phases).sort(), [...names].sort());
      for (const p of names) assert.ok(phases[p] >= 0 && Number.isFinite(phases[p]), `${p} = ${phases[p]}`);
      const sum = names.reduce((a, p) => a + phases[p], 0);
      assert.ok(sum > 0 && sum <= wall + 0.05, `${c.info.variant} n=${n}: phases sum to ${sum} ms, the call took ${wall} ms`);
      assert.ok(phases.qk > 0 && phases.pv > 0 && phases.softmax > 0, JSON.stringify(phases));
    }
  }
});
