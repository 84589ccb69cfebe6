// The site shell in Chromium: the course map, deep links, arrow keys, dark
// mode, mobile and print layouts, and axe on the map and on every pane of the
// self-attention lesson in light and dark mode.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileCourse } from '../../scripts/lessons/course.mjs';
import { repo, sharedSite, newPage, runAxe, describeViolations } from './harness.mjs';

const { course } = compileCourse({ root: repo });
const lesson = course.lessons.find((l) => l.id === 'self-attention');
const site = sharedSite();

/** Waits until every widget of the pane has replaced its "Loading…" and drawn. */
async function settle(page) {
  await page.waitForFunction(() => !document.querySelector('.widget-host .loading'), null, { timeout: 15000 });
  await page.waitForFunction(() => [...document.querySelectorAll('.widget-status')].every((s) => s.textContent !== ''), null, { timeout: 15000 });
}

const paneTitle = (page) => page.locator('#pane-title').innerText();
/** Waits until pane p is on screen (the hash changes before the view does). */
const onPane = (page, p) => page.waitForFunction((n) => document.querySelector('.pane-steps a[aria-current="step"]')?.textContent === String(n), p);

test('the course map loads with no console error and no request to another origin', async () => {
  const { page, context, consoleErrors, foreignRequests } = await newPage(site.browser, `${site.url}#/`);
  await page.waitForSelector('.lesson-card');
  assert.equal(await page.locator('.lesson-card').count(), course.lessons.length, 'one card per lesson');
  assert.deepEqual(await page.locator('.unit h2').allInnerTexts(), course.units.map((u) => u.name));
  await page.waitForFunction(() => /SIMD/.test(document.getElementById('core-status').textContent));
  assert.deepEqual(consoleErrors, []);
  assert.deepEqual(foreignRequests, []);
  await context.close();
});

