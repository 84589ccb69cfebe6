// Content-Security-Policy in Chromium. A second local server on another port
// stands for "another origin" and counts every request it gets. No policy of
// the site has 'unsafe-eval'.
//   - the exercise sandbox worker is served with its own policy (default-src
//     'none'; script-src 'self' blob:): import() of another origin's script
//     from inside the worker is refused by the browser, not by our code, while
//     a blob: module the worker makes is imported (that is how learner code is
//     compiled); a probe worker served with the same policy, without the
//     sandbox's own lock-down, shows what the browser refuses by itself: eval,
//     new Function, a timer given a string, every fetch, another origin's script;
//   - learner code that tries new FontFace(…).load() or
//     Function('return import("http://…")')() sends nothing; learner code that
//     tries eval('1'), new Function('return 1') or setTimeout('…') is refused,
//     and the same answer is still graded and passes;
//   - the document's policy (a <meta> at build): fetch, import() and a font
//     from another origin are refused, while the page still loads its core,
//     draws a widget, renders KaTeX and grades an exercise with no violation;
//   - the core worker is served with the document's policy (no 'unsafe-eval'):
//     new Function is refused inside it, and each of the three builds of the
//     core (built with -sDYNAMIC_EXECUTION=0) computes under it.
// The whole course under the policy: tests/e2e/course-walk.test.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { compileCourse } from '../../scripts/lessons/course.mjs';
import { DOCUMENT_CSP, SANDBOX_CSP } from '../../scripts/vite-csp-plugin.mjs';
import { widgetsDrawn, widgetReport } from './pane-probes.mjs';
import { repo, sharedSite, newPage, freePort } from './harness.mjs';
import { paneOf, setCode, verdictOf, withCodeFromTextAttempts } from './exercise-fixtures.mjs';

// A worker script at an address the sandbox's policy is sent for (the dev and
// preview servers' rule, SANDBOX_SCRIPT), without the sandbox's lock-down: it
// tries what learner code might, and posts what happened. ?leak= names the other origin.
const PROBE_PATH = '/assets/sandbox-worker-probe.js';
const PROBE = `const leak = new URL(self.location.href).searchParams.get('leak');
const violations = [];
self.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective + ' ' + e.blockedURI));
const attempt = async (f) => { try { return 'ran: ' + (await f()); } catch (e) { return 'refused: ' + e.name; } };
const out = {};
out.eval = await attempt(() => eval('1'));
out.newFunction = await attempt(() => new Function('return 1')());
out.stringTimer = await new Promise((resolve) => {
  try { setTimeout('self.__ran = 1', 0); } catch (e) { resolve('refused: ' + e.name); return; }
  setTimeout(() => resolve(self.__ran ? 'ran' : 'refused'), 200);
});
out.blobModule = await attempt(async () => {
  const url = URL.createObjectURL(new Blob(['export default 7;'], { type: 'text/javascript' }));
  return (await import(url)).default;
});
out.fetchSelf = await attempt(() => fetch('/index.html').then((r) => r.status));
out.fetchOther = await attempt(() => fetch(leak + '/probe-fetch').then((r) => r.status));
out.importOther = await attempt(() => import(leak + '/probe-import.js').then(() => 'loaded'));
await new Promise((ok) => setTimeout(ok, 200));
out.violations = violations;
postMessage(out);`;
const probe = {
  name: 'lml-test-sandbox-policy-probe',
  configurePreviewServer(server) {
    server.middlewares.use((req, res, next) => {
      if ((req.url ?? '').split('?')[0] !== PROBE_PATH) return next();
      res.setHeader('Content-Type', 'text/javascript');
      res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
      res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
      res.end(PROBE);
    });
  },
};

const { course } = compileCourse({ root: repo });
const site = sharedSite(null, { plugins: [probe] });
const hits = [];
let leak = null;
let leakUrl = '';

before(async () => {
  const port = await freePort();
  leak = http.createServer((req, res) => {
    hits.push(req.url);
    res.writeHead(200, { 'Content-Type': 'text/javascript', 'Access-Control-Allow-Origin': '*' });
    res.end('export default 1;');
  });
  await new Promise((resolve) => leak.listen(port, '127.0.0.1', resolve));
  leakUrl = `http://127.0.0.1:${port}`;
});
after(() => new Promise((resolve) => leak.close(resolve)));

