// The whole course in one walk, keyboard only: every lesson opened from the
// course map, every pane reached with ArrowRight, and on every pane: the math
// rendered (no KaTeX error), every widget drawn by the core with no error
// status, and axe finds no serious or critical violation (in light and in dark
// mode). Across the walk:
// zero console errors and zero requests to another origin. Every lesson also
// opens by deep link at its last pane. A phone-sized pass (390 × 844) opens
// every pane and fails on any text drawn below 11 px or any element wider
// than the viewport that does not scroll in a box of its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileCourse } from '../../scripts/lessons/course.mjs';
import { sharedSite, newPage, runAxe, describeViolations, repo } from './harness.mjs';
import { phoneProblems } from './phone-check.mjs';
import { widgetsDrawn, widgetReport } from './pane-probes.mjs';
import { walkCourse } from './walk.mjs';

const { course } = compileCourse({ root: repo });
const site = sharedSite();

/** Waits until every widget host of the pane has drawn (or reported an error). */
async function widgetsSettled(page) {
  await page.waitForFunction(widgetsDrawn, null, { timeout: 60_000, polling: 100 });
  return page.evaluate(widgetReport);
}

for (const colorScheme of ['light', 'dark']) test(`${colorScheme} mode: every lesson from the course map, every pane by ArrowRight: math, widgets, axe, no errors, no other origin`, async () => {
  const { page, context, consoleErrors, foreignRequests } = await newPage(site.browser, `${site.url}#/`, { colorScheme });
  const { problems, panesSeen, widgetsSeen } = await walkCourse(page, course, site.url, {
    onPane: async (where) => {
      const violations = await runAxe(page);
      return violations.length ? [`${where}: axe: ${describeViolations(violations)}`] : [];
    },
  });
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

test('phone (390 px): every pane reflows: no text below 11 px, nothing wider than the screen outside its own scroll box', async () => {
  const { page, context, consoleErrors } = await newPage(site.browser, `${site.url}#/`, { viewport: { width: 390, height: 844 } });
  // The check itself catches what it is for: a 9 px label and a 600 px wide box.
  await page.evaluate(() => document.querySelector('main').append(Object.assign(document.createElement('p'), {
    id: 'phone-probe', textContent: 'tiny', style: 'font-size: 9px; width: 600px',
  })));
  const probe = await page.evaluate(phoneProblems, 11);
  assert.ok(probe.some((p) => p.kind === 'small-text' && /tiny/.test(p.detail)), JSON.stringify(probe));
  assert.ok(probe.some((p) => p.kind === 'too-wide'), JSON.stringify(probe));
  const problems = [];
  let panes = 0;
  for (const lesson of course.lessons) {
    for (let pane = 1; pane <= lesson.panes.length; pane++) {
      await page.goto(`${site.url}#/${lesson.id}/${pane}`);
      await page.waitForFunction(([p, total]) => document.querySelector('main')?.textContent.includes(`${p} / ${total}`), [pane, lesson.panes.length]);
      await widgetsSettled(page);
      for (const p of await page.evaluate(phoneProblems, 11)) problems.push(`${lesson.id}/${pane}: ${p.kind} ${p.where} ${p.detail} (×${p.count})`);
      panes++;
    }
  }
  assert.deepEqual(problems, []);
  assert.equal(panes, course.lessons.reduce((a, l) => a + l.panes.length, 0));
  assert.deepEqual(consoleErrors, []);
  await context.close();
});