test('a deep link opens its pane; ArrowRight/ArrowLeft move panes and the URL follows', async () => {
  const { page, context, consoleErrors } = await newPage(site.browser, `${site.url}#/self-attention/3`);
  await page.waitForSelector('#pane-title');
  assert.equal(await paneTitle(page), lesson.panes[2].title);
  assert.equal(await page.locator('.pane-steps a[aria-current="step"]').innerText(), '3');

  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => location.hash === '#/self-attention/4');
  await onPane(page, 4);
  assert.equal(await paneTitle(page), lesson.panes[3].title);

  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await page.waitForFunction(() => location.hash === '#/self-attention/2');
  await onPane(page, 2);
  assert.equal(await paneTitle(page), lesson.panes[1].title);
  // The live region announces the new pane.
  await page.waitForFunction(() => /Pane 2 of 6/.test(document.getElementById('announcer').textContent));

  // Arrow keys inside a form control belong to the control, not to the panes.
  await settle(page);
  await page.locator('[data-widget="equation-stepper"] input[type="number"]').focus();
  await page.keyboard.press('ArrowRight');
  await page.waitForTimeout(150);
  assert.ok((await page.evaluate(() => location.hash)).startsWith('#/self-attention/2'));

  // The Next link leads to the next pane and keeps the focus on itself.
  await page.locator('.pane-next').click();
  await page.waitForFunction(() => location.hash === '#/self-attention/3');
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('pane-next')), true);
  // From the last pane, Next leads to the next lesson.
  await page.goto(`${site.url}#/self-attention/6`);
  const next = course.lessons[course.lessons.indexOf(lesson) + 1];
  assert.equal(await page.locator('.pane-next').getAttribute('href'), `#/${next.id}/1`);
  // Pane numbers beyond the lesson are clamped; unknown lessons say so.
  await page.goto(`${site.url}#/self-attention/99`);
  await page.waitForFunction(() => location.hash === '#/self-attention/6');
  await page.goto(`${site.url}#/no-such-lesson/1`);
  await page.waitForSelector('.not-found');
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test('a broken percent-escape in the hash opens pane 1 or the not-found page, never an empty page', async () => {
  const { page, context, consoleErrors } = await newPage(site.browser, `${site.url}#/self-attention/%E0%A4%A`);
  await page.waitForSelector('#pane-title');
  assert.equal(await paneTitle(page), lesson.panes[0].title);
  await page.evaluate(() => { location.hash = '#/%E0%A4%A/2'; });
  await page.waitForSelector('.not-found h1');
  assert.match(await page.locator('.not-found').innerText(), /No such lesson/);
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test('corrupted visits (seen: 5, a bad last place) do not blank the course map: the bad entries are dropped alone', async () => {
  const corrupt = () => localStorage.setItem('lml.visits.v1', JSON.stringify({
    lessons: { 'self-attention': { seen: 5 }, 'why-long-memory': { seen: [1, 2, 'x'] }, 'multi-head': null },
    last: { lesson: 7, pane: 'two' },
  }));
  const { page, context, consoleErrors } = await newPage(site.browser, `${site.url}#/`, { init: corrupt });
  await page.waitForSelector('.lesson-card');
  assert.equal(await page.locator('.lesson-card').count(), course.lessons.length, 'one card per lesson');
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test('a citation moves the focus to its source without leaving the pane; a lesson: link opens that lesson', async () => {
  const { page, context, consoleErrors } = await newPage(site.browser, `${site.url}#/self-attention/1`);
  await page.waitForSelector('a.cite');
  await page.locator('a.cite').first().click();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'source-vaswani2017');
  assert.equal(await page.evaluate(() => location.hash), '#/self-attention/1');
  assert.equal(await paneTitle(page), lesson.panes[0].title);
  await page.goto(`${site.url}#/self-attention/3`);
  await page.locator('a.lesson-link[href="#/why-sqrt-dk/1"]').click();
  await page.waitForFunction(() => location.hash === '#/why-sqrt-dk/1');
  const target = course.lessons.find((l) => l.id === 'why-sqrt-dk');
  await page.waitForFunction((t) => document.getElementById('lesson-title')?.textContent === t, `${target.order}. ${target.title}`);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'lesson-title', 'a new lesson takes the focus to its title');
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test('the map offers to continue where the learner left off and counts panes seen', async () => {
  const { page, context } = await newPage(site.browser, `${site.url}#/self-attention/1`);
  await page.waitForSelector('#pane-title');
  await page.goto(`${site.url}#/self-attention/3`);
  await page.waitForFunction(() => location.hash === '#/self-attention/3');
  await page.goto(`${site.url}#/`);
  const cont = page.locator('.continue a');
  assert.equal(await cont.getAttribute('href'), '#/self-attention/3');
  const card = page.locator('.lesson-card', { has: page.locator('a[href="#/self-attention/1"]') });
  assert.match(await card.innerText(), /2 of 6 panes seen/);
  await context.close();
});

test('absurd widget settings in a link are named on the pane, dropped, and the address corrected', async () => {
  const { page, context, consoleErrors } = await newPage(site.browser, `${site.url}#/self-attention/6?attention-heatmap.tokens=9999&attention-heatmap.seed=3`);
  const note = page.locator('.url-note');
  await note.waitFor();
  assert.match(await note.innerText(), /attention-heatmap\.tokens=9999/);
  await page.waitForFunction(() => !location.hash.includes('tokens=9999'));
  assert.match(await page.evaluate(() => location.hash), /attention-heatmap\.seed=3/, 'valid settings stay');
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test('each use of the heatmap offers only the controls taught so far (lesson 1: its words and seed; lesson 4: the mask too)', async () => {
  const labels = async (page) => {
    const w = page.locator('[data-widget="attention-heatmap"]').first();
    await w.locator('.widget-view, .widget-table').first().waitFor();
    return w.locator('.widget-controls label, form label').allInnerTexts();
  };
  const one = await newPage(site.browser, `${site.url}#/why-long-memory/2`);
  const first = (await labels(one.page)).join(' | ');
  assert.match(first, /Words/);
  assert.doesNotMatch(first, /Causal|Temperature|Recency|d_k/, first);
  await one.context.close();
  const four = await newPage(site.browser, `${site.url}#/heatmaps-masks/1`);
  assert.match((await labels(four.page)).join(' | '), /Causal mask/);
  await four.context.close();
});

test('the map shows mastery: exercises solved per lesson beside panes seen', async () => {
  const ids = Object.values(course.exercises).filter((e) => e.lesson === 'self-attention').map((e) => e.id);
  assert.ok(ids.length >= 2, 'the self-attention lesson has exercises');
  const now = '2026-01-01T00:00:00.000Z';
  const entry = { lesson: 'self-attention', answer: 8, attempts: 1, hints: 0, partial: false, solution: false, solved: true, solvedAt: now, last: 'pass', updated: now };
  const doc = { schema: 'long-memory-lab/progress', version: 1, updated: now, exercises: { [ids[0]]: entry } };
  const { page, context, consoleErrors } = await newPage(site.browser, `${site.url}#/`, {
    init: { content: `localStorage.setItem('lml.progress.v1', ${JSON.stringify(JSON.stringify(doc))});` },
  });
  const card = page.locator('.lesson-card', { has: page.locator('a[href="#/self-attention/1"]') });
  await card.locator('.lesson-mastery').filter({ hasText: /solved/ }).waitFor();
  assert.match(await card.locator('.lesson-mastery').innerText(), new RegExp(`1 of ${ids.length} solved`));
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test('dark mode follows the system, the toggle overrides it and is remembered', async () => {
  const { page, context } = await newPage(site.browser, `${site.url}#/`, { colorScheme: 'dark' });
  await page.waitForSelector('.lesson-card');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  const bgDark = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.click('#theme-toggle');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'light');
  assert.notEqual(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), bgDark);
  await page.reload();
  await page.waitForSelector('.lesson-card');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'light');
  assert.equal(await page.locator('#theme-toggle').getAttribute('aria-pressed'), 'false');
  await context.close();
});

test('mobile width: nothing overflows the page sideways; print hides the navigation', async () => {
  const { page, context } = await newPage(site.browser, `${site.url}#/self-attention/6`, { viewport: { width: 375, height: 740 } });
  await settle(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.pane-nav').evaluate((el) => getComputedStyle(el).display), 'none');
  assert.equal(await page.locator('.site-header').evaluate((el) => getComputedStyle(el).display), 'none');
  await context.close();
});

test('the skip link moves the focus to the main content', async () => {
  const { page, context } = await newPage(site.browser, `${site.url}#/`);
  await page.waitForSelector('.lesson-card');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.className), 'skip-link');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
  assert.equal(await page.evaluate(() => location.hash), '#/');
  await context.close();
});

for (const colorScheme of ['light', 'dark']) {
  test(`axe: no serious or critical violation on the map and every pane of lesson 2 (${colorScheme})`, async () => {
    const { page, context, consoleErrors } = await newPage(site.browser, `${site.url}#/`, { colorScheme });
    await page.waitForSelector('.lesson-card');
    const found = [];
    const check = async (where) => {
      const v = await runAxe(page);
      if (v.length) found.push(`${where}:\n${describeViolations(v)}`);
    };
    await check('course map');
    for (let pane = 1; pane <= lesson.panes.length; pane++) {
      await page.goto(`${site.url}#/self-attention/${pane}`);
      await onPane(page, pane);
      await settle(page);
      await check(`self-attention pane ${pane}`);
    }
    assert.equal(found.length, 0, found.join('\n\n'));
    assert.deepEqual(consoleErrors, []);
    await context.close();
  });
}

test('the glossary: one click from a pane, every term with its KaTeX symbol, a glossary link focuses its term, axe clean in both modes', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const { page, context, consoleErrors, foreignRequests } = await newPage(site.browser, `${site.url}#/why-long-memory/1`, { colorScheme });
    await page.waitForSelector('#lesson-title');
    await page.locator('.site-nav a[href="#/glossary"]').click();
    await page.waitForFunction(() => document.getElementById('glossary-title'));
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'glossary-title', 'the glossary takes the focus to its title');
    assert.equal(await page.locator('.glossary-table tbody tr').count(), course.glossary.length, 'one row per term');
    const withSymbol = course.glossary.filter((e) => e.symbol).length;
    assert.equal(await page.locator('.glossary-table td.glossary-symbol .katex').count(), withSymbol, 'every symbol rendered by KaTeX');
    assert.equal(await page.locator('.glossary-table .katex-error, .glossary-table .math-error').count(), 0);
    const v = await runAxe(page);
    assert.equal(v.length, 0, `glossary (${colorScheme}):\n${describeViolations(v)}`);
    // a term linked from a lesson: the row is focused and marked
    const perplexityPane = course.lessons[0].panes.findIndex((p) => p.blocks.some((b) => (b.html ?? '').includes('#/glossary/perplexity'))) + 1;
    assert.ok(perplexityPane > 0, 'lesson 1 links perplexity');
    await page.goto(`${site.url}#/why-long-memory/${perplexityPane}`);
    await page.locator('a.glossary-link[href="#/glossary/perplexity"]').first().click();
    await page.waitForFunction(() => document.activeElement?.id === 'term-perplexity');
    assert.equal(await page.locator('#term-perplexity.current th').innerText(), 'perplexity (PPL)');
    assert.deepEqual(consoleErrors, []);
    assert.deepEqual(foreignRequests, []);
    await context.close();
  }
  // on a phone the header keeps the glossary link
  const { page, context } = await newPage(site.browser, `${site.url}#/self-attention/1`, { viewport: { width: 390, height: 844 } });
  await page.waitForSelector('#lesson-title');
  assert.ok(await page.locator('.site-nav a[href="#/glossary"]').isVisible(), 'glossary link visible at 390 px');
  await page.locator('.site-nav a[href="#/glossary"]').click();
  await page.waitForSelector('.glossary-table');
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'the glossary table scrolls in its own box, the page does not');
  await context.close();
});

