// What the comparison models pay (lesson 11's model-cost pane):
//   - model.answer's heldBytes, in node, for the zoo's HMT, recurrent and full-attention
//     models at every distance the benchmark uses, against the state written out here
//     from each weight file's sizes (exact: integers) — flat for HMT once its cache is
//     full, proportional to the bytes read for full attention;
//   - the benchmark suite (bench/suites/zoo-cost.mjs) run once in its quick form: its
//     records say what the core said (bytes, tokens, the refusal that ends full
//     attention's curve, the full/HMT ratios of its own timings);
//   - compute/model-cost.js on those records and on hand-made ones: the curves, the
//     runtime fallback, a later record replacing an earlier one, nothing drawn past a
//     refusal, and no records at all (the widget then says how to make them).
// No timing is asserted: the times are whatever this machine measured (> 0).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { core } from './core-helpers.mjs';
import { zooCostSuite, DISTANCES, ZOO_COST_MODELS } from '../../bench/suites/zoo-cost.mjs';
import { costCurves, costRecords, costAxis, formatBytes } from '../../web/compute/model-cost.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const weights = (name) => new Uint8Array(fs.readFileSync(path.join(repo, 'web', 'models', 'zoo', `${name}.lmlw`)));

let c;
const models = {};
before(async () => {
  c = await core('simd');
  for (const name of ZOO_COST_MODELS) models[name] = c.createHmtModel({ weights: weights(name) });
});
after(() => {
  for (const m of Object.values(models)) m.delete();
});

// The state, from the sizes: memories [n, d] and keys [n, d_r] in float32 (n = min(segments, N))
// plus k sensory bytes; for full attention K and V [T, d] float32 in every layer.
const expected = (m, doc) => (m.geometry.kind === 'full'
  ? 2 * m.config.layers * doc.bytes.length * m.config.dModel * 4
  : Math.min(doc.segments, m.geometry.cacheSize) * (m.config.dModel + m.config.dRetrieval) * 4 + m.geometry.sensoryLength);

const answer = (m, D) => {
  const g = m.geometry;
  return m.answer({
    task: 'passkey', D, leadMax: 0, seed: 1, split: 'eval',
    segmentLength: g.segmentLength, summaryLength: g.summaryLength, sensoryLength: g.sensoryLength,
    ...(g.kind === 'full' ? { condition: 'full' } : { cacheSize: g.cacheSize }),
  });
};

test('heldBytes: HMT and the recurrent model hold their cache and the sensory bytes (flat once full); full attention its KV cache (linear)', () => {
  for (const name of ['hmt-s1', 'recurrent-s1']) {
    const m = models[name];
    const N = m.geometry.cacheSize;
    const per = (m.config.dModel + m.config.dRetrieval) * 4;
    let prev = null;
    for (const D of DISTANCES) {
      const a = answer(m, D);
      assert.equal(a.doc.segments, D + 2, 'no lead: the fact is in the first segment');
      assert.equal(a.heldBytes, expected(m, a.doc), `${name}, D = ${D}`);
      if (prev) assert.equal(a.heldBytes - prev.held, prev.segments >= N ? 0 : (Math.min(a.doc.segments, N) - prev.segments) * per, `${name}: growth to D = ${D}`);
      prev = { held: a.heldBytes, segments: a.doc.segments };
    }
    assert.equal(prev.held, N * per + m.geometry.sensoryLength, `${name}: a full cache at the longest document`);
  }
  const full = models['full-s1'];
  const perByte = 2 * full.config.layers * full.config.dModel * 4;
  let read = 0;
  for (const D of DISTANCES) {
    const doc = c.makeTaskDocument({ task: 'passkey', D, leadMax: 0, seed: 1, split: 'eval', segmentLength: full.geometry.segmentLength, summaryLength: full.geometry.summaryLength, sensoryLength: full.geometry.sensoryLength });
    if (doc.bytes.length > full.config.maxPositions) {
      assert.throws(() => answer(full, D), /positions/, `full-s1 refuses D = ${D}`);
      continue;
    }
    const a = answer(full, D);
    assert.equal(a.heldBytes, expected(full, a.doc));
    assert.equal(a.heldBytes, perByte * a.doc.bytes.length, 'proportional to the bytes read');
    read++;
  }
  assert.ok(read >= 4 && read < DISTANCES.length, `full-s1 reads some of the distances and refuses the longest (read ${read})`);
});

