// The training-curves pane's numbers (web/compute/training-curves.js) against the
// committed logs (bench/results/zoo/<name>.jsonl): parsing keeps one record per step
// (the last, where a resumed run logged a step twice), the smoothing is the stated
// recurrence recomputed by a loop, levels map to D or K, and the first step at the
// top level agrees with the run's summary (levels reached at the end).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseLog, curve, firstStepAt, LEVELS, TASKS } from '../../web/compute/training-curves.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dir = path.join(repo, 'bench', 'results', 'zoo');
const logs = fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl'));

test('parseLog: one record per step in step order, the last of a repeated step kept', () => {
  const text = ['{"step": 20, "loss": 2, "accuracy": [0, 0, 0], "levels": [0, 0, 0], "probe": -1}',
    '{"step": 10, "loss": 3, "accuracy": [0, 0, 0], "levels": [0, 0, 0], "probe": -1}',
    '{"step": 20, "loss": 1, "accuracy": [0, 0, 0], "levels": [1, 0, 0], "probe": -1}', ''].join('\n');
  const r = parseLog(text);
  assert.deepEqual(r.map((x) => [x.step, x.loss]), [[10, 3], [20, 1]]);
  assert.deepEqual(curve(r, 'probe'), [], 'a probe of −1 (off) is not drawn');
  assert.deepEqual(curve(r, 'level', 'passkey').map((p) => p.y), [0, 1]);
});

test('the zoo\'s training curves: smoothing, levels and first steps agree with the logs and summaries', () => {
  assert.ok(logs.length >= 2, `logs: ${logs.join(', ')}`);
  for (const f of logs) {
    const name = f.replace(/\.jsonl$/, '');
    const records = parseLog(fs.readFileSync(path.join(dir, f), 'utf8'));
    const steps = records.map((r) => r.step);
    assert.ok(steps.every((s, i) => i === 0 || s > steps[i - 1]), `${name}: strictly increasing steps`);
    for (const task of TASKS) {
      const t = TASKS.indexOf(task);
      const acc = curve(records, 'accuracy', task);
      let y = null;
      records.forEach((r, i) => {
        y = y === null ? r.accuracy[t] : 0.9 * y + 0.1 * r.accuracy[t];
        assert.ok(Math.abs(acc[i].y - y) < 1e-12, `${name} ${task} step ${r.step}`);
      });
      const lv = curve(records, 'level', task);
      assert.ok(lv.every((p) => LEVELS[task].includes(p.y)));
      const summary = path.join(dir, `${name}.summary.json`);
      if (fs.existsSync(summary)) {
        const final = JSON.parse(fs.readFileSync(summary, 'utf8')).levels[t];
        assert.equal(records.at(-1).levels[t], final, `${name} ${task}: the log ends at the summary's level`);
        const top = LEVELS[task][final];
        const first = firstStepAt(records, task, top);
        assert.ok(first !== null && records.find((r) => r.step === first).levels[t] === final);
      }
    }
  }
});
