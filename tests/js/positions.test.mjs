// Positions as options of the built wasm core in node (simd and scalar builds), each against a
// float64 reference written here from its definition.
// rope (rotary positions, Su et al. 2021, arXiv 2104.09864, §3.4), every attention path:
//   query i sits at p_i (i + n_k − n_q bottom-right, i top-left), key j at j;
//   columns (2c, 2c+1) of a row at position p turn by p·θ_c, θ_c = base^(−2c/d_k);
//   then the usual softmax(Q'K'ᵀ·scale/temperature − recency·dist, causal)·V.
// alibi (Press et al. 2022, arXiv 2108.12409, §3), multiHead: head h of H subtracts
//   2^(−8(h+1)/H)·(p_i − j) from the logits of earlier keys.
// Plus the property that makes RoPE relative: with every query and key the same vector, the score
// of (i, j) depends on i − j only; and bad values refused with a message.
// Tolerance: weights atol 5e-6, outputs atol 5e-5 (float32 against float64), rtol 1e-4.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { core, compare, shapeRng } from './core-helpers.mjs';

/** Rows [n, d] (flat Float32Array) rotated in float64, row r at position first + r. */
function rotate(data, n, d, first, base) {
  const out = new Float64Array(n * d);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < d; c += 2) {
      const angle = (first + r) * base ** (-c / d);
      const a = data[r * d + c], b = data[r * d + c + 1];
      out[r * d + c] = a * Math.cos(angle) - b * Math.sin(angle);
      out[r * d + c + 1] = a * Math.sin(angle) + b * Math.cos(angle);
    }
  }
  return out;
}

/** Attention with rotary positions in float64: { weights [nq·nk], out [nq·dv] }. */
function reference(Q, K, V, { rope, causal = false, causalAlign = 'bottom-right', temperature = 1, recency = 0 }) {
  const [nq, d] = Q.shape, nk = K.shape[0], dv = V.shape[1];
  const offset = causalAlign === 'top-left' ? 0 : nk - nq;
  const q = rotate(Q.data, nq, d, offset, rope), k = rotate(K.data, nk, d, 0, rope);
  const weights = new Float64Array(nq * nk), out = new Float64Array(nq * dv);
  for (let i = 0; i < nq; i++) {
    const z = [];
    for (let j = 0; j < nk; j++) {
      let s = 0;
      for (let c = 0; c < d; c++) s += q[i * d + c] * k[j * d + c];
      const dist = i + offset - j;
      z.push(causal && dist < 0 ? -Infinity : s / Math.sqrt(d) / temperature - (dist > 0 ? recency * dist : 0));
    }
    const m = Math.max(...z);
    const e = z.map((x) => Math.exp(x - m));
    const sum = e.reduce((a, b) => a + b, 0);
    for (let j = 0; j < nk; j++) {
      weights[i * nk + j] = e[j] / sum;
      for (let c = 0; c < dv; c++) out[i * dv + c] += (e[j] / sum) * V.data[j * dv + c];
    }
  }
  return { weights, out };
}