test('zoo-cost --quick: one record per model and distance, bytes as the core gave them, full attention refused at the longest, its ratio to HMT', async () => {
  const records = await zooCostSuite({ core: c, runtime: 'node', quick: true });
  const Ds = [DISTANCES[0], DISTANCES.at(-1)];
  for (const name of ZOO_COST_MODELS) {
    for (const D of Ds) {
      const r = records.find((x) => x.model === name && x.D === D);
      assert.ok(r, `${name} at D = ${D}`);
      assert.equal(r.suite, 'zoo-cost');
      assert.equal(r.runtime, 'node');
      const doc = c.makeTaskDocument({ task: 'passkey', D, leadMax: 0, seed: 1, split: 'eval', segmentLength: models[name].geometry.segmentLength, summaryLength: models[name].geometry.summaryLength, sensoryLength: models[name].geometry.sensoryLength });
      assert.equal(r.tokens, doc.bytes.length);
      if (r.status === 'refused') {
        assert.equal(name, 'full-s1', 'only full attention refuses');
        assert.equal(r.ms_median, null);
        assert.match(r.error, /positions/);
        assert.ok(r.tokens > models[name].config.maxPositions);
        continue;
      }
      assert.equal(r.status, undefined, `${name} D = ${D}: ${r.error}`);
      assert.ok(r.ms_median > 0);
      assert.equal(r.held_bytes, expected(models[name], doc));
      assert.equal(r.held_formula, r.held_bytes);
    }
  }
  const refused = records.filter((r) => r.status === 'refused');
  assert.deepEqual(refused.map((r) => [r.model, r.D]), [['full-s1', DISTANCES.at(-1)]]);
  const hmt0 = records.find((r) => r.model === 'hmt-s1' && r.D === 0), full0 = records.find((r) => r.model === 'full-s1' && r.D === 0);
  assert.equal(full0.full_over_hmt.ms, full0.ms_median / hmt0.ms_median);
  assert.equal(full0.full_over_hmt.held_bytes, full0.held_bytes / hmt0.held_bytes);
  assert.equal(hmt0.ratio_vs['full-s1'], full0.ms_median / hmt0.ms_median);
  assert.equal(records.find((r) => r.model === 'hmt-s1' && r.D === DISTANCES.at(-1)).full_over_hmt, undefined, 'no ratio where full attention refused');

  // the widget's aggregation of the same records
  const curves = costCurves(records, 'node');
  assert.equal(curves.runtime, 'node');
  assert.deepEqual(curves.models.map((m) => m.id), ['hmt-s1', 'recurrent-s1', 'full-s1'], 'in the comparison pane\'s family order');
  assert.deepEqual(curves.levels, Ds);
  for (const m of curves.models) {
    const mine = records.filter((r) => r.model === m.id && r.status !== 'refused');
    assert.deepEqual(m.points.map((p) => [p.D, p.tokens, p.ms, p.held]), mine.map((r) => [r.D, r.tokens, r.ms_median, r.held_bytes]));
  }
  const full = curves.models.find((m) => m.id === 'full-s1');
  assert.equal(full.kind, 'full');
  assert.equal(full.N, null);
  assert.deepEqual({ D: full.end.D, tokens: full.end.tokens }, { D: DISTANCES.at(-1), tokens: refused[0].tokens });
  assert.match(full.end.reason, /positions/);
  assert.deepEqual(curves.ratios, [{ D: 0, ms: full0.full_over_hmt.ms, held: full0.full_over_hmt.held_bytes }]);
  assert.equal(curves.models.find((m) => m.id === 'hmt-s1').N, models['hmt-s1'].geometry.cacheSize);
  // asked for Chromium, which this run did not measure: node's are drawn, and said to be
  assert.equal(costCurves(records, 'chromium').runtime, 'node');
});

