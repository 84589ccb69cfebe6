// The scaling-plot, multihead-heatmaps, quadratic-timing and model-timeline
// widgets in Chromium: each draws, changes when a control changes, writes its
// settings to the URL, and prints the numbers the core gives in node for the
// same seed. Expected values are computed here directly from the core's
// primitives (randn, matmul, attention) and, for multi-head attention, from
// the core's naive reference path — not from the widgets' own modules.
// Tolerances: printed 3-decimal values within 0.0005 (+1e-6 for float32);
// values carried in data attributes within 1e-9 relative (same wasm, same JS).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadCoreNode } from '../../wasm/bindings/core-node.mjs';
import { sharedSite, newPage, CHROMIUM_BUILD } from './harness.mjs';

const TOL3 = 0.0005 + 1e-6;
const site = sharedSite();
let core;
before(async () => {
  core = await loadCoreNode(CHROMIUM_BUILD);
});

const rows = ({ shape: [r, c], data }) => Array.from({ length: r }, (_, i) => Array.from(data.subarray(i * c, (i + 1) * c)));
// A masked cell (the causal mask) prints 'masked' in the picture and '0 (masked)' in the table: its weight is exactly 0.
const parse = (s) => (/^(0 \()?masked\)?$/.test(String(s).trim()) ? 0 : Number(String(s).trim().replace('−', '-')));
const closeRel = (a, b, rel = 1e-9) => Math.abs(a - b) <= rel * Math.max(1, Math.abs(b));

// ------------------------------------------------------------ scaling-plot
// The definition the widget documents (and the saturation exercise grades):
//   Q = randn(seed + 1, S, d_k), K = randn(seed, S, d_k); Var over all entries of Q·Kᵀ (and ·1/√d_k);
//   Km = randn(seed, keys, d_k); mean over queries of the max of softmax(Q·Kmᵀ·scale).
function expectedScaling(dk, { seed, samples, keys }) {
  const Q = core.randn(seed + 1, samples, dk);
  const K = core.randn(seed, samples, dk);
  const D = core.matmul(Q, K, { transposeB: true }).data;
  const variance = (f) => {
    let m = 0;
    for (const x of D) m += x * f;
    m /= D.length;
    let ss = 0;
    for (const x of D) ss += (x * f - m) ** 2;
    return ss / (D.length - 1);
  };
  const Km = core.randn(seed, keys, dk);
  const meanMax = (W) => rows(W).reduce((s, r) => s + Math.max(...r), 0) / samples;
  return {
    variance: { unscaled: variance(1), scaled: variance(1 / Math.sqrt(dk)) },
    saturation: {
      unscaled: meanMax(core.attention(Q, Km, Km, { scale: 1 }).weights),
      scaled: meanMax(core.attention(Q, Km, Km).weights),
    },
  };
}

async function readQuantities(widget) {
  return widget.locator('[data-quantity]').evaluateAll((els) => Object.fromEntries(els.map((e) => [e.dataset.quantity, e.textContent])));
}

