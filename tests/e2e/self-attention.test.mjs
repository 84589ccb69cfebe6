// The self-attention lesson's widgets in Chromium show the core's numbers:
// every matrix cell of the equation stepper and of the heatmap is compared
// with the same computation done in node on the same build of the core
// (randn for the seeds, then attentionTrace / attention).
// Tolerance: see attention-numbers.mjs (the printed value is the exact one
// rounded to 3 decimals).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadCoreNode } from '../../wasm/bindings/core-node.mjs';
import { sharedSite, newPage, CHROMIUM_BUILD } from './harness.mjs';
import { TOL, rows, parse, example, cellsToMatrix, assertClose } from './attention-numbers.mjs';

const site = sharedSite();
let core;
before(async () => {
  core = await loadCoreNode(CHROMIUM_BUILD);
});

/** Printed cells of one matrix figure inside root → number[][]. */
async function readMatrix(root, name) {
  return cellsToMatrix(await root.locator(`[data-matrix="${name}"] text[data-row]`).evaluateAll((els) => els.map((e) => ({
    i: Number(e.dataset.row), j: Number(e.dataset.col), text: e.textContent,
  }))));
}

async function stepperCase(hashQuery, { seed, n, dk, causal }) {
  const { page, context, consoleErrors } = await newPage(site.browser, `${site.url}#/self-attention/2${hashQuery}`);
  const widget = page.locator('[data-widget="equation-stepper"]');
  await widget.locator('[data-matrix="Q"] text').first().waitFor();
  const { Q, K, V } = example(core, seed, n, dk);
  const t = core.attentionTrace(Q, K, V, { causal });
  const expected = { Q: rows(Q), K: rows(K), V: rows(V), scores: rows(t.scores), logits: rows(t.logits), weights: rows(t.weights), out: rows(t.out) };
  const seen = new Set();
  for (let step = 1; step <= 5; step++) {
    await page.waitForFunction((s) => document.querySelector('[data-widget="equation-stepper"]').dataset.step === String(s), step);
    const names = await widget.locator('.widget-view [data-matrix]').evaluateAll((els) => els.map((e) => e.dataset.matrix));
    assert.ok(names.length >= 2, `step ${step} shows ${names.length} matrices`);
    for (const name of names) {
      assertClose(await readMatrix(widget, name), expected[name], `step ${step} ${name}`);
      seen.add(name);
    }
    if (step < 5) await widget.locator('.step-next').click();
  }
  assert.deepEqual([...seen].sort(), Object.keys(expected).sort(), 'every matrix of the trace is shown at some step');
  assert.ok(await widget.locator('.step-next').isDisabled(), 'Next step is disabled at the last step');
  // The pane did not move while stepping.
  assert.ok((await page.evaluate(() => location.hash)).startsWith('#/self-attention/2'));
  // The table view prints the same numbers in a real <table>.
  await widget.locator('.table-toggle').click();
  const tableCells = await widget.locator('table[data-matrix="out"] td[data-row]').allInnerTexts();
  assert.equal(tableCells.length, n * dk);
  expected.out.flat().forEach((v, k) => assert.ok(Math.abs(parse(tableCells[k]) - v) <= TOL, `table out cell ${k}`));
  assert.deepEqual(consoleErrors, []);
  await context.close();
}

test("equation stepper: the lesson's example (seed 1, 4 tokens, d_k = 4) equals the core's trace at every step", async () => {
  await stepperCase('', { seed: 1, n: 4, dk: 4, causal: false });
});

test('equation stepper: settings from the URL (seed 123, 6 tokens, d_k = 8, causal) equal the core and show −∞', async () => {
  await stepperCase('?equation-stepper.tokens=6&equation-stepper.dk=8&equation-stepper.seed=123&equation-stepper.causal=true',
    { seed: 123, n: 6, dk: 8, causal: true });
});

test('heatmap: the causal control masks the cells above the diagonal (hatched, weight exactly 0), sliders work by keyboard, the URL state survives a reload', async () => {
  const { page, context, consoleErrors } = await newPage(site.browser, `${site.url}#/self-attention/6`);
  const widget = page.locator('[data-widget="attention-heatmap"]');
  await widget.locator('[data-matrix="weights"] text').first().waitFor();
  const n = 8;
  const dk = 16;
  const { Q, K, V } = example(core, 1, n, dk);
  assertClose(await readMatrix(widget, 'weights'), rows(core.attention(Q, K, V).weights), 'weights');

  await widget.getByLabel('Causal mask').check();
  await page.waitForFunction(() => document.querySelector('[data-widget="attention-heatmap"] text[data-row="0"][data-col="1"]')?.textContent === 'masked');
  const maskedCells = await widget.locator('[data-matrix="weights"] text[data-masked]').evaluateAll((els) => els.map((e) => [Number(e.dataset.row), Number(e.dataset.col)]));
  assert.equal(maskedCells.length, (n * (n - 1)) / 2, 'every cell above the diagonal, and only those, prints “masked”');
  assert.ok(maskedCells.every(([i, j]) => j > i));
  assert.equal(await widget.locator('.matrix-legend').count(), 1, 'a legend says what a masked cell means');
  const causal = await readMatrix(widget, 'weights');
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) assert.equal(causal[i][j], 0, `cell (${i}, ${j}) above the diagonal`);
  assertClose(causal, rows(core.attention(Q, K, V, { causal: true }).weights), 'causal weights');
  assert.match(await page.evaluate(() => location.hash), /attention-heatmap\.causal=true/);

  // Unscaled: scale 1 instead of 1/√d_k.
  await widget.getByLabel('Divide by √d_k').uncheck();
  await page.waitForFunction(() => /scale 1 \(unscaled\)/.test(document.querySelector('[data-widget="attention-heatmap"] .widget-status').textContent));
  assertClose(await readMatrix(widget, 'weights'), rows(core.attention(Q, K, V, { causal: true, scale: 1 }).weights), 'unscaled weights');

  // The tokens slider by keyboard: ArrowRight adds a token and does not change the pane.
  await widget.getByLabel(/Tokens/).focus();
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => document.querySelectorAll('[data-widget="attention-heatmap"] text[data-row="8"]').length === 9);
  let hash = await page.evaluate(() => location.hash);
  assert.ok(hash.startsWith('#/self-attention/6?'), hash);
  assert.match(hash, /attention-heatmap\.tokens=9/);
  assert.match(hash, /attention-heatmap\.scaled=false/);

  // Reload: the same view comes back from the URL.
  await page.reload();
  await widget.locator('[data-matrix="weights"] text').first().waitFor();
  assert.equal(await widget.getByLabel('Causal mask').isChecked(), true);
  assert.equal(await widget.getByLabel('Divide by √d_k').isChecked(), false);
  const big = example(core, 1, 9, dk);
  assertClose(await readMatrix(widget, 'weights'), rows(core.attention(big.Q, big.K, big.V, { causal: true, scale: 1 }).weights), 'weights after reload');

  // Back to the lesson's settings: the URL loses its query.
  await widget.getByLabel('Causal mask').uncheck();
  await widget.getByLabel('Divide by √d_k').check();
  await widget.getByLabel(/Tokens/).focus();
  await page.keyboard.press('ArrowLeft');
  await page.waitForFunction(() => location.hash === '#/self-attention/6');
  hash = await page.evaluate(() => location.hash);
  assert.equal(hash, '#/self-attention/6');
  assert.deepEqual(consoleErrors, []);
  await context.close();
});
