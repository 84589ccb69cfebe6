// The lesson checker on fixtures: tests/js/fixtures/lessons/<case>/ holds a
// lessons/ tree and expected.txt, the exact 'file:line: message' lines the
// checker must print (empty for the clean case). One case per kind of error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { compileCourse, formatError } from '../../scripts/lessons/course.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.join(here, 'fixtures', 'lessons');
const checker = path.join(here, '..', '..', 'scripts', 'lessons-check.mjs');
const cases = fs.readdirSync(fixtures).filter((d) => fs.existsSync(path.join(fixtures, d, 'expected.txt'))).sort();

const expectedLines = (dir) => fs.readFileSync(path.join(dir, 'expected.txt'), 'utf8').split('\n').filter((l) => l.trim() !== '');

test('there is a fixture for every kind of error and a clean one', () => {
  for (const c of ['clean', 'front-matter', 'duplicate-ids', 'unknown-directive', 'unknown-widget', 'widget-options',
    'cross-links', 'katex', 'citations', 'figures', 'exercise-missing', 'exercise-not-embedded', 'exercise-sections']) {
    assert.ok(cases.includes(c), `missing fixture ${c}`);
  }
  assert.deepEqual(expectedLines(path.join(fixtures, 'clean')), []);
});

for (const c of cases) {
  test(`fixture ${c}: the checker reports exactly the expected lines`, () => {
    const dir = path.join(fixtures, c);
    const { errors } = compileCourse({ root: dir });
    assert.deepEqual(errors.map(formatError), expectedLines(dir));
  });
}

test('the command prints every problem and exits 1; a clean course exits 0', () => {
  const bad = spawnSync(process.execPath, [checker, path.join(fixtures, 'widget-options')], { encoding: 'utf8' });
  assert.equal(bad.status, 1);
  const lines = bad.stdout.trim().split('\n');
  assert.deepEqual(lines.slice(0, -1), expectedLines(path.join(fixtures, 'widget-options')));
  assert.match(lines.at(-1), /^lessons:check: 9 problems in 1 lessons/);
  const good = spawnSync(process.execPath, [checker, path.join(fixtures, 'clean')], { encoding: 'utf8' });
  assert.equal(good.status, 0, good.stdout);
  assert.match(good.stdout, /no problems/);
});