test('scaling-plot: both curves and the read-out at d_k = 64 equal the core (seed 42, 2000 queries, 8 keys); controls and URL work', async () => {
  const { page, context, consoleErrors, foreignRequests } = await newPage(site.browser, `${site.url}#/why-sqrt-dk/6?scaling-plot.show=both`);
  const widget = page.locator('[data-widget="scaling-plot"]');
  await page.waitForFunction(() => /Computed by the core/.test(document.querySelector('[data-widget="scaling-plot"] .widget-status')?.textContent ?? ''), null, { timeout: 60000 });

  const settings = { seed: 42, samples: 2000, keys: 8 };
  const at64 = expectedScaling(64, settings);
  const q = await readQuantities(widget);
  assert.ok(Math.abs(parse(q['saturation-unscaled']) - at64.saturation.unscaled) <= TOL3, `saturation unscaled: printed ${q['saturation-unscaled']}, core ${at64.saturation.unscaled}`);
  assert.ok(Math.abs(parse(q['saturation-scaled']) - at64.saturation.scaled) <= TOL3, `saturation scaled: printed ${q['saturation-scaled']}, core ${at64.saturation.scaled}`);
  assert.ok(Math.abs(parse(q['variance-unscaled']) - at64.variance.unscaled) <= 0.005 + 1e-6, `variance unscaled: printed ${q['variance-unscaled']}, core ${at64.variance.unscaled}`);
  assert.ok(Math.abs(parse(q['variance-scaled']) - at64.variance.scaled) <= TOL3, `variance scaled: printed ${q['variance-scaled']}, core ${at64.variance.scaled}`);
  // The physics the lesson states: Var ≈ d_k unscaled, ≈ 1 scaled; the unscaled softmax is far more peaked.
  assert.ok(Math.abs(at64.variance.unscaled / 64 - 1) < 0.1 && Math.abs(at64.variance.scaled - 1) < 0.1);
  assert.ok(at64.saturation.unscaled > at64.saturation.scaled + 0.3);

  // Every plotted point (d_k = 1 … 512) carries the core's value.
  for (const plot of ['variance', 'saturation']) {
    for (const which of ['unscaled', 'scaled']) {
      const pts = await widget.locator(`svg[data-plot="${plot}"] .point-${which}`).evaluateAll((els) => els.map((e) => [Number(e.dataset.dk), Number(e.dataset.value)]));
      assert.deepEqual(pts.map(([dk]) => dk), [1, 2, 4, 8, 16, 32, 64, 128, 256, 512], `${plot} ${which}: d_k of the points`);
      for (const [dk, value] of pts.filter(([d]) => d === 1 || d === 8 || d === 512)) {
        const e = expectedScaling(dk, settings)[plot][which];
        assert.ok(closeRel(value, e), `${plot} ${which} at d_k = ${dk}: plotted ${value}, core ${e}`);
      }
    }
  }

  // Read out at another d_k: the numbers follow, the URL records it.
  await widget.getByLabel('Read out at d_k', { exact: true }).selectOption('128');
  await page.waitForFunction(() => document.querySelector('[data-widget="scaling-plot"] .readout')?.dataset.dk === '128');
  const at128 = expectedScaling(128, settings);
  const q128 = await readQuantities(widget);
  assert.ok(Math.abs(parse(q128['saturation-unscaled']) - at128.saturation.unscaled) <= TOL3, 'saturation unscaled at d_k = 128');
  assert.match(await page.evaluate(() => location.hash), /scaling-plot\.dk=128/);

  // A new seed recomputes: different numbers, still the core's.
  const seedInput = widget.getByLabel('Seed', { exact: true });
  await seedInput.fill('7');
  await seedInput.press('Enter');
  await seedInput.dispatchEvent('change');
  await page.waitForFunction(() => /seed 7,/.test(document.querySelector('[data-widget="scaling-plot"] .readout')?.textContent ?? ''), null, { timeout: 60000 });
  await page.waitForFunction(() => /Computed by the core/.test(document.querySelector('[data-widget="scaling-plot"] .widget-status')?.textContent ?? ''), null, { timeout: 60000 });
  const seven = expectedScaling(128, { ...settings, seed: 7 });
  const q7 = await readQuantities(widget);
  assert.ok(Math.abs(parse(q7['saturation-scaled']) - seven.saturation.scaled) <= TOL3, `seed 7 saturation scaled: printed ${q7['saturation-scaled']}, core ${seven.saturation.scaled}`);
  assert.notEqual(q7['saturation-scaled'], q128['saturation-scaled']);
  assert.match(await page.evaluate(() => location.hash), /scaling-plot\.seed=7/);

  // The table view lists every point.
  await widget.locator('.table-toggle').click();
  assert.equal(await widget.locator('.widget-table table tbody tr').count(), 10);

  // Leaving the pane and coming back shows the finished curves at once (cached).
  await page.evaluate(() => { location.hash = '#/why-sqrt-dk/5'; });
  await page.waitForFunction(() => !document.querySelector('[data-widget="scaling-plot"]'));
  await page.evaluate(() => { location.hash = '#/why-sqrt-dk/6?scaling-plot.show=both&scaling-plot.seed=7&scaling-plot.dk=128'; });
  await page.waitForFunction(() => document.querySelectorAll('[data-widget="scaling-plot"] svg[data-plot="saturation"] .point-scaled').length === 10, null, { timeout: 5000 });
  assert.equal((await readQuantities(widget))['saturation-scaled'], q7['saturation-scaled']);

  assert.deepEqual(consoleErrors, []);
  assert.deepEqual(foreignRequests, []);
  await context.close();
});

