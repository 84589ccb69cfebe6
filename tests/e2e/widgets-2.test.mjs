// The HMT, LM2 and benchmark widgets in Chromium: each draws, changes when a
// control changes, and prints the core's numbers for a fixed seed. Expected
// values are computed here in node on the same build of the core
// (loadCoreNode(CHROMIUM_BUILD)), with direct core calls — not through the widgets'
// jobs — and, where the answer is known in closed form, against the formula.
// Tolerance for printed numbers: the text is the exact value rounded to 3
// decimals, so |printed − exact| ≤ 0.0005 (+1e-6 for float32 rounding).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { loadCoreNode } from '../../wasm/bindings/core-node.mjs';
import { sharedSite, newPage, repo, CHROMIUM_BUILD, runAxe, describeViolations } from './harness.mjs';
import { plantedText, raceText } from '../../web/compute/planted-text.js';

const TOL = 0.0005 + 1e-6;
const site = sharedSite();
let core;
before(async () => {
  core = await loadCoreNode(CHROMIUM_BUILD);
});

const num = (s) => Number(String(s).trim().replace('−', '-'));
const close = (a, b, what, tol = TOL) => assert.ok(Math.abs(a - b) <= tol, `${what}: printed ${a}, core ${b} (tolerance ${tol})`);

async function open(hash, name) {
  const opened = await newPage(site.browser, `${site.url}#/${hash}`);
  const widget = opened.page.locator(`[data-widget="${name}"]`).first();
  await widget.locator('.widget-view, .widget-table').first().waitFor();
  return { ...opened, widget };
}

async function statusMatches(page, name, re) {
  await page.waitForFunction(([n, src]) => new RegExp(src).test(document.querySelector(`[data-widget="${n}"] .widget-status`)?.textContent ?? ''),
    [name, re.source], { timeout: 60000 });
}

/** Sets a range slider by keyboard: focus, then Home and ArrowRight steps. */
async function slide(page, widget, label, steps) {
  await widget.getByLabel(label).focus();
  await page.keyboard.press('Home');
  for (let i = 0; i < steps; i++) await page.keyboard.press('ArrowRight');
}

// ------------------------------------------------------------ segment-stream
const SEG_TEXT = 'The cat sat on the mat. The dog sat on the log.';

/** The bytes each byte's output depends on, in closed form: its own segment up to it, plus k carried. */
function seesFormula(T, L, k) {
  return Array.from({ length: T }, (_, t) => (t % L) + 1 + (t >= L ? k : 0));
}

/** Measured with the core directly: one segment per stream.feed, outputs compared after changing each byte. */
function seesCore(bytes, L, k) {
  const model = core.createHmtModel({ seed: 1 });
  const stream = core.createHmtStream({ model, segmentLength: L, sensoryLength: k, retrieval: false });
  const outputs = (b) => {
    stream.reset();
    const rows = [];
    for (let s = 0; s < b.length; s += L) {
      stream.feed(b.subarray(s, Math.min(s + L, b.length)));
      if (s + L > b.length) stream.flush();
      const { outputs: o } = stream.last();
      for (let i = 0; i < o.shape[0]; i++) rows.push(o.data.slice(i * o.shape[1], (i + 1) * o.shape[1]));
    }
    return rows;
  };
  const base = outputs(bytes);
  const sees = new Array(bytes.length).fill(0);
  for (let p = 0; p < bytes.length; p++) {
    const c = bytes.slice();
    c[p] = (c[p] + 1) % 256;
    const o = outputs(c);
    o.forEach((row, t) => { if (row.some((v, i) => v !== base[t][i])) sees[t] += 1; });
  }
  stream.delete();
  model.delete();
  return sees;
}