// Records every CSP violation the page or its workers report to the page.
const recordViolations = `window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));`;

/**
 * Evaluates an expression inside a worker of the page whose address matches `pattern`
 * through the DevTools protocol (the sandbox worker has replaced eval, which
 * Playwright's worker.evaluate uses; and DevTools lets evaluated code eval
 * unless told not to, so a policy without 'unsafe-eval' is checked as it holds
 * for the worker's own code) → { url, value }.
 */
async function inWorker(page, pattern, expression) {
  const cdp = await page.context().browser().newBrowserCDPSession();
  try {
    let target = null;
    for (let i = 0; i < 100 && !target; i++) {
      const { targetInfos } = await cdp.send('Target.getTargets');
      target = targetInfos.find((t) => t.type === 'worker' && pattern.test(t.url));
      if (!target) await page.waitForTimeout(100);
    }
    if (!target) throw new Error(`no worker matching ${pattern} started`);
    const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false });
    const reply = new Promise((resolve) => {
      cdp.on('Target.receivedMessageFromTarget', (m) => {
        const msg = JSON.parse(m.message);
        if (m.sessionId === sessionId && msg.id === 1) resolve(msg);
      });
    });
    await cdp.send('Target.sendMessageToTarget', {
      sessionId,
      message: JSON.stringify({ id: 1, method: 'Runtime.evaluate', params: { expression, awaitPromise: true, returnByValue: true, allowUnsafeEvalBlockedByCSP: false } }),
    });
    const r = (await reply).result ?? {};
    return { url: target.url, value: r.result?.value ?? r.exceptionDetails?.text };
  } finally {
    await cdp.detach();
  }
}
const inSandboxWorker = (page, expression) => inWorker(page, /sandbox-worker/, expression);

test('no policy of the site has \'unsafe-eval\'; the sandbox\'s allows scripts from the site and blob: only', () => {
  assert.doesNotMatch(DOCUMENT_CSP, /'unsafe-eval'/);
  assert.doesNotMatch(SANDBOX_CSP, /'unsafe-eval'/);
  assert.equal(SANDBOX_CSP, "default-src 'none'; script-src 'self' blob:");
});

test('the sandbox worker is served with its own policy, and the browser enforces it inside the worker', async () => {
  hits.length = 0;
  const { page, context } = await newPage(site.browser, `${site.url}${paneOf(course, 'softmax-stable')}`);
  await page.locator('[data-exercise="softmax-stable"] .cm-content').waitFor();
  // From inside the worker, past the learner-code checks: the browser refuses another origin's
  // script, and imports a blob: module the worker made (as it does to compile learner code).
  const got = await inSandboxWorker(page, `(async () => {
    const v = [];
    self.addEventListener('securitypolicyviolation', (e) => v.push(e.violatedDirective));
    const r = await import('${leakUrl}/worker-import.js').then(() => 'loaded', (e) => 'refused: ' + e.message);
    await new Promise((ok) => setTimeout(ok, 200));
    const url = URL.createObjectURL(new Blob(['export default 6 * 7;'], { type: 'text/javascript' }));
    const blob = await import(url).then((m) => 'blob module: ' + m.default, (e) => 'blob refused: ' + e.message);
    return r + ' ' + v.join() + '; ' + blob;
  })()`);
  assert.match(got.value, /^refused: .* script-src-elem; blob module: 42$/, got.value);
  const res = await page.request.get(got.url);
  assert.equal(res.headers()['content-security-policy'], SANDBOX_CSP);
  // (the browser's request log shows the attempt; the other origin never received it)
  assert.deepEqual(hits, [], `the leak server was reached: ${hits.join(', ')}`);
  await context.close();
});

