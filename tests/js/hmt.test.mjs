// The backbone, HMT and LM2 through the built wasm module (node): results against
// independent recomputations, chunked == whole, the planted-passage retrieval,
// weight files, and every bad configuration as an Error with the module usable after.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { core, compare } from './core-helpers.mjs';

const small = { seed: 3, dModel: 16, heads: 2, layers: 2, dFF: 32, maxPositions: 64 };
const smallStream = { segmentLength: 16, summaryLength: 8, sensoryLength: 4, cacheSize: 5, traceLimit: 100 };

function text(n, seed) {
  let s = seed >>> 0;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = 32 + (s >>> 8) % 95;
  }
  return out;
}

/** Runs fn, expects an Error whose message contains every fragment, then checks the module still works. */
function throwsClearly(c, fn, ...fragments) {
  let err;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof Error, `expected an Error containing ${JSON.stringify(fragments)}`);
  for (const f of fragments) assert.ok(err.message.includes(f), `message "${err.message}" lacks "${f}"`);
  const Q = c.randn(1, 3, 4);
  assert.equal(c.attention(Q, Q, Q).out.shape[0], 3); // the module is still usable
}

test('backbone: forward(text) = forwardEmbeddings(embed(text)); simd and scalar agree; causal', async () => {
  const simd = await core('simd'), scalar = await core('scalar');
  const a = simd.createHmtModel(small), b = scalar.createHmtModel(small);
  try {
    const t = 'The quick brown fox jumps over the lazy dog, 0123456789!';
    const h = a.forward(t, { logits: true });
    assert.deepEqual(h.hidden.shape, [t.length, 16]);
    assert.deepEqual(h.logits.shape, [t.length, 256]);
    assert.deepEqual(a.forwardEmbeddings(a.embed(t)).data, h.hidden.data); // same path, same bits
    // simd vs scalar: same model from the same seed; float32 rounding differs → atol 1e-4
    const cmp = compare(b.forward(t).hidden.data, h.hidden.data, 1e-4, 1e-4);
    assert.equal(cmp.firstBad, -1, `simd vs scalar: max err ${cmp.maxAbs}`);
    // changing token 30 changes no output before it
    const u = t.slice(0, 30) + '#' + t.slice(31);
    const hu = a.forward(u).hidden;
    for (let i = 0; i < t.length; i++) {
      const row = (x) => x.data.subarray(i * 16, (i + 1) * 16);
      const same = row(hu).every((v, k) => v === row(h.hidden)[k]);
      assert.equal(same, i < 30, `row ${i}`);
    }
  } finally {
    a.delete();
    b.delete();
  }
});

test('weight file: save → load gives identical outputs; truncated, corrupt and mismatched files throw', async () => {
  const c = await core('simd');
  const a = c.createHmtModel(small);
  const bytes = a.save();
  assert.ok(bytes instanceof Uint8Array);
  assert.equal(new TextDecoder().decode(bytes.subarray(0, 4)), 'LMLW');
  const b = c.createHmtModel({ weights: bytes });
  assert.deepEqual(b.config, a.config);
  assert.deepEqual(b.forward('round trip').hidden.data, a.forward('round trip').hidden.data);
  assert.deepEqual(b.save(), bytes);
  a.delete();
  b.delete();

  throwsClearly(c, () => c.createHmtModel({ weights: bytes.slice(0, bytes.length - 3) }), 'truncated');
  const corrupt = bytes.slice();
  corrupt[corrupt.length - 5] ^= 0x10;
  throwsClearly(c, () => c.createHmtModel({ weights: corrupt }), 'checksum mismatch', 'corrupt');
  const notWeights = new TextEncoder().encode('hello, I am not a weight file');
  throwsClearly(c, () => c.createHmtModel({ weights: notWeights }), 'bad magic');
  // a header whose sizes do not match its tensors ("heads":2 → "heads":4 keeps d divisible)
  const header = new TextDecoder().decode(bytes.subarray(12, 400));
  const at = 12 + header.indexOf('"layers":2');
  const mismatched = bytes.slice();
  mismatched[at + 9] = '3'.charCodeAt(0);
  throwsClearly(c, () => c.createHmtModel({ weights: mismatched }), 'expected');
  throwsClearly(c, () => c.createHmtModel({ weights: bytes, seed: 1 }), 'either');
  throwsClearly(c, () => c.createHmtModel({ weights: [1, 2, 3] }), 'Uint8Array');
});

