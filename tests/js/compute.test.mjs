// web/compute/ runs in node on the same core as in the worker: the jobs the
// heatmap, the equation stepper, the multi-head widget and the scaling plot
// use give the numbers of the plain core calls they stand for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cores } from './exercises-support.mjs';
import attentionExample from '../../web/compute/jobs/attention-example.js';
import attentionCell from '../../web/compute/jobs/attention-cell.js';
import multiheadExample from '../../web/compute/jobs/multihead-example.js';
import scalingCurves from '../../web/compute/jobs/scaling-curves.js';
import lm2Gates, { slotSpread } from '../../web/compute/jobs/lm2-gates.js';
import positionScores from '../../web/compute/jobs/position-scores.js';
import { sinusoid, alibiSlope } from '../../web/compute/positions.js';
import { sampleVariance, meanRowMax, dkValues } from '../../web/compute/scaling.js';

const same = (a, b, what) => {
  assert.deepEqual(a.shape, b.shape, `${what}: shape`);
  assert.deepEqual(Array.from(a.data), Array.from(b.data), `${what}: values`);
};

test('attention-example: the weights are attention(randn(seed), randn(seed + 1), randn(seed + 2)) with the widget\'s options', async () => {
  const { sync } = await cores();
  const [n, dk, seed] = [7, 5, 3];
  const Q = sync.randn(seed, n, dk);
  const K = sync.randn(seed + 1, n, dk);
  const V = sync.randn(seed + 2, n, dk);
  const r = attentionExample(sync, { tokens: n, dk, seed, causal: true, scaled: false, temperature: 2, recency: 0.5 });
  assert.deepEqual(Object.keys(r), ['weights'], 'only the weights leave the worker');
  same(r.weights, sync.attention(Q, K, V, { causal: true, scale: 1, temperature: 2, recency: 0.5 }).weights, 'weights');
  const t = attentionExample(sync, { tokens: n, dk, seed, causal: true, trace: true });
  const want = sync.attentionTrace(Q, K, V, { causal: true });
  for (const k of ['scores', 'logits', 'weights', 'out']) same(t[k], want[k], `trace ${k}`);
  same(t.Q, Q, 'Q');
});

test('attention-example with fewer queries: Q is the first n_q rows of the draw, K and V keep n, the alignment is passed to the core', async () => {
  const { sync } = await cores();
  const [n, nq, dk, seed] = [8, 3, 4, 3];
  const Q = sync.randn(seed, nq, dk), K = sync.randn(seed + 1, n, dk), V = sync.randn(seed + 2, n, dk);
  for (const causalAlign of ['bottom-right', 'top-left']) {
    const r = attentionExample(sync, { tokens: n, queries: nq, dk, seed, causal: true, causalAlign });
    assert.deepEqual(r.weights.shape, [nq, n]);
    same(r.weights, sync.attention(Q, K, V, { causal: true, causalAlign }).weights, causalAlign);
  }
  const br = attentionExample(sync, { tokens: n, queries: nq, dk, seed, causal: true }).weights.data;
  const tl = attentionExample(sync, { tokens: n, queries: nq, dk, seed, causal: true, causalAlign: 'top-left' }).weights.data;
  assert.equal(Array.from(br.subarray(0, n)).filter((w) => w > 0).length, 6, 'bottom-right: query 0 sits at position 5');
  assert.equal(Array.from(tl.subarray(0, n)).filter((w) => w > 0).length, 1, 'top-left: query 0 sees key 0 only');
});

test('attention-cell: q_i, k_j, their dot product and the softmax parts of one cell, from the same example as the heatmap', async () => {
  const { sync } = await cores();
  const args = { tokens: 6, dk: 5, seed: 9, causal: true, scaled: true, temperature: 0.5, recency: 0.3 };
  const Q = sync.randn(9, 6, 5), K = sync.randn(10, 6, 5);
  const W = attentionExample(sync, args).weights.data;
  const c = attentionCell(sync, { ...args, row: 4, col: 1 });
  const q = Array.from(Q.data.subarray(20, 25)), k = Array.from(K.data.subarray(5, 10));
  assert.deepEqual(c.q, q);
  assert.deepEqual(c.k, k);
  const dot = q.reduce((s, x, i) => s + x * k[i], 0);
  assert.ok(Math.abs(c.score - dot) <= 1e-5 * Math.max(1, Math.abs(dot)), `score ${c.score} vs Σ q·k ${dot} (float32 rounding)`);
  // logit = score / √5 / 0.5 − 0.3 · (4 − 1)
  assert.ok(Math.abs(c.logit - (c.score / Math.sqrt(5) / 0.5 - 0.9)) < 1e-5, `logit ${c.logit}`);
  assert.equal(c.weight, W[4 * 6 + 1], 'the weight the heatmap prints');
  assert.ok(Math.abs(Math.exp(c.logit - c.rowMax) / c.rowSum - c.weight) < 1e-6, 'weight = e^(logit − max) / Σ');
  const masked = attentionCell(sync, { ...args, row: 1, col: 3 });
  assert.equal(masked.masked, true);
  assert.equal(masked.weight, 0);
  assert.throws(() => attentionCell(sync, { ...args, row: 6, col: 0 }), /outside the 6 × 6 weights/);
});