// ------------------------------------------------------- multihead-heatmaps
// Widget inputs: X = randn(seed, n, d), W_q/W_k/W_v/W_o = randn(seed + 1 … seed + 4, d, d, 1/√d).
function expectedMultiHead({ seed, tokens, dModel, heads, causal }) {
  const std = 1 / Math.sqrt(dModel);
  const X = core.randn(seed, tokens, dModel);
  const W = { Wq: core.randn(seed + 1, dModel, dModel, std), Wk: core.randn(seed + 2, dModel, dModel, std), Wv: core.randn(seed + 3, dModel, dModel, std), Wo: core.randn(seed + 4, dModel, dModel, std) };
  return core.multiHead(X, W, heads, { causal, reference: true }); // the naive scalar path
}

async function readMatrix(root, name) {
  const cells = await root.locator(`[data-matrix="${name}"] text[data-row]`).evaluateAll((els) => els.map((e) => ({ i: Number(e.dataset.row), j: Number(e.dataset.col), text: e.textContent })));
  const out = [];
  for (const { i, j, text } of cells) (out[i] ??= [])[j] = parse(text);
  return out;
}

function assertClose(actual, expected, what) {
  assert.equal(actual.length, expected.length, `${what}: ${actual.length} rows, expected ${expected.length}`);
  expected.forEach((row, i) => {
    assert.equal(actual[i]?.length, row.length, `${what}: row ${i} has ${actual[i]?.length} cells, expected ${row.length}`);
    row.forEach((v, j) => assert.ok(Math.abs(actual[i][j] - v) <= TOL3, `${what}[${i}][${j}]: printed ${actual[i][j]}, core ${v} (tolerance ${TOL3})`));
  });
}

test('multihead-heatmaps: split, per-head weights and concat equal the core’s naive reference; heads and causal controls', async () => {
  const { page, context, consoleErrors, foreignRequests } = await newPage(site.browser, `${site.url}#/multi-head/3?multihead-heatmaps.show=all`);
  const widget = page.locator('[data-widget="multihead-heatmaps"]');
  await widget.locator('[data-matrix="weights-head-4"] text').first().waitFor();
  let opts = { seed: 7, tokens: 6, dModel: 16, heads: 4, causal: false };
  let r = expectedMultiHead(opts);
  for (let h = 0; h < 4; h++) assertClose(await readMatrix(widget, `weights-head-${h + 1}`), rows(r.weights[h]), `head ${h + 1} weights`);
  const q = rows(r.q);
  for (let h = 0; h < 4; h++) assertClose(await readMatrix(widget, `q-head-${h + 1}`), q.map((row) => row.slice(4 * h, 4 * h + 4)), `Q slice of head ${h + 1}`);
  assertClose(await readMatrix(widget, 'concat'), rows(r.concat), 'concat');
  assertClose(await readMatrix(widget, 'out'), rows(r.out), 'out');

  // Two heads: two heatmaps of d_h = 8.
  await widget.getByLabel('Heads', { exact: true }).selectOption('2');
  await page.waitForFunction(() => document.querySelectorAll('[data-widget="multihead-heatmaps"] [data-matrix^="weights-head-"]').length === 2);
  opts = { ...opts, heads: 2 };
  r = expectedMultiHead(opts);
  for (let h = 0; h < 2; h++) assertClose(await readMatrix(widget, `weights-head-${h + 1}`), rows(r.weights[h]), `2 heads: head ${h + 1}`);

  // Causal: zeros above the diagonal in every head.
  await widget.getByLabel('Causal mask', { exact: true }).check();
  await page.waitForFunction(() => document.querySelector('[data-widget="multihead-heatmaps"] [data-matrix="weights-head-1"] text[data-row="0"][data-col="1"]')?.textContent === 'masked');
  assert.equal(await widget.locator('[data-matrix="weights-head-1"] text[data-masked]').count(), 15, 'the 15 cells above the diagonal print “masked”');
  r = expectedMultiHead({ ...opts, causal: true });
  for (let h = 0; h < 2; h++) {
    const m = await readMatrix(widget, `weights-head-${h + 1}`);
    assertClose(m, rows(r.weights[h]), `causal head ${h + 1}`);
    for (let i = 0; i < 6; i++) for (let j = i + 1; j < 6; j++) assert.equal(m[i][j], 0, `causal head ${h + 1} (${i}, ${j})`);
  }
  const hash = await page.evaluate(() => location.hash);
  assert.match(hash, /multihead-heatmaps\.heads=2/);
  assert.match(hash, /multihead-heatmaps\.causal=true/);

  // Table view: real tables with the same numbers.
  await widget.locator('.table-toggle').click();
  const cells = await widget.locator('table[data-matrix="weights-head-2"] td[data-row]').allInnerTexts();
  assert.equal(cells.length, 36);
  rows(r.weights[1]).flat().forEach((v, k) => assert.ok(Math.abs(parse(cells[k]) - v) <= TOL3, `table cell ${k}`));

  assert.deepEqual(consoleErrors, []);
  assert.deepEqual(foreignRequests, []);
  await context.close();
});

