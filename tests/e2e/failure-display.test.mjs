// How a failing code run is shown, in Chromium: the first failing case as
// expected-vs-yours tables side by side with the differing cells marked (and
// the same differences as text), its message said once (in the live region),
// every other failure folded into one line, the passing cases into one line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileCourse } from '../../scripts/lessons/course.mjs';
import { repo, sharedSite, newPage, runAxe, describeViolations } from './harness.mjs';
import { paneOf, setCode, verdictOf } from './exercise-fixtures.mjs';

const { course } = compileCourse({ root: repo });
const site = sharedSite();
const ID = 'softmax-stable';

// Wrong on every row with more than one entry: divides by the largest term, not by the sum.
const NO_SUM = `function softmax(rows) {
  return rows.map((row) => { const m = Math.max(...row); return row.map((x) => Math.exp(x - m)); });
}`;

test('a failing submission: the first failing case as expected vs yours with the differing cells marked, the others one line each', async () => {
  const { page, context, consoleErrors } = await newPage(site.browser, `${site.url}${paneOf(course, ID)}`);
  const ex = page.locator(`[data-exercise="${ID}"]`);
  await ex.locator('.exercise-actions button.submit').waitFor();
  await setCode(ex, NO_SUM);
  await ex.locator('button.submit').click();
  const said = await verdictOf(page, ID);
  const m = /^Failed: (\d+) of (\d+) cases did not pass\. First: (example 1: 2×3 small logits): (.*)$/.exec(said);
  assert.ok(m, said);
  const [failed, total] = [Number(m[1]), Number(m[2])];
  // hidden cases are drawn fresh per submission: those with one column pass (softmax of one logit is 1),
  // so how many fail varies; the two examples and some hidden cases always do
  assert.ok(failed >= 3 && total >= 12, said);

  const results = ex.locator('.exercise-results');
  // the first failing case: once, with both tables
  const first = results.locator('.result-first');
  assert.equal(await first.count(), 1);
  assert.match(await first.locator('.result-head').innerText(), /^FAIL\s+example 1: 2×3 small logits$/);
  const captions = await first.locator('.diff-caption').allInnerTexts();
  assert.deepEqual(captions, ['Expected [2, 3]', 'Yours [2, 3]']);
  const tables = first.locator('.diff-table');
  assert.equal(await tables.count(), 2);
  // expected softmax([1, 2, 3]) = [0.0900, 0.2447, 0.6652]; yours = e^(x − 3) = [0.1353, 0.3679, 1];
  // row [0, 0, 0]: expected 1/3 each, yours 1 each → all 6 cells differ, marked in both tables
  const expCells = await tables.nth(0).locator('td').allInnerTexts();
  const yourCells = await tables.nth(1).locator('td').allInnerTexts();
  assert.equal(expCells.length, 6);
  assert.ok(Math.abs(parseFloat(expCells[0]) - 0.09003057) < 1e-6, expCells[0]);
  assert.ok(Math.abs(parseFloat(yourCells[0]) - Math.exp(-2)) < 1e-6, yourCells[0]);
  assert.equal(await tables.nth(0).locator('td.diff-cell mark').count(), 6);
  assert.equal(await tables.nth(1).locator('td.diff-cell mark').count(), 6);
  assert.match(yourCells[2], /^1 ≠$/);
  const text = await first.locator('.diff-text').innerText();
  assert.match(text, /^6 cells differ: \[0\]\[0\] expected 0\.09003\d*, yours 0\.1353\d*; \[0\]\[1\] expected 0\.2447\d*, yours 0\.3678\d*; /);
  // the first case's message is the live region's sentence, not repeated in the list
  assert.ok(!(await results.innerText()).includes(m[4]), 'the first failure\'s message is repeated in the list');

  // every other failure: one line, no tables
  const others = results.locator('.result-folded.result-fail, .result-folded.result-error');
  assert.equal(await others.count(), failed - 1);
  for (const line of await others.allInnerTexts()) {
    assert.doesNotMatch(line, /\n/, line);
    assert.match(line, /^FAIL (hidden|example) \d+: .* — /, line);
    assert.doesNotMatch(line, /tolerance:/, 'the tolerance, the same for every case, is said once (live region)');
  }
  assert.equal(await results.locator('.diff').count(), 1);
  const words = (await results.innerText()).match(/\bFAIL\b/g) ?? [];
  assert.equal(words.length, failed, 'one FAIL per failing case');
  // the passing cases: one line together
  const passLine = results.locator('.result-folded.result-pass');
  assert.equal(await passLine.count(), total - failed ? 1 : 0);

  const violations = await runAxe(page);
  assert.equal(violations.length, 0, describeViolations(violations));
  assert.deepEqual(consoleErrors, []);
  await context.close();
});
