// dist/ as a static host serves it with dist/_headers applied (static-host.mjs),
// in Chromium: the file gives every response nosniff and a Referrer-Policy,
// each document and worker exactly one Content-Security-Policy (none with
// 'unsafe-eval'), the .wasm files their MIME type; and the whole course,
// walked as tests/e2e/course-walk.test.mjs walks it, draws every widget,
// grades code in the sandbox (where eval, new Function and string timers are
// refused) and reports no policy violation, console error or request to
// another origin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { compileCourse } from '../../scripts/lessons/course.mjs';
import { DOCUMENT_CSP, SANDBOX_CSP } from '../../scripts/vite-csp-plugin.mjs';
import { repo, launchBrowser, newPage } from './harness.mjs';
import { startStaticHost } from './static-host.mjs';
import { walkCourse } from './walk.mjs';
import { paneOf, setCode, verdictOf, withCodeFromTextAttempts } from './exercise-fixtures.mjs';

const { course } = compileCourse({ root: repo });
let host = null;
let browser = null;
before(async () => {
  host = await startStaticHost();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await host?.close();
});

const recordViolations = `window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));`;

const files = () => fs.readdirSync(path.join(repo, 'dist', 'assets')).map((f) => `/assets/${f}`);

test('dist/_headers: nosniff and Referrer-Policy everywhere, one policy per document and worker, none with \'unsafe-eval\', application/wasm', () => {
  const all = ['/', '/index.html', '/sw.js', ...files()];
  for (const p of all) {
    const h = host.headersFor(p);
    assert.equal(h['X-Content-Type-Options'], 'nosniff', p);
    assert.equal(h['Referrer-Policy'], 'no-referrer', p);
    const csp = h['Content-Security-Policy'];
    if (csp) assert.ok(csp === DOCUMENT_CSP || csp === SANDBOX_CSP, `${p}: one policy, not two joined: ${csp}`);
    if (csp) assert.doesNotMatch(csp, /'unsafe-eval'/, p);
    if (p.endsWith('.wasm')) assert.equal(h['Content-Type'], 'application/wasm', p);
  }
  const worker = files().filter((p) => /^\/assets\/worker-[\w-]+\.js$/.test(p));
  const trainer = files().filter((p) => /^\/assets\/trainer-worker-[\w-]+\.js$/.test(p));
  const sandbox = files().filter((p) => /^\/assets\/sandbox-worker-[\w-]+\.js$/.test(p));
  assert.equal(worker.length, 1, 'one core worker script');
  assert.equal(sandbox.length, 1, 'one sandbox worker script');
  assert.equal(trainer.length, 1, 'one training-lab worker script');
  for (const p of ['/', '/index.html', '/sw.js', ...worker, ...trainer]) assert.equal(host.headersFor(p)['Content-Security-Policy'], DOCUMENT_CSP, p);
  assert.equal(host.headersFor(sandbox[0])['Content-Security-Policy'], SANDBOX_CSP);
  assert.equal(SANDBOX_CSP, "default-src 'none'; script-src 'self' blob:");
  const text = fs.readFileSync(path.join(repo, 'dist', '_headers'), 'utf8');
  assert.doesNotMatch(text, /'unsafe-eval'/, 'dist/_headers');
  assert.equal(files().filter((p) => /\/lml_core-[\w-]+\.wasm$/.test(p)).length, 3, 'three builds of the core');
  assert.equal(files().filter((p) => /\/lml_trainer-[\w-]+\.wasm$/.test(p)).length, 2, 'two builds of the trainer (SIMD only)');
});

test('the whole course on a host applying dist/_headers: every widget drawn, code graded in the sandbox, no policy violation', async () => {
  const { page, context, consoleErrors, foreignRequests } = await newPage(browser, `${host.url}#/`, { init: { content: recordViolations } });
  try {
    const res = await page.request.get(host.url);
    assert.equal(res.headers()['content-security-policy'], DOCUMENT_CSP, 'the host sends the policy');
    const { problems, panesSeen, widgetsSeen } = await walkCourse(page, course, host.url, {
      onPane: async (where) => (await page.evaluate(() => window.__violations.splice(0))).map((v) => `${where}: policy violation ${v}`),
    });
    assert.deepEqual(problems, []);
    assert.equal(panesSeen, course.lessons.reduce((a, l) => a + l.panes.length, 0));
    assert.ok(widgetsSeen >= 13, `${widgetsSeen} widgets drawn`);
    // learner code compiled in the sandbox worker under its own header (a blob: module, no eval),
    // where eval('1'), new Function('return 1') and setTimeout('…') are refused
    await page.goto(`${host.url}${paneOf(course, 'softmax-stable')}`);
    const ex = page.locator('[data-exercise="softmax-stable"]');
    await ex.locator('.cm-content').waitFor();
    await setCode(ex, withCodeFromTextAttempts(course.exercises['softmax-stable'].solution));
    await ex.locator('button.submit').click();
    assert.match(await verdictOf(page, 'softmax-stable'), /^Passed/);
    assert.deepEqual(await page.evaluate(() => window.__violations), []);
    assert.deepEqual(consoleErrors, [], 'console errors (a refused script or eval is reported there)');
    assert.deepEqual(foreignRequests, []);
  } finally {
    await context.close();
  }
});
