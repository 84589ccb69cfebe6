// Saved progress under hostile conditions, in Chromium:
//   - localStorage filled to its quota by something else: the stored solve
//     still shows, the notice names the store full and says how to free it,
//     an export holds everything stored plus this visit's solve, and what is
//     stored is never overwritten;
//   - an imported file with a misspelt exercise id and a misspelt field: the
//     unknown id is named, every other entry and the rest of the entry import,
//     and nothing already stored is lost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { compileCourse } from '../../scripts/lessons/course.mjs';
import { repo, sharedSite, newPage } from './harness.mjs';
import { PROGRESS_KEY, paneOf as paneOfIn, fillStorage } from './exercise-fixtures.mjs';

const { course } = compileCourse({ root: repo });
const site = sharedSite();
const paneOf = (id) => paneOfIn(course, id);

/** Answers numeric exercise `id` with `value` on the page (navigating by hash) and returns the verdict. */
async function answer(page, id, value) {
  await page.evaluate((h) => { location.hash = h; }, paneOf(id));
  const ex = page.locator(`[data-exercise="${id}"]`);
  await ex.locator('input').first().waitFor();
  await ex.locator('input').first().fill(value);
  await ex.locator('button.check').click();
  await page.waitForFunction((i) => {
    const s = document.querySelector(`[data-exercise="${i}"] .exercise-status`);
    return s && s.textContent && s.dataset.tone !== 'busy';
  }, id);
  return ex.locator('.exercise-status').innerText();
}

async function exportFrom(page, button) {
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const file = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'lml-progress-')), download.suggestedFilename());
  await download.saveAs(file);
  return { file, doc: JSON.parse(await fs.readFile(file, 'utf8')) };
}

test('storage filled to its quota by something else: the saved solve shows, the store is named full, export holds everything, nothing stored is overwritten', async () => {
  const { page, context, consoleErrors } = await newPage(site.browser, `${site.url}#/`);
  try {
    assert.match(await answer(page, 'cost-ratio', String(course.exercises['cost-ratio'].answer)), /^Correct/);
    const stored = await page.evaluate((k) => localStorage.getItem(k), PROGRESS_KEY);
    assert.equal(JSON.parse(stored).exercises['cost-ratio'].solved, true);
    // another script of this origin fills the store to its last byte
    const filled = await page.evaluate(fillStorage);
    assert.ok(filled.bytes > 1e6, `only ${filled.bytes} bytes could be written`);

    await page.reload({ waitUntil: 'load' });
    await page.evaluate((h) => { location.hash = h; }, paneOf('cost-ratio'));
    const badge = page.locator('[data-exercise="cost-ratio"] .exercise-badge');
    await badge.waitFor();
    assert.match(await badge.innerText(), /Solved/, 'the stored solve is read although the store is full');
    const notice = page.locator('.progress-notice');
    await notice.waitFor();
    assert.equal(await notice.getAttribute('role'), 'alert');
    const text = await notice.innerText();
    assert.match(text, /storage is full/i);
    assert.match(text, /To free space: export your progress, clear this site's data/);
    assert.match(text, /“other-app-\d+” \(2\.1 MB\)/, 'the largest entries that are not the course\'s are named');
    assert.doesNotMatch(text, /does not let the course store data/);

    // a solve in this visit cannot be saved, but it is exported with the stored one
    assert.match(await answer(page, 'variance-qk', '256'), /^Correct/);
    await page.evaluate(() => { location.hash = '#/'; });
    const { doc } = await exportFrom(page, page.locator('.progress-panel button.progress-export'));
    assert.equal(doc.exercises['cost-ratio']?.solved, true, 'export holds the stored solve');
    assert.equal(doc.exercises['variance-qk']?.solved, true, "export holds this visit's solve");
    assert.equal(await page.evaluate((k) => localStorage.getItem(k), PROGRESS_KEY), stored, 'what is stored is never overwritten');
    assert.deepEqual(consoleErrors, []);
  } finally {
    await context.close();
  }
});

test('import: a misspelt exercise id is named, the other entries and the rest of a misspelt entry import, nothing stored is lost', async () => {
  const { page, context, consoleErrors } = await newPage(site.browser, `${site.url}#/`);
  try {
    assert.match(await answer(page, 'cost-ratio', String(course.exercises['cost-ratio'].answer)), /^Correct/);
    assert.match(await answer(page, 'variance-qk', '256'), /^Correct/);
    await page.evaluate(() => { location.hash = '#/'; });
    const panel = page.locator('.progress-panel');
    await panel.waitFor();
    const { file, doc } = await exportFrom(page, panel.locator('button.progress-export'));
    // a third solve is made after the export; the import must not lose it
    assert.match(await answer(page, 'sqrt-dk-numeric', String(course.exercises['sqrt-dk-numeric'].answer)), /^Correct/);
    await page.evaluate(() => { location.hash = '#/'; });
    await panel.waitFor();

    // one letter changed in an id, one in a field name of the other entry, a lesson id in capitals
    const { 'variance-qk': vq, 'cost-ratio': cr } = doc.exercises;
    const { hints, ...rest } = cr;
    const typo = { ...doc, exercises: { 'varianse-qk': vq, 'cost-ratio': { ...rest, hint: hints, lesson: 'Quadratic-Wall' } } };
    await page.evaluate((k) => {
      const d = JSON.parse(localStorage.getItem(k));
      d.exercises = { 'sqrt-dk-numeric': d.exercises['sqrt-dk-numeric'] };  // only the later solve remains stored
      localStorage.setItem(k, JSON.stringify(d));
    }, PROGRESS_KEY);
    await page.reload({ waitUntil: 'load' });
    await panel.waitFor();
    const typoFile = path.join(path.dirname(file), 'typo.json');
    await fs.writeFile(typoFile, JSON.stringify(typo, null, 2));
    await panel.locator('input[type="file"]').setInputFiles(typoFile);
    await page.waitForFunction(() => /Import/.test(document.querySelector('.progress-status')?.textContent ?? ''));
    const said = await panel.locator('.progress-status').innerText();
    assert.doesNotMatch(said, /rejected/);
    assert.match(said, /“varianse-qk”/, 'the unknown id is named');
    assert.match(said, /unknown field 'hint'/);
    assert.match(said, /'lesson' must be a lesson id/);
    const after = JSON.parse(await page.evaluate((k) => localStorage.getItem(k), PROGRESS_KEY)).exercises;
    assert.equal(after['cost-ratio']?.solved, true, 'the rest of the misspelt entry imports');
    assert.equal(after['cost-ratio']?.answer, cr.answer);
    assert.equal(after['sqrt-dk-numeric']?.solved, true, 'what was stored before the import is kept');
    assert.equal(after['varianse-qk']?.solved, true, 'the misspelt entry is kept, not lost');
    assert.match(await panel.locator('.progress-summary').innerText(), /^2 of/);
    assert.deepEqual(consoleErrors, []);
  } finally {
    await context.close();
  }
});