test('under the sandbox\'s policy alone, the browser refuses eval, new Function, string timers, every fetch and other origins\' scripts, and allows blob: modules', async () => {
  hits.length = 0;
  const { page, context } = await newPage(site.browser, `${site.url}#/`);
  const probeUrl = `${site.url.replace(/\/$/, '')}${PROBE_PATH}?leak=${encodeURIComponent(leakUrl)}`;
  const res = await page.request.get(probeUrl);
  assert.equal(res.headers()['content-security-policy'], SANDBOX_CSP, 'the probe is served with the sandbox\'s policy');
  const out = await page.evaluate((url) => new Promise((resolve, reject) => {
    const w = new Worker(url, { type: 'module' });
    w.onmessage = (e) => { resolve(e.data); w.terminate(); };
    w.onerror = (e) => reject(new Error(`the probe failed: ${e.message}`));
  }), probeUrl);
  const { violations, ...tried } = out;
  assert.deepEqual(tried, {
    eval: 'refused: EvalError',
    newFunction: 'refused: EvalError',
    stringTimer: 'refused',
    blobModule: 'ran: 7',
    fetchSelf: 'refused: TypeError',
    fetchOther: 'refused: TypeError',
    importOther: 'refused: TypeError',
  });
  for (const want of [/^script-src eval$/, /^connect-src http:\/\/127\.0\.0\.1:\d+\/index\.html$/, /^connect-src http:\/\/127\.0\.0\.1:\d+\/probe-fetch$/, /^script-src-elem http:\/\/127\.0\.0\.1:\d+\/probe-import\.js$/]) {
    assert.ok(violations.some((v) => want.test(v)), `no violation ${want} in ${violations.join(' | ')}`);
  }
  assert.ok(!violations.some((v) => /blob:/.test(v)), violations.join(' | '));
  assert.deepEqual(hits, [], `the leak server was reached: ${hits.join(', ')}`);
  await context.close();
});

