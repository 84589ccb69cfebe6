// Compute where the data lives: the heatmap and the scaling plot generate
// their examples in the core worker and receive only what they draw; the
// trained-memory widget asks one job per change and a drag is at most 2. The page's
// messages to the core worker are counted (Worker.prototype.postMessage and the
// onmessage handler are wrapped before the app starts) for one interaction each.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedSite, newPage, runAxe, describeViolations } from './harness.mjs';

const site = sharedSite();

// Runs in the page before the app: records every request to a core worker
// ({ type: 'call' | 'run' }) and every reply, with the size of the typed arrays in it.
function countMessages() {
  const log = { sent: [], received: [] };
  globalThis.__coreMessages = log;
  const floats = (v, depth = 0) => {
    if (!v || typeof v !== 'object' || depth > 6) return 0;
    if (ArrayBuffer.isView(v)) return v.length;
    return Object.values(v).reduce((s, x) => s + floats(x, depth + 1), 0);
  };
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function postCounted(msg, ...rest) {
    if (msg && (msg.type === 'call' || msg.type === 'run')) {
      log.sent.push({ type: msg.type, name: msg.job ?? msg.method, numbers: floats(msg.args) });
    }
    return post.call(this, msg, ...rest);
  };
  const handler = Object.getOwnPropertyDescriptor(Worker.prototype, 'onmessage');
  Object.defineProperty(Worker.prototype, 'onmessage', {
    configurable: true,
    get() { return handler.get.call(this); },
    set(fn) {
      handler.set.call(this, (event) => {
        const d = event.data;
        if (d && d.id !== undefined && ['result', 'error', 'progress'].includes(d.type)) log.received.push({ type: d.type, numbers: floats(d.value) });
        if (d?.type === 'result' && d.value?.segmentsStreamed !== undefined) globalThis.__lastTrained = d.value;
        return fn.call(this, event);
      });
    },
  });
}

const messages = (page) => page.evaluate(() => {
  const { sent, received } = globalThis.__coreMessages;
  const copy = { sent: [...sent], received: [...received] };
  sent.length = 0;
  received.length = 0;
  return copy;
});

