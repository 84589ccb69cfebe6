// Free-running generation (model.generate, core/hmt/generate.hpp) through the
// built wasm modules in node: every build writes the same text as the native
// core for fixed seeds — greedy and sampled, memory on and ablated — so a seed
// names the same text in node, the browser and natively; greedy generation
// follows the teacher-forced answer (model.answer) until its first wrong byte;
// the reported probabilities are distributions; bad options throw and leave
// the module usable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { core } from './core-helpers.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const weights = path.join(repo, 'web/models/hmt-memory.lmlw');
const GEOMETRY = { segmentLength: 64, summaryLength: 32, sensoryLength: 8 };
const DOCS = 6, SEED = 1, D = 8, N = 16, MAX = 24;

// [condition, temperature, topK, sampleSeed]
const SETTINGS = [
  ['memory', 0, 0, 1],
  ['ablated', 0, 0, 1],
  ['memory', 1.5, 0, 7],
  ['ablated', 1.5, 5, 3],
  ['ablated', 0.8, 0, 11],
];

function nativeGeneration(condition, T, topK, sampleSeed) {
  const r = spawnSync(path.join(repo, 'build/native/lml_eval'),
    ['--print-generation', weights, 'passkey', String(D), '8', String(N), condition, String(SEED), String(DOCS),
      String(T), String(topK), String(sampleSeed), String(MAX)], { encoding: 'latin1' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

async function trained(variant) {
  const c = await core(variant);
  return c.createHmtModel({ weights: new Uint8Array(readFileSync(weights)) });
}

const generate = (model, i, [condition, temperature, topK, sampleSeed]) => model.generate({
  task: 'passkey', D, seed: SEED + i, split: 'eval', cacheSize: N, condition, temperature, topK, sampleSeed, maxBytes: MAX, ...GEOMETRY,
});

for (const variant of ['relaxed', 'simd', 'scalar']) {
  test(`${variant}: generation writes the native core's text for fixed seeds, greedy and sampled`, async () => {
    const model = await trained(variant);
    try {
      let sampledChars = 0;
      for (const setting of SETTINGS) {
        const native = nativeGeneration(...setting);
        assert.equal(native.length, DOCS);
        for (let i = 0; i < DOCS; i++) {
          const g = generate(model, i, setting);
          assert.equal(g.text, native[i], `${setting.join(' ')}: document ${SEED + i}`);
          assert.deepEqual([...g.textBytes], [...g.text].map((ch) => ch.charCodeAt(0)));
          if (setting[1] > 0) sampledChars += g.text.length;
        }
      }
      assert.ok(sampledChars >= 3 * DOCS * 4, `the sampled texts are not all cut short (${sampledChars} bytes)`);
    } finally {
      model.delete();
    }
  });
}

test('simd: greedy generation follows the teacher-forced answer until its first wrong byte', async () => {
  const model = await trained('simd');
  try {
    let full = 0, wrong = 0;
    for (const condition of ['memory', 'ablated']) {
      for (let i = 0; i < 10; i++) {
        const opts = { task: 'passkey', D, seed: 100 + i, split: 'eval', cacheSize: N, condition, ...GEOMETRY };
        const a = model.answer(opts);
        const g = model.generate({ ...opts, maxBytes: MAX });
        const n = a.doc.answer.length;
        let agree = 0;
        while (agree < n && a.predicted[agree] === a.doc.answer[agree]) agree++;
        const same = Math.min(agree + 1, n);
        assert.equal(g.text.slice(0, same), a.predicted.slice(0, same), `${condition} document ${100 + i}`);
        for (let k = 0; k < same; k++) assert.ok(Math.abs(g.bytes[k].pModel - a.pPredicted[k]) <= 1e-5, `p of byte ${k}`);
        assert.equal(g.correct, a.correct === n);
        if (a.correct === n) {
          full++;
          assert.equal(g.text.slice(0, n), a.doc.answer);
        } else {
          wrong++;
          assert.equal(g.firstWrong, agree);
        }
        assert.equal(g.promptBytes, a.doc.answerPos);
        assert.equal(g.bytes[0].position, a.doc.answerPos);
      }
    }
    assert.ok(full >= 5 && wrong >= 5, `right answers ${full}, wrong ones ${wrong}: both kinds compared`);
  } finally {
    model.delete();
  }
});

test('simd: each byte reports its probabilities; top-k and temperature shape the distribution drawn from', async () => {
  const model = await trained('simd');
  try {
    const base = { task: 'passkey', D: 1, seed: 3, split: 'eval', cacheSize: N, condition: 'ablated', maxBytes: 1, ...GEOMETRY };
    const greedy = model.generate(base).bytes[0];
    const sum = (xs) => xs.reduce((s, x) => s + x, 0);
    assert.equal(greedy.top[0].byte, greedy.byte);
    assert.equal(greedy.pSample, 1);
    assert.ok(greedy.top.every((t, k) => k === 0 || t.pModel <= greedy.top[k - 1].pModel), 'most likely first');
    const k3 = model.generate({ ...base, temperature: 1, topK: 3 }).bytes[0];
    assert.ok(Math.abs(sum(k3.top.slice(0, 3).map((t) => t.pSample)) - 1) < 1e-5, 'top 3 carry all the mass');
    assert.deepEqual(k3.top.slice(3).map((t) => t.pSample), [0, 0]);
    for (const t of k3.top.slice(0, 3)) {
      const want = t.pModel / sum(k3.top.slice(0, 3).map((u) => u.pModel));  // T = 1: softmax renormalised over the top 3
      assert.ok(Math.abs(t.pSample - want) < 1e-5, `byte ${t.byte}: ${t.pSample} vs ${want}`);
    }
    const hot = model.generate({ ...base, temperature: 3 }).bytes[0];
    const cold = model.generate({ ...base, temperature: 0.3 }).bytes[0];
    assert.ok(hot.top[0].pSample < greedy.top[0].pModel && greedy.top[0].pModel < cold.top[0].pSample,
      `T = 3 flattens, T = 0.3 sharpens: ${hot.top[0].pSample} < ${greedy.top[0].pModel} < ${cold.top[0].pSample}`);
    const seeded = (s) => model.generate({ ...base, maxBytes: MAX, temperature: 1.5, sampleSeed: s, stop: null }).text;
    assert.equal(seeded(4), seeded(4));
    assert.ok([5, 6, 7, 8].some((s) => seeded(s) !== seeded(4)), 'another seed writes another text');
  } finally {
    model.delete();
  }
});

test('simd: bad generation options throw with the option named, and the module stays usable', async () => {
  const model = await trained('simd');
  try {
    const base = { task: 'passkey', D: 0, seed: 1, split: 'eval', ...GEOMETRY };
    for (const [bad, word] of [[{ temperature: -1 }, 'temperature'], [{ temperature: NaN }, 'temperature'],
      [{ temperature: 1000 }, 'temperature'], [{ topK: 257 }, 'topK'], [{ topK: -1 }, 'topK'], [{ maxBytes: 0 }, 'maxBytes'],
      [{ maxBytes: 100000 }, 'maxBytes'], [{ stop: '..' }, 'stop'], [{ stop: 46 }, 'stop'], [{ temperatur: 1 }, 'temperatur']]) {
      assert.throws(() => model.generate({ ...base, ...bad }), (e) => e instanceof Error && e.message.includes(word), JSON.stringify(bad));
    }
    assert.equal(model.generate(base).bytes.length > 0, true);
  } finally {
    model.delete();
  }
});