// ---------------------------------------------------------- quadratic-timing
test('quadratic-timing: a run shows median times and the least-squares slope of its own points; cancel works; the result survives leaving the pane', async () => {
  const { page, context, consoleErrors, foreignRequests } = await newPage(site.browser, `${site.url}#/quadratic-wall/3?quadratic-timing.maxN=1024&quadratic-timing.runs=3`);
  const widget = page.locator('[data-widget="quadratic-timing"]');
  await widget.locator('.widget-run').waitFor();
  assert.match(await widget.locator('.widget-status').textContent(), /Press Run/);

  // Cancel a long run: the widget says so and stays usable.
  await widget.getByLabel('Largest n', { exact: true }).selectOption('8192');
  await widget.getByLabel('Method', { exact: true }).selectOption('materialised');
  await widget.locator('.widget-run').click();
  await page.waitForFunction(() => /Warming up|Timing/.test(document.querySelector('[data-widget="quadratic-timing"] .widget-status').textContent));
  assert.ok(await widget.locator('progress').isVisible(), 'progress is shown while running');
  await widget.locator('.widget-cancel').click();
  await page.waitForFunction(() => /Cancelled/.test(document.querySelector('[data-widget="quadratic-timing"] .widget-status').textContent), null, { timeout: 30000 });

  // A short run to the end.
  await widget.getByLabel('Largest n', { exact: true }).selectOption('1024');
  await widget.getByLabel('Method', { exact: true }).selectOption('tiled');
  await widget.locator('.widget-run').click();
  await page.waitForFunction(() => /^Done/.test(document.querySelector('[data-widget="quadratic-timing"] .widget-status').textContent), null, { timeout: 90000 });
  const pts = await widget.locator('.point-tiled').evaluateAll((els) => els.map((e) => ({ n: Number(e.dataset.n), ms: Number(e.dataset.ms) })));
  assert.deepEqual(pts.map((p) => p.n), [256, 368, 512, 720, 1024]);
  pts.forEach((p) => assert.ok(p.ms > 0 && Number.isFinite(p.ms), `n = ${p.n}: ${p.ms} ms`));
  // Independent least squares on (ln n, ln t).
  const xs = pts.map((p) => Math.log(p.n));
  const ys = pts.map((p) => Math.log(p.ms));
  const mx = xs.reduce((a, b) => a + b) / xs.length;
  const my = ys.reduce((a, b) => a + b) / ys.length;
  const slope = xs.reduce((s, x, i) => s + (x - mx) * (ys[i] - my), 0) / xs.reduce((s, x) => s + (x - mx) ** 2, 0);
  const printed = parse(await widget.locator('[data-quantity="slope-tiled"]').textContent());
  assert.ok(Math.abs(printed - slope) <= 0.005 + 1e-9, `printed slope ${printed}, least squares on the plotted points ${slope}`);
  // Attention is quadratic: a loose bound that a linear or cubic algorithm would fail.
  assert.ok(slope > 1.3 && slope < 2.7, `fitted slope ${slope}`);
  // The table's GFLOP/s is 4·n²·d / time.
  await widget.locator('.table-toggle').click();
  const first = await widget.locator('.widget-table tbody tr').first().locator('td').allInnerTexts();
  const gflops = (4 * 256 * 256 * 64) / (pts[0].ms * 1e6);
  assert.ok(Math.abs(parse(first[3]) - gflops) <= 0.05 + 1e-9, `GFLOP/s ${first[3]} vs ${gflops}`);
  await widget.locator('.table-toggle').click();

  // Leave the pane and come back: the same result, no new run.
  await page.evaluate(() => { location.hash = '#/quadratic-wall/2'; });
  await page.waitForFunction(() => !document.querySelector('[data-widget="quadratic-timing"]'));
  await page.evaluate(() => { location.hash = '#/quadratic-wall/3?quadratic-timing.maxN=1024&quadratic-timing.runs=3'; });
  await widget.locator('[data-quantity="slope-tiled"]').waitFor({ timeout: 5000 });
  assert.equal(parse(await widget.locator('[data-quantity="slope-tiled"]').textContent()), printed);
  assert.equal((await widget.locator('.widget-run').textContent()).trim(), 'Run again');

  assert.deepEqual(consoleErrors, []);
  assert.deepEqual(foreignRequests, []);
  await context.close();
});