test('heatmap: one message to the worker per change of a setting, one reply, and only the n × n weights come back', async () => {
  const { page, context, consoleErrors } = await newPage(site.browser, `${site.url}#/self-attention/6`, { init: countMessages });
  const widget = page.locator('[data-widget="attention-heatmap"]');
  await widget.locator('[data-matrix="weights"] text').first().waitFor();
  const first = await messages(page);
  assert.deepEqual(first.sent.map((m) => `${m.type} ${m.name}`), ['run attention-example'], 'the first drawing takes one job');

  await widget.getByLabel('Causal mask').check();
  await page.waitForFunction(() => document.querySelector('[data-widget="attention-heatmap"] text[data-row="0"][data-col="1"]')?.textContent === 'masked');
  const { sent, received } = await messages(page);
  assert.deepEqual(sent, [{ type: 'run', name: 'attention-example', numbers: 0 }], 'one job; no tensor goes to the worker');
  assert.deepEqual(received, [{ type: 'result', numbers: 8 * 8 }], 'one reply holding the 8 × 8 weights and nothing else');
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test('scaling plot: a new seed is one message to the worker; every q·k stays there; a cached read-out needs none', async () => {
  const url = `${site.url}#/why-sqrt-dk/6?scaling-plot.samples=256&scaling-plot.maxDk=64&scaling-plot.dk=16`;
  const { page, context, consoleErrors } = await newPage(site.browser, url, { init: countMessages });
  const widget = page.locator('[data-widget="scaling-plot"]');
  const finished = () => page.waitForFunction(() => /Computed by the core/.test(document.querySelector('[data-widget="scaling-plot"] .widget-status')?.textContent ?? ''), null, { timeout: 60000 });
  await finished();
  await messages(page);

  const seed = widget.getByLabel('Seed', { exact: true });
  await seed.fill('9');
  await seed.dispatchEvent('change');
  await page.waitForFunction(() => /seed 9,/.test(document.querySelector('[data-widget="scaling-plot"] .readout')?.textContent ?? ''), null, { timeout: 60000 });
  await finished();
  const { sent, received } = await messages(page);
  assert.deepEqual(sent, [{ type: 'run', name: 'scaling-curves', numbers: 0 }], 'one job for the seven points d_k = 1 … 64');
  assert.equal(received.filter((m) => m.type === 'progress').length, 7, 'one small progress record per point');
  assert.equal(received.filter((m) => m.type === 'result').length, 1);
  assert.ok(received.every((m) => m.numbers === 0), 'no tensor comes back: the 256 × 256 products stay in the worker');

  await widget.getByLabel('Read out at d_k', { exact: true }).selectOption('32');
  await page.waitForFunction(() => document.querySelector('[data-widget="scaling-plot"] .readout')?.dataset.dk === '32');
  assert.deepEqual((await messages(page)).sent, [], 'reading out another computed d_k asks the worker nothing');
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

// The trained-memory widget: one core call per change (the job streams the document once per
// condition it reports, memory and ablated, and collects every search on the way), and latest
// wins: a slider dragged across its range sends at most 2 jobs.
const trainedDone = (page) => page.waitForFunction(() => {
  const w = document.querySelector('[data-widget="trained-memory"]');
  return /answered/.test(w?.querySelector('.widget-status')?.textContent ?? '') && !w.querySelector('[data-pending]');
}, null, { timeout: 60000 });

test('trained-memory: one job and one document pass per condition for a change; a drag of D from 0 to 24 sends at most 2 jobs', async (t) => {
  const { page, context, consoleErrors } = await newPage(site.browser, `${site.url}#/hmt-retrieval/6?trained-memory.distance=0`, { init: countMessages });
  try {
    const widget = page.locator('[data-widget="trained-memory"]');
    await trainedDone(page);
    await messages(page);
    // one change: one job; the reply holds every segment's search and both conditions' bits
    const before = await widget.locator('.doc-segment').count();
    await widget.getByLabel('Cache size N').focus();
    await page.keyboard.press('ArrowLeft');
    await page.waitForFunction(() => document.querySelector('[data-widget="trained-memory"] .widget-status')?.textContent.includes('answered')
      && !document.querySelector('[data-widget="trained-memory"] [data-pending]') && document.querySelector('[data-widget="trained-memory"] input[name="cache"]').value === '15');
    await trainedDone(page);
    const one = await messages(page);
    assert.deepEqual(one.sent.map((m) => `${m.type} ${m.name}`), ['run trained-answer'], 'one job for one change');
    assert.equal(one.received.length, 1, 'one reply');
    const streamed = await page.evaluate(() => globalThis.__lastTrained?.segmentsStreamed);
    assert.equal(streamed, 2 * before, `the document (${before} segments) streamed once as it is and once ablated, nothing more (${streamed})`);

    // a drag across the whole range: the first input waits out the pause, so at most 2 jobs
    const slider = widget.getByLabel('Distance D');
    const box = await slider.boundingBox();
    const y = box.y + box.height / 2;
    await page.evaluate(() => {
      const s = document.querySelector('[data-widget="trained-memory"] input[name="distance"]');
      globalThis.__lastInput = 0;
      s.addEventListener('input', () => { globalThis.__lastInput = performance.now(); });
    });
    await page.mouse.move(box.x + 2, y);
    await page.mouse.down();
    for (let i = 1; i <= 24; i++) await page.mouse.move(box.x + 2 + ((box.width - 4) * i) / 24, y);
    await page.mouse.up();
    assert.equal(await slider.inputValue(), '24', 'the drag ends at D = 24');
    await page.waitForFunction(() => document.querySelectorAll('[data-widget="trained-memory"] .doc-segment').length >= 26
      && !document.querySelector('[data-widget="trained-memory"] [data-pending]'), null, { timeout: 60000 });
    const waited = await page.evaluate(() => performance.now() - globalThis.__lastInput);
    const drag = await messages(page);
    const jobs = drag.sent.filter((m) => m.name === 'trained-answer').length;
    assert.ok(jobs >= 1 && jobs <= 2, `a drag of D from 0 to 24 sent ${jobs} jobs`);
    assert.match(await widget.locator('.seg-label').nth(1).textContent(), /segment 1/);
    t.diagnostic(`drag 0 → 24: ${jobs} job(s); last input → final picture ${waited.toFixed(0)} ms (D = 24, one document)`);
    assert.ok(waited < 3000, `the final picture came ${waited.toFixed(0)} ms after the last input`);
    const violations = await runAxe(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    assert.deepEqual(consoleErrors, []);
  } finally {
    await context.close();
  }
});
