// `npm run bench -- --quick`: every benchmark path (ours, scalar, naive, peers)
// runs once in node and in Chromium and every output matches its reference;
// the HMT streaming suite, the peers (onnxruntime-web, tfjs-wasm), the lab's
// trainer on two workers and the comparison models' cost (zoo-cost) run too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

test('the quick benchmark runs every path in node and Chromium with outputs within tolerance', () => {
  const r = spawnSync(process.execPath, ['bench/run.mjs', '--quick'], { encoding: 'utf8', timeout: 600_000 });
  assert.equal(r.status, 0, `bench --quick failed:\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`);
  assert.match(r.stdout, /MET\s+every output within/);
  const records = JSON.parse(readFileSync('bench/results/quick.json', 'utf8'));
  for (const runtime of ['node', 'chromium']) {
    for (const impl of ['ours-simd-tiled', 'ours-simd', 'ours-scalar-tiled', 'naive-scalar']) {
      assert.ok(records.some((x) => x.runtime === runtime && x.impl === impl), `no ${impl} record for ${runtime}`);
    }
    for (const impl of ['hmt-stream', 'full-attention']) {
      assert.ok(records.some((x) => x.runtime === runtime && x.suite === 'hmt' && x.impl === impl && x.tokens_per_s > 0), `no ${impl} record for ${runtime}`);
    }
    for (const impl of ['onnxruntime-web graph', 'tfjs-wasm idiomatic', 'tfjs-wasm best']) {
      const ran = records.filter((x) => x.runtime === runtime && x.impl === impl && x.status === 'ok');
      assert.ok(ran.length >= 3, `${impl} ran on ${ran.length} shapes in ${runtime}`);
      for (const x of ran) assert.ok(x.max_abs_err <= 1e-3, `${impl} ${x.shape} ${runtime}: max_abs_err ${x.max_abs_err}`);
    }
    for (const impl of ['trainer-relaxed-2-workers', 'trainer-simd-2-workers']) {
      // the training lab's step on two workers ran and gave the one-worker step's bits (else status 'mismatch')
      assert.ok(records.some((x) => x.runtime === runtime && x.suite === 'train-browser' && x.impl === impl && x.tokens_per_s > 0 && !x.status),
        `no ${impl} record for ${runtime}`);
    }
    // the comparison models' cost: each read a document (bytes held as its sizes say, else status
    // 'mismatch' and the run fails above), and full attention's refusal ends its curve
    for (const model of ['hmt-s1', 'recurrent-s1', 'full-s1']) {
      assert.ok(records.some((x) => x.runtime === runtime && x.suite === 'zoo-cost' && x.model === model && x.ms_median > 0 && x.held_bytes === x.held_formula),
        `no zoo-cost record of ${model} for ${runtime}`);
    }
    assert.ok(records.some((x) => x.runtime === runtime && x.suite === 'zoo-cost' && x.model === 'full-s1' && x.status === 'refused' && /positions/.test(x.error)),
      `full-s1's refusal is not recorded for ${runtime}`);
    const long = records.find((x) => x.runtime === runtime && x.shape === 'n=16384 d=64' && x.impl === 'ours-simd-tiled');
    assert.ok(long && long.ms_median > 0, `the n = 16384 tiled path did not run in ${runtime}`);
  }
});
