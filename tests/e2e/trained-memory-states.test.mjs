// What the trained-memory widget says while it works and when it cannot:
//   pending   the old answer is dimmed under "computing…" until the new one is drawn;
//   invalid   a setting it cannot use (a 4-digit key, digits to copy, kv with your text, a fact
//             without a text) marks that field (aria-invalid, aria-describedby → the message beside
//             it) and greys out the old result; nothing stale is offered as current;
//   evicted   N < D + 1 is named with the numbers, beside the answer;
//   big text  2 MB pasted into "Your text" is cut where it is typed, the limit shown, and no
//             main-thread gap over 200 ms follows (a 16 ms interval probe in the page);
//   controls  only those that act are offered; on a phone the answer's line stays on screen.
// axe finds nothing in each state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sharedSite, newPage, repo, runAxe, describeViolations } from './harness.mjs';

const site = sharedSite();
const SEL = '[data-widget="trained-memory"]';

// Before the app: the longest gap between ticks of a 16 ms interval, from reset() on.
function gapProbe() {
  const probe = { last: performance.now(), max: 0 };
  globalThis.__gaps = probe;
  setInterval(() => {
    const now = performance.now();
    probe.max = Math.max(probe.max, now - probe.last);
    probe.last = now;
  }, 16);
  probe.reset = () => { probe.max = 0; probe.last = performance.now(); };
}

const settled = (page) => page.waitForFunction((sel) => {
  const w = document.querySelector(sel);
  return /answered/.test(w?.querySelector('.widget-status')?.textContent ?? '') && !w.querySelector('[data-pending]');
}, SEL, { timeout: 60000 });

async function open(hash) {
  const opened = await newPage(site.browser, `${site.url}#/${hash}`, { init: gapProbe });
  await settled(opened.page);
  return { ...opened, widget: opened.page.locator(SEL) };
}

async function axeClean(page) {
  const violations = await runAxe(page);
  assert.equal(violations.length, 0, describeViolations(violations));
}

/** The field's invalid mark and the message it points to. */
async function fieldProblem(widget, label) {
  const field = typeof label === 'string' ? widget.getByLabel(label, { exact: true }) : label;
  return field.evaluate((el) => ({
    invalid: el.getAttribute('aria-invalid'),
    message: (el.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' '),
    beside: el.parentElement.querySelector('.control-problem')?.textContent ?? null,
  }));
}

test('trained-memory: while a change computes, the old answer is dimmed under "computing…" beside it, then replaced', async () => {
  const { page, context, consoleErrors, widget } = await open('hmt-retrieval/6');
  try {
    const before = await widget.locator('.answer-verdict').textContent();
    // watch the widget from inside the page: the pending state must be seen with its note
    await page.evaluate((sel) => {
      const w = document.querySelector(sel);
      globalThis.__seen = [];
      new MutationObserver(() => {
        const view = w.querySelector('.widget-view');
        const note = w.querySelector('.pending-note');
        if (view.dataset.pending === 'true') {
          globalThis.__seen.push({
            note: note?.textContent ?? null,
            noteNextToAnswer: note?.nextElementSibling === view && view.firstElementChild?.classList.contains('answer-box'),
            opacity: Number(getComputedStyle(view).opacity),
            inert: view.inert,
          });
        }
      }).observe(w, { subtree: true, attributes: true, childList: true });
    }, SEL);
    await widget.getByLabel('Cache size N').fill('1');
    await settled(page);
    const seen = await page.evaluate(() => globalThis.__seen);
    assert.ok(seen.length > 0, 'the widget showed a pending state');
    assert.equal(seen[0].note, 'computing…');
    assert.ok(seen[0].noteNextToAnswer, 'the note sits right above the answer');
    assert.ok(seen[0].inert, 'the old picture cannot be used as if it were current');
    await page.waitForTimeout(200);
    assert.ok(await page.evaluate((sel) => Number(getComputedStyle(document.querySelector(`${sel} .widget-view`)).opacity), SEL) === 1, 'drawn at full strength once done');
    assert.notEqual(await widget.locator('.answer-verdict').textContent(), before, 'the answer is the new one');
    assert.equal(await widget.locator('.pending-note').count(), 0);
    await axeClean(page);
    assert.deepEqual(consoleErrors, []);
  } finally {
    await context.close();
  }
});

