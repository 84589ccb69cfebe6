// The widget skeleton's states, in Chromium: while the WebAssembly core
// starts, each computing widget shows "Loading the WebAssembly core…" in
// place (not an empty box); if the core cannot start, the widget says so
// clearly instead of staying blank. The core's .wasm is held back, then
// refused, with Playwright's request routing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedSite, newPage } from './harness.mjs';

const site = sharedSite();

test('while the core loads, the heatmap shows the loading message in place; then the weights replace it', async () => {
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  const { page, context } = await newPage(site.browser, `${site.url}#/`);
  await context.route(/\.wasm$/, async (route) => {
    await held;
    await route.continue();
  });
  // the service worker installed on the first visit would serve the .wasm past the route: remove it first
  await page.evaluate(async () => { for (const r of await navigator.serviceWorker.getRegistrations()) await r.unregister(); });
  await page.evaluate(() => { location.hash = '#/self-attention/6'; location.reload(); });
  const widget = page.locator('[data-widget="attention-heatmap"]');
  await widget.locator('.widget-loading').waitFor({ timeout: 15000 });
  assert.equal((await widget.locator('.widget-view').innerText()).trim(), 'Loading the WebAssembly core…');
  assert.equal(await widget.getAttribute('data-state'), 'loading');
  release();
  await widget.locator('[data-matrix="weights"] text[data-row="0"]').first().waitFor({ timeout: 30000 });
  assert.equal(await widget.locator('.widget-loading').count(), 0);
  assert.equal(await widget.getAttribute('data-state'), 'ready');
  await context.close();
});

test('if the core cannot load, every computing widget of the pane says so (role alert), and nothing is left blank', async () => {
  const { page, context } = await newPage(site.browser, `${site.url}#/`);
  await context.route(/\.wasm$/, (route) => route.abort());
  await page.evaluate(async () => { for (const r of await navigator.serviceWorker.getRegistrations()) await r.unregister(); });
  await page.evaluate(() => { location.hash = '#/self-attention/2'; location.reload(); });
  const widget = page.locator('[data-widget="equation-stepper"]');
  await widget.locator('.widget-failed').waitFor({ timeout: 30000 });
  assert.match(await widget.locator('.widget-failed').innerText(), /cannot compute: the WebAssembly core did not start/);
  assert.equal(await widget.locator('.widget-failed').getAttribute('role'), 'alert');
  assert.equal(await widget.getAttribute('data-state'), 'failed');
  assert.match(await widget.locator('.widget-status').innerText(), /did not start/);
  await context.close();
});