for (const variant of ['simd', 'scalar']) {
  test(`${variant}: rope in attention, attentionTiled and attentionNaive equals the float64 reference`, async () => {
    const c = await core(variant);
    const r = shapeRng(2104);
    let checked = 0;
    for (let t = 0; t < 12; t++) {
      const nk = r(1, 40), nq = r(1, nk), d = 2 * r(1, 12), dv = r(1, 9);
      const Q = c.randn(100 + t, nq, d), K = c.randn(200 + t, nk, d), V = c.randn(300 + t, nk, dv);
      const opts = { rope: [10000, 100, 2][t % 3], causal: t % 2 === 0, causalAlign: t % 4 === 1 ? 'top-left' : 'bottom-right', temperature: 1 + (t % 3) / 2 };
      const want = reference(Q, K, V, opts);
      const got = c.attention(Q, K, V, opts);
      const where = `${variant} case ${t}: nq ${nq}, nk ${nk}, d ${d}, ${JSON.stringify(opts)}`;
      assert.equal(compare(got.weights.data, want.weights, 5e-6, 1e-4).firstBad, -1, `${where}: weights`);
      assert.equal(compare(got.out.data, want.out, 5e-5, 1e-4).firstBad, -1, `${where}: out`);
      assert.equal(compare(c.attentionTiled(Q, K, V, opts).data, want.out, 5e-5, 1e-4).firstBad, -1, `${where}: tiled`);
      assert.equal(compare(c.attentionNaive(Q, K, V, opts).out.data, want.out, 5e-5, 1e-4).firstBad, -1, `${where}: naive`);
      checked++;
    }
    // recency on top of rope (the materialised paths): ALiBi's penalty and rotary scores together
    const Q = c.randn(7, 6, 8), K = c.randn(8, 6, 8), V = c.randn(9, 6, 3);
    const opts = { rope: 10000, causal: true, recency: 0.5 };
    assert.equal(compare(c.attention(Q, K, V, opts).out.data, reference(Q, K, V, opts).out, 5e-5, 1e-4).firstBad, -1, 'rope + recency');
    // rope changes the result (the option is not ignored), and rope 0 is the plain attention
    const plain = c.attention(Q, K, V, { causal: true });
    assert.ok(compare(c.attention(Q, K, V, { causal: true, rope: 10000 }).weights.data, plain.weights.data, 1e-3, 0).firstBad >= 0, 'rope moves the weights');
    assert.deepEqual(c.attention(Q, K, V, { causal: true, rope: 0 }).weights.data, plain.weights.data);
    assert.equal(checked, 12);
  });
}

test('rope is relative: with every query and key the same vector, the score of (i, j) depends on i − j only', async () => {
  const c = await core('simd');
  const n = 9, d = 8;
  const x = c.randn(5, 1, d).data;
  const same = { shape: [n, d], data: new Float32Array(n * d).map((_, i) => x[i % d]) };
  const scores = c.attentionTrace(same, same, same, { rope: 10000, scale: 1 }).scores;
  const s = (i, j) => scores.data[i * n + j];
  for (let i = 0; i + 1 < n; i++) {
    for (let j = 0; j + 1 < n; j++) assert.ok(Math.abs(s(i, j) - s(i + 1, j + 1)) < 1e-4, `S[${i}][${j}] = ${s(i, j)} vs S[${i + 1}][${j + 1}] = ${s(i + 1, j + 1)}`);
  }
  assert.ok(Math.abs(s(0, 0) - [...x].reduce((a, v) => a + v * v, 0)) < 1e-4, 'offset 0: the plain dot product');
  assert.ok(Math.abs(s(0, 0) - s(0, 3)) > 1e-3, 'a different offset gives a different score');
});

test('rope: bad values are refused with a message and the module stays usable', async () => {
  const c = await core('simd');
  const Q = c.randn(1, 3, 4), odd = c.randn(2, 3, 5);
  assert.throws(() => c.attention(odd, odd, odd, { rope: 10000 }), /rope rotates pairs of columns; d_k = 5 is odd/);
  assert.throws(() => c.attention(Q, Q, Q, { rope: -1 }), /rope \(the rotary base\) must be finite and >= 0/);
  assert.throws(() => c.attention(Q, Q, Q, { rope: 1 }), /rope \(the rotary base\) must be > 1/);
  assert.throws(() => c.attentionTiled(Q, Q, Q, { rope: NaN }), /must be finite/);
  assert.equal(c.attention(Q, Q, Q, { rope: 10000 }).out.shape[0], 3);
});