test('trained-memory: the fact evicted from the cache is named with the numbers, beside the answer', async () => {
  const { page, context, consoleErrors, widget } = await open('hmt-retrieval/6?trained-memory.cache=5');
  try {
    const verdict = await widget.locator('.answer-verdict').textContent();
    assert.match(verdict, /the fact's memory was evicted: N = 5 < D \+ 1 = 9/, verdict);
    assert.match(await widget.locator('.widget-status').textContent(), /evicted: N = 5 < D \+ 1 = 9/);
    // the oracle needs that memory: refused at the cache field, not with an error far below
    await widget.getByLabel('Memory', { exact: true }).selectOption('oracle');
    await page.waitForFunction((sel) => document.querySelector(`${sel} input[name="cache"]`).getAttribute('aria-invalid') === 'true', SEL, { timeout: 60000 });
    const p = await fieldProblem(widget, widget.locator('input[name="cache"]'));
    assert.match(p.message, /evicted: N = 5 < D \+ 1 = 9/);
    await axeClean(page);
    assert.deepEqual(consoleErrors, []);
  } finally {
    await context.close();
  }
});

test('trained-memory: a setting it cannot use is marked at its field, with the message beside it, and the old result is greyed out', async () => {
  const { page, context, consoleErrors, widget } = await open('hmt-retrieval/7');
  try {
    const view = widget.locator('.widget-view');
    const cases = [
      { field: 'Your fact', value: '1234', re: /pass key must be 5 digits, got "1234"/ },
      { field: 'Task', select: 'copy', fact: '12345678', re: /string to copy must be 8 capitals A–Z, got "12345678"/, on: 'Your fact' },
      { field: 'Task', select: 'kv', re: /Your own text works with the passkey and copy tasks/ },
    ];
    for (const c of cases) {
      // back to a valid state first: a drawn answer to grey out
      await widget.getByLabel('Task', { exact: true }).selectOption('passkey');
      await widget.getByLabel('Your fact', { exact: true }).fill('27182');
      await widget.getByLabel('Your fact', { exact: true }).press('Enter');
      await settled(page);
      assert.equal(await view.getAttribute('data-invalid'), null);
      if (c.select) await widget.getByLabel(c.field, { exact: true }).selectOption(c.select);
      if (c.fact) {
        await widget.getByLabel('Your fact', { exact: true }).fill(c.fact);
        await widget.getByLabel('Your fact', { exact: true }).press('Enter');
      }
      if (c.value) {
        await widget.getByLabel(c.field, { exact: true }).fill(c.value);
        await widget.getByLabel(c.field, { exact: true }).press('Enter');
      }
      const on = c.on ?? c.field;
      await page.waitForFunction(([sel]) => document.querySelector(`${sel} .widget-view`)?.dataset.invalid === 'true', [SEL], { timeout: 60000 });
      const p = await fieldProblem(widget, on);
      assert.equal(p.invalid, 'true', `${on} is marked invalid`);
      assert.match(p.message, c.re, `${on}: aria-describedby names the message`);
      assert.match(p.beside ?? '', c.re, 'the message sits beside the field');
      assert.equal(await view.evaluate((el) => el.inert && Number(getComputedStyle(el).opacity) < 0.5), true, 'the old result is greyed out');
      await axeClean(page);
    }
    // a valid setting clears the mark and draws at full strength
    await widget.getByLabel('Task', { exact: true }).selectOption('passkey');
    await widget.getByLabel('Your fact', { exact: true }).fill('90517');
    await widget.getByLabel('Your fact', { exact: true }).press('Enter');
    await settled(page);
    assert.equal((await fieldProblem(widget, 'Task')).invalid, null);
    assert.equal(await view.getAttribute('data-invalid'), null);
    assert.deepEqual(consoleErrors, []);
  } finally {
    await context.close();
  }
});

test('trained-memory: a fact typed without a text is refused at the fact, not silently dropped for a held-out document', async () => {
  const { page, context, consoleErrors, widget } = await open('hmt-retrieval/7');
  try {
    await widget.getByLabel('Your text', { exact: true }).fill('');
    await widget.getByLabel('Your text', { exact: true }).blur();
    await page.waitForFunction((sel) => document.querySelector(`${sel} .widget-view`)?.dataset.invalid === 'true', SEL, { timeout: 60000 });
    const p = await fieldProblem(widget, 'Your fact');
    assert.equal(p.invalid, 'true');
    assert.match(p.message, /Your fact is used only inside your own text/);
    assert.doesNotMatch(await widget.locator('.widget-status').textContent(), /answered/, 'no held-out answer is given as if it used the fact');
    // clearing the fact reads a held-out document, as the fact's description says
    await widget.getByLabel('Your fact', { exact: true }).fill('');
    await widget.getByLabel('Your fact', { exact: true }).press('Enter');
    await settled(page);
    assert.match(await widget.locator('.widget-status').textContent(), /^memory on/);
    await axeClean(page);
    assert.deepEqual(consoleErrors, []);
  } finally {
    await context.close();
  }
});

test('trained-memory: 2 MB pasted into "Your text" is cut where it is typed, the limit shown, and the page never stalls over 200 ms', async (t) => {
  const { page, context, consoleErrors, widget } = await open('hmt-retrieval/7');
  try {
    const box = widget.getByLabel('Your text', { exact: true });
    assert.equal(await box.evaluate((el) => el.tagName), 'TEXTAREA', 'a multi-line box for a paragraph');
    const limit = Number(await box.getAttribute('maxlength'));
    assert.ok(limit >= 500 && limit <= 10000, `a limit a paragraph fits (${limit})`);
    await page.evaluate(() => globalThis.__gaps.reset());
    await box.focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText('the river runs on. '.repeat(110000));
    assert.equal((await box.inputValue()).length, limit, 'the text is cut at the limit as it is pasted');
    const pasteGap = await page.evaluate(() => globalThis.__gaps.max);
    const count = await widget.locator('[data-option="text"] .control-count').textContent();
    assert.match(count, new RegExp(`${limit.toLocaleString('en')} of at most ${limit.toLocaleString('en')} characters \\(what you pasted was cut there\\)`));
    await settled(page);
    await page.waitForFunction((sel) => /the river runs on/.test(document.querySelector(`${sel} .seg-text`)?.textContent ?? ''), SEL, { timeout: 60000 });
    // later changes of other controls stay quick
    for (const n of ['4', '9', '2']) {
      await widget.getByLabel('Cache size N').fill(n);
      await settled(page);
    }
    await widget.getByLabel('Memory', { exact: true }).selectOption('ablated');
    await settled(page);
    const gap = await page.evaluate(() => globalThis.__gaps.max);
    t.diagnostic(`longest main-thread gap: ${pasteGap.toFixed(0)} ms while pasting 2 MB, ${gap.toFixed(0)} ms over the paste and 4 changes after it`);
    assert.ok(gap < 200, `the main thread stalled ${gap.toFixed(0)} ms`);
    await axeClean(page);
    assert.deepEqual(consoleErrors, []);
  } finally {
    await context.close();
  }
});

test('trained-memory: only the controls that do something are offered; the window label never covers its text', async () => {
  const { page, context, consoleErrors, widget } = await open('hmt-retrieval/6');
  try {
    const shown = (option) => widget.locator(`[data-option="${option}"]`).isVisible();
    const picker = widget.locator('.search-pick');
    assert.equal(await shown('facts'), false, 'Facts K is hidden for the passkey task');
    assert.equal(await shown('distance'), true);
    assert.equal(await picker.isVisible(), true, 'memory on: the search picker lists the segments that searched');
    assert.ok(await picker.locator('option').count() > 1);
    await widget.getByLabel('Task', { exact: true }).selectOption('kv');
    await settled(page);
    assert.equal(await shown('facts'), true, 'Facts K is offered for key–value recall');
    assert.equal(await shown('distance'), false, 'D is set by where the asked fact sits, not by the slider');
    await widget.getByLabel('Task', { exact: true }).selectOption('passkey');
    for (const memory of ['retrieval-off', 'full-attention']) {
      await widget.getByLabel('Memory', { exact: true }).selectOption(memory);
      await page.waitForFunction(([sel, m]) => new RegExp(m === 'full-attention' ? '^full attention' : '^the model trained without retrieval')
        .test(document.querySelector(`${sel} .widget-status`)?.textContent ?? '') && !document.querySelector(`${sel} [data-pending]`), [SEL, memory], { timeout: 60000 });
      assert.equal(await picker.isVisible(), false, `${memory}: no empty "Search made by segment" menu`);
    }
    const overlap = await widget.locator('.doc-segment').first().evaluate((li) => {
      const a = li.querySelector('.seg-label').getBoundingClientRect();
      const b = li.querySelector('.seg-text').getBoundingClientRect();
      return a.right > b.left && a.left < b.right && a.bottom > b.top && a.top < b.bottom;
    });
    assert.equal(overlap, false, 'the full-attention view\'s segment label and its text do not overlap');
    await axeClean(page);
    assert.deepEqual(consoleErrors, []);
  } finally {
    await context.close();
  }
});

test('phone (390 px): the answer stays on screen beside the controls; lesson 5 keeps each shape on one line', async () => {
  const { page, context, consoleErrors } = await newPage(site.browser, `${site.url}#/hmt-retrieval/6`, { viewport: { width: 390, height: 844 } });
  try {
    await settled(page);
    const widget = page.locator(SEL);
    for (const option of ['memory', 'cache', 'distance']) {
      await widget.locator(`[data-option="${option}"]`).scrollIntoViewIfNeeded();
      const where = await widget.locator('.answer-summary').evaluate((el) => {
        const b = el.getBoundingClientRect();
        return { top: b.top, bottom: b.bottom, text: el.textContent };
      });
      assert.ok(where.top >= 0 && where.bottom <= 844, `${option}: the answer's line is on screen (${where.top}–${where.bottom})`);
      assert.match(where.text, /of 5 right/);
    }
    await widget.locator('input[name="cache"]').fill('5');
    await page.waitForFunction((sel) => /N = 5, D \+ 1 = 9/.test(document.querySelector(`${sel} .answer-summary`)?.textContent ?? ''), SEL, { timeout: 60000 });
    await axeClean(page);
    // lesson 5's table of shapes: every shape on one line (the table scrolls in its box instead)
    const md = readFileSync(path.join(repo, 'lessons/05-multi-head.md'), 'utf8');
    const before = md.slice(0, md.indexOf('| step | what happens | shape |'));
    const pane = [...before.matchAll(/^## /gm)].length;
    await page.goto(`${site.url}#/multi-head/${pane}`);
    const cells = page.locator('.prose td:last-child .katex');
    await cells.first().waitFor();
    const heights = await cells.evaluateAll((els) => els.map((el) => ({ text: el.textContent, h: el.getBoundingClientRect().height, line: parseFloat(getComputedStyle(el).fontSize) })));
    assert.ok(heights.length >= 5, 'the shapes column is there');
    for (const c of heights) assert.ok(c.h < 2 * c.line, `“${c.text}” is on one line (${c.h.toFixed(0)} px high)`);
    assert.deepEqual(consoleErrors, []);
  } finally {
    await context.close();
  }
});
