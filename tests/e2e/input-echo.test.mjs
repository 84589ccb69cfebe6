// What a learner types or pastes is quoted back cut to a readable length, in
// Chromium: a 200,000-character answer in a numeric field, in an experiment's
// fields (past their limit, as a saved draft or a script could put it), and an error thrown by learner code with a 200,000-character
// message each give a verdict of a sentence or two — in the live region, in
// the list of results and in every other live region of the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileCourse } from '../../scripts/lessons/course.mjs';
import { repo, sharedSite, newPage } from './harness.mjs';
import { paneOf as paneOfIn, setCode, verdictOf } from './exercise-fixtures.mjs';

const { course } = compileCourse({ root: repo });
const site = sharedSite();
const paneOf = (id) => paneOfIn(course, id);
const LONG = '12a'.repeat(66_667);  // 200,001 characters, not a number

/** Characters of text in the exercise and in every live region of the page. */
const textSizes = (id) => ({
  exercise: document.querySelector(`[data-exercise="${id}"]`)?.textContent.length ?? 0,
  live: [...document.querySelectorAll('[aria-live], [role="status"], [role="alert"]')]
    .reduce((n, el) => n + el.textContent.length, 0),
});

for (const [what, id] of [['a numeric answer', 'cost-ratio'], ["an experiment's fields", 'saturation-experiment']]) {
  test(`${what} of 200,000 characters: the verdict quotes it cut short, with its length`, async () => {
    const { page, context, consoleErrors } = await newPage(site.browser, `${site.url}${paneOf(id)}`);
    try {
      const ex = page.locator(`[data-exercise="${id}"]`);
      const inputs = ex.locator('input.numeric-input');
      await inputs.first().waitFor();
      const before = await page.evaluate(textSizes, id);
      // maxlength keeps typing and pasting short; a draft saved before the limit, autofill or a
      // script can still put more into the field, so the value is set as they would set it
      assert.ok(Number(await inputs.first().getAttribute('maxlength')) <= 200, 'the field has its limit');
      await inputs.evaluateAll((els, t) => els.forEach((el) => { el.value = t; el.dispatchEvent(new Event('input', { bubbles: true })); }), LONG);
      await ex.locator('button.check').click();
      const verdict = await verdictOf(page, id);
      assert.match(verdict, /is not a number or a simple expression/);
      assert.match(verdict, /12a12a.*… \(200,001 characters\)/);
      const fields = await inputs.count();
      assert.ok(verdict.length <= 400 * fields, `the verdict is ${verdict.length} characters`);
      const after = await page.evaluate(textSizes, id);
      assert.ok(after.exercise - before.exercise <= 1500 * fields, `the exercise grew by ${after.exercise - before.exercise} characters of text`);
      assert.ok(after.live <= 2000, `the page's live regions hold ${after.live} characters`);
      assert.deepEqual(consoleErrors, []);
    } finally {
      await context.close();
    }
  });
}

test('learner code throwing a 200,000-character message: the verdict quotes it cut short', async () => {
  const id = 'softmax-stable';
  const { page, context, consoleErrors } = await newPage(site.browser, `${site.url}${paneOf(id)}`);
  try {
    const ex = page.locator(`[data-exercise="${id}"]`);
    await ex.locator('.cm-content').waitFor();
    await setCode(ex, 'function softmax(rows) { throw new Error("12a".repeat(66667)); }');
    await ex.locator('button.run').click();
    const verdict = await verdictOf(page, id);
    assert.match(verdict, /^Error|^Failed/);
    assert.ok(verdict.length <= 500, `the verdict is ${verdict.length} characters`);
    const live = (await page.evaluate(textSizes, id)).live;
    assert.ok(live <= 2000, `the page's live regions hold ${live} characters`);
    const shown = await ex.locator('.exercise-results').evaluate((el) => el.textContent.length).catch(() => 0);
    assert.ok(shown <= 5000, `the results list holds ${shown} characters`);
    assert.deepEqual(consoleErrors, []);
  } finally {
    await context.close();
  }
});
