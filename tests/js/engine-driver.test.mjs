// The pieces of the cross-engine driver (tests/engines/) that need no browser:
// every step's time limit names the engine and the step; what counts as
// another origin; and the WebKit probe, which only the test server puts in the
// page (the built site never contains it), with the site's own headers kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { limit, isForeign } from '../engines/driver.mjs';
import { probePlugin } from '../engines/webkit-probe.mjs';
import { repo, startServer } from '../e2e/harness.mjs';

test('a step that does not answer in time fails with the engine and the step named', async () => {
  const t0 = Date.now();
  await assert.rejects(limit('webkit', 'create a WebDriver session', 50, new Promise(() => {})),
    { message: 'webkit: create a WebDriver session: no answer within 50 ms' });
  assert.ok(Date.now() - t0 < 1000);
  assert.equal(await limit('firefox', 'goto', 1000, Promise.resolve(7)), 7);
  await assert.rejects(limit('firefox', 'goto', 1000, Promise.reject(new Error('refused'))), { message: 'refused' });
  // A late failure of the abandoned step is not an unhandled rejection.
  await assert.rejects(limit('chromium', 'click', 10, new Promise((_, reject) => setTimeout(() => reject(new Error('late')), 30))));
  await new Promise((r) => setTimeout(r, 50));
});

test('another origin: another host, port or scheme; data:, blob: and about: never', () => {
  const origin = 'http://127.0.0.1:4173';
  assert.equal(isForeign('http://127.0.0.1:4173/assets/x.js', origin), false);
  assert.equal(isForeign('http://localhost:4173/', origin), true);
  assert.equal(isForeign('http://127.0.0.1:9/', origin), true);
  assert.equal(isForeign('https://127.0.0.1:4173/', origin), true);
  assert.equal(isForeign('ws://example.com/socket', origin), true);
  for (const u of ['data:,', 'blob:http://127.0.0.1:4173/1-2', 'about:blank']) assert.equal(isForeign(u, origin), false, u);
});

test('the WebKit probe is served only by the test server that asks for it, first in the page, with the site headers', async (t) => {
  if (!fs.existsSync(path.join(repo, 'dist', 'index.html'))) return t.skip('dist/ is not built');
  assert.doesNotMatch(fs.readFileSync(path.join(repo, 'dist', 'index.html'), 'utf8'), /__lmlProbe/, 'the built site contains the probe');
  const plain = await startServer();
  const probed = await startServer({ plugins: [probePlugin()] });
  try {
    const a = await fetch(plain.url);
    assert.doesNotMatch(await a.text(), /__lmlProbe/);
    for (const p of ['', 'index.html']) {
      const b = await fetch(probed.url + p);
      const html = await b.text();
      assert.match(html, /__lmlProbe/);
      assert.ok(html.indexOf('__lmlProbe') < html.indexOf('<script type="module"'), 'the probe runs before the app');
      assert.equal(b.headers.get('cross-origin-opener-policy'), a.headers.get('cross-origin-opener-policy'));
      assert.equal(b.headers.get('cross-origin-embedder-policy'), 'require-corp');
      assert.match(b.headers.get('content-type'), /^text\/html/);
    }
  } finally {
    await plain.close();
    await probed.close();
  }
});
