// Content-Security-Policy in Chromium. A second local server on another port
// stands for "another origin" and counts every request it gets.
//   - the exercise sandbox worker is served with its own policy (default-src
//     'none'; script-src 'self' 'unsafe-eval'): import() of another origin's
//     script from inside the worker is refused by the browser, not by our code;
//   - learner code that tries new FontFace(…).load() or
//     Function('return import("http://…")')() sends nothing;
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
import { paneOf, setCode, verdictOf } from './exercise-fixtures.mjs';

const { course } = compileCourse({ root: repo });
const site = sharedSite();
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

test('the sandbox worker is served with its own policy, and the browser enforces it inside the worker', async () => {
  hits.length = 0;
  const { page, context } = await newPage(site.browser, `${site.url}${paneOf(course, 'softmax-stable')}`);
  await page.locator('[data-exercise="softmax-stable"] .cm-content').waitFor();
  // From inside the worker, past the learner-code checks: the browser refuses another origin's script.
  const got = await inSandboxWorker(page, `(async () => {
    const v = [];
    self.addEventListener('securitypolicyviolation', (e) => v.push(e.violatedDirective));
    const r = await import('${leakUrl}/worker-import.js').then(() => 'loaded', (e) => 'refused: ' + e.message);
    await new Promise((ok) => setTimeout(ok, 200));
    return r + ' ' + v.join();
  })()`);
  assert.match(got.value, /^refused: .* script-src-elem$/, got.value);
  const res = await page.request.get(got.url);
  assert.equal(res.headers()['content-security-policy'], SANDBOX_CSP);
  // (the browser's request log shows the attempt; the other origin never received it)
  assert.deepEqual(hits, [], `the leak server was reached: ${hits.join(', ')}`);
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
