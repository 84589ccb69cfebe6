// `npm run bench -- --quick`: every benchmark path (ours, scalar, naive, peers)
// runs once in node and in Chromium and every output matches its reference.
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
    const long = records.find((x) => x.runtime === runtime && x.shape === 'n=16384 d=64' && x.impl === 'ours-simd-tiled');
    assert.ok(long && long.ms_median > 0, `the n = 16384 tiled path did not run in ${runtime}`);
  }
});