/** Multi-head attention with ALiBi in float64: { out [n·d], weights: h × [n·n] }. */
function multiHeadAlibi(X, W, h, causal) {
  const [n, d] = X.shape, dh = d / h;
  const mm = (A, B) => { // [n, d] · [d, d], flat
    const o = new Float64Array(n * d);
    for (let i = 0; i < n; i++) for (let p = 0; p < d; p++) for (let j = 0; j < d; j++) o[i * d + j] += A[i * d + p] * B.data[p * d + j];
    return o;
  };
  const q = mm(X.data, W.Wq), k = mm(X.data, W.Wk), v = mm(X.data, W.Wv);
  const concat = new Float64Array(n * d), weights = [];
  for (let head = 0; head < h; head++) {
    const m = 2 ** (-8 * (head + 1) / h), A = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      const z = [];
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let c = head * dh; c < (head + 1) * dh; c++) s += q[i * d + c] * k[j * d + c];
        z.push(causal && j > i ? -Infinity : s / Math.sqrt(dh) - (j < i ? m * (i - j) : 0));
      }
      const mx = Math.max(...z), e = z.map((x) => Math.exp(x - mx)), sum = e.reduce((a, b) => a + b, 0);
      for (let j = 0; j < n; j++) {
        A[i * n + j] = e[j] / sum;
        for (let c = head * dh; c < (head + 1) * dh; c++) concat[i * d + c] += A[i * n + j] * v[j * d + c];
      }
    }
    weights.push(A);
  }
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let p = 0; p < d; p++) for (let j = 0; j < d; j++) out[i * d + j] += concat[i * d + p] * W.Wo.data[p * d + j];
  return { out, weights };
}

for (const variant of ['simd', 'scalar']) {
  test(`${variant}: alibi in multiHead (and its naive reference) equals the float64 reference, one slope per head`, async () => {
    const c = await core(variant);
    for (const [n, d, h, causal] of [[9, 16, 4, true], [12, 32, 8, true], [7, 12, 3, false]]) {
      const s = 1 / Math.sqrt(d);
      const X = c.randn(1, n, d);
      const W = { Wq: c.randn(2, d, d, s), Wk: c.randn(3, d, d, s), Wv: c.randn(4, d, d, s), Wo: c.randn(5, d, d, s) };
      const want = multiHeadAlibi(X, W, h, causal);
      for (const reference of [false, true]) {
        const got = c.multiHead(X, W, h, { causal, alibi: true, reference });
        const where = `${variant} n ${n} d ${d} h ${h}${reference ? ' (naive)' : ''}`;
        assert.equal(compare(got.out.data, want.out, 5e-5, 1e-4).firstBad, -1, `${where}: out`);
        got.weights.forEach((w, head) => assert.equal(compare(w.data, want.weights[head], 5e-6, 1e-4).firstBad, -1, `${where}: head ${head} weights`));
      }
    }
    // the slopes differ per head: head 0 (slope 1/2 of 8 heads) is far more local than head 7 (1/256)
    const n = 24, d = 32, X = c.randn(11, n, d), W = { Wq: c.randn(12, d, d, 0.01), Wk: c.randn(13, d, d, 0.01), Wv: c.randn(14, d, d), Wo: c.randn(15, d, d) };
    const w = c.multiHead(X, W, 8, { causal: true, alibi: true }).weights;
    const onSelf = (head) => w[head].data[(n - 1) * n + (n - 1)];
    assert.ok(onSelf(0) > 0.35 && onSelf(7) < 0.1, `the last query's weight on itself: head 0 ${onSelf(0)}, head 7 ${onSelf(7)}`);
  });
}

test('alibi: refused where it has no meaning, with a message', async () => {
  const c = await core('simd');
  const Q = c.randn(1, 3, 4);
  assert.throws(() => c.attention(Q, Q, Q, { alibi: true }), /alibi gives each head its own slope, so it is an option of multiHead/);
  const X = c.randn(1, 4, 8), W = { Wq: c.randn(2, 8, 8), Wk: c.randn(3, 8, 8), Wv: c.randn(4, 8, 8), Wo: c.randn(5, 8, 8) };
  assert.throws(() => c.multiHead(X, W, 2, { alibi: true, keepWeights: false }), /alibi needs the materialised weights/);
  assert.throws(() => c.multiHead(X, W, 2, { alibi: true, recency: 0.5 }), /leave recency at 0/);
  assert.equal(c.multiHead(X, W, 2, { alibi: true }).weights.length, 2);
});
