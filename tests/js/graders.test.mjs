// Graders against the core: every code exercise's reference solution passes its
// own grader on several seeds, known wrong answers fail with the message a
// learner needs, cases are deterministic for a seed, and the references a
// grader uses where the core has no function are checked against the core or
// naive loops. Tolerances: graders compare float32 core output with float64
// learner code at atol 1e-5 + rtol 1e-4 unless an exercise says otherwise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { course, cores, exercise, grade } from './exercises-support.mjs';
import { graders } from '../../web/exercises/graders/index.js';
import { splitHeadsRef, mergeHeadsRef } from '../../web/exercises/graders/heads.js';
import { segmentRef } from '../../web/exercises/graders/segment-sensory.js';
import { fillRing, readRingRef } from '../../web/exercises/graders/ring-buffer.js';
import { lm2UpdateFrom } from '../../web/exercises/graders/lm2-update.js';
import { saturation } from '../../web/exercises/graders/saturation.js';
import { rows, tensor, shapeRng } from '../../web/exercises/graders/util.js';
import { HELPERS } from '../../web/exercises/helpers.js';
import { gradeExperimentAnswer, codeJob } from '../../web/exercises/grading.js';
import { installFakeIndexedDB } from './fixtures/fake-idb.mjs';
import { readFileSync } from 'node:fs';

const codeExercises = () => Object.values(course().course.exercises).filter((e) => e.kind === 'code');
const failures = (v) => v.tests.filter((t) => t.status !== 'pass');
const maxAbsDiff = (a, b) => Math.max(...a.flat(Infinity).map((x, i) => Math.abs(x - b.flat(Infinity)[i])));

test('every code exercise names an existing grader and has a solution', () => {
  const list = codeExercises();
  assert.ok(list.length >= 11, `only ${list.length} code exercises`);
  for (const ex of list) {
    assert.ok(graders[ex.grader], `${ex.id}: grader '${ex.grader}' missing`);
    assert.ok(ex.solution && ex.starter && ex.entry, `${ex.id}: solution, starter and entry are required`);
  }
});

for (const seed of [1, 777, 2024061]) {
  test(`every code exercise's reference solution passes its grader (seed ${seed})`, async () => {
    for (const ex of codeExercises()) {
      const v = await grade(ex.id, ex.solution, { seed });
      assert.equal(v.status, 'pass', `${ex.id}: ${failures(v).map((t) => t.message).join(' | ')}`);
      assert.ok(v.tests.length >= 6, `${ex.id}: only ${v.tests.length} cases`);
      assert.ok(v.tests.some((t) => t.name.startsWith('example')), `${ex.id}: no visible example`);
      assert.ok(v.tests.some((t) => t.name.startsWith('hidden')), `${ex.id}: no hidden case`);
    }
  });
}

test("the starter code of every code exercise does not pass (it is a starting point, not an answer)", async () => {
  for (const ex of codeExercises()) {
    const v = await grade(ex.id, ex.starter, { seed: 5 });
    assert.notEqual(v.status, 'pass', `${ex.id}: the starter passes`);
  }
});

test('cases are deterministic for a seed and change with it', async () => {
  const { core } = await cores();
  for (const ex of codeExercises()) {
    const a = await codeJob(ex, core, '', { seed: 99 });
    const b = await codeJob(ex, core, '', { seed: 99 });
    const c = await codeJob(ex, core, '', { seed: 100 });
    assert.deepEqual(a.cases, b.cases, `${ex.id}: same seed, different cases`);
    assert.notDeepEqual(a.cases.filter((x) => !x.visible), c.cases.filter((x) => !x.visible), `${ex.id}: the seed changes nothing`);
    const visible = await codeJob(ex, core, '', { seed: 99, hidden: false });
    assert.ok(visible.cases.every((x) => x.visible), `${ex.id}: Run should use visible examples only`);
  }
});

