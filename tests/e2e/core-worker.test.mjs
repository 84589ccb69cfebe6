// The core worker protocol in Chromium (through the page's client, exposed as
// window.lml.core): calls by name, the core's errors as Error, results as
// Float32Array, long jobs with progress, and cancellation that replaces the worker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCoreNode } from '../../wasm/bindings/core-node.mjs';
import { sharedSite, newPage, CHROMIUM_BUILD } from './harness.mjs';

let page;
let consoleErrors;
// One page for the whole file (closed with the browser).
const site = sharedSite(async () => {
  ({ page, consoleErrors } = await newPage(site.browser, `${site.url}#/`));
  await page.waitForFunction(() => globalThis.lml?.core);
});

test('the worker runs the relaxed-SIMD build (feature detection in Chromium) and the page is cross-origin isolated', async () => {
  const r = await page.evaluate(async () => ({ info: await lml.core.ready, isolated: globalThis.crossOriginIsolated }));
  assert.equal(r.info.variant, CHROMIUM_BUILD);
  assert.equal(r.info.relaxedMadd, true);
  assert.equal(r.info.arch, 'wasm');
  assert.equal(r.isolated, true);
});

test('calls by method name return the same numbers as the core in node, as Float32Array', async () => {
  const r = await page.evaluate(async () => {
    const Q = await lml.core.call('randn', 5, 3, 4);
    const { out, weights } = await lml.core.call('attention', Q, Q, Q, { causal: true });
    return { isF32: out.data instanceof Float32Array, q: Array.from(Q.data), out: Array.from(out.data), w: Array.from(weights.data), shape: out.shape };
  });
  const core = await loadCoreNode(CHROMIUM_BUILD);
  const Q = core.randn(5, 3, 4);
  const expected = core.attention(Q, Q, Q, { causal: true });
  assert.equal(r.isF32, true);
  assert.deepEqual(r.shape, [3, 4]);
  assert.deepEqual(r.q, Array.from(Q.data), 'randn is bit-identical in node and in the browser');
  // Same build, same inputs: the results agree to float32 rounding.
  r.out.forEach((v, i) => assert.ok(Math.abs(v - expected.out.data[i]) <= 1e-6, `out[${i}]`));
  r.w.forEach((v, i) => assert.ok(Math.abs(v - expected.weights.data[i]) <= 1e-6, `weights[${i}]`));
});

test("a bad input rejects with the core's message and the next call works", async () => {
  const r = await page.evaluate(async () => {
    let message = null;
    let isError = false;
    try {
      await lml.core.call('attention', { shape: [2, 3], data: new Float32Array(6) }, { shape: [2, 4], data: new Float32Array(8) }, { shape: [2, 3], data: new Float32Array(6) });
    } catch (err) {
      message = err.message;
      isError = err instanceof Error;
    }
    let unknown = null;
    try {
      await lml.core.call('module');
    } catch (err) {
      unknown = err.message;
    }
    const after = await lml.core.call('randn', 1, 2, 2);
    return { message, isError, unknown, after: after.shape };
  });
  assert.equal(r.isError, true);
  assert.match(r.message, /\S/);
  assert.doesNotMatch(r.message, /cancelled/);
  assert.match(r.unknown, /unknown core method 'module'/);
  assert.deepEqual(r.after, [2, 2]);
});

test('job names are looked up as own properties: __proto__ and constructor are unknown jobs; 2,000 refused jobs leave the heap flat', async () => {
  const r = await page.evaluate(async () => {
    const refused = [];
    for (const name of ['__proto__', 'constructor', 'toString']) {
      try {
        await lml.core.run(name, {});
        refused.push(`${name}: ran`);
      } catch (err) {
        refused.push(err.message);
      }
    }
    // configurations the core refuses after the job made a model: the model must not leak
    const bad = { segments: 3, cache: 0, sensory: 2, segment: 16 };  // N = 0 with retrieval on
    for (let i = 0; i < 20; i++) await lml.core.run('memory-pyramid', bad).catch(() => {});
    const before = await lml.core.call('memory');
    const liveBefore = await lml.core.call('hmtLive');
    for (let i = 0; i < 2000; i++) await lml.core.run('memory-pyramid', bad).catch(() => {});
    const after = await lml.core.call('memory');
    const liveAfter = await lml.core.call('hmtLive');
    return { refused, before, after, liveBefore, liveAfter };
  });
  for (const m of r.refused) assert.match(m, /unknown job/);
  assert.deepEqual(r.liveAfter, r.liveBefore, 'no model or stream outlives a refused job');
  assert.equal(r.after.inUse, r.before.inUse, 'bytes in use did not grow');
  assert.equal(r.after.heap, r.before.heap, 'the heap did not grow');
});

test('a long job reports progress; cancelling rejects it with "cancelled", a call queued behind it is answered by the fresh worker', async () => {
  const r = await page.evaluate(async () => {
    const progress = [];
    const rows = await lml.core.run('time-attention', { sizes: [64, 128], d: 16, repeats: 3, minMs: 1 }, { onProgress: (p) => progress.push(p) });
    const controller = new AbortController();
    const long = lml.core.run('time-attention', { sizes: [2048, 2048, 2048, 2048], d: 64, repeats: 50, minMs: 2000 }, { signal: controller.signal });
    const pendingCall = lml.core.call('randn', 1, 2, 2);
    setTimeout(() => controller.abort(), 100);
    const t0 = performance.now();
    let cancelled = null;
    try {
      await long;
    } catch (err) {
      cancelled = { message: err.message, name: err.name, ms: performance.now() - t0 };
    }
    let pending = null;
    try {
      pending = (await pendingCall).shape;
    } catch (err) {
      pending = err.message;
    }
    const info = await lml.core.ready;
    const after = await lml.core.call('randn', 2, 3, 1);
    return { rows, progress, cancelled, pending, info, after: after.shape };
  });
  assert.deepEqual(r.rows.map((x) => x.n), [64, 128]);
  assert.ok(r.rows.every((x) => x.ms > 0 && x.runs >= 3));
  assert.deepEqual(r.progress.map((p) => [p.done, p.total]), [[1, 2], [2, 2]]);
  assert.equal(r.cancelled?.message, 'cancelled');
  assert.equal(r.cancelled?.name, 'AbortError');
  assert.ok(r.cancelled.ms < 1500, `cancel took ${r.cancelled.ms} ms`);
  // The randn call queued behind the job is sent again to the fresh worker.
  assert.deepEqual(r.pending, [2, 2]);
  assert.equal(r.info.variant, CHROMIUM_BUILD, 'the fresh worker detects the same build');
  assert.deepEqual(r.after, [3, 1]);
  assert.deepEqual(consoleErrors, []);
});
