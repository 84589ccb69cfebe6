// The comparison pane's numbers (web/compute/model-comparison.js) against the
// committed evaluations of the zoo (bench/results/zoo/<name>.eval.json): each
// family's point is the mean, min and max over its seeds of the records at that
// level, recomputed here by a plain loop; and the files hold what the pane claims
// (every record names its model, seed and interval method; 2,000 documents).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compare, parseModel, FAMILIES, CAPACITY_D } from '../../web/compute/model-comparison.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dir = path.join(repo, 'bench', 'results', 'zoo');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.eval.json'));
const records = files.flatMap((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));

test('zoo evaluations: one file per model, each record names its model and seed, the document-level interval method, 2,000 documents', () => {
  assert.ok(files.length >= 2, `at least HMT and the recurrent model are evaluated (found ${files.join(', ')})`);
  for (const f of files) {
    const name = f.replace(/\.eval\.json$/, '');
    const rows = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
    const m = parseModel(name);
    assert.ok(m && FAMILIES.some((x) => x.id === m.family), `${name} is <family>-s<seed> of a known family`);
    for (const r of rows) {
      assert.equal(r.model, name);
      assert.equal(r.seed, m.seed);
      assert.match(r.ci_method, /bootstrap over documents/);
      assert.equal(r.docs, 2000);
      assert.ok(r.ci_low <= r.accuracy && r.accuracy <= r.ci_high, `${name} ${r.task}: the interval holds the estimate`);
      assert.ok(r.answer_ci_low <= r.answer_accuracy && r.answer_accuracy <= r.answer_ci_high);
    }
    assert.ok(fs.existsSync(path.join(repo, 'web', 'models', 'zoo', `${name}.lmlw`)), `${name}: its weights are committed`);
  }
});

test('compare(): each point is the mean and range over seeds of the records at that level (a plain loop agrees)', () => {
  // the plain loop's own reading of a record's view and level
  const levelIn = (r, task) => {
    const P = r.payload ?? 5;
    if (task === 'length') return r.task === 'passkey' && r.D === CAPACITY_D ? P : undefined;
    if (r.task !== task || (task === 'passkey' && P !== 5)) return undefined;
    return task === 'kv' ? r.K : r.D;
  };
  for (const task of ['passkey', 'kv', 'copy', 'length']) {
    for (const measure of ['digits', 'whole']) {
      const c = compare(records, task, measure);
      assert.ok(c.families.length >= 2, `${task}: at least two families`);
      for (const f of c.families) {
        for (const p of f.points) {
          const vals = [];
          for (const r of records) {
            const m = parseModel(r.model);
            if (m.family === f.id && levelIn(r, task) === p.level) vals.push(measure === 'whole' ? r.answer_accuracy : r.accuracy);
          }
          assert.equal(p.seeds, vals.length);
          let sum = 0;
          for (const v of vals) sum += v;
          assert.ok(Math.abs(p.mean - sum / vals.length) < 1e-12, `${task} ${f.id} ${p.level}`);
          assert.equal(p.min, Math.min(...vals));
          assert.equal(p.max, Math.max(...vals));
        }
      }
    }
  }
});

test('the capacity view: keys of 5, 10, 20 and 29 digits at D = 4 for every family; the passkey view keeps 5-digit keys only', () => {
  const c = compare(records, 'length', 'digits');
  assert.deepEqual(c.levels, [5, 10, 20, 29]);
  for (const id of ['hmt', 'recurrent']) {
    const f = c.families.find((x) => x.id === id);
    assert.ok(f, `${id} has capacity rows`);
    assert.deepEqual(f.points.map((p) => p.level), [5, 10, 20, 29], `${id}: every length`);
    // the 5-digit point is the passkey view's D = 4 point
    const five = compare(records, 'passkey', 'digits').families.find((x) => x.id === id).points.find((p) => p.level === CAPACITY_D);
    assert.equal(f.points[0].mean, five.mean);
  }
  for (const r of records) if (r.task === 'passkey') assert.equal(r.by_position.length, r.payload, `${r.model}: one accuracy per digit`);
  const p = compare(records, 'passkey', 'digits');
  for (const f of p.families) for (const pt of f.points) assert.ok(pt.seeds <= f.seeds.length, `${f.id} D = ${pt.level}: one record per seed (a longer key never mixes in)`);
});

test('parseModel: family and seed from the name; other names are not comparison models', () => {
  assert.deepEqual(parseModel('hmt-noprobe-s12'), { family: 'hmt-noprobe', seed: 12 });
  assert.deepEqual(parseModel('recurrent-s1'), { family: 'recurrent', seed: 1 });
  assert.equal(parseModel('hmt-memory'), null);
  // a record of another model is ignored
  const c = compare([{ model: 'hmt-memory', task: 'passkey', D: 8, accuracy: 1 }], 'passkey');
  assert.equal(c.families.length, 0);
});

test('the README\'s comparison table is the committed evaluations: mean over seeds and their min–max, per family', async () => {
  const readme = fs.readFileSync(path.join(repo, 'README.md'), 'utf8');
  const names = { hmt: 'HMT, N = 12', recurrent: 'recurrent, N = 1', 'hmt-noprobe': 'HMT without the write probe, N = 12', full: 'full attention' };
  const cols = [['passkey', 8, 5], ['passkey', 12, 5], ['kv', 2, 4], ['kv', 8, 4], ['copy', 8, 8], ['passkey', 4, 20]];
  for (const f of FAMILIES) {
    const models = [...new Set(records.map((r) => r.model))].filter((m) => parseModel(m)?.family === f.id).sort();
    const cells = cols.map(([task, level, P]) => {
      const v = models.map((m) => records.find((r) => r.model === m && r.task === task && (task === 'kv' ? r.K : r.D) === level && r.payload === P).accuracy);
      const mean = v.reduce((a, b) => a + b, 0) / v.length;
      return v.length === 1 ? v[0].toFixed(3) : `${mean.toFixed(3)} (${Math.min(...v).toFixed(3)}–${Math.max(...v).toFixed(3)})`;
    });
    const row = `| ${names[f.id]} | ${models.length} | ${cells.join(' | ')} |`;
    assert.ok(readme.includes(row), `README row: ${row}`);
  }
  // the zoo's total training time, as scripts/zoo-times.mjs sums it from the logs
  const { runsOf } = await import('../../scripts/zoo-times.mjs');
  let total = 0;
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.jsonl'))) total += runsOf(fs.readFileSync(path.join(dir, f), 'utf8')).reduce((a, r) => a + r.seconds, 0);
  const stated = `took ${(total / 3600).toFixed(2)} h (${Math.round(total).toLocaleString('en')} s) of wall clock in all`;
  assert.ok(readme.replace(/\s+/g, ' ').includes(stated), `README: ${stated}`);
  assert.ok(total < 6 * 3600, 'within the 6-hour budget');
});
