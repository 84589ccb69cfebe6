// After one visit the course works offline: the service worker (dist/sw.js,
// written by scripts/vite-offline-plugin.mjs) serves every asset, wasm
// included, and the core still computes the heatmap with the network cut.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { sharedSite, newPage, repo } from './harness.mjs';

const site = sharedSite();

test('the service worker precaches every built file, both wasm cores included, and of the fonts only woff2', () => {
  const sw = readFileSync(path.join(repo, 'dist', 'sw.js'), 'utf8');
  const assets = readdirSync(path.join(repo, 'dist', 'assets'));
  assert.ok(assets.filter((f) => f.endsWith('.wasm')).length >= 2, 'expected the simd and scalar .wasm in dist/assets');
  assert.ok(assets.some((f) => f.endsWith('.woff2')), 'expected KaTeX woff2 fonts in dist/assets');
  for (const f of assets) {
    const fallbackFont = /\.(woff|ttf)$/.test(f);
    assert.equal(sw.includes(`./assets/${f}`), !fallbackFont, `sw.js ${fallbackFont ? 'precaches the fallback font' : 'does not precache'} assets/${f}`);
  }
});

test('a reload with the network cut still shows the lesson and computes the heatmap', async () => {
  const { page, context, consoleErrors } = await newPage(site.browser, `${site.url}#/self-attention/6`);
  // Installed (every file cached) and controlling this page.
  await page.waitForFunction(() => navigator.serviceWorker.controller?.state === 'activated', null, { timeout: 30_000, polling: 100 });
  await context.setOffline(true);
  const failed = [];
  page.on('requestfailed', (r) => failed.push(r.url()));
  await page.reload({ waitUntil: 'load' });
  await page.waitForFunction(() => document.querySelectorAll('[data-widget="attention-heatmap"] text[data-row="0"]').length > 0, null, { timeout: 30_000 });
  const cell = await page.locator('[data-widget="attention-heatmap"] text[data-row="0"][data-col="0"]').textContent();
  assert.match(cell.trim(), /^\d\.\d{3}$/, `heatmap cell reads "${cell}"`);
  assert.match(await page.locator('h1').first().textContent(), /Self-attention/);
  assert.deepEqual(failed, [], 'requests failed while offline');
  assert.deepEqual(consoleErrors, []);
  await context.close();
});