test('multihead-example: the heads of multiHead(randn(seed), W from seeds + 1 … + 4); the inputs stay in the worker', async () => {
  const { sync } = await cores();
  const o = { tokens: 5, dModel: 8, heads: 2, causal: false, seed: 11 };
  const r = multiheadExample(sync, o);
  assert.deepEqual(Object.keys(r).sort(), ['concat', 'out', 'q', 'weights']);
  const std = 1 / Math.sqrt(8);
  const W = { Wq: sync.randn(12, 8, 8, std), Wk: sync.randn(13, 8, 8, std), Wv: sync.randn(14, 8, 8, std), Wo: sync.randn(15, 8, 8, std) };
  const want = sync.multiHead(sync.randn(11, 5, 8), W, 2, { causal: false });
  same(r.out, want.out, 'out');
  r.weights.forEach((w, i) => same(w, want.weights[i], `head ${i + 1}`));
  assert.throws(() => multiheadExample(sync, { ...o, heads: 3 }), /not divisible by 3 heads/);
});

test('scaling-curves: one point per d_k, in the order asked, each the variance of every q·k and the mean largest softmax weight', async () => {
  const { sync } = await cores();
  const settings = { samples: 64, keys: 4, seed: 5 };
  const seen = [];
  const pts = scalingCurves(sync, { dks: [8, 1, 2], ...settings }, { progress: (p) => seen.push(p.dk) });
  assert.deepEqual(pts.map((p) => p.dk), [8, 1, 2]);
  assert.deepEqual(seen, [8, 1, 2], 'a progress report per point, as soon as it is computed');
  const dk = 8;
  const Q = sync.randn(6, 64, dk);
  const K = sync.randn(5, 64, dk);
  const D = sync.matmul(Q, K, { transposeB: true }).data;
  assert.equal(pts[0].variance.unscaled, sampleVariance(D));
  assert.equal(pts[0].variance.scaled, sampleVariance(D, 1 / Math.sqrt(dk)));
  const Km = sync.randn(5, 4, dk);
  assert.equal(pts[0].saturation.unscaled, meanRowMax(sync.attention(Q, Km, Km, { scale: 1 }).weights));
  assert.ok(pts[0].saturation.unscaled > pts[0].saturation.scaled, 'the unscaled softmax is more peaked');
  assert.deepEqual(dkValues(64), [1, 2, 4, 8, 16, 32, 64]);
  assert.throws(() => scalingCurves(sync, { dks: [], ...settings }, { progress() {} }), /non-empty/);
});

test('lm2-gates: the m slots of an identity start stay one slot (the same broadcast update); a random start\'s slots merge as g_forget^t', async () => {
  const { sync } = await cores();
  assert.equal(slotSpread(new Float32Array([1, 0, 0, 1, 1, 0, 0.5, 1]), 2), 0.5, 'the measure itself');
  for (const gForget of [0.9, 0.5]) {
    const steps = 12;
    const r = lm2Gates(sync, { slots: 3, dim: 4, gIn: 0.5, gForget, steps, seed: 7 });
    assert.equal(r.spread.identity, 0, `g_forget = ${gForget}: identity start, every slot equals slot 0 after ${steps} steps`);
    assert.ok(r.spread.randomStart > 0.1, 'the random start has distinct slots');
    const want = r.spread.randomStart * gForget ** steps;
    assert.ok(Math.abs(r.spread.random - want) <= 1e-5 + 1e-3 * want, `random start: ${r.spread.random} ≈ ${want} = spread · g_forget^t`);
  }
  const one = lm2Gates(sync, { slots: 1, dim: 4, gIn: 0.5, gForget: 0.9, steps: 3, seed: 7 });
  assert.equal(one.spread.identity, 0);
});

