// Runs the suites in Debian's Chromium (headless) through playwright-core.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startStaticServer } from './serve.mjs';

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function runInChromium({ quick, only, sizes, log = console.log }) {
  const { server, url } = await startStaticServer();
  const profile = mkdtempSync(path.join(tmpdir(), 'lml-bench-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true,
  });
  try {
    const page = browser.pages()[0] || (await browser.newPage());
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); else log(`  [chromium] ${m.text()}`); });
    await page.goto(`${url}/bench/browser/index.html`);
    await page.waitForFunction(() => window.benchReady === true, null, { timeout: 60_000 }).catch(() => {
      throw new Error(`benchmark page did not load: ${errors.join('; ')}`);
    });
    page.setDefaultTimeout(0);
    return await page.evaluate((opts) => window.runBench(opts), { quick, only, sizes });
  } finally {
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
    server.close();
  }
}