test('learner code: eval(\'1\'), new Function(\'return 1\'), a constructor and setTimeout(\'…\') are refused, and the answer is still graded', async () => {
  const { page, context, consoleErrors, foreignRequests } = await newPage(site.browser, `${site.url}${paneOf(course, 'softmax-stable')}`, { init: { content: recordViolations } });
  const ex = page.locator('[data-exercise="softmax-stable"]');
  await ex.locator('.cm-content').waitFor();
  await setCode(ex, withCodeFromTextAttempts(course.exercises['softmax-stable'].solution));
  await ex.locator('button.submit').click();
  assert.match(await verdictOf(page, 'softmax-stable'), /^Passed/);
  await setCode(ex, withCodeFromTextAttempts('function softmax(rows) { return rows; }'));
  await ex.locator('button.run').click();
  assert.match(await verdictOf(page, 'softmax-stable'), /^Failed: /);
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(foreignRequests, []);
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test('learner code: FontFace and Function(\'return import("http://…")\')() send no request', async () => {
  hits.length = 0;
  const { page, context, consoleErrors, foreignRequests } = await newPage(site.browser, `${site.url}${paneOf(course, 'softmax-stable')}`);
  const ex = page.locator('[data-exercise="softmax-stable"]');
  await ex.locator('.cm-content').waitFor();
  await setCode(ex, `const tries = [];
try { new FontFace('x', 'url(${leakUrl}/font?s=1)').load().catch(() => {}); tries.push('fontface sent'); } catch (e) { tries.push('fontface blocked'); }
try { Function('return import("${leakUrl}/fn-import.js")')().catch(() => {}); tries.push('import sent'); } catch (e) { tries.push('import blocked'); }
try { self.fonts.add(new FontFace('y', 'url(${leakUrl}/font2)')); tries.push('fonts sent'); } catch (e) { tries.push('fonts blocked'); }
console.log(tries.join(', '));
function softmax(rows) { return rows; }`);
  await ex.locator('button.run').click();
  assert.match(await verdictOf(page, 'softmax-stable'), /^Failed/);
  assert.match(await ex.locator('.result-output pre').first().textContent(), /fontface blocked, import blocked, fonts blocked/);
  await page.waitForTimeout(500);
  assert.deepEqual(hits, [], `the leak server was reached: ${hits.join(', ')}`);
  assert.deepEqual(foreignRequests, []);
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test('the document\'s policy refuses other origins, and the page still works under it', async () => {
  hits.length = 0;
  const { page, context, consoleErrors, foreignRequests } = await newPage(site.browser, `${site.url}${paneOf(course, 'softmax-stable')}`, { init: { content: recordViolations } });
  assert.equal(await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content'), DOCUMENT_CSP);
  const ex = page.locator('[data-exercise="softmax-stable"]');
  await ex.locator('.cm-content').waitFor();
  // the page works: the core, KaTeX with its fonts, an exercise graded
  await page.waitForFunction(() => /Core: WebAssembly/.test(document.getElementById('core-status')?.textContent ?? ''), null, { timeout: 20000 });
  await setCode(ex, course.exercises['softmax-stable'].solution);
  await ex.locator('button.submit').click();
  assert.match(await verdictOf(page, 'softmax-stable'), /^Passed/);
  assert.ok(await page.evaluate(() => document.fonts.check('16px KaTeX_Main')), 'KaTeX_Main is not loaded');
  assert.deepEqual(await page.evaluate(() => window.__violations), [], 'the site itself broke its policy');
  // other origins are refused
  const tried = await page.evaluate(async (u) => {
    const out = {};
    out.fetch = await fetch(`${u}/fetch`).then(() => 'sent', () => 'refused');
    out.import = await import(/* @vite-ignore */ `${u}/page-import.js`).then(() => 'sent', () => 'refused');
    out.font = await new FontFace('z', `url(${u}/font3)`).load().then(() => 'sent', () => 'refused');
    out.image = await new Promise((resolve) => { const i = new Image(); i.onload = () => resolve('sent'); i.onerror = () => resolve('refused'); i.src = `${u}/img.png`; });
    return out;
  }, leakUrl);
  assert.deepEqual(tried, { fetch: 'refused', import: 'refused', font: 'refused', image: 'refused' });
  assert.deepEqual(hits, [], `the leak server was reached: ${hits.join(', ')}`);
  assert.ok((await page.evaluate(() => window.__violations)).length >= 4, 'the refusals were not reported as policy violations');
  assert.deepEqual(foreignRequests.filter((u) => !u.startsWith(leakUrl)), []);
  assert.ok(consoleErrors.every((e) => /Content Security Policy/.test(e) && e.includes(leakUrl.replace('http://', ''))), consoleErrors.join('\n'));
  await context.close();
});

for (const build of ['relaxed', 'simd', 'scalar']) {
  test(`the core worker runs under a policy without 'unsafe-eval': ${build} build computes, new Function is refused in it`, async () => {
    const context = await site.browser.newContext({ serviceWorkers: 'block' });
    try {
      const page = await context.newPage();
      const errors = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('pageerror', (e) => errors.push(e.message));
      await page.addInitScript({ content: recordViolations });
      const lesson = course.lessons.find((l) => l.panes[0].blocks.some((b) => b.type === 'widget' && b.name === 'attention-heatmap'))
        ?? course.lessons.find((l) => l.panes.some((p) => p.blocks.some((b) => b.type === 'widget')));
      const pane = lesson.panes.findIndex((p) => p.blocks.some((b) => b.type === 'widget')) + 1;
      const workerSeen = page.waitForEvent('worker', { predicate: (w) => /\/worker-[\w-]+\.js/.test(w.url()) });
      await page.goto(`${site.url}?core=${build}#/${lesson.id}/${pane}`, { waitUntil: 'load' });
      const worker = await workerSeen;
      const res = await page.request.get(worker.url());
      assert.equal(res.headers()['content-security-policy'], DOCUMENT_CSP);
      assert.doesNotMatch(DOCUMENT_CSP, /'unsafe-eval'/);
      await page.waitForFunction(() => /Core: WebAssembly/.test(document.getElementById('core-status')?.textContent ?? ''), null, { timeout: 30000 });
      assert.match(await page.locator('#core-status').innerText(), build === 'scalar' ? /scalar/ : build === 'simd' ? /WebAssembly SIMD,/ : /relaxed SIMD/);
      await page.waitForFunction(widgetsDrawn, null, { timeout: 60000 });
      assert.deepEqual((await page.evaluate(widgetReport)).filter((w) => w.error), []);
      const made = await inWorker(page, /\/worker-[\w-]+\.js/, `(() => { try { return String(new Function('return 1')()); } catch (e) { return 'refused: ' + e.name; } })()`);
      assert.equal(made.value, 'refused: EvalError', 'the policy is in force in the core worker');
      assert.deepEqual(await page.evaluate(() => window.__violations), []);
      // (the refused new Function above is reported in the worker's console, which Playwright does not relay)
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
}
