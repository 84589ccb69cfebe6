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
