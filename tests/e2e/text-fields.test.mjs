// Text fields update as they are typed (after a short pause, no Enter, no leaving the field)
// in lessons 4, 5 and 10, and each is limited where it is typed: a 2 MB paste is cut at the
// field's maxlength. axe finds nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sharedSite, newPage, repo, runAxe, describeViolations } from './harness.mjs';

const site = sharedSite();

function paneOf(file, prefix) {
  const titles = [...readFileSync(path.join(repo, 'lessons', file), 'utf8').matchAll(/^## (.*)$/gm)].map((m) => m[1]);
  const pane = titles.findIndex((t) => t.startsWith(prefix)) + 1;
  assert.ok(pane > 0, `${file} has a pane "${prefix}…"`);
  return pane;
}

const status = (page, name) => page.locator(`[data-widget="${name}"] .widget-status`).textContent();

async function typeInto(page, field, text) {
  await field.focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text, { delay: 15 });
}

async function pasteIsCut(page, field) {
  const limit = Number(await field.getAttribute('maxlength'));
  assert.ok(limit > 0, 'the field has a limit');
  await field.focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText('x'.repeat(2 * 1024 * 1024));
  assert.equal((await field.inputValue()).length, limit, `2 MB pasted is cut at ${limit} characters`);
}

test('lesson 4, real heads: the text is read again as it is typed', async () => {
  const { page, context, consoleErrors } = await newPage(site.browser, `${site.url}#/heatmaps-masks/${paneOf('04-heatmaps-masks.md', 'Real heads')}`);
  try {
    await page.waitForFunction(() => /^Layer 0, head 0 of the trained model on 22 bytes/.test(document.querySelector('[data-widget="attention-heatmap"] .widget-status')?.textContent ?? ''), null, { timeout: 60000 });
    const field = page.locator('[data-widget="attention-heatmap"]').getByLabel('Words', { exact: true });
    await typeInto(page, field, 'a cat sat');
    await page.waitForFunction(() => /on 9 bytes/.test(document.querySelector('[data-widget="attention-heatmap"] .widget-status')?.textContent ?? ''), null, { timeout: 60000 });
    assert.equal(await page.locator('[data-widget="attention-heatmap"] .col-label').nth(2).textContent(), '2:c');
    assert.equal(await field.evaluate((el) => el === document.activeElement), true, 'the field kept the focus');
    await pasteIsCut(page, field);
    const violations = await runAxe(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    assert.deepEqual(consoleErrors, []);
  } finally {
    await context.close();
  }
});

test('lesson 5, a whole model: the text is followed again as it is typed', async () => {
  const { page, context, consoleErrors } = await newPage(site.browser, `${site.url}#/multi-head/${paneOf('05-multi-head.md', 'From attention to a whole model')}`);
  try {
    await page.waitForFunction(() => /^Byte 15 /.test(document.querySelector('[data-widget="transformer-block"] .widget-status')?.textContent ?? ''), null, { timeout: 60000 });
    const before = await status(page, 'transformer-block');
    const field = page.locator('[data-widget="transformer-block"]').getByLabel('Text', { exact: true });
    await typeInto(page, field, 'a river runs to the sea');
    await page.waitForFunction((b) => {
      const s = document.querySelector('[data-widget="transformer-block"] .widget-status')?.textContent ?? '';
      return s !== b && /^Byte 15 /.test(s) && !document.querySelector('[data-widget="transformer-block"] [data-pending]');
    }, before, { timeout: 60000 });
    // 23 bytes: 22 of them predicted; byte 15 is the space before "the"
    assert.match(await page.locator('[data-widget="transformer-block"] .readout').textContent(), /Over the 22 bytes the text lets it predict/);
    assert.equal(await field.evaluate((el) => el === document.activeElement), true, 'the field kept the focus');
    await pasteIsCut(page, field);
    const violations = await runAxe(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    assert.deepEqual(consoleErrors, []);
  } finally {
    await context.close();
  }
});
