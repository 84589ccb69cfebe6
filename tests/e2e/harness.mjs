// Shared helpers for the browser tests (driven from node --test):
//   const site = sharedSite();                 // one server and one browser for the file (before/after hooks)
//   const { page, consoleErrors, foreignRequests } = await newPage(site.browser, `${site.url}#/`);
//   const violations = await runAxe(page);     // serious and critical axe violations
// and the pieces sharedSite uses:
//   const server = await startServer();        // vite preview of dist/ on a free port → { url, close() }
//   const browser = await launchBrowser();     // Debian's Chromium, headless, fresh profile
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { before, after } from 'node:test';
import { fileURLToPath } from 'node:url';
import { preview } from 'vite';
import { chromium } from 'playwright-core';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
/**
 * The core build the course picks in Chromium by feature detection (Chromium
 * has relaxed SIMD): tests that compare the page's numbers with the core in
 * node load this build there (relaxed_madd may round differently on another
 * build, so the same build is the exact reference).
 */
export const CHROMIUM_BUILD = 'relaxed';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A free TCP port on 127.0.0.1 (the test servers and WebKitWebDriver). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Serves the built dist/ with `vite preview` (same headers as npm start).
 * plugins: extra Vite plugins for this server (e.g. a configurePreviewServer hook).
 * close() also drops open keep-alive connections, so after it the site is unreachable.
 */
export async function startServer({ plugins = [] } = {}) {
  if (!fs.existsSync(path.join(repo, 'dist', 'index.html'))) {
    throw new Error('dist/ is missing: build the site first (npx vite build, or npm test which builds it)');
  }
  const port = await freePort();
  const server = await preview({
    configFile: path.join(repo, 'vite.config.js'),
    logLevel: 'silent',
    preview: { host: '127.0.0.1', port, strictPort: true, open: false },
    plugins,
  });
  const url = `http://127.0.0.1:${port}/`;
  return {
    url,
    origin: new URL(url).origin,
    close: () => new Promise((resolve) => {
      server.httpServer.close(() => resolve());
      server.httpServer.closeAllConnections?.();
    }),
  };
}

/**
 * Chromium with the flags this machine needs. Playwright gives every launch a
 * fresh temporary profile (its own --user-data-dir), removed on close.
 */
export async function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/**
 * One server and one browser shared by every test of the file that calls it
 * (at module level): started in a before() hook, closed in an after() hook.
 *   const site = sharedSite(then?, { plugins? });  →  { server, browser, url }, set once the hook has run
 * then(site), if given, runs in the same hook once both are up (node runs a
 * file's top-level before() hooks concurrently, so setup that needs the site
 * goes here rather than in a before() of its own). plugins: as startServer's.
 */
export function sharedSite(then, { plugins = [] } = {}) {
  const site = {
    server: null,
    browser: null,
    get url() { return site.server.url; },
  };
  before(async () => {
    site.server = await startServer({ plugins });
    site.browser = await launchBrowser();
    await then?.(site);
  });
  after(async () => {
    await site.browser?.close();
    await site.server?.close();
  });
  return site;
}

/**
 * A fresh context and page at url, recording console errors, page errors and
 * every request to an origin other than the page's own. init: a function run
 * in the page before any of its scripts (context.addInitScript).
 * → { page, context, consoleErrors: [string], foreignRequests: [url] }
 */
export async function newPage(browser, url, { colorScheme = 'light', viewport = { width: 1280, height: 900 }, init = null } = {}) {
  const context = await browser.newContext({ colorScheme, viewport });
  if (init) await context.addInitScript(init);
  const page = await context.newPage();
  const origin = new URL(url).origin;
  const consoleErrors = [];
  const foreignRequests = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(`${msg.text()} @ ${msg.location()?.url ?? ''}`);
  });
  page.on('pageerror', (err) => consoleErrors.push(`pageerror: ${err.message}`));
  context.on('request', (req) => {
    const u = req.url();
    if (u.startsWith('data:') || u.startsWith('blob:')) return;
    if (new URL(u).origin !== origin) foreignRequests.push(u);
  });
  await page.goto(url, { waitUntil: 'load' });
  return { page, context, consoleErrors, foreignRequests };
}

const AXE = path.join(repo, 'node_modules', 'axe-core', 'axe.min.js');

/** Runs axe-core in the page → violations of impact serious or critical. */
export async function runAxe(page, { exclude = [] } = {}) {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) {
    // evaluated, not added as a <script>: the site's Content-Security-Policy refuses inline scripts
    await page.evaluate(`${fs.readFileSync(AXE, 'utf8')}\n;undefined`);
  }
  // Two frames first: what the page sets up after layout (a wide picture's scroll box becomes
  // focusable once a ResizeObserver has measured it) is in place, as it is for anyone using the page.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const violations = await page.evaluate(async (excluded) => {
    const context = excluded.length ? { include: [document], exclude: excluded.map((s) => [s]) } : document;
    const r = await window.axe.run(context, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
    }));
  }, exclude);
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** One line per violation, for assertion messages. */
export function describeViolations(violations) {
  return violations.map((v) => `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `    ${n.target}: ${n.summary}`).join('\n')}`).join('\n');
}
