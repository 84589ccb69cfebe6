// scripts/zoo-times.mjs: a model's training time is the sum of its runs' last clocks, a run
// resumed from a checkpoint being recognised by its clock starting again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runsOf } from '../../scripts/zoo-times.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

test('runsOf: one run per restart of the clock, each with its last step and seconds', () => {
  const line = (step, seconds) => JSON.stringify({ step, seconds });
  const log = [line(10, 1), line(20, 2.5), line(30, 4), line(25, 0.5), line(35, 2), '', line(35, 0.1), line(45, 3)].join('\n');
  assert.deepEqual(runsOf(log), [{ lastStep: 30, seconds: 4 }, { lastStep: 35, seconds: 2 }, { lastStep: 45, seconds: 3 }]);
  assert.deepEqual(runsOf(''), []);
});

test('every committed zoo log ends at its summary\'s step count, and its last run\'s clock is the summary\'s', () => {
  const dir = path.join(repo, 'bench', 'results', 'zoo');
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.jsonl'))) {
    const name = f.replace(/\.jsonl$/, '');
    const runs = runsOf(fs.readFileSync(path.join(dir, f), 'utf8'));
    const summary = JSON.parse(fs.readFileSync(path.join(dir, `${name}.summary.json`), 'utf8'));
    assert.equal(runs.at(-1).lastStep, summary.steps, name);
    assert.ok(Math.abs(runs.at(-1).seconds - summary.seconds_this_run) < 5, `${name}: ${runs.at(-1).seconds} against ${summary.seconds_this_run}`);
  }
});
