// The training lab in Chromium (lesson 10, "Train it yourself"): the course's
// trainer, compiled to WebAssembly, trains in its worker while the page stays
// responsive; the curves appear; Pause stops the steps and Resume continues;
// a reload offers the saved run and resumes it from its checkpoint; a
// learning rate of 10 is stopped with the reason named; axe finds nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { compileCourse } from '../../scripts/lessons/course.mjs';
import { repo, sharedSite, newPage, runAxe, describeViolations } from './harness.mjs';
import { paneWithWidget } from './exercise-fixtures.mjs';

const site = sharedSite();
const PANE = paneWithWidget(compileCourse({ root: repo }).course, 'training-lab');  // '#/<lesson>/<pane>'
// small settings so that a step takes a fraction of a second
const QUICK = '?training-lab.batch=4&training-lab.steps=50';

// A 16 ms interval in the page records the longest gap between its ticks (the main thread's longest block).
const GAP_PROBE = () => {
  window.__maxGap = 0;
  let last = performance.now();
  setInterval(() => {
    const now = performance.now();
    window.__maxGap = Math.max(window.__maxGap, now - last - 16);
    last = now;
  }, 16);
};

async function open(query = QUICK) {
  const opened = await newPage(site.browser, `${site.url}${PANE}${query}`, { init: GAP_PROBE });
  const widget = opened.page.locator('[data-widget="training-lab"]').first();
  await widget.locator('.widget-view, .widget-table').first().waitFor();
  return { ...opened, widget };
}

// the last step the worker reported (the live region's data-step; the drawn figures follow within half a second)
const step = (widget) => widget.locator('.lab-live').evaluate((p) => Number(p.dataset.step));
async function untilStep(page, widget, n, timeout = 120000) {
  await page.waitForFunction((min) => Number(document.querySelector('[data-widget="training-lab"] .lab-live')?.dataset.step ?? 0) >= min, n, { timeout });
  return step(widget);
}