test('retrieval: weights sum to 1, match the naive reference; a one-hot query returns exactly its memory', async () => {
  const c = await core('simd');
  const S = c.randn(1, 1, 12), M = c.randn(2, 9, 12), Wq = c.randn(3, 12, 6, 0.3), Wk = c.randn(4, 12, 6, 0.3);
  const fast = c.hmtRetrieve(S, M, Wq, Wk), ref = c.hmtRetrieve(S, M, Wq, Wk, { reference: true });
  const sum = fast.weights.data.reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(sum - 1) < 1e-6, `sum ${sum}`);
  assert.equal(compare(fast.weights.data, ref.weights.data, 1e-6, 1e-5).firstBad, -1);
  assert.equal(compare(fast.retrieved.data, ref.retrieved.data, 1e-5, 1e-5).firstBad, -1);

  const d = 6, eye = { shape: [d, d], data: new Float32Array(d * d) };
  for (let i = 0; i < d; i++) eye.data[i * d + i] = 1;
  const mem = { shape: [4, d], data: new Float32Array(4 * d) };
  for (let i = 0; i < 4; i++) mem.data[i * d + i] = i + 1;
  const q = { shape: [1, d], data: new Float32Array(d) };
  q.data[2] = 1000; // score 3000/√6 against 0: the others underflow to exactly 0
  const r = c.hmtRetrieve(q, mem, eye, eye);
  assert.deepEqual(Array.from(r.weights.data), [0, 0, 1, 0]);
  assert.deepEqual(r.retrieved.data, mem.data.slice(2 * d, 3 * d));
});

test('stream: chunked feeding equals feeding at once (traces, cache, outputs)', async () => {
  const c = await core('simd');
  const model = c.createHmtModel(small);
  const t = text(16 * 14 + 9, 7);
  const run = (chunks) => {
    const s = c.createHmtStream({ model, ...smallStream });
    let at = 0, traces = [];
    for (let i = 0; at < t.length; i++) {
      const n = Math.min(chunks[i % chunks.length], t.length - at);
      traces.push(...s.feed(t.subarray(at, at + n)).traces);
      at += n;
    }
    traces.push(...s.flush().traces);
    const out = { traces, bank: s.memoryBank(), last: s.last(), stats: s.stats() };
    s.delete();
    return out;
  };
  const whole = run([t.length]);
  assert.equal(whole.traces.length, 15);
  assert.equal(whole.stats.tokens, t.length);
  assert.equal(whole.traces.at(-1).length, 9); // the flushed tail
  for (const chunks of [[1], [5, 17, 2], [16], [31, 1]]) {
    const part = run(chunks);
    assert.deepEqual(part.traces, whole.traces, `chunks ${chunks}`);
    assert.deepEqual(part.bank, whole.bank);
    assert.deepEqual(part.last, whole.last);
  }
  // a string is fed as its UTF-8 bytes
  const s1 = c.createHmtStream({ model, ...smallStream }), s2 = c.createHmtStream({ model, ...smallStream });
  const str = 'naïve café — 東京 '.repeat(4);
  s1.feed(str);
  s2.feed(new TextEncoder().encode(str));
  assert.deepEqual(s1.flush(), s2.flush());
  assert.deepEqual(s1.memoryBank(), s2.memoryBank());
  s1.delete();
  s2.delete();
  model.delete();
});

test('stream: traces name the cache slots; the first segment reads the initial memory', async () => {
  const c = await core('simd');
  const model = c.createHmtModel(small);
  const s = c.createHmtStream({ model, ...smallStream });
  const { segments, traces } = s.feed(text(16 * 9, 8));
  assert.equal(segments, 9);
  assert.equal(traces[0].weights.length, 0);
  const p0 = model.parameters().initialMemory.data;
  assert.ok(Math.abs(traces[0].retrievedNorm - Math.hypot(...p0)) < 1e-4);
  for (const tr of traces.slice(1)) {
    const n = Math.min(tr.index, 5);
    assert.equal(tr.weights.length, n);
    assert.deepEqual(Array.from(tr.slotSegments), Array.from({ length: n }, (_, q) => tr.index - n + q));
    assert.ok(Math.abs(tr.weights.reduce((a, b) => a + b, 0) - 1) < 1e-5);
  }
  const bank = s.memoryBank();
  assert.deepEqual(bank.memories.shape, [5, 16]);
  assert.deepEqual(Array.from(bank.segments), [4, 5, 6, 7, 8]);
  assert.deepEqual(bank.memories.data.subarray(4 * 16), s.last().memory.data);
  s.delete();
  model.delete();
});

test('stream: without memory and sensory tokens HMT is plain independent segments', async () => {
  const c = await core('simd');
  const model = c.createHmtModel(small);
  const t = text(16 * 3, 9);
  const s = c.createHmtStream({ model, ...smallStream, retrieval: false, cacheSize: 0, sensoryLength: 0 });
  const plain = model.segments(t, 16);
  for (let n = 0; n < 3; n++) {
    s.feed(t.subarray(n * 16, (n + 1) * 16));
    assert.deepEqual(s.last().outputs.data, plain.data.subarray(n * 16 * 16, (n + 1) * 16 * 16), `segment ${n}`);
  }
  s.delete();
  model.delete();
});

