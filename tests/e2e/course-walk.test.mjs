// The whole course in one walk, keyboard only: every lesson opened from the
// course map, every pane reached with ArrowRight, and on every pane: the math
// rendered (no KaTeX error), every widget drawn by the core with no error
// status, and axe finds no serious or critical violation (in light and in dark
// mode). Across the walk:
// zero console errors and zero requests to another origin. Every lesson also
// opens by deep link at its last pane.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileCourse } from '../../scripts/lessons/course.mjs';
import { sharedSite, newPage, runAxe, describeViolations, repo } from './harness.mjs';
import { widgetsDrawn, widgetReport } from './pane-probes.mjs';

const { course } = compileCourse({ root: repo });
const site = sharedSite();

/** Waits until every widget host of the pane has drawn (or reported an error). */
async function widgetsSettled(page) {
  await page.waitForFunction(widgetsDrawn, null, { timeout: 60_000, polling: 100 });
  return page.evaluate(widgetReport);
}

for (const colorScheme of ['light', 'dark']) test(`${colorScheme} mode: every lesson from the course map, every pane by ArrowRight: math, widgets, axe, no errors, no other origin`, async () => {
  const { page, context, consoleErrors, foreignRequests } = await newPage(site.browser, `${site.url}#/`, { colorScheme });
  const problems = [];
  let widgetsSeen = 0, panesSeen = 0;
  for (const lesson of course.lessons) {
    await page.goto(`${site.url}#/`);
    await page.locator(`a.lesson-link[href$="#/${lesson.id}/1"]`).first().click();
    await page.waitForFunction((id) => location.hash.startsWith(`#/${id}/1`), lesson.id);
    for (let pane = 1; pane <= lesson.panes.length; pane++) {
      if (pane > 1) {
        await page.locator('body').focus().catch(() => {});
        await page.evaluate(() => document.activeElement?.blur());
        await page.keyboard.press('ArrowRight');
        await page.waitForFunction(([id, p]) => location.hash.startsWith(`#/${id}/${p}`), [lesson.id, pane]);
      }
      await page.waitForFunction(([p, total]) => document.querySelector('main')?.textContent.includes(`${p} / ${total}`), [pane, lesson.panes.length]);
      const where = `${lesson.id}/${pane}`;
      const mathErrors = await page.locator('main .katex-error, main .math-error').count();
      if (mathErrors) problems.push(`${where}: ${mathErrors} math rendering error(s)`);
      const expectedMath = lesson.panes[pane - 1].blocks.filter((b) => b.type === 'math').length;
      const shownMath = await page.locator('main .math-block .katex-display').count();
      if (shownMath < expectedMath) problems.push(`${where}: ${shownMath} display equations shown, ${expectedMath} in the lesson`);
      const widgets = await widgetsSettled(page);
      const expectedWidgets = lesson.panes[pane - 1].blocks.filter((b) => b.type === 'widget').length;
      if (widgets.length !== expectedWidgets) problems.push(`${where}: ${widgets.length} widgets shown, ${expectedWidgets} in the lesson`);
      for (const w of widgets) if (w.error) problems.push(`${where}: widget ${w.name}: ${w.error}`);
      widgetsSeen += widgets.length;
      panesSeen++;
      const violations = await runAxe(page);
      if (violations.length) problems.push(`${where}: axe: ${describeViolations(violations)}`);
    }
  }
  assert.deepEqual(problems, []);
  const totalPanes = course.lessons.reduce((a, l) => a + l.panes.length, 0);
  const totalWidgets = course.lessons.flatMap((l) => l.panes).flatMap((p) => p.blocks).filter((b) => b.type === 'widget').length;
  assert.equal(panesSeen, totalPanes);
  assert.equal(widgetsSeen, totalWidgets);
  assert.ok(totalWidgets >= 13, `only ${totalWidgets} widgets in the course`);
  assert.deepEqual(consoleErrors, [], 'console errors during the walk');
  assert.deepEqual(foreignRequests, [], 'requests to another origin during the walk');
  await context.close();
});

test('every lesson opens by deep link at its last pane', async () => {
  const { page, context, consoleErrors } = await newPage(site.browser, `${site.url}#/`);
  for (const lesson of course.lessons) {
    const n = lesson.panes.length;
    await page.goto(`${site.url}#/${lesson.id}/${n}`);
    await page.waitForFunction(([title, p, total]) => document.querySelector('main h1')?.textContent.includes(title)
      && document.querySelector('main')?.textContent.includes(`${p} / ${total}`), [lesson.title, n, n]);
  }
  assert.deepEqual(consoleErrors, []);
  await context.close();
});