test('hidden cases include edge sizes', async () => {
  const { core } = await cores();
  const shapes = async (id, seed) => (await codeJob(exercise(id), core, '', { seed })).cases.map((c) => c.name);
  const soft = await shapes('softmax-stable', 3);
  assert.ok(soft.some((n) => n.includes('1×1')), soft.join('; '));
  assert.ok(soft.some((n) => n.includes('+1000')) && soft.some((n) => n.includes('−1000')));
  const sdp = await shapes('scaled-dot-product', 3);
  assert.ok(sdp.some((n) => /n_q=1, n_k=1/.test(n)) && sdp.some((n) => /d_k=1,/.test(n)), sdp.join('; '));
  const seg = await shapes('segment-sensory', 3);
  assert.ok(seg.some((n) => /T = 0,/.test(n)) && seg.some((n) => /k = 0$/.test(n)), seg.join('; '));
  const ring = await shapes('ring-buffer', 3);
  assert.ok(ring.some((n) => /^hidden \d+: N = 1,/.test(n)) && ring.some((n) => / 0 memories/.test(n)), ring.join('; '));
});

// ------------------------------------------------------------ known wrong answers

test('the summary starter (wrong tokens and the cheat sheet\'s output[:, j]) fails, naming the case and both values; fixing one bug is not enough', async () => {
  const v = await grade('summary-index-bug', exercise('summary-index-bug').starter);
  assert.equal(v.status, 'fail');
  const t = failures(v)[0];
  assert.match(t.message, /^example 1: L = 4, j = 2, d = 3: at \[\d\] expected -?[\d.]+, got -?[\d.]+/);
  assert.match(t.message, /tolerance: \|actual − expected\| ≤ 1e-5 \+ 1e-4·\|expected\|/);
  const starter = exercise('summary-index-bug').starter;
  const indexOnly = starter.replace('return out[j];', 'return out[out.length - 1];');
  const sliceOnly = starter.replace('H.slice(1, j + 1)', 'H.slice(0, j)');
  assert.notEqual(indexOnly, starter);
  assert.notEqual(sliceOnly, starter);
  assert.equal((await grade('summary-index-bug', indexOnly)).status, 'fail');
  assert.equal((await grade('summary-index-bug', sliceOnly)).status, 'fail');
  const both = indexOnly.replace('H.slice(1, j + 1)', 'H.slice(0, j)');
  assert.equal((await grade('summary-index-bug', both)).status, 'pass');
});

