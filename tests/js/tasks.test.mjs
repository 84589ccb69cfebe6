// The task generators through the built wasm modules (node): the browser's
// documents are byte for byte the native trainer's and evaluator's (compared
// with `lml_eval --print-doc` from the native build), in both wasm builds;
// bad options are refused with a message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { core } from './core-helpers.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const nativeEval = path.join(repo, 'build/native/lml_eval');

function nativeDoc(task, D, K, seed, split) {
  const r = spawnSync(nativeEval, ['--print-doc', task, String(D), String(K), String(seed), split], { encoding: 'latin1' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

const cases = [
  ['passkey', 8, 8, 1, 'eval'],
  ['passkey', 0, 8, 123456789, 'train'],
  ['kv', 0, 8, 42, 'eval'],
  ['kv', 0, 3, 7, 'train'],
  ['copy', 3, 8, 9, 'eval'],
];

for (const variant of ['simd', 'scalar']) {
  test(`${variant}: makeTaskDocument gives the native generator's documents`, async () => {
    const c = await core(variant);
    for (const [task, D, K, seed, split] of cases) {
      const js = c.makeTaskDocument({ task, D, K, seed, split });
      const nat = nativeDoc(task, D, K, seed, split);
      assert.equal(Buffer.from(js.bytes).toString('latin1'), nat.bytes, `${task} D=${D} K=${K} seed=${seed} ${split}`);
      assert.equal(js.answerPos, nat.answerPos);
      assert.equal(js.factSegment, nat.factSegment);
      assert.equal(js.questionSegment, nat.questionSegment);
      assert.equal(js.answer, nat.answer);
      assert.equal(js.bytes.length, js.segments * 64);
      assert.equal(Buffer.from(js.bytes.slice(js.answerPos, js.answerPos + js.answer.length)).toString(), js.answer);
      assert.ok(js.facts.length === (task === 'kv' ? K : 1));
    }
  });
}

test('makeTaskDocument refuses unknown tasks, options and splits with a message', async () => {
  const c = await core('simd');
  assert.throws(() => c.makeTaskDocument({ task: 'passkee' }), /task must be "passkey", "kv" or "copy"/);
  assert.throws(() => c.makeTaskDocument({ dist: 3 }), /unknown option 'dist'/);
  assert.throws(() => c.makeTaskDocument({ split: 'test' }), /'train' or 'eval'/);
  assert.throws(() => c.makeTaskDocument({ segmentLength: 20 }), /segment length L must be in \[24, 4096\]/);
  assert.equal(c.makeTaskDocument({ seed: 3 }).answer.length, 5, 'the module stays usable');
});