test('summary: the printed index j and the trailing index j+1 differ; the stream reads the one it is told', async () => {
  const c = await core('simd');
  const model = c.createHmtModel(small);
  const seg = 'segment of sixteen bytes'.slice(0, 16);
  const sp = model.summary(seg.slice(0, 8));
  assert.deepEqual(sp.outputs.shape, [10, 16]);
  assert.equal(sp.trailingIndex, 9);
  assert.equal(sp.printedIndex, 8);
  assert.deepEqual(sp.trailing.data, sp.outputs.data.subarray(9 * 16, 10 * 16));
  assert.deepEqual(sp.printed.data, sp.outputs.data.subarray(8 * 16, 9 * 16));
  const a = c.createHmtStream({ model, ...smallStream }), b = c.createHmtStream({ model, ...smallStream, summaryIndex: 'printed' });
  a.feed(seg);
  b.feed(seg);
  assert.deepEqual(a.last().summary.data, sp.trailing.data);
  assert.deepEqual(b.last().summary.data, sp.printed.data);
  a.delete();
  b.delete();
  model.delete();
});

test('untrained retrieval: a planted passage is found after 20 unrelated segments', async () => {
  const c = await core('simd');
  const L = 256;
  const pad = (s) => s.padEnd(L, ' ').slice(0, L);
  const words = ['river', 'table', 'window', 'garden', 'morning', 'letter', 'yellow', 'basket', 'silver', 'market',
    'winter', 'candle', 'pocket', 'forest', 'thunder', 'meadow', 'harbor', 'pencil', 'blanket', 'orchard'];
  let seed = 5;
  const pick = () => words[(seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % words.length];
  const filler = () => pad(Array.from({ length: 40 }, pick).join(' '));
  const passage = pad('The cartographer Ottoline Quenby charted the saltmarsh archipelago by zeppelin, logging every ' +
    'quasar above the marmalade-coloured lagoon in her vellum almanac.');
  const s = c.createHmtStream({ encoder: 'bag-of-words', segmentLength: L, sensoryLength: 0 });
  assert.equal(s.config.summaryLength, 128);
  s.feed(filler() + filler()); // segments 0, 1
  s.feed(passage); // segment 2: planted
  for (let i = 0; i < 20; i++) s.feed(filler()); // segments 3–22
  const { traces } = s.feed(passage); // segment 23: the passage again
  const tr = traces[0];
  assert.equal(tr.index, 23);
  assert.equal(tr.weights.length, 23);
  const best = tr.weights.indexOf(Math.max(...tr.weights));
  assert.equal(tr.slotSegments[best], 2, `largest weight ${tr.weights[best]} on segment ${tr.slotSegments[best]}`);
  s.delete();
});

test('every bad configuration throws a clear Error and the module stays usable', async () => {
  const c = await core('simd');
  const model = c.createHmtModel(small);
  const mk = (cfg) => c.createHmtStream({ model, ...smallStream, ...cfg });
  throwsClearly(c, () => mk({ summaryLength: 17 }), 'j = 17 is larger than the segment length L = 16');
  throwsClearly(c, () => mk({ sensoryLength: 16 }), 'k = 16 must be smaller than the segment length L = 16');
  throwsClearly(c, () => mk({ cacheSize: 0 }), 'N = 0 with retrieval on');
  throwsClearly(c, () => mk({ segmentLength: 70, summaryLength: 8 }), 'maxPositions = 64');
  throwsClearly(c, () => mk({ segmentLen: 16 }), "unknown option 'segmentLen'");
  throwsClearly(c, () => mk({ summaryIndex: 'middle' }), "'trailing'");
  throwsClearly(c, () => mk({ segmentLength: -1 }), "'segmentLength' must be an integer");
  throwsClearly(c, () => c.createHmtStream({ segmentLength: 16 }), 'needs a model');
  throwsClearly(c, () => c.createHmtStream({ model, encoder: 'bag-of-words' }), 'takes no model');
  throwsClearly(c, () => c.createHmtModel({ dModel: 30, heads: 4 }), 'not divisible by heads = 4');
  throwsClearly(c, () => c.createHmtModel({ layers: 0 }), "'layers' must be an integer >= 1");
  throwsClearly(c, () => model.forward('x'.repeat(65)), 'maxPositions = 64');
  throwsClearly(c, () => model.forwardEmbeddings({ shape: [2, 16], data: new Float32Array(32).fill(NaN) }), 'NaN');
  throwsClearly(c, () => model.forwardEmbeddings(c.randn(1, 2, 15)), 'dModel = 16');
  throwsClearly(c, () => model.forward([1, 2, 300]), 'byte 0–255');
  const s = mk({});
  s.feed('some bytes');
  s.delete();
  throwsClearly(c, () => s.feed('more'), 'does not exist');
  throwsClearly(c, () => c.hmtRetrieve(c.randn(1, 1, 8), c.randn(2, 3, 6), c.randn(3, 8, 4), c.randn(4, 8, 4)), 'same d');
  // the model still works after all of that
  const ok = mk({});
  assert.equal(ok.feed(text(40, 1)).segments, 2);
  ok.delete();
  model.delete();
  const live = c.hmtLive();
  assert.equal(live.streams, 0, 'every stream made here was deleted');
});

test('LM2: a step matches the equations recomputed in JS; overrides and the update rule', async () => {
  const c = await core('simd');
  const m = c.createLm2({ d: 4, slots: 2, seed: 3 });
  const W = m.weights();
  const M0 = m.memory();
  assert.deepEqual(M0.shape, [8, 4]);
  for (let r = 0; r < 8; r++) for (let k = 0; k < 4; k++) assert.equal(M0.data[r * 4 + k], r % 4 === k ? 1 : 0);
  const E = c.randn(9, 1, 4);
  const mm = (a, ar, ac, b, bc) => { // a [ar, ac] · b [ac, bc]
    const o = new Float64Array(ar * bc);
    for (let i = 0; i < ar; i++) for (let p = 0; p < ac; p++) for (let j = 0; j < bc; j++) o[i * bc + j] += a[i * ac + p] * b[p * bc + j];
    return o;
  };
  const q = mm(E.data, 1, 4, W.wq.data, 4), K = mm(M0.data, 8, 4, W.wk.data, 4), V = mm(M0.data, 8, 4, W.wv.data, 4);
  const sc = Array.from({ length: 8 }, (_, r) => [0, 1, 2, 3].reduce((s, k) => s + q[k] * K[r * 4 + k], 0) / 2);
  const mx = Math.max(...sc), ex = sc.map((v) => Math.exp(v - mx)), z = ex.reduce((a, b) => a + b, 0);
  const a = ex.map((v) => v / z);
  const read = [0, 1, 2, 3].map((k) => a.reduce((s, w, r) => s + w * V[r * 4 + k], 0));
  const sig = (x) => 1 / (1 + Math.exp(-x));
  const gIn = Array.from(mm(E.data, 1, 4, W.wIn.data, 4), sig), gF = Array.from(mm(read, 1, 4, W.wForget.data, 4), sig);
  const st = m.step(E, { slot: 1 });
  // tolerance: float32 vs float64 over d = 4 terms → 1e-5
  assert.equal(compare(st.weights.data, a, 1e-6, 1e-5).firstBad, -1);
  assert.equal(compare(st.read.data, read, 1e-5, 1e-5).firstBad, -1);
  assert.equal(compare(st.gIn.data, gIn, 1e-6, 1e-5).firstBad, -1);
  const M1 = M0.data.map((v, i) => gIn[i % 4] * Math.tanh(read[i % 4]) + gF[i % 4] * v);
  assert.equal(compare(st.memory.data, M1, 1e-5, 1e-5).firstBad, -1);
  assert.deepEqual(st.slotHistory.data, st.memory.data.subarray(16, 32));
  // frozen gates: g_in = 0, g_forget = 1 keeps the memory
  const before = m.memory();
  const frozen = m.step(c.randn(10, 3, 4), { gateIn: 0, gateForget: 1 });
  assert.deepEqual(frozen.memory.data, before.data);
  assert.deepEqual(frozen.gIn.shape, [3, 4]);
  const u = c.lm2Update(before, { shape: [1, 4], data: new Float32Array([0.5, 0.5, 0.5, 0.5]) },
    { shape: [1, 4], data: new Float32Array([0.9, 0.9, 0.9, 0.9]) }, { shape: [1, 4], data: new Float32Array([1, 0, -1, 2]) });
  assert.ok(Math.abs(u.data[0] - (0.5 * Math.tanh(1) + 0.9 * before.data[0])) < 1e-6);
  throwsClearly(c, () => m.step(c.randn(1, 1, 5)), 'E must be [steps, d = 4]');
  throwsClearly(c, () => m.step(E, { gateIn: 2 }), 'g_in override must be in [0, 1]');
  throwsClearly(c, () => c.createLm2({ init: 'zeros' }), "'identity' or 'random'");
  m.reset();
  assert.deepEqual(m.memory().data, M0.data);
  m.delete();
  throwsClearly(c, () => m.memory(), 'does not exist');
});