test('missing √d_k fails with the first differing position and the tolerance', async () => {
  const src = `function attention(Q, K, V) {
  return matmul(softmaxRows(matmul(Q, transpose(K))), V);
}`;
  const v = await grade('scaled-dot-product', src);
  assert.equal(v.status, 'fail');
  const msgs = failures(v).map((t) => t.message);
  assert.match(msgs[0], /^example 1: 2 tokens, d_k = 4: at \[0\]\[0\] expected [\d.]+, got [\d.]+; \d+ of 4 entries differ \(shape \[2, 2\] as expected; tolerance: /);
  // only d_k = 1 (√1 = 1) or a single key (weight 1 whatever the scale) cannot tell the difference
  const passed = v.tests.filter((t) => t.status === 'pass').map((t) => t.name);
  assert.ok(passed.every((n) => /d_k=1,|n_k=1,/.test(n)), passed.join('; '));
});

test('an unstable softmax fails on logits near 1000 with NaN in the message', async () => {
  const naive = `function softmax(rows) {
  return rows.map((row) => {
    const e = row.map(Math.exp);
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((x) => x / s);
  });
}`;
  const v = await grade('softmax-stable', naive);
  assert.equal(v.status, 'fail');
  const big = v.tests.find((t) => t.name === 'example 2: 1×3 logits near 1000');
  assert.equal(big.status, 'fail');
  assert.match(big.message, /at \[0\]\[0\] expected 0\.09003\d*, got NaN; 3 of 3 entries differ/);
  const minus = v.tests.find((t) => t.name.includes('near −1000'));
  assert.match(minus.message, /got NaN/);
  assert.equal(v.tests.find((t) => t.name.startsWith('example 1')).status, 'pass');
});

test('a wrong shape is reported as expected vs actual shape', async () => {
  const stacked = 'function mergeHeads(heads) {\n  return heads.flat();\n}';
  const v = await grade('merge-heads', stacked);
  assert.equal(v.status, 'fail');
  assert.equal(failures(v)[0].message, 'example 1: h = 2 heads of 2×2: expected shape [2, 4], got [4, 2] (transposed?)');
  const rowsSplit = `function splitHeads(X, h) {
  const per = X.length / h;
  return Array.from({ length: h }, (_, i) => X.slice(i * per, (i + 1) * per));
}`;
  const w = await grade('split-heads', rowsSplit);
  assert.match(failures(w)[0].message, /^example 1: n = 2, d_model = 4, h = 2: expected shape \[2, 2, 2\], got \[2, 1, 4\]$/);
});

test('other typical mistakes fail: diagonal masked, √d instead of √d_h, slice(-k), wrapped ring, tanh on the gate', async () => {
  const diag = 'function causalMask(s) {\n  return s.map((r, i) => r.map((x, j) => (j >= i ? -Infinity : x)));\n}';
  assert.match(failures(await grade('causal-mask', diag))[0].message, /at \[0\]\[0\] expected 1, got -Infinity/);
  const zero = 'function causalMask(s) {\n  return s.map((r, i) => r.map((x, j) => (j > i ? 0 : x)));\n}';
  assert.match(failures(await grade('causal-mask', zero))[0].message, /at \[0\]\[1\] expected -Infinity, got 0/);

  const sqrtD = exercise('retrieval-pn').solution.replace('const dh = Wq[0].length;', 'const dh = M[0].length;');
  assert.equal((await grade('retrieval-pn', sqrtD)).status, 'fail');

  const sqrtDmodel = exercise('multi-head-4').solution.replace('1 / Math.sqrt(dh)', '1 / Math.sqrt(X[0].length)');
  assert.equal((await grade('multi-head-4', sqrtDmodel)).status, 'fail');

  const sliceK = exercise('segment-sensory').solution.replace('tokens.slice(start - k, start)', 'tokens.slice(0, start).slice(-k)');
  const seg = await grade('segment-sensory', sliceK);
  assert.equal(seg.status, 'fail');
  assert.ok(failures(seg).some((t) => /k = 0/.test(t.name)), 'the k = 0 case should catch slice(-k)');

  const notWrapped = 'function readRing(slots, next, size) {\n  return slots.filter((s) => s !== null);\n}';
  const ring = await grade('ring-buffer', notWrapped);
  assert.equal(ring.tests.find((t) => t.name.startsWith('example 1')).status, 'pass');
  assert.equal(ring.tests.find((t) => t.name.startsWith('example 2')).status, 'fail');

  const tanhGate = exercise('lm2-update').solution.replace('map(Emem, Math.tanh)', 'Emem');
  assert.equal((await grade('lm2-update', tanhGate)).status, 'fail');
});

test('a runtime error in learner code reports the editor line', async () => {
  const src = 'function attention(Q, K, V) {\n  const s = matmul(Q, K);\n  return s;\n}';
  const v = await grade('scaled-dot-product', src, { hidden: false });
  assert.equal(v.status, 'fail');
  assert.match(v.tests[0].message, /^example 1: 2 tokens, d_k = 4: line 2: Error: matmul: A is \[2, 4\] and B is \[2, 4\]; A's columns \(4\) must equal B's rows \(2\)$/);
});

// ------------------------------------------------------------ references vs the core

test('split/merge references match the core\'s head layout (attentionHeads); atol 1e-5', async () => {
  const { sync } = await cores();
  const r = shapeRng(3);
  for (let trial = 0; trial < 12; trial++) {
    const h = r.pick([1, 2, 4, 8]), dh = r.int(1, 6), n = r.int(1, 9);
    const [Q, K, V] = [0, 1, 2].map((k) => rows(sync.randn(trial * 3 + k + 1, n, h * dh)));
    const [qs, ks, vs] = [Q, K, V].map((M) => splitHeadsRef(M, h));
    assert.equal(qs.length, h);
    const outs = qs.map((q, i) => rows(sync.attention(tensor(q), tensor(ks[i]), tensor(vs[i])).out));
    const mine = mergeHeadsRef(outs);
    const core = rows(sync.attentionHeads(tensor(Q), tensor(K), tensor(V), h));
    assert.ok(maxAbsDiff(mine, core) <= 1e-5, `h=${h} d_h=${dh} n=${n}: ${maxAbsDiff(mine, core)}`);
    assert.deepEqual(mergeHeadsRef(splitHeadsRef(Q, h)), Q);
  }
});

test('the backbone helper equals the core\'s causal attention on X + positions, and depends on the order of its rows; matmul and softmaxRows helpers equal the core (atol 1e-5)', async () => {
  const { sync } = await cores();
  for (const [n, d] of [[1, 1], [3, 4], [9, 7]]) {
    const X = rows(sync.randn(n * 10 + d, n, d));
    // positions written out here, independently of the helper: P[i][c] = sin((i + 1) / (c + 1))
    const Xp = X.map((row, i) => row.map((x, c) => x + Math.sin((i + 1) / (c + 1))));
    const core = rows(sync.attention(tensor(Xp), tensor(Xp), tensor(Xp), { causal: true }).out);
    assert.ok(maxAbsDiff(HELPERS.backbone(X), core) <= 1e-5, `n=${n} d=${d}: ${maxAbsDiff(HELPERS.backbone(X), core)}`);
    if (n > 1) {
      const last = (M) => M[M.length - 1];
      const reversed = last(HELPERS.backbone([...X].reverse()));
      assert.ok(maxAbsDiff([last(HELPERS.backbone(X))], [reversed]) > 1e-3, 'the same rows in reverse order gave the same last output');
    }
    const Y = rows(sync.randn(n + 50, d, n + 1));
    assert.ok(maxAbsDiff(HELPERS.matmul(X, Y), rows(sync.matmul(tensor(X), tensor(Y)))) <= 1e-5);
    const S = rows(sync.randn(n + 70, n, d, 30));
    assert.ok(maxAbsDiff(HELPERS.softmaxRows(S), rows(sync.softmaxRows(tensor(S)))) <= 1e-6);
  }
});

test('segment, ring-buffer and LM2 references agree with direct transcriptions (exact / 1e-12)', async () => {
  const r = shapeRng(8);
  for (let trial = 0; trial < 50; trial++) {
    const L = r.int(1, 9), k = r.int(0, L), T = r.int(0, 40);
    const tokens = Array.from({ length: T }, () => r.int(0, 255));
    const naive = [];
    for (let n = 0; n < Math.ceil(T / L); n++) {
      const seg = [];
      if (n > 0) for (let i = n * L - k; i < n * L; i++) seg.push(tokens[i]);
      for (let i = n * L; i < Math.min((n + 1) * L, T); i++) seg.push(tokens[i]);
      naive.push(seg);
    }
    assert.deepEqual(segmentRef(tokens, L, k), naive);
    const N = r.int(1, 6), count = r.int(0, 20);
    const mems = Array.from({ length: count }, (_, t) => [t]);
    const ring = fillRing(mems, N);
    assert.deepEqual(readRingRef(ring.slots, ring.next, ring.size), mems.slice(Math.max(0, count - N)));
  }
  const M = [[0.5, -1]], Emem = [[2, -0.3]], A = [[0.1, 3]], B = [[-2, 0.7]];
  const sig = (x) => 1 / (1 + Math.exp(-x));
  const want = [[sig(0.1) * Math.tanh(2) + sig(-2) * 0.5, sig(3) * Math.tanh(-0.3) + sig(0.7) * -1]];
  assert.ok(maxAbsDiff(lm2UpdateFrom(M, Emem, A, B), want) < 1e-12);
});

test('the LM2 grader\'s expected values match naive loops in float64 (atol 1e-5)', async () => {
  const { core } = await cores();
  const job = await codeJob(exercise('lm2-update'), core, '', { seed: 4 });
  const sig = (x) => 1 / (1 + Math.exp(-x));
  for (const c of job.cases) {
    const [M, E, Emem, Win, Wf] = c.args;
    const s = M.length, d = M[0].length;
    for (let i = 0; i < s; i++) {
      for (let j = 0; j < d; j++) {
        let a = 0, b = 0;
        for (let p = 0; p < d; p++) { a += E[i][p] * Win[p][j]; b += Emem[i][p] * Wf[p][j]; }
        const want = sig(a) * Math.tanh(Emem[i][j]) + sig(b) * M[i][j];
        assert.ok(Math.abs(c.expected[i][j] - want) <= 1e-5, `${c.name} [${i}][${j}]`);
      }
    }
  }
});

// ------------------------------------------------------------ experiments

test('saturation: the core\'s value equals a float64 recomputation from the same randn draws (atol 1e-5)', async () => {
  const { core, sync } = await cores();
  const got = await saturation(core, { seed: 42, dk: 64, keys: 8, queries: 300 });
  const K = rows(sync.randn(42, 8, 64)), Q = rows(sync.randn(43, 300, 64));
  const mean = (scale) => {
    let total = 0;
    for (const q of Q) {
      const z = K.map((k) => k.reduce((s, x, i) => s + x * q[i], 0) * scale);
      const m = Math.max(...z);
      const e = z.map((x) => Math.exp(x - m));
      total += Math.max(...e) / e.reduce((a, b) => a + b, 0);
    }
    return total / Q.length;
  };
  assert.ok(Math.abs(got.unscaled - mean(1)) < 1e-5, `${got.unscaled} vs ${mean(1)}`);
  assert.ok(Math.abs(got.scaled - mean(1 / 8)) < 1e-5, `${got.scaled} vs ${mean(1 / 8)}`);
  assert.ok(got.unscaled > 0.8 && got.scaled < 0.45, 'the unscaled softmax saturates, the scaled one does not');
});

test('saturation experiment: the values in its solution pass, other seeds\' values and swapped values fail', async () => {
  const { core } = await cores();
  const ex = exercise('saturation-experiment');
  const exact = await saturation(core, ex.params);
  const three = (x) => x.toFixed(3);
  const ok = await gradeExperimentAnswer(ex, core, { unscaled: three(exact.unscaled), scaled: three(exact.scaled) });
  assert.equal(ok.status, 'pass', JSON.stringify(ok));
  assert.match(ex.solution, new RegExp(three(exact.unscaled).replace('.', '\\.')));
  assert.match(ex.solution, new RegExp(three(exact.scaled).replace('.', '\\.')));
  const swapped = await gradeExperimentAnswer(ex, core, { unscaled: three(exact.scaled), scaled: three(exact.unscaled) });
  assert.equal(swapped.status, 'fail');
  assert.match(swapped.tests[0].message, /recomputed with seed 42, d_k = 256, 16 keys, 2000 queries \(accepted: \|actual − expected\| ≤ 0\.005\)/);
  const other = await saturation(core, { ...ex.params, seed: 1 });
  const viaWidget = await gradeExperimentAnswer(ex, core, { unscaled: three(other.unscaled), scaled: three(other.scaled) },
    { options: { seed: 1 }, result: { seed: 1, samples: 2000, keys: 16 } });
  assert.equal(viaWidget.status, 'pass', 'the widget\'s seed is used for the recomputation');
  const blank = await gradeExperimentAnswer(ex, core, { unscaled: '', scaled: '0.35' });
  assert.equal(blank.status, 'error');
  // the numbers the pane shows before the learner changes anything (8 keys, read out at d_k = 64) do not pass
  const shown = await saturation(core, { seed: 42, dk: 64, keys: 8, queries: 2000 });
  const copied = await gradeExperimentAnswer(ex, core, { unscaled: three(shown.unscaled), scaled: three(shown.scaled) },
    { options: { seed: 42, dk: 64, keys: 8, samples: 2000 }, result: { seed: 42, samples: 2000, keys: 8 } });
  assert.equal(copied.status, 'fail');
  assert.match(copied.tests[0].message, /the widget is set to 8 keys; set it to 16/);
});

test('retrieval: the core\'s hmtRetrieve (the grader\'s expected values) equals matmul + attention with 1/√d_h (atol 1e-5)', async () => {
  const { sync } = await cores();
  const r = shapeRng(21);
  for (let trial = 0; trial < 10; trial++) {
    const N = r.int(1, 12), d = r.int(2, 10), dh = r.int(1, 6);
    const S = sync.randn(trial * 4 + 1, 1, d), M = sync.randn(trial * 4 + 2, N, d);
    const Wq = sync.randn(trial * 4 + 3, d, dh), Wk = sync.randn(trial * 4 + 4, d, dh);
    const viaAttention = sync.attention(sync.matmul(S, Wq), sync.matmul(M, Wk), M).out;
    const got = sync.hmtRetrieve(S, M, Wq, Wk).retrieved;
    assert.ok(maxAbsDiff(rows(got), rows(viaAttention)) <= 1e-5, `N=${N} d=${d} d_h=${dh}`);
  }
});

test('cache-size experiment: the grader repeats the learner\'s memory-sweep with the widget\'s settings; the solution\'s values pass; N = 8 is chance and N = 64 equals N = 16', async () => {
  const { core, sync } = await cores();
  const { default: trainedSweep } = await import('../../web/compute/jobs/trained-sweep.js');
  const ex = exercise('cache-size-experiment');
  // the learner's sweep, as the widget runs it (all seven cache sizes), on the synchronous core
  const mine = await trainedSweep(sync, { axis: 'N', values: [1, 2, 4, 8, 16, 32, 64], D: 8, docs: 40, seed: 5000 }, { progress() {} });
  const at = (N) => { const p = mine.points.find((q) => q.x === N); return p.correct / p.chars; };
  assert.ok(at(8) < 0.25, `N = 8 has dropped the fact: ${at(8)}`);
  assert.ok(at(16) > 0.9, `N = 16 keeps it: ${at(16)}`);
  assert.equal(at(64), at(16), 'a larger cache changes nothing here');
  for (const N of [8, 16, 64]) assert.match(ex.solution, new RegExp(`<strong>${at(N).toFixed(3).replace('.', '\\.')}</strong> at N = ${N}`));
  const answer = { acc8: at(8).toFixed(3), acc16: at(16).toFixed(3), acc64: at(64).toFixed(3) };
  const ok = await gradeExperimentAnswer(ex, core, answer, { options: { axis: 'N', docs: 40, seed: 5000 }, result: null });
  assert.equal(ok.status, 'pass', JSON.stringify(ok));
  // another learner's own settings: the grader re-measures with them, so the defaults' numbers fail
  const other = await trainedSweep(sync, { axis: 'N', values: [8, 16, 64], D: 8, docs: 5, seed: 123 }, { progress() {} });
  const theirs = Object.fromEntries(other.points.map((p) => [`acc${p.x}`, (p.correct / p.chars).toFixed(3)]));
  const graded = await gradeExperimentAnswer(ex, core, theirs, { options: { axis: 'N', docs: 5, seed: 123 }, result: null });
  assert.equal(graded.status, 'pass', JSON.stringify(graded));
  assert.ok(Object.entries(theirs).some(([k, v]) => v !== answer[k]), 'the two settings measure different numbers');
  const wrong = await gradeExperimentAnswer(ex, core, answer, { options: { axis: 'D', docs: 5, seed: 123 }, result: null });
  assert.equal(wrong.status, 'fail');
  assert.match(wrong.tests.find((t) => t.status === 'fail').message, /re-measured by the grader on your settings: 5 documents per point from seed 123, D = 8 \(the widget is set to sweep D: switch it to N\)/);
});

// ------------------------------------------------------------ the training lab's exam

test('passkey exam: the bootstrap interval is deterministic for a seed, holds the point and narrows with documents', async () => {
  const { bootstrapInterval, examSeed, EXAM } = await import('../../web/compute/passkey-exam.js');
  const correct = Array.from({ length: 200 }, (_, i) => (i % 5 === 0 ? 2 : 5)), chars = correct.map(() => 5);
  const [lo, hi] = bootstrapInterval(correct, chars, { seed: 7 });
  assert.deepEqual(bootstrapInterval(correct, chars, { seed: 7 }), [lo, hi]);
  const point = correct.reduce((a, b) => a + b) / chars.reduce((a, b) => a + b);
  assert.ok(lo < point && point < hi && hi - lo < 0.08, `[${lo}, ${hi}] around ${point}`);
  const [lo4, hi4] = bootstrapInterval(correct.slice(0, 50), chars.slice(0, 50), { seed: 7 });
  assert.ok(hi4 - lo4 > hi - lo, 'fewer documents, a wider interval');
  for (const f of [1, 2147483646, 123456789]) {
    const s = examSeed(f);
    assert.ok(s >= 1e9 && s + EXAM.docs < 2.1e9 && Number.isInteger(s), `seed ${s}: above every seed a widget offers`);
  }
});

test('passkey exam: its verdict names the measured accuracy, its interval and the reason for a fail', async () => {
  const { examVerdict } = await import('../../web/exercises/graders/passkey-exam.js');
  const base = { D: 3, N: 4, docs: 200, seed: 1000000123, saved: { step: 640, task: 'passkey' } };
  const pass = examVerdict({ ...base, accuracy: 0.95, low: 0.93, high: 0.97 });
  assert.equal(pass.status, 'pass');
  assert.equal(pass.message, 'Correct: your model (saved at step 640) answers 0.950 of the digits right (95% interval 0.930–0.970) on 200 fresh passkey documents at D = 3, with its cache N = 4 (documents from seed 1,000,000,123 on, which no widget shows); the bar is 0.80.');
  assert.match(examVerdict({ ...base, accuracy: 0.81, low: 0.78, high: 0.84 }).message, /reaches below 0\.80: other documents could fail it/);
  const near = examVerdict({ ...base, accuracy: 0.79, low: 0.76, high: 0.82 });
  assert.equal(near.status, 'fail');
  assert.match(near.message, /^Not yet: .* answers 0\.790 .*the bar is 0\.80\. The interval reaches 0\.80: a few more training steps should pass\.$/);
  assert.match(examVerdict({ ...base, D: 4, accuracy: 0.1, low: 0.08, high: 0.12 }).message,
    /At D = 4 the fact's memory sits 5 memories back when the question comes, and this model's cache keeps N = 4: the search cannot reach it/);
  assert.match(examVerdict({ ...base, accuracy: 0.1, low: 0.08, high: 0.12 }).message, /That is chance \(0\.10\)/);
  assert.match(examVerdict({ ...base, saved: { step: null, task: null }, accuracy: 0.1, low: 0.08, high: 0.12 }).message, /your model \(a loaded weight file\)/);
});

test('passkey exam: the grader reads the stored weights in the job, refuses a fresh lab model and the shipped model where its cache is too small, accepts the shipped model at D = 2', async () => {
  installFakeIndexedDB();
  const { idbPut } = await import('../../web/lib/idb.js');
  const { YOURS_KEY } = await import('../../web/compute/trained-model.js');
  const { labConfig } = await import('../../web/compute/lab-config.js');
  const { loadTrainerNode } = await import('../../wasm/bindings/core-node.mjs');
  const { core } = await cores();
  const ex = exercise('passkey-exam');
  assert.equal(ex.lesson, 'hmt-retrieval');
  const grade = (D, seed = 1000000001) => gradeExperimentAnswer(ex, core, { D: String(D) }, null, { seed });
  const none = await grade(2);
  assert.equal(none.status, 'error');
  assert.match(none.message, /^No model of yours yet: train one in the training lab/);
  for (const bad of ['1', '17', '2.5']) assert.match((await grade(bad)).message, /^D must be a whole number from 2 to 16/);
  assert.equal((await grade('')).status, 'error');
  // the shipped model, loaded as the learner's ("Load weights…"): trained with N = 12
  const shipped = new Uint8Array(readFileSync(new URL('../../web/models/hmt-memory.lmlw', import.meta.url)));
  await idbPut(YOURS_KEY, { bytes: shipped, step: null, task: null, savedAt: 1 });
  const ok = await grade(2);
  assert.equal(ok.status, 'pass', ok.message);
  assert.match(ok.message, /^Correct: your model \(a loaded weight file\) answers 0\.9\d\d of the digits right .* at D = 2, with its cache N = 12/);
  const far = await grade(12);
  assert.equal(far.status, 'fail', far.message);
  assert.match(far.message, /sits 13 memories back .* cache keeps N = 12/);
  // the lab's model after 3 steps from the filler backbone: its memory does not work yet
  const t = await loadTrainerNode('simd');
  const settings = { task: 'passkey', level: 0, cache: 4, probe: 'on', lr: 0.003, batch: 4, steps: 50, seed: 1, curriculum: 'off' };
  t.create(labConfig(settings), { start: 'weights', weights: new Uint8Array(readFileSync(new URL('../../web/models/backbone-lm.lmlw', import.meta.url))), resetMemory: true });
  for (let s = 0; s < 3; s++) t.step();
  await idbPut(YOURS_KEY, { bytes: t.weights(), step: 3, task: 'passkey', savedAt: 2 });
  const fresh = await grade(2);
  assert.equal(fresh.status, 'fail', fresh.message);
  assert.match(fresh.message, /^Not yet: your model \(saved at step 3\) answers 0\.[01]\d\d .* That is chance/);
});
