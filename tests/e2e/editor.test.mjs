// The code editor (CodeMirror 6, bundled) in Chromium: undo and redo across
// Enter and Tab, Esc then Tab leaves the editor, the line a verdict names is
// marked (and said as text), JavaScript highlighting, bracket matching, line
// numbers, drafts that survive a reload, and no axe violations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileCourse } from '../../scripts/lessons/course.mjs';
import { repo, sharedSite, newPage, runAxe, describeViolations } from './harness.mjs';
import { paneOf, setCode, codeOf, verdictOf } from './exercise-fixtures.mjs';

const { course } = compileCourse({ root: repo });
const site = sharedSite();
const ID = 'softmax-stable';

async function open() {
  const opened = await newPage(site.browser, `${site.url}${paneOf(course, ID)}`);
  const ex = opened.page.locator(`[data-exercise="${ID}"]`);
  await ex.locator('.cm-content').waitFor();
  return { ...opened, ex };
}

test('editor: undo goes back past Enter and Tab to the code before typing; redo brings it back', async () => {
  const { page, context, consoleErrors, ex } = await open();
  const before = 'function softmax(rows) {\n  return rows;\n}';
  await setCode(ex, before);
  await ex.locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('const a = 1;');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  await page.keyboard.type('const b = 2;');
  const typed = await codeOf(ex);
  assert.equal(typed, `${before}\nconst a = 1;\n  const b = 2;`);
  for (let i = 0; i < 12 && (await codeOf(ex)) !== before; i++) await page.keyboard.press('ControlOrMeta+z');
  assert.equal(await codeOf(ex), before, 'undo did not get back to the code before the Enter');
  for (let i = 0; i < 12 && (await codeOf(ex)) !== typed; i++) await page.keyboard.press('ControlOrMeta+y');
  assert.equal(await codeOf(ex), typed, 'redo did not bring the typed code back');
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test('editor: Tab indents inside the editor; Esc then Tab moves the focus out of it', async () => {
  const { page, context, ex } = await open();
  await setCode(ex, 'x');
  await ex.locator('.cm-content').click();
  await page.keyboard.press('Home');
  await page.keyboard.press('Tab');
  assert.equal(await codeOf(ex), '  x');
  assert.ok(await page.evaluate(() => !!document.activeElement.closest('.cm-editor')), 'Tab left the editor');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  assert.equal(await codeOf(ex), '  x', 'Tab after Esc indented');
  const where = await page.evaluate(() => ({
    inEditor: !!document.activeElement.closest('.cm-editor'),
    tag: document.activeElement.tagName,
  }));
  assert.equal(where.inEditor, false, `the focus stayed in the editor (${where.tag})`);
  assert.notEqual(where.tag, 'BODY');
  await context.close();
});

test('editor: the line a verdict names is marked and said; an edit clears the mark; highlighting, brackets, line numbers', async () => {
  const { page, context, consoleErrors, ex } = await open();
  await setCode(ex, 'function softmax(rows) {\n  const n = rows.length;\n  return rows.foo.bar;\n}');
  await ex.locator('button.run').click();
  assert.match(await verdictOf(page, ID), /line 3: TypeError/);
  const marked = ex.locator('.cm-error-line');
  assert.equal(await marked.count(), 1);
  assert.equal(await marked.getAttribute('data-error-line'), '3');
  assert.equal(await marked.textContent(), '  return rows.foo.bar;');
  assert.match(await ex.locator('.editor-error').innerText(), /^Line 3 is marked: .*TypeError/);
  // the gutter sign and the underline are @codemirror/lint's, holding the verdict's message
  assert.equal(await ex.locator('.cm-gutter-lint .cm-lint-marker-error').count(), 1);
  assert.equal(await ex.locator('.cm-lintRange-error').textContent(), '  return rows.foo.bar;');
  // line numbers 1–4, JavaScript highlighting
  assert.deepEqual((await ex.locator('.cm-lineNumbers .cm-gutterElement').allTextContents()).filter((t) => /^\d+$/.test(t)).slice(-4), ['1', '2', '3', '4']);
  assert.ok((await ex.locator('.tok-keyword').allTextContents()).includes('function'));
  assert.ok((await ex.locator('.tok-keyword').allTextContents()).includes('return'));
  // bracket matching: the cursor after the first { marks it and its partner
  await ex.locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+Home');
  await page.keyboard.press('End');
  assert.deepEqual(await ex.locator('.cm-matchingBracket').allTextContents(), ['{', '}']);
  // any edit clears the mark
  await page.keyboard.type(' ');
  assert.equal(await ex.locator('.cm-error-line').count(), 0);
  assert.equal(await ex.locator('.cm-lint-marker-error').count(), 0, 'the gutter sign goes with the edit');
  assert.equal(await ex.locator('.cm-lintRange-error').count(), 0);
  assert.equal(await ex.locator('.editor-error').isVisible(), false);
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test('editor: a draft typed in the editor survives a reload; the exercise has no axe violations', async () => {
  const { page, context, ex } = await open();
  await setCode(ex, 'function softmax(rows) {\n  return rows; // draft\n}');
  await ex.locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type('\n// typed');
  await page.waitForTimeout(700); // drafts are saved 400 ms after the last change
  await page.reload();
  await ex.locator('.cm-content').waitFor();
  assert.equal(await codeOf(ex), 'function softmax(rows) {\n  return rows; // draft\n}\n// typed');
  const violations = await runAxe(page);
  assert.equal(violations.length, 0, describeViolations(violations));
  await context.close();
});
