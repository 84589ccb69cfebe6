// Updates never break an open tab (Chromium, against the built site): a new
// service worker installs in the background and waits; the page offers
// "A new version … — Reload"; the open tab keeps working on its own files
// meanwhile; Reload hands over to the new worker, which keeps the previous
// version's cache. The "new version" is dist/sw.js with another cache name,
// served by a preview-server hook once the test flips it on.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startServer, launchBrowser, newPage, repo } from './harness.mjs';

let flip = false;
const swap = {
  name: 'lml-test-sw-swap',
  configurePreviewServer(server) {
    server.middlewares.use((req, res, next) => {
      if (!flip || req.url.split('?')[0] !== '/sw.js') return next();
      const src = readFileSync(path.join(repo, 'dist', 'sw.js'), 'utf8').replace(/const CACHE = 'lml-[^']+'/, "const CACHE = 'lml-next'");
      res.setHeader('Content-Type', 'text/javascript');
      res.setHeader('Cache-Control', 'no-store');
      res.end(src);
    });
  },
};

const serverP = startServer({ plugins: [swap] });
const browserP = launchBrowser();
after(async () => {
  await (await browserP).close();
  await (await serverP).close();
});

test('a new version waits for the learner: the open tab keeps working, Reload hands over and keeps the old cache', async () => {
  const { url } = await serverP;
  const { page, context, consoleErrors } = await newPage(await browserP, `${url}#/self-attention/1`);
  await page.waitForFunction(() => navigator.serviceWorker.controller?.state === 'activated', null, { timeout: 30_000, polling: 100 });
  const oldCache = await page.evaluate(async () => (await caches.keys()).find((k) => k !== 'lml-meta' && k.startsWith('lml-')));
  flip = true;
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
  const prompt = page.locator('.reload-prompt');
  await prompt.waitFor({ timeout: 30_000 });
  assert.match(await prompt.innerText(), /A new version of the course is available/);
  // the tab is not switched under its feet: a lazily loaded widget still starts
  await page.evaluate(() => { location.hash = '#/self-attention/6'; });
  await page.waitForFunction(() => document.querySelectorAll('[data-widget="attention-heatmap"] text[data-row="0"]').length > 0, null, { timeout: 30_000 });
  assert.equal(await page.evaluate(() => navigator.serviceWorker.controller.scriptURL.endsWith('sw.js')), true);
  // the learner accepts: the waiting worker takes over and the page reloads
  const reloaded = page.waitForEvent('load', { timeout: 30_000 });
  await prompt.getByRole('button', { name: 'Reload' }).click();
  await reloaded;
  await page.waitForFunction(() => navigator.serviceWorker.controller?.state === 'activated', null, { timeout: 30_000 });
  const keys = await page.evaluate(() => caches.keys());
  assert.ok(keys.includes('lml-next'), `the new version's cache: ${keys}`);
  assert.ok(keys.includes(oldCache), `the previous version's cache is kept for tabs still running it: ${keys}`);
  assert.deepEqual(consoleErrors, []);
  await context.close();
});