test('costCurves: no zoo-cost records → nothing to draw; other suites are ignored; the later record wins; nothing past a refusal', () => {
  assert.deepEqual(costCurves([], 'chromium'), { runtime: null, runtimes: [], levels: [], models: [], ratios: [] });
  assert.equal(costCurves(undefined).runtime, null);
  const other = [{ suite: 'hmt', impl: 'hmt-stream', runtime: 'chromium', ms_median: 3 }];
  assert.equal(costCurves(other).runtime, null);
  assert.deepEqual(costRecords(other), []);
  const rec = (model, D, ms, held, extra = {}) => ({ suite: 'zoo-cost', model, impl: model, kind: model.startsWith('full') ? 'full' : 'hmt', N: model.startsWith('full') ? null : 4, runtime: 'chromium', D, tokens: (D + 2) * 10, segments: D + 2, ms_median: ms, held_bytes: held, ...extra });
  const records = [
    ...other,
    rec('full-s1', 0, 2, 800), rec('hmt-s1', 0, 1, 100), rec('hmt-s1', 1, 1.5, 150),
    rec('full-s1', 1, 3, 1200), rec('full-s1', 2, null, null, { status: 'refused', error: 'no positions' }),
    rec('full-s1', 3, 9, 9999),  // after the refusal: not part of the curve
    rec('hmt-s1', 0, 1.25, 100), // measured again: replaces the first
    rec('hmt-s1', 2, 2, 150), { ...rec('hmt-s1', 0, 7, 100), runtime: 'node' },
  ];
  const curves = costCurves(records, 'chromium');
  assert.deepEqual(curves.runtimes, ['chromium', 'node']);
  const hmt = curves.models.find((m) => m.id === 'hmt-s1'), full = curves.models.find((m) => m.id === 'full-s1');
  assert.deepEqual(hmt.points.map((p) => [p.D, p.ms, p.held]), [[0, 1.25, 100], [1, 1.5, 150], [2, 2, 150]]);
  assert.deepEqual(full.points.map((p) => p.D), [0, 1]);
  assert.deepEqual(full.end, { D: 2, tokens: 40, reason: 'no positions' });
  assert.deepEqual(curves.ratios, [{ D: 0, ms: 2 / 1.25, held: 8 }, { D: 1, ms: 2, held: 8 }]);
  assert.deepEqual(curves.levels, [0, 1, 2]);
  assert.equal(costCurves(records, 'node').models.length, 1);
});

test('formatBytes: bytes below 1,024, then KB and MB of 1,024, three significant digits', () => {
  assert.equal(formatBytes(520), '520 bytes');
  assert.equal(formatBytes(6152), '6.01 KB');
  assert.equal(formatBytes(2 * 2 * 1152 * 64 * 4), '1.13 MB');
  assert.equal(formatBytes(null), '—');
});

test('costAxis: the domain holds every value and tick; linear from 0 in steps of 1, 2, 2.5 or 5 of a unit; log at powers of ten', () => {
  const cases = [['held', 520, 1179648], ['held', 520, 6152], ['held', 100, 900], ['ms', 1.08, 48.7], ['ms', 0.31, 9.2], ['ms', 12, 4000]];
  for (const [q, lo, hi] of cases) {
    for (const log of [false, true]) {
      const a = costAxis(q, lo, hi, log);
      const what = `${q} [${lo}, ${hi}] ${log ? 'log' : 'linear'}`;
      assert.ok(a.domain[0] <= lo && a.domain[1] >= hi, `${what}: domain ${a.domain}`);
      assert.ok(a.ticks.length >= 2, `${what}: ticks ${a.ticks}`);
      for (let i = 0; i < a.ticks.length; i++) {
        assert.ok(a.ticks[i] >= a.domain[0] && a.ticks[i] <= a.domain[1], `${what}: tick ${a.ticks[i]} inside`);
        if (i) assert.ok(a.ticks[i] > a.ticks[i - 1]);
      }
      if (!log) {
        assert.equal(a.ticks[0], 0);
        const step = a.ticks[1];
        assert.ok(a.ticks.every((t, i) => Math.abs(t - i * step) < 1e-9 * step), `${what}: even steps`);
        assert.ok(a.ticks.at(-2) < hi && a.ticks.at(-1) >= hi, `${what}: the last tick is the first at or above the largest value`);
      } else {
        for (let i = 1; i < a.ticks.length; i++) {
          const r = a.ticks[i] / a.ticks[i - 1];
          assert.ok(Math.abs(r - 10) < 1e-9 || Math.abs(r - 1024 / 100) < 1e-9, `${what}: decades (× 10, or 100 → 1,024 at a new unit)`);
        }
      }
    }
  }
  const bytes = costAxis('held', 520, 1179648, false);
  assert.deepEqual(bytes.ticks.map(bytes.format), ['0', '0.5 MB', '1 MB', '1.5 MB']);
  const logBytes = costAxis('held', 520, 1179648, true);
  assert.deepEqual(logBytes.ticks.map(logBytes.format), ['100 B', '1 KB', '10 KB', '100 KB', '1 MB']);
  const ms = costAxis('ms', 1.08, 48.7, false);
  assert.deepEqual(ms.ticks.map(ms.format), ['0', '20 ms', '40 ms', '60 ms']);
});