test('segment-stream: the dependency counts are the core\'s, match the closed form, and follow the sensory slider', async () => {
  const { page, context, consoleErrors, widget } = await open('hmt-segments/4', 'segment-stream');
  await widget.locator('text.sees').first().waitFor();
  const bytes = new TextEncoder().encode(SEG_TEXT);
  const read = async () => (await widget.locator('text.sees').evaluateAll((els) => els.map((e) => [Number(e.dataset.pos), Number(e.textContent)])))
    .sort((a, b) => a[0] - b[0]).map(([, v]) => v);
  const expected3 = seesCore(bytes, 8, 3);
  assert.deepEqual(expected3, seesFormula(bytes.length, 8, 3), 'the core measures the closed form (k = 3)');
  assert.deepEqual(await read(), expected3, 'printed counts, L = 8, k = 3');
  assert.equal(await widget.locator('rect.sensory').count(), 5 * 3, 'five later segments carry 3 bytes each');

  await slide(page, widget, /Sensory k/, 0);
  await page.waitForFunction(() => document.querySelectorAll('[data-widget="segment-stream"] rect.sensory').length === 0);
  await statusMatches(page, 'segment-stream', /k = 0/);
  assert.deepEqual(await read(), seesFormula(bytes.length, 8, 0), 'k = 0: nothing crosses a boundary');
  assert.match(await page.evaluate(() => location.hash), /segment-stream\.sensory=0/);

  await widget.locator('.table-toggle').click();
  const cells = await widget.locator('table tbody tr').count();
  assert.equal(cells, bytes.length, 'one table row per byte');
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

// ------------------------------------------------------------ summary-builder
test('summary-builder: out[j] and out[j+1] are the core\'s summary pass; nudging the trailing T moves only out[j+1]; j follows its slider', async () => {
  const { page, context, consoleErrors, widget } = await open('hmt-summary/5', 'summary-builder');
  await widget.locator('text.change').first().waitFor();
  const text = 'Segments are summarised before they are read.';
  const model = core.createHmtModel({ seed: 1 });
  const check = async (j) => {
    const s = model.summary(new TextEncoder().encode(text).subarray(0, j));
    const cells = await widget.locator('[data-matrix="summaries"] text[data-row]').evaluateAll((els) => els.map((e) => [Number(e.dataset.row), Number(e.dataset.col), e.textContent]));
    assert.equal(cells.length, 16, 'two rows of 8 components');
    for (const [r, c, t] of cells) close(num(t), (r === 0 ? s.printed : s.trailing).data[c], `summary row ${r} component ${c} (j = ${j})`);
    const change = (await widget.locator('text.change').evaluateAll((els) => els.map((e) => [Number(e.dataset.pos), Number(e.dataset.change)])))
      .sort((a, b) => a[0] - b[0]).map(([, v]) => v);
    assert.equal(change.length, j + 2);
    change.slice(0, j + 1).forEach((v, i) => assert.equal(v, 0, `output ${i} must not move at all when the trailing T changes`));
    assert.ok(change[j + 1] > 0.01, `output j + 1 moves (${change[j + 1]})`);
  };
  await check(8);
  await slide(page, widget, /^j/, 8); // j from 1: eight steps → 9
  await page.waitForFunction(() => document.querySelectorAll('[data-widget="summary-builder"] text.change').length === 11);
  await check(9);
  assert.match(await page.evaluate(() => location.hash), /summary-builder\.j=9/);
  model.delete();
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

// ------------------------------------------------------------ retrieval-bars
function bowWeights(gap, cache) {
  const { text } = plantedText(gap, 128);
  const s = core.createHmtStream({ encoder: 'bag-of-words', segmentLength: 128, cacheSize: cache, seed: 1, traceLimit: 1 });
  s.feed(text);
  const [last] = s.traces();
  s.delete();
  return { weights: Array.from(last.weights), slots: Array.from(last.slotSegments) };
}

test('retrieval-bars: the bars are the core\'s search weights; the planted passage wins; a small cache loses it', async () => {
  const { page, context, consoleErrors, widget } = await open('hmt-retrieval/5', 'retrieval-bars');
  await widget.locator('text.weight').first().waitFor();
  const read = async () => widget.locator('text.weight').evaluateAll((els) => els.map((e) => ({ seg: Number(e.dataset.segment), text: e.textContent })));
  const exp = bowWeights(8, 12);
  const got = await read();
  assert.deepEqual(got.map((g) => g.seg), exp.slots, 'slots labelled by their segments, oldest first');
  got.forEach((g, i) => close(num(g.text), exp.weights[i], `weight of segment ${g.seg}`));
  assert.ok(exp.weights[0] > 0.9, `the planted memory gets the weight (${exp.weights[0]})`);
  assert.equal(await widget.locator('rect.bar.planted').count(), 1);

  // Cache of 5 < gap + 1: the planted memory has left.
  await widget.getByLabel(/Cache size N/).focus();
  await page.keyboard.press('Home');
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
  await statusMatches(page, 'retrieval-bars', /left the cache/);
  const small = bowWeights(8, 5);
  const got5 = await read();
  assert.deepEqual(got5.map((g) => g.seg), small.slots);
  got5.forEach((g, i) => close(num(g.text), small.weights[i], `N = 5 weight of segment ${g.seg}`));
  assert.equal(await widget.locator('rect.bar.planted').count(), 0);
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

// ------------------------------------------------------------ memory-pyramid
test('memory-pyramid: each step shows the core\'s trace; Next and the step slider move through the segments', async () => {
  const { page, context, consoleErrors, widget } = await open('hmt-retrieval/14', 'memory-pyramid');
  await widget.locator('[data-plot="pyramid"]').waitFor();
  const L = 16;
  const base = 'Sensory memory keeps the last few tokens. The summary asks what this segment is about. '
    + 'Long-term memory answers with what earlier segments left behind. ';
  let text = '';
  while (text.length < 12 * L) text += base;
  const model = core.createHmtModel({ seed: 1 });
  const stream = core.createHmtStream({ model, segmentLength: L, sensoryLength: 4, cacheSize: 6, traceLimit: 12 });
  stream.feed(text.slice(0, 12 * L));
  const traces = stream.traces();
  stream.delete();
  model.delete();
  for (let n = 0; n < 8; n++) {
    await page.waitForFunction((s) => document.querySelector('[data-widget="memory-pyramid"] [data-plot="pyramid"]')?.dataset.step === String(s), n);
    const printed = await widget.locator('text.slot-weight').evaluateAll((els) => els.map((e) => [Number(e.dataset.segment), Number(e.textContent)]));
    const t = traces[n];
    assert.deepEqual(printed.map(([s]) => s), Array.from(t.slotSegments), `step ${n}: the slots searched`);
    printed.forEach(([s, v], i) => close(v, t.weights[i], `step ${n}: weight of M${s}`, 0.005 + 1e-6));
    const norm = Number(await widget.locator('text.summary-norm').getAttribute('data-value'));
    close(norm, t.summaryNorm, `step ${n}: ‖S_n‖`, 1e-4);
    if (n === 6) assert.match(await widget.locator('[data-plot="pyramid"]').innerHTML(), /drops/, 'a full cache drops its oldest');
    await widget.locator('.widget-next').click();
  }
  await slide(page, widget, /Segment n/, 2);
  await page.waitForFunction(() => document.querySelector('[data-widget="memory-pyramid"] [data-plot="pyramid"]')?.dataset.step === '2');
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

// ------------------------------------------------------------ lm2-gates
function lm2Run(gIn, gForget, steps, init = 'identity') {
  const m = core.createLm2({ d: 4, slots: 2, seed: 7, init });
  const start = m.memory().data.slice(0, 16);
  const r = m.step(core.randn(7, steps, 4), { gateIn: gIn, gateForget: gForget, slot: 0 });
  m.delete();
  return { start, history: r.slotHistory.data };
}

test('lm2-gates: the slot after every step is the core\'s; the gates follow their sliders', async () => {
  const { page, context, consoleErrors, widget } = await open('lm2-gated-memory/5', 'lm2-gates');
  await widget.locator('[data-matrix="slot"] text').first().waitFor();
  const readSlot = async () => widget.locator('[data-matrix="slot"] text[data-row]').evaluateAll((els) => els.map((e) => [Number(e.dataset.row), Number(e.dataset.col), e.textContent]));
  const check = async (gIn, gForget, t) => {
    const { history } = lm2Run(gIn, gForget, 20);
    const cells = await readSlot();
    assert.equal(cells.length, 16);
    for (const [r, c, v] of cells) close(num(v), history[(t - 1) * 16 + r * 4 + c], `slot[${r}][${c}] after step ${t} (g_in ${gIn}, g_forget ${gForget})`);
  };
  await check(0.5, 0.9, 20);
  // The slots of the identity start stay one slot: the readout's largest difference is the core's 0,
  // and a random start's slots differ (computed by the same job in node, tests/js/compute.test.mjs).
  const spread = widget.locator('[data-quantity="slot-spread"]');
  assert.match(await spread.innerText(), /^All 2 slots after step 20: largest difference between slot 0 and any other slot 0 from the identity start/);
  assert.doesNotMatch(await spread.innerText(), /random start 0 before/);
  // Show step 5 (keyboard on the step slider).
  await widget.getByLabel(/Show step/).focus();
  await page.keyboard.press('Home');
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => /after step 5/.test(document.querySelector('[data-widget="lm2-gates"] [data-matrix="slot"]')?.textContent ?? ''));
  await check(0.5, 0.9, 5);
  // Forget gate to 0: the slot collapses towards zero.
  await widget.getByLabel(/Forget gate/).focus();
  await page.keyboard.press('Home');
  await statusMatches(page, 'lm2-gates', /g_forget = 0:/);
  await check(0.5, 0, 5);
  assert.match(await page.evaluate(() => location.hash), /lm2-gates\.gForget=0/);
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test('lm2-gates forgetting view: with g_in = 0 the measured gap is g_forget^t; raising g_in changes it as the core says', async () => {
  const { page, context, consoleErrors, widget } = await open('research-directions/5', 'lm2-gates');
  await widget.locator('[data-quantity="gap-10"]').waitFor();
  const gap = (gIn, t) => {
    const a = lm2Run(gIn, 0.9, 40, 'identity');
    const b = lm2Run(gIn, 0.9, 40, 'random');
    const d = (x, y) => Math.sqrt(x.reduce((s, v, i) => s + (v - y[i]) ** 2, 0));
    return d(a.history.subarray((t - 1) * 16, t * 16), b.history.subarray((t - 1) * 16, t * 16)) / d(a.start, b.start);
  };
  for (const t of [10, 20, 40]) {
    const printed = num(await widget.locator(`[data-quantity="gap-${t}"]`).textContent());
    close(printed, gap(0, t), `gap after ${t} steps, g_in = 0`);
    close(printed, 0.9 ** t, `g_in = 0 is pure decay: 0.9^${t}`);
  }
  await slide(page, widget, /Input gate/, 10); // 0 → 0.5 in steps of 0.05
  await statusMatches(page, 'lm2-gates', /^g_in = 0\.5, g_forget = 0\.9: after 40 steps/);
  assert.match(await page.evaluate(() => location.hash), /lm2-gates\.gIn=0\.5/);
  close(num(await widget.locator('[data-quantity="gap-20"]').textContent()), gap(0.5, 20), 'gap after 20 steps, g_in = 0.5');
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

// ------------------------------------------------------------ stream-race
test('stream-race: runs in the worker with progress, memory stays flat, the reach probe is the core\'s; the result survives leaving the pane; cancel works', async () => {
  const hash = 'hmt-streaming/4?stream-race.tokens=20000&stream-race.fullMax=1024&stream-race.cache=60';
  const { page, context, consoleErrors, widget } = await open(hash, 'stream-race');
  await widget.locator('.widget-run').click();
  await statusMatches(page, 'stream-race', /^Done/);
  const inUse = async (q) => widget.locator(`[data-quantity="${q}"]`).textContent();
  assert.equal(await inUse('inuse-tenth'), await inUse('inuse-last'), 'memory in use after a tenth of the text = at the end');
  assert.equal(num((await inUse('hmt-tokens')).replace(/,/g, '')), raceText(20000, 256).text.length);
  // The probe, recomputed in node: same text, bag-of-words, N = 60.
  const probe = core.createHmtStream({ encoder: 'bag-of-words', segmentLength: 256, cacheSize: 60, traceLimit: 1 });
  probe.feed(raceText(20000, 256).text);
  const [last] = probe.traces();
  probe.delete();
  const at = Array.from(last.slotSegments).indexOf(0);
  const probeText = await inUse('probe');
  if (at < 0) assert.equal(probeText, 'gone');
  else close(num(probeText.match(/weight ([\d.]+)/)[1]), last.weights[at], 'probe weight');
  assert.ok(at < 0, '78 segments do not fit a cache of 60: segment 0 is gone');
  assert.equal(await widget.locator('.point-full').count(), 1, 'full attention ran at n = 1024');
  // Beside HMT's flat memory, full attention's key–value cache: 2 (K and V) · layers · d_model float32 a token, growing.
  const model = core.createHmtModel({ seed: 1 });
  const kvPerToken = 2 * model.config.layers * model.config.dModel * 4;
  model.delete();
  const tokens = raceText(20000, 256).text.length;
  assert.equal(await inUse('full-kv'), `${((tokens * kvPerToken) / (1024 * 1024)).toFixed(1)} MB`);
  const kv = await widget.locator('svg[data-plot="race-memory"] .series-full-kv').count();
  assert.equal(kv, 1, 'the memory plot draws full attention\'s growing line');
  assert.match(await widget.locator('[data-chart="race-memory"] .legend-full-kv').textContent(), /full attention: the model plus its key–value cache/);
  assert.ok((tokens * kvPerToken) / (1024 * 1024) > 5 * num((await inUse('inuse-last')).replace(' MB', '')), 'at 20,000 tokens the cache already dwarfs HMT\'s working set');

  // Leave the pane and come back: the finished race is still there, not rerun.
  await page.evaluate(() => { location.hash = '#/hmt-streaming/5'; });
  await page.locator('[data-widget="stream-race"]').waitFor({ state: 'detached' });
  await page.evaluate((h) => { location.hash = `#/${h}`; }, hash);
  await statusMatches(page, 'stream-race', /^Done/);
  assert.equal(await page.locator('[data-widget="stream-race"] .widget-run').textContent(), 'Run again');

  // A long run, cancelled: the page says so, and a new run afterwards finishes.
  const race = page.locator('[data-widget="stream-race"]');
  const setField = async (label, value) => {
    const field = race.getByRole('spinbutton', { name: label });
    await field.fill(value);
    await field.press('Tab');
  };
  await setField('Tokens', '100000');
  await statusMatches(page, 'stream-race', /^Press Run/);
  await race.locator('.widget-run').click();
  await statusMatches(page, 'stream-race', /^HMT: /);
  await race.locator('.widget-cancel').click();
  await statusMatches(page, 'stream-race', /^Cancelled/);
  assert.equal(await race.locator('.widget-cancel').isVisible(), false);
  await setField('Tokens', '20000');
  await setField(/Cache size N/, '61');
  await statusMatches(page, 'stream-race', /^Press Run/);
  await race.locator('.widget-run').click();
  await statusMatches(page, 'stream-race', /^Done/);
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

// ------------------------------------------------------------ kernel-bench
test('kernel-bench: the three builds and plain JavaScript timed, each checked against the naive reference, the build the page runs marked; the kernel shown is micro_2xNR from gemm.cpp', async () => {
  const { page, context, consoleErrors, widget } = await open('research-directions/10?kernel-bench.n=64', 'kernel-bench');
  const gemm = fs.readFileSync(path.join(repo, 'wasm/core/kernels/gemm.cpp'), 'utf8');
  const shown = await widget.locator('code[data-source="gemm.cpp"]').textContent();
  assert.ok(shown.startsWith('void micro_2xNR('), 'the quoted function is micro_2xNR');
  assert.ok(gemm.includes(shown), 'the quoted kernel is exactly the text of gemm.cpp');
  await widget.locator('.widget-run').click();
  await statusMatches(page, 'kernel-bench', /^Done/);
  const values = await widget.locator('text.bar-value').evaluateAll((els) => els.map((e) => Number(e.dataset.gflops)));
  assert.equal(values.length, 4, 'Chromium has relaxed SIMD: relaxed, SIMD, scalar and JavaScript');
  values.forEach((v) => assert.ok(v > 0 && Number.isFinite(v), `GFLOP/s ${v}`));
  const chosen = await widget.locator('rect.bar[data-chosen="true"]').evaluateAll((els) => els.map((e) => e.getAttribute('class')));
  assert.deepEqual(chosen, [`bar bar-${CHROMIUM_BUILD}`], 'exactly one bar, the build the page runs, is marked');
  assert.match(await widget.locator('.readout-box').textContent(), new RegExp(`This page runs the ${CHROMIUM_BUILD} build`));
  await widget.locator('.table-toggle').click();
  const diffs = await widget.locator('table tbody tr').evaluateAll((rows) => rows.map((r) => Number(r.lastElementChild.textContent)));
  assert.equal(diffs.length, 4);
  diffs.forEach((d) => assert.ok(d < 1e-4, `max |out − naive| = ${d}`));
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test("lesson 14's C++ block is the kernel's inner loop, verbatim", () => {
  const lesson = fs.readFileSync(path.join(repo, 'lessons/14-research-directions.md'), 'utf8');
  const block = lesson.match(/```cpp\n([\s\S]*?)```/)[1];
  const gemm = fs.readFileSync(path.join(repo, 'wasm/core/kernels/gemm.cpp'), 'utf8');
  assert.ok(gemm.includes(block), 'the lesson quotes gemm.cpp exactly');
});

// ------------------------------------------------------------ position-scores
test('position-scores: the plotted logits are the core\'s for RoPE and ALiBi; the trained length marks unseen distances; keyboard and live region', async () => {
  const { default: positionScores } = await import('../../web/compute/jobs/position-scores.js');
  const { compileCourse } = await import('../../scripts/lessons/course.mjs');
  const lesson = compileCourse({ root: repo }).course.lessons.find((l) => l.id === 'heatmaps-masks');
  const pane = lesson.panes.findIndex((p) => p.blocks.some((b) => b.type === 'widget' && b.name === 'position-scores')) + 1;
  assert.ok(pane > 0, 'lesson 4 shows the widget');
  const { page, context, consoleErrors, widget } = await open(`heatmaps-masks/${pane}`, 'position-scores');
  await widget.locator('[data-logit]').first().waitFor();
  const read = () => widget.locator('[data-logit]').evaluateAll((els) => els.map((e) => [Number(e.dataset.distance), Number(e.dataset.logit)]));
  const check = async (opts) => {
    const want = positionScores(core, { positions: 96, seed: 4, slope: 0.125, ...opts });
    const got = await read();
    assert.equal(got.length, 96, `${opts.method}: one point per distance`);
    for (const [dist, v] of got) close(v, want.logits[dist], `${opts.method} logit at distance ${dist}`, 1e-4);
    return want;
  };
  await check({ method: 'rope' });
  assert.match(await widget.locator('.widget-status').innerText(), /RoPE \(base 10000\), n = 96: largest logit at distance \d+; keys beyond the trained length 32 get weight/);
  assert.equal(await widget.locator('[data-quantity="beyond-weight"]').count(), 1, 'n = 96 > 32: the unseen distances are counted');
  // ALiBi by keyboard: the select, then the status (aria-live) names it
  const select = widget.getByLabel('Positions', { exact: true });
  await select.focus();
  await select.selectOption('alibi');
  await statusMatches(page, 'position-scores', /^ALiBi, slope m = 0\.125, n = 96: largest logit at distance 0/);
  const alibi = await check({ method: 'alibi' });
  close(alibi.logits[0] - alibi.logits[10], 1.25, 'ALiBi falls by m per step', 1e-4);
  // the page's polite live region announced the new result
  await page.waitForFunction(() => /^ALiBi, slope m = 0\.125/.test(document.getElementById('announcer')?.textContent ?? ''));
  assert.equal(await page.locator('#announcer').getAttribute('aria-live'), 'polite');
  const violations = await runAxe(page);
  assert.equal(violations.length, 0, `axe: ${describeViolations(violations)}`);
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

// ------------------------------------------------------------ model-comparison
test('model-comparison: the points are the committed zoo evaluations, per family; the task switches by keyboard; live region; axe', async () => {
  const { compare } = await import('../../web/compute/model-comparison.js');
  const { compileCourse } = await import('../../scripts/lessons/course.mjs');
  const dir = path.join(repo, 'bench', 'results', 'zoo');
  const records = fs.readdirSync(dir).filter((f) => f.endsWith('.eval.json')).flatMap((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
  const lesson = compileCourse({ root: repo }).course.lessons.find((l) => l.id === 'hmt-streaming');
  const pane = lesson.panes.findIndex((p) => p.blocks.some((b) => b.type === 'widget' && b.name === 'model-comparison')) + 1;
  assert.ok(pane > 0, 'lesson 11 shows the widget');
  const { page, context, consoleErrors, widget } = await open(`hmt-streaming/${pane}`, 'model-comparison');
  const read = () => widget.locator('.comparison-point').evaluateAll((els) => els.map((e) => [e.dataset.family, Number(e.dataset.level), Number(e.dataset.value)]));
  const check = async (task) => {
    const want = compare(records, task, 'digits');
    await widget.locator('.comparison-point').first().waitFor();
    const got = await read();
    const n = want.families.reduce((a, f) => a + f.points.length, 0);
    assert.ok(want.families.length >= 2 && n >= 4, `${task}: at least two families drawn`);
    assert.equal(got.length, n, `${task}: one point per family and level`);
    for (const f of want.families) {
      for (const p of f.points) {
        const g = got.find(([fam, level]) => fam === f.id && level === p.level);
        assert.ok(g, `${task}: ${f.id} at ${p.level} is drawn`);
        assert.ok(Math.abs(g[2] - p.mean) < 1e-9, `${task}: ${f.id} at ${p.level}: drawn ${g[2]}, file ${p.mean}`);
      }
    }
    return want;
  };
  await check('passkey');
  assert.match(await widget.locator('.widget-status').innerText(), /^passkey, characters of the answer right at D = 16: hmt \d\.\d{3}, recurrent \d\.\d{3}/);
  const select = widget.getByLabel('Task', { exact: true });
  await select.focus();
  await select.selectOption('kv');
  await statusMatches(page, 'model-comparison', /^kv, characters of the answer right at K = 8:/);
  await check('kv');
  await page.waitForFunction(() => /^kv, characters of the answer right/.test(document.getElementById('announcer')?.textContent ?? ''));
  // the same numbers as a table
  await widget.getByRole('button', { name: /table/i }).first().click();
  const cells = await widget.locator('.widget-table td').allInnerTexts();
  const kv = compare(records, 'kv', 'digits');
  for (const f of kv.families) for (const p of f.points) assert.ok(cells.includes(p.mean.toFixed(3)), `table prints ${f.id} K = ${p.level}: ${p.mean.toFixed(3)}`);
  // the capacity view: keys of 5 to 29 digits at D = 4
  await widget.getByRole('button', { name: /table/i }).first().click();
  await select.selectOption('length');
  await statusMatches(page, 'model-comparison', /^pass keys of 29 digits at D = 4, characters of the answer right: hmt \d\.\d{3}/);
  const length = await check('length');
  assert.deepEqual(length.levels, [5, 10, 20, 29]);
  const violations = await runAxe(page);
  assert.equal(violations.length, 0, `axe: ${describeViolations(violations)}`);
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

// ------------------------------------------------------------ model-cost
// The site under test is built from bench/results/latest.json as it is now (npm test builds
// first). With zoo-cost records (npm run bench -- --only zoo-cost) the widget draws them; without,
// it says how to make them. Either way the same checks of keyboard, table, axe and console run.
test('model-cost: the zoo-cost records of latest.json per model and D (or how to make them); show and axes by keyboard; table; axe', async () => {
  const { costCurves, costRecords, formatBytes } = await import('../../web/compute/model-cost.js');
  const { compileCourse } = await import('../../scripts/lessons/course.mjs');
  const records = costRecords(JSON.parse(fs.readFileSync(path.join(repo, 'bench', 'results', 'latest.json'), 'utf8')));
  const lesson = compileCourse({ root: repo }).course.lessons.find((l) => l.id === 'hmt-streaming');
  const pane = lesson.panes.findIndex((p) => p.blocks.some((b) => b.type === 'widget' && b.name === 'model-cost')) + 1;
  assert.ok(pane > 0, 'lesson 11 shows the widget');
  assert.ok(lesson.panes[pane - 1].blocks.some((b) => b.type === 'widget' && b.name === 'model-comparison'), 'beside the accuracy chart, in the same pane');
  const { page, context, consoleErrors, widget } = await open(`hmt-streaming/${pane}`, 'model-cost');
  const status = () => widget.locator('.widget-status').innerText();
  if (!records.length) {
    // no measurements in the file: the widget says how to make them, in the picture, the table and the status
    await widget.locator('.widget-view .cost-missing').waitFor();
    assert.match(await widget.locator('.widget-view .cost-missing').innerText(), /npm run bench -- --only zoo-cost/);
    assert.match(await status(), /^No cost measurements yet: npm run bench -- --only zoo-cost makes them/);
    assert.equal(await widget.locator('svg').count(), 0);
    assert.equal(await widget.getByLabel('Show', { exact: true }).isVisible(), false, 'no control that would do nothing');
    await widget.getByRole('button', { name: /table/i }).first().click();
    assert.match(await widget.locator('.widget-table .cost-missing').innerText(), /npm run bench -- --only zoo-cost/);
  } else {
    const want = costCurves(records, 'chromium');
    if (await widget.locator('.cost-missing').count()) assert.fail('latest.json has zoo-cost records but the built site does not: build it again (npx vite build)');
    await widget.locator('.cost-point').first().waitFor();
    const read = () => widget.locator('.cost-point').evaluateAll((els) => els.map((e) => [e.dataset.model, e.dataset.quantity, Number(e.dataset.D), Number(e.dataset.value)]));
    const check = async (quantities) => {
      const got = await read();
      const n = want.models.reduce((a, m) => a + m.points.length, 0);
      assert.equal(got.length, n * quantities.length, `one point per model, D and chart (${quantities})`);
      for (const q of quantities) {
        for (const m of want.models) {
          for (const p of m.points) {
            const g = got.find(([model, quantity, D]) => model === m.id && quantity === q && D === p.D);
            assert.ok(g, `${m.id} ${q} at D = ${p.D} is drawn`);
            assert.equal(g[3], q === 'ms' ? p.ms : p.held, `${m.id} ${q} at D = ${p.D}: the file's number`);
          }
          // the number printed beside the line's last point
          const last = m.points.at(-1);
          const label = widget.locator(`.cost-label[data-model="${m.id}"][data-quantity="${q}"]`);
          assert.equal(await label.count(), 1, `${m.id} ${q}: one end label`);
          if (q === 'held') assert.equal(await label.textContent(), formatBytes(last.held));
        }
      }
    };
    assert.ok(want.models.length === 3, `three models drawn (${want.models.map((m) => m.id)})`);
    await check(['ms', 'held']);
    const full = want.models.find((m) => m.kind === 'full');
    assert.ok(full.end, 'full attention refuses the longest documents: the end of its curve');
    assert.match(await widget.locator('.chart-legend').first().innerText(), new RegExp(`refused from D = ${full.end.D}`));
    const r = want.ratios.at(-1);
    assert.ok(r, 'a D both HMT and full attention read');
    const text = await status();
    assert.ok(text.includes(`Measured in ${want.runtime === 'chromium' ? 'Chromium' : 'node'}.`), text);
    assert.ok(text.includes(`At D = ${r.D}, the longest document both read`), text);
    // HMT is flat once its cache is full; full attention grows with D (the file's numbers, as drawn)
    const hmt = want.models.find((m) => m.family === 'hmt');
    const fullCache = hmt.points.filter((p) => p.segments >= hmt.N);
    assert.ok(fullCache.length >= 2 && fullCache.every((p) => p.held === fullCache[0].held), 'HMT: the same bytes once N memories are cached');
    for (let i = 1; i < full.points.length; i++) assert.ok(full.points[i].held > full.points[i - 1].held, 'full attention: more bytes at every longer D');
    // the runtime control only where the file has both runtimes' measurements
    assert.equal(await widget.getByLabel('Measured in', { exact: true }).isVisible(), want.runtimes.length > 1);
    // by keyboard: only the bytes, on log axes
    const show = widget.getByLabel('Show', { exact: true });
    await show.focus();
    await show.selectOption('bytes');
    await widget.locator('[data-plot="model-cost-held"]').waitFor();
    assert.equal(await widget.locator('[data-plot="model-cost-ms"]').count(), 0);
    await widget.getByLabel('Axes', { exact: true }).selectOption('log');
    await page.waitForFunction(() => /logarithmic/.test(document.querySelector('[data-widget="model-cost"] [data-plot="model-cost-held"]')?.getAttribute('aria-label') ?? ''));
    await check(['held']);
    // the same numbers as a table
    await widget.getByRole('button', { name: /table/i }).first().click();
    const cells = await widget.locator('.widget-table td').allInnerTexts();
    for (const m of want.models) for (const p of m.points) assert.ok(cells.includes(p.held.toLocaleString('en')), `table prints ${m.id} D = ${p.D}: ${p.held} bytes`);
    assert.ok(cells.includes('refused'), 'the refusal is a row of the table');
  }
  const violations = await runAxe(page);
  assert.equal(violations.length, 0, `axe: ${describeViolations(violations)}`);
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

// ------------------------------------------------------------ training-curves
test('training-curves: the readout is the logs\' first step at the top level, per model; the quantity switches by keyboard; table; axe', async () => {
  const { parseLog, firstStepAt, curve } = await import('../../web/compute/training-curves.js');
  const { parseModel } = await import('../../web/compute/model-comparison.js');
  const { compileCourse } = await import('../../scripts/lessons/course.mjs');
  const dir = path.join(repo, 'bench', 'results', 'zoo');
  const models = fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl')).map((f) => ({ name: f.replace(/\.jsonl$/, ''), records: parseLog(fs.readFileSync(path.join(dir, f), 'utf8')) }))
    .filter((m) => parseModel(m.name)).sort((a, b) => a.name.localeCompare(b.name));
  const lesson = compileCourse({ root: repo }).course.lessons.find((l) => l.id === 'research-directions');
  const pane = lesson.panes.findIndex((p) => p.blocks.some((b) => b.type === 'widget' && b.name === 'training-curves')) + 1;
  assert.ok(pane > 0, 'lesson 14 shows the widget');
  const { page, context, consoleErrors, widget } = await open(`research-directions/${pane}`, 'training-curves');
  await statusMatches(page, 'training-curves', /reached D = 8/);
  const status = await widget.locator('.widget-status').innerText();
  for (const m of models) {
    const s = firstStepAt(m.records, 'passkey', 8);
    assert.ok(status.includes(`${m.name}: passkey reached D = 8 ${s === null ? 'never' : `at step ${s.toLocaleString('en')}`}`), `${m.name} in “${status}”`);
  }
  assert.equal(await widget.locator('.series').count(), models.length, 'one line per model');
  const select = widget.getByLabel('Task', { exact: true });
  await select.focus();
  await select.selectOption('kv');
  await statusMatches(page, 'training-curves', /kv reached K = 8/);
  await page.waitForFunction(() => /kv reached K = 8/.test(document.getElementById('announcer')?.textContent ?? ''));
  await widget.getByLabel('Show', { exact: true }).selectOption('accuracy');
  await widget.getByRole('button', { name: /table/i }).first().click();
  const cells = await widget.locator('.widget-table td').allInnerTexts();
  const m0 = models[0];
  const p500 = curve(m0.records, 'accuracy', 'kv').find((p) => p.x === 500);
  assert.ok(cells.includes(p500.y.toFixed(3)), `the table prints ${m0.name}'s smoothed kv accuracy at step 500: ${p500.y.toFixed(3)}`);
  const violations = await runAxe(page);
  assert.equal(violations.length, 0, `axe: ${describeViolations(violations)}`);
  assert.deepEqual(consoleErrors, []);
  await context.close();
});
