// The shipped weights through the built wasm modules (node): the browser's
// answers equal the native evaluator's on 50 fixed held-out documents, memory
// answers the passkey and ablating it does not, and the search finds the fact.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { core } from './core-helpers.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const weights = path.join(repo, 'web/models/hmt-memory.lmlw');
const DOCS = 50, SEED = 1, D = 8, N = 16;

function nativeAnswers(condition) {
  const r = spawnSync(path.join(repo, 'build/native/lml_eval'),
    ['--print-answers', weights, 'passkey', String(D), '8', String(N), condition, String(SEED), String(DOCS)], { encoding: 'latin1' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

for (const variant of ['simd', 'scalar']) {
  test(`${variant}: the trained model answers 50 passkey documents as the native evaluator does`, async () => {
    const c = await core(variant);
    const model = c.createHmtModel({ weights: new Uint8Array(readFileSync(weights)) });
    try {
      const acc = {};
      for (const condition of ['memory', 'ablated']) {
        const native = nativeAnswers(condition);
        let correct = 0, chars = 0, hits = 0;
        for (let i = 0; i < DOCS; i++) {
          const a = model.answer({ task: 'passkey', D, seed: SEED + i, cacheSize: N, condition });
          assert.equal(a.predicted, native[i], `${condition} document ${i}`);
          assert.equal(a.predicted.length, 5);
          correct += a.correct;
          chars += a.predicted.length;
          if (condition === 'memory') hits += a.top1Hit ? 1 : 0;
        }
        acc[condition] = correct / chars;
        if (condition === 'memory') assert.ok(hits / DOCS >= 0.8, `top-1 retrieval on the fact's segment ${hits}/${DOCS}`);
      }
      assert.ok(acc.memory >= 0.85, `digit accuracy with memory ${acc.memory}`);
      assert.ok(acc.ablated <= 0.25, `digit accuracy with memory ablated ${acc.ablated}`);
    } finally {
      model.delete();
    }
  });
}

// Lesson 13's length-curve exercise: at D = 20 (beyond every trained and committed distance) the
// fact is D + 1 = 21 memories back, so a cache of 21 reads the key and a cache of 20 guesses.
test('the length-curve exercise: at D = 20 the smallest cache that answers is N = D + 1 = 21', async () => {
  const c = await core('simd');
  const model = c.createHmtModel({ weights: new Uint8Array(readFileSync(weights)) });
  try {
    const acc = {};
    for (const cacheSize of [20, 21]) {
      let correct = 0, chars = 0;
      for (let i = 0; i < 20; i++) {
        const a = model.answer({ task: 'passkey', D: 20, seed: SEED + i, cacheSize, condition: 'memory' });
        correct += a.correct;
        chars += a.predicted.length;
      }
      acc[cacheSize] = correct / chars;
    }
    assert.ok(acc[21] >= 0.85, `N = 21: digit accuracy ${acc[21]}`);
    assert.ok(acc[20] <= 0.25, `N = 20: digit accuracy ${acc[20]} (chance 0.1)`);
  } finally {
    model.delete();
  }
});

// The trained heads (model.headWeights, the heatmap's "trained" source) against
// a plain-JS reference of layer 0 read straight from the weight file:
// x = tok_emb[byte] + pos_emb[i]; h = LN1(x); q = h·Wq, k = h·Wk per head;
// softmax(q kᵀ/√d_head) with the causal mask. Tolerance 1e-5 (probabilities).
function readWeightFile(bytes) {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const H = dv.getUint32(8, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + H)));
  const tensors = {};
  let at = 12 + H;
  for (const t of header.tensors) {
    const n = t.shape[0] * t.shape[1];
    tensors[t.name] = { rows: t.shape[0], cols: t.shape[1], data: Array.from({ length: n }, (_, i) => dv.getFloat32(at + 4 * i, true)) };
    at += 4 * n;
  }
  return { config: header.config, tensors };
}

test('trained heads: layer 0 of the shipped model equals a plain-JS reference; layer 1 is causal and sums to 1; bad heads throw', async () => {
  const c = await core('simd');
  const bytes = new Uint8Array(readFileSync(weights));
  const model = c.createHmtModel({ weights: bytes });
  const { config, tensors } = readWeightFile(bytes);
  const d = config.dModel, heads = config.heads, dh = d / heads;
  const text = 'the pass key is';
  const ids = [...new TextEncoder().encode(text)];
  const n = ids.length;
  const get = (t, r, col) => t.data[r * t.cols + col];
  const x = ids.map((b, i) => Array.from({ length: d }, (_, k) => get(tensors.tok_emb, b, k) + get(tensors.pos_emb, i, k)));
  const g = tensors['layer0.ln1.gamma'], be = tensors['layer0.ln1.beta'];
  const h = x.map((row) => {
    const mean = row.reduce((a, v) => a + v, 0) / d;
    const varr = row.reduce((a, v) => a + (v - mean) ** 2, 0) / d;
    return row.map((v, k) => ((v - mean) / Math.sqrt(varr + 1e-5)) * g.data[k] + be.data[k]);
  });
  const proj = (W) => h.map((row) => Array.from({ length: d }, (_, o) => row.reduce((a, v, k) => a + v * get(W, k, o), 0)));
  const q = proj(tensors['layer0.attn.wq']), k = proj(tensors['layer0.attn.wk']);
  for (let hd = 0; hd < heads; hd++) {
    const got = model.headWeights(text, { layer: 0, head: hd });
    assert.deepEqual(got.shape, [n, n]);
    for (let i = 0; i < n; i++) {
      const s = Array.from({ length: i + 1 }, (_, j) => {
        let dot = 0;
        for (let t = 0; t < dh; t++) dot += q[i][hd * dh + t] * k[j][hd * dh + t];
        return dot / Math.sqrt(dh);
      });
      const mx = Math.max(...s), e = s.map((v) => Math.exp(v - mx)), sum = e.reduce((a, v) => a + v, 0);
      for (let j = 0; j < n; j++) {
        const want = j <= i ? e[j] / sum : 0;
        assert.ok(Math.abs(got.data[i * n + j] - want) <= 1e-5, `head ${hd} [${i}, ${j}]: ${got.data[i * n + j]} vs ${want}`);
      }
    }
  }
  const deep = model.headWeights(text, { layer: 1, head: 3 });
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < n; j++) { sum += deep.data[i * n + j]; if (j > i) assert.equal(deep.data[i * n + j], 0); }
    assert.ok(Math.abs(sum - 1) < 1e-5);
  }
  assert.throws(() => model.headWeights(text, { layer: 2, head: 0 }), /layer must be in \[0, 2\)/);
  assert.throws(() => model.headWeights(text, { head: 4 }), /head must be in \[0, 4\)/);
  assert.throws(() => model.headWeights('', {}), /empty/);
  assert.equal(model.headWeights("ok", {}).shape[0], 2, 'the module stays usable after errors');
  model.delete();
});

