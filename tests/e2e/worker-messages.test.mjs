// Compute where the data lives: the heatmap and the scaling plot generate
// their examples in the core worker and receive only what they draw. The page's
// messages to the core worker are counted (Worker.prototype.postMessage and the
// onmessage handler are wrapped before the app starts) for one interaction each.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedSite, newPage } from './harness.mjs';

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