test('training lab: 20 steps train in the worker, curves appear, Pause and Resume work, the page stays responsive; axe clean', async () => {
  const { page, context, consoleErrors, foreignRequests, widget } = await open();
  try {
    await page.evaluate(() => indexedDB.deleteDatabase('long-memory-lab'));
    await page.evaluate(() => { window.__maxGap = 0; });  // from here on: training only, not the page's load
    await widget.locator('.lab-start').click();
    await untilStep(page, widget, 20);
    await page.waitForFunction(() => document.querySelectorAll('[data-widget="training-lab"] .lab-loss-point').length >= 10);
    assert.ok(await widget.locator('.lab-eval-point').count() >= 1, 'held-out accuracy is measured every 10 steps');
    const acc = Number(await widget.locator('.lab-eval-point').first().getAttribute('data-accuracy'));
    assert.ok(acc >= 0 && acc <= 1, `held-out accuracy ${acc}`);
    await widget.locator('.lab-pause').click();
    await page.waitForFunction(() => /Paused at step/.test(document.querySelector('[data-widget="training-lab"] .widget-status')?.textContent ?? ''));
    const paused = await step(widget);
    await page.waitForTimeout(1500);
    assert.equal(await step(widget), paused, 'no step while paused');
    await widget.locator('.lab-resume').click();
    await untilStep(page, widget, paused + 3);
    const gap = await page.evaluate(() => window.__maxGap);
    assert.ok(gap < 100, `the main thread was blocked for ${gap.toFixed(0)} ms while training`);
    console.log(`# longest main-thread gap while training: ${gap.toFixed(0)} ms`);
    const violations = await runAxe(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    assert.deepEqual(consoleErrors, []);
    assert.deepEqual(foreignRequests, []);
  } finally {
    await context.close();
  }
});

test('training lab: a reload offers the saved run and resumes it from its checkpoint', async () => {
  const { page, context, widget } = await open();
  try {
    await page.evaluate(() => indexedDB.deleteDatabase('long-memory-lab'));
    await page.reload();
    const w = page.locator('[data-widget="training-lab"]').first();
    await w.locator('.lab-start').click();
    await untilStep(page, w, 8);
    await w.locator('.lab-pause').click();  // pausing saves a checkpoint
    await page.waitForFunction(() => /Saved at step/.test(document.querySelector('[data-widget="training-lab"] .lab-storage')?.textContent ?? ''));
    const saved = await step(w);
    await page.reload();
    const again = page.locator('[data-widget="training-lab"]').first();
    await again.locator('.lab-resume-saved').waitFor({ state: 'visible' });
    await again.locator('.lab-resume-saved').click();
    await untilStep(page, again, saved + 1, 60000);
    assert.ok(Number(await again.locator('.lab-live').getAttribute('data-step')) > saved);
    // the charts follow within half a second: the curve from before the reload is in them
    await page.waitForFunction((s) => document.querySelectorAll('[data-widget="training-lab"] .lab-loss-point').length > s, saved,
      { timeout: 10000 });
    const first = Number(await again.locator('.lab-loss-point').first().getAttribute('data-step'));
    assert.equal(first, 1, 'the curve starts at step 1, before the reload');
    void widget;
  } finally {
    await context.close();
  }
});

test('training lab: a learning rate of 10 is stopped with the reason named', async () => {
  const { page, context, widget } = await open(`${QUICK}&training-lab.lr=10`);
  try {
    await page.evaluate(() => indexedDB.deleteDatabase('long-memory-lab'));
    assert.match(await widget.locator('.lab-warning').first().textContent(), /learning rate of 10/);
    await widget.locator('.lab-start').click();
    await page.waitForFunction(() => /Stopped: The loss became/.test(document.querySelector('[data-widget="training-lab"] .widget-status')?.textContent ?? ''), null, { timeout: 60000 });
  } finally {
    await context.close();
  }
});

test('training lab: "Use this model" puts the learner\'s weights into the trained-memory widget; a weight file loads back; other files are refused', async () => {
  const memoryPane = paneWithWidget(compileCourse({ root: repo }).course, 'trained-memory');
  const { page, context, consoleErrors, widget } = await open();
  try {
    await page.evaluate(() => indexedDB.deleteDatabase('long-memory-lab'));
    const status = (name) => page.evaluate((n) => document.querySelector(`[data-widget="${n}"] .widget-status`)?.textContent ?? '', name);
    // before any: the widget says there is no model of yours
    const go = (hash) => page.goto(`${site.url}${hash}`);  // a fresh load: the widget reads its settings from the address
    await go(`${memoryPane}?trained-memory.model=yours`);
    await page.waitForFunction(() => /No model of yours yet/.test(document.querySelector('[data-widget="trained-memory"]')?.textContent ?? ''), null, { timeout: 60000 });
    // train a few steps, use the model
    await go(`${PANE}${QUICK}`);
    const lab = page.locator('[data-widget="training-lab"]').first();
    await lab.locator('.lab-start').click();
    await untilStep(page, lab, 5);
    await lab.locator('.lab-pause').click();
    await lab.locator('.lab-use').click();
    await page.waitForFunction(() => /is ready: choose Model “yours”/.test(document.querySelector('[data-widget="training-lab"] .lab-model')?.textContent ?? ''));
    await go(`${memoryPane}?trained-memory.model=yours`);
    await page.waitForFunction(() => /^Your model from the training lab, /.test(document.querySelector('[data-widget="trained-memory"] .widget-status')?.textContent ?? ''),
      null, { timeout: 60000 });
    assert.match(await status('trained-memory'), /answered “.*” for “\d{5}”/);
    // a weight file loads back; anything else is refused by name
    await go(`${PANE}${QUICK}`);
    const file = page.locator('[data-widget="training-lab"] .lab-load-file');
    await file.setInputFiles(path.join(repo, 'web/models/hmt-memory.lmlw'));
    await page.waitForFunction(() => /^Loaded hmt-memory\.lmlw/.test(document.querySelector('[data-widget="training-lab"] .lab-model')?.textContent ?? ''));
    await file.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not weights at all') });
    await page.waitForFunction(() => /notes\.txt is not a weight file/.test(document.querySelector('[data-widget="training-lab"] .lab-model')?.textContent ?? ''));
    void widget;
    assert.deepEqual(consoleErrors, []);
  } finally {
    await context.close();
  }
});