// The page reads the geometry from the weight file; the constants kept for code that runs before a
// model is loaded (the training lab's config) must be the shipped file's. A full-attention model
// answers in one causal pass: its answer equals the arg-max of its own forward logits.
test('geometry: model.geometry is the weight file\'s; GEOMETRY and TRAINED_N agree with the shipped model; full answers are one causal pass', async () => {
  const c = await core('simd');
  const { GEOMETRY, TRAINED_N } = await import('../../web/compute/trained-model.js');
  const model = c.createHmtModel({ weights: new Uint8Array(readFileSync(weights)) });
  try {
    assert.deepEqual(model.geometry, { kind: 'hmt', segmentLength: 64, summaryLength: 32, sensoryLength: 8, cacheSize: 12, retrieval: true });
    assert.deepEqual(GEOMETRY, { segmentLength: model.geometry.segmentLength, summaryLength: model.geometry.summaryLength, sensoryLength: model.geometry.sensoryLength });
    assert.equal(TRAINED_N, model.geometry.cacheSize);
  } finally {
    model.delete();
  }
  const random = c.createHmtModel({ seed: 3, dModel: 32, heads: 4, layers: 2, dFF: 64, maxPositions: 400 });
  try {
    assert.equal(random.geometry, null, 'a model made from sizes was never trained: no geometry');
    const a = random.answer({ task: 'passkey', D: 2, seed: 5, split: 'eval', condition: 'full', segmentLength: 64, summaryLength: 32, sensoryLength: 8 });
    const text = a.doc.bytes;
    const { logits } = random.forward(text, { logits: true });
    const V = 256;
    const argmax = (row) => {
      let best = 0;
      for (let v = 1; v < V; v++) if (logits.data[row * V + v] > logits.data[row * V + best]) best = v;
      return best;
    };
    const want = [...a.doc.answer].map((_, i) => String.fromCharCode(argmax(a.doc.answerPos - 1 + i))).join('');
    assert.equal(a.predicted, want);
    assert.equal(a.segmentsStreamed, 0);
    assert.throws(() => random.answer({ task: 'passkey', D: 8, seed: 5, split: 'eval', condition: 'full', segmentLength: 64, summaryLength: 32, sensoryLength: 8 }), /positions/);
  } finally {
    random.delete();
  }
});