test('code tabs: the C++ the core runs is selected and says so; arrow keys switch to the PyTorch style without leaving the pane; axe clean', async () => {
  const lesson4 = course.lessons.find((l) => l.id === 'heatmaps-masks');
  const pane = lesson4.panes.findIndex((p) => p.blocks.some((b) => b.type === 'code-tabs')) + 1;
  assert.ok(pane > 0);
  const { page, context, consoleErrors } = await newPage(site.browser, `${site.url}#/heatmaps-masks/${pane}`);
  await page.waitForSelector('.code-tabs [role="tablist"]');
  const tabs = page.locator('.code-tabs').first().locator('[role="tab"]');
  assert.equal(await tabs.count(), 2);
  assert.equal(await tabs.nth(0).getAttribute('aria-selected'), 'true');
  assert.match(await tabs.nth(0).innerText(), /C\+\+.*runs/s);
  const panels = page.locator('.code-tabs').first().locator('[role="tabpanel"]');
  assert.match(await panels.nth(0).innerText(), /This is the code that runs/);
  assert.ok(await panels.nth(0).locator('code').innerText().then((t) => t.includes('void causal_mask')));
  assert.equal(await panels.nth(1).isVisible(), false, 'the PyTorch panel is hidden at first');
  await tabs.nth(0).focus();
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('role') + ':' + document.activeElement?.dataset.lang), 'tab:python');
  assert.equal(await tabs.nth(1).getAttribute('aria-selected'), 'true');
  assert.equal(await tabs.nth(0).getAttribute('tabindex'), '-1', 'only the selected tab is in the Tab order');
  assert.ok(await panels.nth(1).isVisible());
  assert.equal(await panels.nth(0).isVisible(), false);
  assert.match(await panels.nth(1).innerText(), /does not run here/);
  assert.match(await panels.nth(1).innerText(), /masked_fill/);
  assert.equal(await page.evaluate(() => location.hash), `#/heatmaps-masks/${pane}`, 'the arrow moved the tab, not the pane');
  await page.keyboard.press('Home');
  assert.equal(await tabs.nth(0).getAttribute('aria-selected'), 'true');
  const v = await runAxe(page);
  assert.equal(v.length, 0, describeViolations(v));
  assert.deepEqual(consoleErrors, []);
  await context.close();
});
