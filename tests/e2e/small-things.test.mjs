// Small things a learner notices: the course map's "0 of 1 solved" never breaks
// inside at 390 px; an experiment's verdict says each field's problem once (the
// live region), the list under it only names the fields; the hidden-case seed
// line appears only when hidden cases failed, and says why it is there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileCourse } from '../../scripts/lessons/course.mjs';
import { repo, sharedSite, newPage, runAxe, describeViolations } from './harness.mjs';
import { paneOf, NAIVE_SOFTMAX, setCode, verdictOf } from './exercise-fixtures.mjs';

const { course } = compileCourse({ root: repo });
const site = sharedSite();

test('course map at 390 px: every "N of M solved" stays on one line', async () => {
  const { page, context, consoleErrors } = await newPage(site.browser, `${site.url}#/`, { viewport: { width: 390, height: 844 } });
  try {
    await page.waitForFunction(() => [...document.querySelectorAll('.lesson-mastery')].some((el) => /solved/.test(el.textContent)));
    const lines = await page.locator('.lesson-mastery').evaluateAll((els) => els.map((el) => ({ text: el.textContent, rects: new Set([...el.getClientRects()].map((r) => Math.round(r.top))).size })));
    assert.ok(lines.length >= 5);
    for (const l of lines) assert.equal(l.rects, 1, `“${l.text}” breaks over ${l.rects} lines`);
    const violations = await runAxe(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    assert.deepEqual(consoleErrors, []);
  } finally {
    await context.close();
  }
});

test('an experiment\'s wrong values: each field\'s message is said once, in the live region', async () => {
  const id = 'saturation-experiment';
  const { page, context, consoleErrors } = await newPage(site.browser, `${site.url}${paneOf(course, id)}`);
  try {
    const ex = page.locator(`[data-exercise="${id}"]`);
    const inputs = ex.locator('input[type="text"], input:not([type])');
    await ex.locator('button.check').waitFor();
    await inputs.first().waitFor();
    const n = await inputs.count();
    assert.ok(n >= 2, 'the experiment asks for two values');
    for (let i = 0; i < n; i++) await inputs.nth(i).fill('0.5');
    await ex.locator('button.check').click();
    const said = await verdictOf(page, id, 60000);
    assert.match(said, /0\.5/);
    const list = await ex.locator('.exercise-results').innerText();
    assert.match(list, /FAIL/, 'the list names the failing fields');
    for (const sentence of said.split(/(?<=\.)\s+/).filter((x) => x.length > 30)) {
      assert.ok(!list.includes(sentence), `said twice: “${sentence}”`);
    }
    const violations = await runAxe(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    assert.deepEqual(consoleErrors, []);
  } finally {
    await context.close();
  }
});

test('the hidden-case seed line: shown, with its reason, only when hidden cases failed', async () => {
  const id = 'softmax-stable';
  const { page, context, consoleErrors } = await newPage(site.browser, `${site.url}${paneOf(course, id)}`);
  try {
    const ex = page.locator(`[data-exercise="${id}"]`);
    await ex.locator('.cm-content').waitFor();
    await setCode(ex, NAIVE_SOFTMAX);
    await ex.locator('button.submit').click();
    assert.match(await verdictOf(page, id), /^Failed/);
    assert.match(await ex.locator('.seed-note').textContent(), /^The hidden cases are random inputs drawn anew for each submission \(this one from seed \d+\)/);
    await setCode(ex, course.exercises[id].solution);
    await ex.locator('button.submit').click();
    await page.waitForFunction((i) => /^Passed/.test(document.querySelector(`[data-exercise="${i}"] .exercise-status`)?.textContent ?? ''), id, { timeout: 20000 });
    assert.equal(await ex.locator('.seed-note').textContent(), '', 'a pass needs no seed line');
    const violations = await runAxe(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    assert.deepEqual(consoleErrors, []);
  } finally {
    await context.close();
  }
});

test('a widget\'s setting problem is shown at the control just moved, and the old picture greys out (segment stream, k ≥ L)', async () => {
  const md = (await import('node:fs')).readFileSync(`${repo}/lessons/08-hmt-segments.md`, 'utf8');
  const pane = [...md.slice(0, md.indexOf('sensory: 3')).matchAll(/^## /gm)].length;
  const { page, context, consoleErrors } = await newPage(site.browser, `${site.url}#/hmt-segments/${pane}`);
  try {
    const w = page.locator('[data-widget="segment-stream"]').first();
    await page.waitForFunction(() => document.querySelector('[data-widget="segment-stream"]')?.dataset.state === 'ready', null, { timeout: 60000 });
    const k = w.locator('input[name="sensory"]');
    await k.fill('12');
    await page.waitForFunction(() => document.querySelector('[data-widget="segment-stream"] input[name="sensory"]')?.getAttribute('aria-invalid') === 'true');
    const described = await k.evaluate((el) => el.getAttribute('aria-describedby').split(' ').map((id) => document.getElementById(id)?.textContent).join(' '));
    assert.match(described, /k = 12 is not below L = 8/);
    assert.equal(await w.locator('.widget-view').getAttribute('data-invalid'), 'true', 'the old picture is greyed out');
    await k.fill('2');
    await page.waitForFunction(() => !document.querySelector('[data-widget="segment-stream"] .widget-view')?.dataset.invalid);
    assert.equal(await k.getAttribute('aria-invalid'), null);
    const violations = await runAxe(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    assert.deepEqual(consoleErrors, []);
  } finally {
    await context.close();
  }
});