// Float64 reference of position-scores: rows x (+ PE_p), RoPE rotations, ALiBi penalty, from the definitions.
function positionReference(x, n, method, slope) {
  const d = x.length;
  const rows = Array.from({ length: n }, (_, p) => {
    const pe = method === 'sinusoidal' ? sinusoid(p, d) : null;
    const v = Array.from(x, (xc, c) => xc + (pe ? pe[c] : 0));
    if (method !== 'rope') return v;
    const r = v.slice();
    for (let c = 0; c < d; c += 2) {
      const a = p * 10000 ** (-c / d);
      r[c] = v[c] * Math.cos(a) - v[c + 1] * Math.sin(a);
      r[c + 1] = v[c] * Math.sin(a) + v[c + 1] * Math.cos(a);
    }
    return r;
  });
  const q = rows[n - 1];
  const z = rows.map((k, j) => k.reduce((s, kc, c) => s + kc * q[c], 0) / Math.sqrt(d) - (method === 'alibi' ? slope * (n - 1 - j) : 0));
  const m = Math.max(...z), e = z.map((v) => Math.exp(v - m)), sum = e.reduce((a, b) => a + b, 0);
  return { logits: z.map((_, dist) => z[n - 1 - dist]), weights: e.map((_, dist) => e[n - 1 - dist] / sum) };
}

test('position-scores: the logits and weights of the last query equal a float64 reference for sinusoidal, RoPE and ALiBi', async () => {
  const { sync } = await cores();
  assert.deepEqual(Array.from(sinusoid(1, 4)).map((v) => +v.toFixed(3)), [0.841, 0.54, 0.01, 1], 'PE_1 = (sin 1, cos 1, sin 0.01, cos 0.01)');
  assert.equal(alibiSlope(0, 8), 0.5);
  assert.equal(alibiSlope(7, 8), 1 / 256);
  for (const method of ['sinusoidal', 'rope', 'alibi']) {
    for (const n of [8, 40]) {
      const r = positionScores(sync, { method, positions: n, slope: 0.25, seed: 4 });
      const want = positionReference(Array.from(r.x), n, method, 0.25);
      for (let dist = 0; dist < n; dist++) {
        assert.ok(Math.abs(r.logits[dist] - want.logits[dist]) < 2e-4, `${method} n = ${n} logit at distance ${dist}: ${r.logits[dist]} vs ${want.logits[dist]}`);
        assert.ok(Math.abs(r.weights[dist] - want.weights[dist]) < 2e-5, `${method} n = ${n} weight at distance ${dist}`);
      }
    }
  }
  // ALiBi: the logit falls by the slope per step; RoPE: the same distance, the same logit, whatever n
  const alibi = positionScores(sync, { method: 'alibi', positions: 16, slope: 0.5, seed: 4 });
  for (let dist = 1; dist < 16; dist++) assert.ok(Math.abs(alibi.logits[dist - 1] - alibi.logits[dist] - 0.5) < 1e-4);
  const short = positionScores(sync, { method: 'rope', positions: 16, seed: 4 }), long = positionScores(sync, { method: 'rope', positions: 64, seed: 4 });
  for (let dist = 0; dist < 16; dist++) assert.ok(Math.abs(short.logits[dist] - long.logits[dist]) < 2e-4, `rope is relative: distance ${dist}`);
  assert.throws(() => positionScores(sync, { method: 'learned' }), /method must be/);
});

test('labWorkers: one worker per reported core, at most 4, never more than the step has groups of 8 documents', async () => {
  const { labWorkers, labConfig, LAB_GROUP } = await import('../../web/compute/lab-config.js');
  const w = (batch, cores, workers = 'auto') => labWorkers({ batch, workers }, cores).workers;
  assert.equal(LAB_GROUP, 8);
  assert.equal(JSON.parse(labConfig({ task: 'passkey', level: 1, cache: 4, probe: 'on', lr: 0.003, batch: 16, steps: 10, seed: 1 })).group, LAB_GROUP);
  assert.deepEqual([w(4, 2), w(8, 8), w(16, 2), w(16, 8), w(32, 2), w(32, 8), w(32, 16)], [1, 1, 2, 2, 2, 4, 4]);
  assert.deepEqual([w(16, 1), w(16, undefined), w(16, 0), w(24, 3)], [1, 1, 1, 3]);
  assert.deepEqual([w(32, 2, 1), w(32, 2, 4), w(16, 8, 3)], [1, 4, 2], 'a chosen number, capped by the groups only');
  assert.match(labWorkers({ batch: 4, workers: 'auto' }, 4).why, /a batch of 4 documents is one group of at most 8/);
  assert.match(labWorkers({ batch: 16, workers: 'auto' }, 1).why, /this browser reports 1 core$/);
  assert.match(labWorkers({ batch: 16, workers: 3 }, 8).why, /\(3 asked for, but there are only 2 groups of 8 documents\)/);
});