// ------------------------------------------------------------ model-timeline
test('model-timeline: "LRMT" highlights Longformer, BigBird and RMT; a row selected by keyboard is highlighted and written to the URL', async () => {
  const { page, context, consoleErrors, foreignRequests } = await newPage(site.browser, `${site.url}#/long-memory-family/1`);
  const widget = page.locator('[data-widget="model-timeline"]');
  await widget.locator('.timeline-row').first().waitFor();
  assert.equal(await widget.locator('.timeline-row').count(), 11);
  const pressed = () => widget.locator('.timeline-row[aria-pressed="true"]').evaluateAll((els) => els.map((e) => e.dataset.model));
  assert.deepEqual((await pressed()).sort(), ['bigbird', 'longformer', 'rmt']);
  // Rows are in date order (the arXiv ids are YYMM).
  const order = await widget.locator('.timeline-row').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label').match(/arXiv (\d{4})/)[1]));
  assert.deepEqual(order, [...order].sort());

  await widget.locator('.timeline-row[data-model="hmt"]').focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('[data-widget="model-timeline"] .timeline-row[data-model="hmt"]')?.getAttribute('aria-pressed') === 'true');
  assert.deepEqual(await pressed(), ['hmt']);
  assert.match(await widget.locator('.timeline-details').textContent(), /2405\.06067/);
  assert.match(await page.evaluate(() => location.hash), /model-timeline\.highlight=hmt/);
  assert.equal(await widget.getByLabel('Highlight', { exact: true }).inputValue(), 'hmt');

  // A group from the select.
  await widget.getByLabel('Highlight', { exact: true }).selectOption('sparse');
  await page.waitForFunction(() => document.querySelectorAll('[data-widget="model-timeline"] .timeline-row[aria-pressed="true"]').length === 2);
  assert.deepEqual((await pressed()).sort(), ['bigbird', 'longformer']);

  await widget.locator('.table-toggle').click();
  assert.equal(await widget.locator('.widget-table tbody tr').count(), 11);
  assert.deepEqual(consoleErrors, []);
  assert.deepEqual(foreignRequests, []);
  await context.close();
});
