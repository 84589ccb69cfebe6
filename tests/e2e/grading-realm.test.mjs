// Grading happens where learner code cannot reach, in Chromium: learner code
// runs in the sandbox worker on the cases' inputs only, and the page compares
// its outputs with the expected values. Patching Math.abs or hooking
// Array.prototype.entries inside the sandbox changes nothing, and no message
// posted to the sandbox carries an expected value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileCourse } from '../../scripts/lessons/course.mjs';
import { repo, sharedSite, newPage } from './harness.mjs';
import { paneOf, setCode, verdictOf } from './exercise-fixtures.mjs';

const { course } = compileCourse({ root: repo });
const site = sharedSite();
const ID = 'softmax-stable';

// Records every message the page posts to the exercise sandbox (as JSON).
const recordSandboxMessages = `(() => {
  const post = Worker.prototype.postMessage;
  window.__sandboxMessages = [];
  const Native = Worker;
  window.Worker = class extends Native {
    constructor(url, opts) {
      super(url, opts);
      this.__sandbox = opts?.name === 'exercise-sandbox';
    }
    postMessage(msg, ...rest) {
      if (this.__sandbox) window.__sandboxMessages.push(JSON.stringify(msg));
      return post.call(this, msg, ...rest);
    }
  };
})();`;

/** A wrong softmax (every weight 0.5) under a patched Math.abs. */
const MATH_ABS_PATCH = `Math.abs = () => 0;
function softmax(rows) {
  return rows.map((row) => row.map(() => 0.5));
}`;

/** Returns the expected values read through a hooked Array.prototype.entries. */
const ENTRIES_HOOK = `let seen = null, k = 0;
const entries = Array.prototype.entries;
Array.prototype.entries = function () {
  if (!seen && this.length && this[0] && typeof this[0] === 'object' && 'expected' in this[0]) seen = this;
  return entries.call(this);
};
function softmax(rows) {
  if (seen && seen[k]) return seen[k++].expected;
  return rows;
}`;

for (const [what, code] of [['Math.abs = () => 0 above a wrong answer', MATH_ABS_PATCH], ['a hooked Array.prototype.entries returning the expected values', ENTRIES_HOOK]]) {
  test(`grading outside the learner's realm: ${what} fails on Run and on Submit`, async () => {
    const { page, context, consoleErrors } = await newPage(site.browser, `${site.url}${paneOf(course, ID)}`, { init: { content: recordSandboxMessages } });
    const ex = page.locator(`[data-exercise="${ID}"]`);
    await ex.locator('.exercise-actions button.run').waitFor();
    await setCode(ex, code);
    await ex.locator('button.run').click();
    assert.match(await verdictOf(page, ID), /^Failed: /);
    await setCode(ex, code);
    await ex.locator('button.submit').click();
    assert.match(await verdictOf(page, ID), /^Failed: /);
    assert.match(await ex.locator('.exercise-badge').innerText(), /Not solved/);
    const sent = await page.evaluate(() => window.__sandboxMessages);
    assert.ok(sent.length >= 2, `only ${sent.length} messages to the sandbox were seen`);
    for (const m of sent) assert.doesNotMatch(m, /"expected"/, 'an expected value was posted to the sandbox');
    assert.deepEqual(consoleErrors, []);
    await context.close();
  });
}

test('the capstone: its reference solution passes on the page against the stream the core computes; the starter fails', async () => {
  const id = 'hmt-capstone';
  const { page, context, consoleErrors } = await newPage(site.browser, `${site.url}${paneOf(course, id)}`);
  const ex = page.locator(`[data-exercise="${id}"]`);
  await ex.locator('.exercise-actions button.submit').waitFor();
  await ex.locator('button.run').click();
  assert.match(await verdictOf(page, id), /^Failed: 1 of 1 cases did not pass\. First: example 1: n = 10 tokens/);
  await setCode(ex, course.exercises[id].solution);
  await ex.locator('button.submit').click();
  assert.match(await verdictOf(page, id), /^Passed: all 6 cases, examples and hidden cases\. Exercise solved\.$/);
  assert.deepEqual(consoleErrors, []);
  await context.close();
});
