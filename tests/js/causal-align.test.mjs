// The causalAlign option of the built wasm core in node (simd and scalar builds):
// every attention path against JavaScript loops written here from the definition
//   bottom-right (default): key j visible to query i iff j ≤ i + n_k − n_q
//   top-left:               key j visible to query i iff j ≤ i
// and a bad value refused with a message while the module stays usable.
// Tolerance: weights atol 5e-6, outputs atol 5e-5 (float32 against float64 loops), rtol 1e-4.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { core, compare } from './core-helpers.mjs';

const rowsOf = ({ shape: [r, c], data }) => Array.from({ length: r }, (_, i) => Array.from(data.subarray(i * c, (i + 1) * c)));

/** Causal attention in float64: { weights: Float64Array [nq·nk], out: Float64Array [nq·dv] }. */
function naive(Q, K, V, align) {
  const q = rowsOf(Q), k = rowsOf(K), v = rowsOf(V);
  const nq = q.length, nk = k.length, dv = v[0].length, dk = q[0].length;
  const weights = new Float64Array(nq * nk), out = new Float64Array(nq * dv);
  for (let i = 0; i < nq; i++) {
    const p = align === 'top-left' ? i : i + nk - nq;
    const logits = k.map((kj, j) => (j <= p ? kj.reduce((s, x, c) => s + x * q[i][c], 0) / Math.sqrt(dk) : -Infinity));
    const mx = Math.max(...logits);
    const e = logits.map((l) => (l === -Infinity ? 0 : Math.exp(l - mx)));
    const sum = e.reduce((a, b) => a + b, 0);
    e.forEach((x, j) => {
      weights[i * nk + j] = x / sum;
      for (let c = 0; c < dv; c++) out[i * dv + c] += (x / sum) * v[j][c];
    });
  }
  return { weights, out };
}

for (const variant of ['simd', 'scalar']) {
  test(`${variant}: causalAlign 'bottom-right' and 'top-left' equal naive loops in attention, attentionTiled, attentionTrace and attentionNaive`, async () => {
    const c = await core(variant);
    const shapes = [[3, 7, 5, 4], [7, 3, 5, 4], [6, 6, 8, 3], [20, 50, 16, 16], [50, 20, 16, 16]];
    for (const align of ['bottom-right', 'top-left']) {
      for (const [nq, nk, dk, dv] of shapes) {
        if (align === 'bottom-right' && nq > nk) continue;
        const Q = c.randn(1, nq, dk), K = c.randn(2, nk, dk), V = c.randn(3, nk, dv);
        const want = naive(Q, K, V, align);
        const opts = { causal: true, causalAlign: align };
        const what = `${align} ${nq}×${nk}`;
        const a = c.attention(Q, K, V, opts);
        assert.equal(compare(a.weights.data, want.weights, 5e-6, 1e-4).firstBad, -1, `${what} weights`);
        assert.equal(compare(a.out.data, want.out, 5e-5, 1e-4).firstBad, -1, `${what} out`);
        assert.equal(compare(c.attentionTiled(Q, K, V, opts).data, want.out, 5e-5, 1e-4).firstBad, -1, `${what} tiled`);
        assert.equal(compare(c.attentionTrace(Q, K, V, opts).weights.data, want.weights, 5e-6, 1e-4).firstBad, -1, `${what} trace`);
        assert.equal(compare(c.attentionNaive(Q, K, V, opts).out.data, want.out, 5e-5, 1e-4).firstBad, -1, `${what} naive`);
      }
    }
  });
}

test('the default is bottom-right; the two differ when n_q < n_k (query 0 sees 4 keys, or 1)', async () => {
  const c = await core('simd');
  const Q = c.randn(4, 3, 8), K = c.randn(5, 6, 8), V = c.randn(6, 6, 2);
  const def = rowsOf(c.attention(Q, K, V, { causal: true }).weights);
  const br = rowsOf(c.attention(Q, K, V, { causal: true, causalAlign: 'bottom-right' }).weights);
  const tl = rowsOf(c.attention(Q, K, V, { causal: true, causalAlign: 'top-left' }).weights);
  assert.deepEqual(def, br);
  assert.deepEqual(br[0].map((w) => w > 0), [true, true, true, true, false, false]);
  assert.deepEqual(tl[0].map((w) => w > 0), [true, false, false, false, false, false]);
  assert.equal(tl[0][0], 1);
});

test('a bad causalAlign or a bottom-right mask with more queries than keys throws an Error with a message; the module stays usable', async () => {
  const c = await core('simd');
  const Q = c.randn(7, 5, 4), K = c.randn(8, 3, 4);
  assert.throws(() => c.attention(K, K, K, { causal: true, causalAlign: 'diagonal' }),
    /causalAlign must be 'bottom-right' or 'top-left', got 'diagonal'/);
  assert.throws(() => c.attentionTiled(K, K, K, { causalAlign: 3 }), /option 'causalAlign' must be a string/);
  assert.throws(() => c.attention(Q, K, K, { causal: true }), /bottom-right causal mask needs at least as many keys \(3\) as queries \(5\)/);
  const ok = c.attention(Q, K, K, { causal: true, causalAlign: 'top-left' });
  assert.deepEqual(ok.weights.shape, [5, 3]);
  assert.deepEqual(c.attention(K, K, K).weights.shape, [3, 3]);
});
