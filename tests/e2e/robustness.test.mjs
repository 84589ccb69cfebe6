// What a careless or hostile learner can do to the page, in Chromium: learner
// code that returns garbage gets a clear verdict and the buttons come back; an
// answer too long to store is refused with a banner while everything else is
// kept across a reload; a lazily loaded module that fails to load (a tab left
// open across a deploy) turns into a "Reload" prompt instead of a broken pane.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileCourse } from '../../scripts/lessons/course.mjs';
import { repo, sharedSite, newPage } from './harness.mjs';
import { PROGRESS_KEY, paneOf as paneOfIn, setCode, verdictOf } from './exercise-fixtures.mjs';

const { course } = compileCourse({ root: repo });
const site = sharedSite();
const paneOf = (id) => paneOfIn(course, id);

test('learner code returning garbage (a function, a throwing getter, a Proxy, a cycle) gets a clear verdict; Run and Submit come back', async () => {
  const id = 'softmax-stable';
  const { page, context, consoleErrors } = await newPage(site.browser, `${site.url}${paneOf(id)}`);
  try {
    const ex = page.locator(`[data-exercise="${id}"]`);
    await ex.locator('.cm-content').waitFor();
    const garbage = {
      'a function': 'function softmax(rows) { return () => 1; }',
      'a throwing getter': 'function softmax(rows) { return { get length() { throw new Error("boom"); } }; }',
      'a Proxy': 'function softmax(rows) { return new Proxy([], { get() { throw new Error("trap"); } }); }',
      'a cycle': 'function softmax(rows) { const a = [1]; a.push(a); return [a]; }',
      'a symbol': 'function softmax(rows) { return Symbol("x"); }',
    };
    for (const [what, code] of Object.entries(garbage)) {
      await setCode(ex, code);
      await ex.locator('button.submit').click();
      const verdict = await verdictOf(page, id, 10000);
      assert.match(verdict, /^(Failed|Error)/, `${what}: ${verdict}`);
      assert.doesNotMatch(verdict, /Submitting|Running/, what);
      assert.equal(await ex.locator('button.run').isEnabled(), true, `${what}: Run is enabled again`);
      assert.equal(await ex.locator('button.submit').isEnabled(), true, `${what}: Submit is enabled again`);
    }
    // the page still grades: the reference solution passes after all that
    await setCode(ex, course.exercises[id].solution);
    await ex.locator('button.submit').click();
    assert.match(await verdictOf(page, id), /^Passed: all/);
    assert.deepEqual(consoleErrors, []);
  } finally {
    await context.close();
  }
});

test('an answer longer than progress can store is refused with a banner; a solve made before survives the reload', async () => {
  const { page, context } = await newPage(site.browser, `${site.url}${paneOf('softmax-stable')}`);
  try {
    const ex = page.locator('[data-exercise="softmax-stable"]');
    await ex.locator('.cm-content').waitFor();
    await setCode(ex, course.exercises['softmax-stable'].solution);
    await ex.locator('button.submit').click();
    assert.match(await verdictOf(page, 'softmax-stable'), /^Passed: all/);
    // 200,001 characters: the loader would refuse it, so it must never be stored
    const long = `${course.exercises['softmax-stable'].solution}\n//${'x'.repeat(200_001)}`;
    await setCode(ex, long);
    await ex.locator('button.submit').click();
    await verdictOf(page, 'softmax-stable');
    await page.getByText('Progress could not be saved — export it.').first().waitFor({ timeout: 10000 });
    const stored = JSON.parse(await page.evaluate((k) => localStorage.getItem(k), PROGRESS_KEY));
    assert.equal(stored.exercises['softmax-stable'].solved, true);
    assert.ok((stored.exercises['softmax-stable'].answer ?? '').length <= 200_000, 'the over-long answer was not stored');
    await page.reload({ waitUntil: 'load' });
    await page.locator('[data-exercise="softmax-stable"] .cm-content').waitFor();
    const after = JSON.parse(await page.evaluate((k) => localStorage.getItem(k), PROGRESS_KEY));
    assert.equal(after.exercises['softmax-stable'].solved, true, 'the solve survives the reload');
    assert.equal(await page.getByText(/backed up|could not be read/i).count(), 0, 'nothing was moved to a backup');
  } finally {
    await context.close();
  }
});

test('a module that fails to load (a tab left open across a deploy) becomes a Reload prompt, not a broken pane', async () => {
  const context = await site.browser.newContext({ serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    // every lazily loaded chunk of the trained-memory widget is "gone from the server"
    await context.route(/\/assets\/trained-memory[^/]*\.js$/, (route) => route.fulfill({ status: 404, body: 'gone' }));
    await page.goto(`${site.url}#/`, { waitUntil: 'load' });
    const lesson = course.lessons.find((l) => l.panes.some((p) => p.blocks.some((b) => b.type === 'widget' && b.name === 'trained-memory')));
    const pane = lesson.panes.findIndex((p) => p.blocks.some((b) => b.type === 'widget' && b.name === 'trained-memory')) + 1;
    await page.evaluate((h) => { location.hash = h; }, `#/${lesson.id}/${pane}`);
    const prompt = page.getByRole('button', { name: /Reload/ });
    await prompt.first().waitFor({ timeout: 20000 });
    assert.match(await page.locator('body').innerText(), /out of date/);
    assert.match(await page.locator('[data-widget="trained-memory"]').innerText(), /could not start/);
  } finally {
    await context.close();
  }
});
