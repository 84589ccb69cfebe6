// Figures you can explore, in Chromium: the heatmap's cell explanation (pointer
// and keyboard, read out by a live region), its hatched mask, its colour
// legend, its per-use controls, the causal alignment and word labels; the
// controls hidden where they do nothing; the stepper's step numbers; the
// coinciding forgetting curves; the saturation plot's hover read-out; and
// labels that never overlap in the timeline and the mechanism diagrams.
// Numbers are compared with the core in node (the build Chromium runs) from its
// primitives: randn, plain dot products, attention. Tolerance: a printed
// 3-decimal value within 0.0005 (+1e-6 for float32) of the exact one.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadCoreNode } from '../../wasm/bindings/core-node.mjs';
import { sharedSite, newPage, runAxe, describeViolations, CHROMIUM_BUILD, repo } from './harness.mjs';
import { compileCourse } from '../../scripts/lessons/course.mjs';
import { TOL, rows, parse, example, cellsToMatrix, assertClose } from './attention-numbers.mjs';

const site = sharedSite();
let core;
before(async () => {
  core = await loadCoreNode(CHROMIUM_BUILD);
});

const heatmapAt = (page, k = 0) => page.locator('[data-widget="attention-heatmap"]').nth(k);

async function readWeights(widget) {
  return cellsToMatrix(await widget.locator('[data-matrix="weights"] text[data-row]').evaluateAll((els) => els.map((e) => ({
    i: Number(e.dataset.row), j: Number(e.dataset.col), text: e.textContent,
  }))));
}

/** The explanation's numbers once it shows cell (i, j). */
async function explained(widget, i, j) {
  const box = widget.locator('.cell-explain');
  await box.locator(`[data-quantity="cell-weight"]`).first().waitFor();
  await widget.page().waitForFunction(([sel, r, c]) => {
    const b = document.querySelectorAll('[data-widget="attention-heatmap"]')[sel]?.querySelector('.cell-explain');
    return b?.dataset.row === String(r) && b?.dataset.col === String(c) && b.dataset.state === 'ready' && b.querySelector('[data-quantity="cell-weight"]');
  }, [await widget.evaluate((el) => [...document.querySelectorAll('[data-widget="attention-heatmap"]')].indexOf(el)), i, j]);
  return box.evaluate((b) => ({
    text: b.textContent,
    live: b.parentElement.querySelector('.cell-spoken')?.getAttribute('aria-live'),
    label: b.parentElement.querySelector('.cell-spoken')?.textContent,
    ...Object.fromEntries([...b.querySelectorAll('[data-quantity]')].map((e) => [e.dataset.quantity, Number(e.dataset.value)])),
  }));
}

const dot = (a, b) => a.reduce((s, x, c) => s + x * b[c], 0);
const rowOf = (t, i) => rows(t)[i];

test('heatmap: pointing at a score cell lights its row and column and writes q_i · k_j out with the core\'s numbers', async () => {
  const { page, context, consoleErrors } = await newPage(site.browser, `${site.url}#/heatmaps-masks/1`);
  const widget = heatmapAt(page);
  await widget.locator('[data-matrix="weights"] text').first().waitFor();
  const [n, dk, seed] = [8, 16, 3];
  const { Q, K, V } = example(core, seed, n, dk);
  const W = rows(core.attention(Q, K, V).weights);
  assertClose(await readWeights(widget), W, 'weights');

  await widget.locator('rect.cell[data-row="3"][data-col="1"]').hover();
  const e = await explained(widget, 3, 1);
  const q = rowOf(Q, 3), k = rowOf(K, 1);
  // The sum written out is q3 · k1 with q3 = row 3 of Q and k1 = row 1 of K.
  assert.ok(Math.abs(e['cell-score'] - dot(q, k)) <= 1e-5 * Math.max(1, Math.abs(dot(q, k))), `score ${e['cell-score']} vs Σ q·k ${dot(q, k)}`);
  assert.ok(Math.abs(e['cell-logit'] - dot(q, k) / 4) <= 1e-5, `logit ${e['cell-logit']} = score / √16`);
  assert.ok(Math.abs(e['cell-weight'] - W[3][1]) <= 1e-6, `weight ${e['cell-weight']} vs core ${W[3][1]}`);
  assert.match(e.text, /q3 · k1 = Σ_c q3\[c\]·k1\[c\] = /);
  // The first product printed is q4[0]·k2[0] to 3 decimals, and 16 products are named.
  const first = e.text.match(/= (\(?−?[\d.]+\)?)×(\(?−?[\d.]+\)?) \+/);
  assert.ok(first, e.text);
  assert.ok(Math.abs(parse(first[1].replace(/[()]/g, '')) - q[0]) <= TOL && Math.abs(parse(first[2].replace(/[()]/g, '')) - k[0]) <= TOL, `first product ${first[0]}`);
  assert.match(e.text, /\(16 products\)/);
  assert.equal(e.live, 'polite', 'each move is announced by a polite live region');
  assert.match(e.label, /q3 dot k1 = .*weight 0\.\d{3}/);
  // Row 3 and column 1 are lit: the cross sits on the cell, the two labels are bold.
  const cross = await widget.locator('g.cross').evaluate((g) => ({ v: g.getAttribute('visibility'), r: g.dataset.row, c: g.dataset.col }));
  assert.deepEqual(cross, { v: 'visible', r: '3', c: '1' });
  assert.deepEqual(await widget.locator('.label.is-active').allTextContents(), ['k1', 'q3']);
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test('heatmap: the picture takes the focus; arrow keys, Home and End move between cells without moving the pane, and each move is explained', async () => {
  const { page, context, consoleErrors } = await newPage(site.browser, `${site.url}#/heatmaps-masks/1`);
  const widget = heatmapAt(page);
  await widget.locator('[data-matrix="weights"] text').first().waitFor();
  const { Q, K, V } = example(core, 3, 8, 16);
  const W = rows(core.attention(Q, K, V).weights);
  // Tab reaches the picture from the last control.
  await widget.getByLabel('Seed').focus();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab'); // "Show as table", then the picture
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('explorable')), true, 'the heatmap is in the tab order');
  let e = await explained(widget, 0, 0);
  assert.ok(Math.abs(e['cell-weight'] - W[0][0]) <= 1e-6);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowRight');
  e = await explained(widget, 2, 1);
  assert.ok(Math.abs(e['cell-score'] - dot(rowOf(Q, 2), rowOf(K, 1))) <= 1e-4);
  assert.ok(Math.abs(e['cell-weight'] - W[2][1]) <= 1e-6);
  await page.keyboard.press('End');
  e = await explained(widget, 2, 7);
  assert.ok(Math.abs(e['cell-weight'] - W[2][7]) <= 1e-6);
  await page.keyboard.press('ArrowRight'); // stays at the edge
  e = await explained(widget, 2, 7);
  await page.keyboard.press('Home');
  await explained(widget, 2, 0);
  assert.equal(await page.evaluate(() => location.hash.split('?')[0]), '#/heatmaps-masks/1', 'the arrow keys did not change the pane');
  // With the cross lit and the explanation shown, in light and dark: no serious or critical axe violation.
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    const violations = await runAxe(page);
    assert.deepEqual(violations, [], `${scheme}: ${describeViolations(violations)}`);
  }
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test('heatmap: masked cells are hatched, print “masked”, and their explanation says the weight is exactly 0; a colour legend gives the ramp in numbers', async () => {
  const { page, context, consoleErrors } = await newPage(site.browser, `${site.url}#/heatmaps-masks/3`);
  const widget = heatmapAt(page);
  await widget.locator('[data-matrix="weights"] text').first().waitFor();
  const { Q, K, V } = example(core, 3, 8, 16);
  const W = rows(core.attention(Q, K, V, { causal: true }).weights);
  assertClose(await readWeights(widget), W, 'causal weights');
  const hatched = await widget.locator('rect.cell.masked').evaluateAll((els) => els.map((e) => [Number(e.dataset.row), Number(e.dataset.col), e.getAttribute('fill')]));
  assert.equal(hatched.length, 28, 'the 28 cells above the diagonal');
  assert.ok(hatched.every(([i, j, fill]) => j > i && /^url\(#masked-\d+\)$/.test(fill)), 'every one filled with the hatch pattern');
  const pattern = await widget.locator('pattern line.masked-stroke').count();
  assert.equal(pattern, 1, 'the hatch is a pattern of strokes');
  assert.equal(await widget.locator('text[data-masked="true"]').first().textContent(), 'masked');

  await widget.locator('rect.cell[data-row="1"][data-col="5"]').hover();
  const e = await explained(widget, 1, 5);
  assert.match(e.text, /k5 comes after q1 .*the causal mask sets the logit to −∞, so the weight is exactly 0/);
  assert.match(e.label, /masked, weight exactly 0/);

  // The colour legend: its ends are 0 and the largest weight printed, in numbers beside the ramp.
  const legend = await widget.locator('.colour-legend').evaluate((p) => ({ max: Number(p.dataset.max), ends: [...p.querySelectorAll('.ramp-ends > span')].map((s) => s.textContent), words: p.textContent }));
  const max = Math.max(...W.flat());
  assert.ok(Math.abs(legend.max - max) <= 1e-6, `legend max ${legend.max} vs ${max}`);
  assert.equal(legend.ends[0], '0');
  assert.ok(Math.abs(parse(legend.ends[1]) - max) <= TOL, `legend end ${legend.ends[1]}`);
  assert.match(legend.words, /0 lightest, .* darkest/);
  assert.equal(await widget.locator('.matrix-legend').count(), 1, 'and a legend for the hatch');
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test('heatmap: each use offers its own controls; the alignment control appears with fewer queries, and top-left equals the core', async () => {
  const labels = async (w) => (await w.locator('.widget-controls .control:not([hidden]) label').allInnerTexts()).map((t) => t.replace(/\s+\S+$/, (m) => (/\d/.test(m) ? '' : m)).trim());
  // Lesson 1: the words and the seed; no mask, temperature, recency or alignment yet. The words label the rows and columns.
  const one = await newPage(site.browser, `${site.url}#/why-long-memory/2`);
  const w1 = heatmapAt(one.page);
  await w1.locator('[data-matrix="weights"] text').first().waitFor();
  assert.deepEqual(await labels(w1), ['Words', 'Seed']);
  const words = 'The notepad holds every word written so far'.split(' ');
  assert.deepEqual(await w1.locator('.col-label').allTextContents(), words.map((x) => (x.length > 7 ? `${x.slice(0, 6)}…` : x)));
  assert.match(await w1.locator('.widget-status').textContent(), /the vectors are random draws/);
  await one.context.close();

  // Lesson 4, the alignment: 3 queries over 8 keys.
  const { page, context, consoleErrors } = await newPage(site.browser, `${site.url}#/heatmaps-masks/3`);
  const w = heatmapAt(page, 1);
  await w.locator('[data-matrix="weights"] text').first().waitFor();
  assert.deepEqual(await labels(w), ['Queries n_q', 'Causal alignment', 'Tokens', 'Seed']);
  const Q = core.randn(3, 3, 16), K = core.randn(4, 8, 16), V = core.randn(5, 8, 16);
  assertClose(await readWeights(w), rows(core.attention(Q, K, V, { causal: true }).weights), 'bottom-right');
  assert.deepEqual(await w.locator('.row-label').allTextContents(), ['q5', 'q6', 'q7'], 'bottom-right: the queries are the last three tokens');
  assert.equal(await w.locator('text[data-row="0"][data-masked]').count(), 2, 'q5 sees 6 keys');
  await w.getByLabel('Causal alignment').selectOption('top-left');
  await page.waitForFunction(() => document.querySelectorAll('[data-widget="attention-heatmap"]')[1]?.querySelectorAll('text[data-row="0"][data-masked]').length === 7);
  assertClose(await readWeights(w), rows(core.attention(Q, K, V, { causal: true, causalAlign: 'top-left' }).weights), 'top-left');
  assert.deepEqual(await w.locator('.row-label').allTextContents(), ['q0', 'q1', 'q2']);
  assert.match(await page.evaluate(() => location.hash), /attention-heatmap-2\.causalAlign=top-left/);
  // Top-left accepts more queries than keys: the last ones see every key.
  await w.getByLabel('Queries n_q').selectOption('12');
  await page.waitForFunction(() => document.querySelectorAll('[data-widget="attention-heatmap"]')[1]?.querySelectorAll('.row-label').length === 12);
  assert.equal(await w.locator('text[data-row="11"][data-masked]').count(), 0);
  // Bottom-right with more queries than keys: the core's message, and the widget keeps working.
  await w.getByLabel('Causal alignment').selectOption('bottom-right');
  await page.waitForFunction(() => /core refused: .*bottom-right causal mask needs at least as many keys \(8\) as queries \(12\)/.test(document.querySelectorAll('[data-widget="attention-heatmap"]')[1]?.querySelector('.widget-status')?.textContent ?? ''));
  // One query per token: the alignment changes nothing, so its control goes.
  await w.getByLabel('Queries n_q').selectOption('all');
  await page.waitForFunction(() => document.querySelectorAll('[data-widget="attention-heatmap"]')[1]?.querySelectorAll('.row-label').length === 8);
  assert.deepEqual(await labels(w), ['Queries n_q', 'Tokens', 'Seed']);
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test('scaling plot: the Keys slider shows only where the keys matter; hovering a saturation point reads it out', async () => {
  const { page, context, consoleErrors } = await newPage(site.browser, `${site.url}#/why-sqrt-dk/4`);
  const widget = page.locator('[data-widget="scaling-plot"]');
  await page.waitForFunction(() => /Computed by the core/.test(document.querySelector('[data-widget="scaling-plot"] .widget-status')?.textContent ?? ''), null, { timeout: 60000 });
  const visible = () => widget.locator('.widget-controls .control:not([hidden]) label').allInnerTexts();
  assert.ok(!(await visible()).some((t) => /^Keys/.test(t)), 'variance view: no Keys');
  await widget.getByLabel('Show', { exact: true }).selectOption('saturation');
  await page.waitForFunction(() => /Computed by the core/.test(document.querySelector('[data-widget="scaling-plot"] .widget-status')?.textContent ?? ''), null, { timeout: 60000 });
  assert.ok((await visible()).some((t) => /^Keys/.test(t)), 'saturation view: Keys');
  const pt = widget.locator('svg[data-plot="saturation"] .point-unscaled[data-dk="64"]');
  const value = Number(await pt.getAttribute('data-value'));
  await pt.hover();
  await page.waitForFunction(() => /d_k = 64/.test(document.querySelector('svg[data-plot="saturation"] [aria-label="tip"]')?.textContent ?? ''));
  const tip = await widget.locator('svg[data-plot="saturation"] [aria-label="tip"]').textContent();
  assert.match(tip, /unscaled/);
  assert.ok(Math.abs(parse(tip.match(/(\d\.\d{3})/)[1]) - value) <= TOL, `tip ${tip} vs point ${value}`);
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test('equation stepper: its step numbers are the pane titles\' (the inputs are step 0, the softmax step 3)', async () => {
  const { page, context, consoleErrors } = await newPage(site.browser, `${site.url}#/self-attention/2`);
  const widget = page.locator('[data-widget="equation-stepper"]');
  await widget.locator('[data-matrix="Q"] text').first().waitFor();
  assert.equal(await widget.locator('.stepper-step').textContent(), 'Step 0 of 4: The inputs');
  assert.equal(await widget.locator('.step-list').getAttribute('start'), '0');
  // This pane is titled "Step 1: scores are dot products"; one Next shows the stepper's step 1, the scores.
  assert.match(await page.locator('main h2').first().textContent(), /^Step 1: scores are dot products/);
  await widget.locator('.step-next').click();
  assert.equal(await widget.locator('.stepper-step').textContent(), 'Step 1 of 4: Scores: QKᵀ');
  for (let k = 2; k <= 3; k++) await widget.locator('.step-next').click();
  assert.equal(await widget.locator('.stepper-step').textContent(), 'Step 3 of 4: Softmax, row by row');
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test('forgetting curve: both coinciding lines stay visible (a wide band under a dashed line with dots) and the read-out says they coincide', async () => {
  const { page, context, consoleErrors } = await newPage(site.browser, `${site.url}#/research-directions/5`);
  const widget = page.locator('[data-widget="lm2-gates"]');
  await widget.locator('svg[data-plot="lm2-curves"]').waitFor();
  const lines = await widget.locator('svg[data-plot="lm2-curves"] .series').evaluateAll((els) => els.map((e) => {
    const path = e.tagName === 'path' ? e : e.querySelector('path');
    const g = e.closest('g[stroke]') ?? e;
    const cs = getComputedStyle(path);
    return { cls: e.getAttribute('class'), width: parseFloat(g.getAttribute('stroke-width') ?? cs.strokeWidth), dash: g.getAttribute('stroke-dasharray') ?? cs.strokeDasharray, d: path.getAttribute('d') };
  }));
  const pred = lines.find((l) => /series-pred/.test(l.cls));
  const gap = lines.find((l) => /series-gap/.test(l.cls));
  assert.ok(pred && gap, JSON.stringify(lines));
  assert.ok(pred.width >= 3 * gap.width, `the prediction is a wide band (${pred.width}) under the measurement (${gap.width})`);
  assert.ok(gap.dash && gap.dash !== 'none', 'the measurement is dashed');
  assert.ok(!pred.dash || pred.dash === 'none', 'the band is solid');
  assert.equal(lines.indexOf(pred) < lines.indexOf(gap), true, 'the band is drawn first, under the dashed line');
  assert.equal(await widget.locator('svg[data-plot="lm2-curves"] .point-gap').count(), 41, 'a dot per step on the measurement');
  assert.match(await widget.locator('[data-quantity="coincide"]').textContent(), /The two lines coincide/);
  assert.match(await widget.locator('.legend-gap').textContent(), /coincides with the prediction/);
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

/** Two animation frames: a redraw for the final width (ResizeObserver → next frame) has happened. */
const settle = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

/** Pairs of overlapping boxes among els (page coordinates, shrunk by 0.5 px for anti-aliasing). */
function overlapsIn(root, selector, svgSelector = 'svg') {
  return root.evaluate((r, [sel, svgSel]) => {
    const boxes = [...r.querySelectorAll(sel)].map((e) => ({ t: e.textContent, b: e.getBoundingClientRect() })).filter((x) => x.b.width > 0);
    const bad = [];
    for (let a = 0; a < boxes.length; a++) {
      for (let c = a + 1; c < boxes.length; c++) {
        const [p, q] = [boxes[a].b, boxes[c].b];
        if (p.left < q.right - 0.5 && q.left < p.right - 0.5 && p.top < q.bottom - 0.5 && q.top < p.bottom - 0.5) bad.push(`${boxes[a].t} × ${boxes[c].t}`);
      }
    }
    const svgBox = r.querySelector(svgSel).getBoundingClientRect();
    const outside = boxes.filter(({ b }) => b.left < svgBox.left - 0.5 || b.right > svgBox.right + 0.5).map((x) => x.t);
    return { n: boxes.length, bad, outside };
  }, [selector, svgSelector]);
}

// Panes of lesson 7 (1-based) that hold a widget, found in the compiled course (pane numbers move as lessons grow).
const family = compileCourse({ root: repo }).course.lessons.find((l) => l.id === 'long-memory-family');
const panesWith = (name) => family.panes.map((p, i) => (p.blocks.some((b) => b.type === 'widget' && b.name === name) ? i + 1 : 0)).filter(Boolean);
const TIMELINE_PANE = panesWith('model-timeline')[0];
const DIAGRAM_PANES = panesWith('mechanism-diagram');

for (const [name, viewport] of [['desktop', { width: 1280, height: 900 }], ['phone', { width: 390, height: 800 }]]) {
  test(`timeline (${name}): no two labels overlap, none leaves the picture, every dot is coloured by its mechanism with the name beside it`, async () => {
    const { page, context, consoleErrors } = await newPage(site.browser, `${site.url}#/long-memory-family/${TIMELINE_PANE}`, { viewport });
    const widget = page.locator('[data-widget="model-timeline"]');
    await widget.locator('.timeline-row').first().waitFor();
    await page.waitForFunction(() => document.querySelector('[data-widget="model-timeline"]')?.dataset.state === 'ready');
    await settle(page);
    const r = await overlapsIn(widget.locator('.timeline-picture'), 'svg.timeline text', 'svg.timeline');
    assert.ok(r.n >= 11 + 14, `labels found: ${r.n}`);
    assert.deepEqual(r.bad, [], 'overlapping labels');
    assert.deepEqual(r.outside, [], 'labels outside the picture');
    // Each row: a dot in its first mechanism's colour and one chip per mechanism, the name printed in it.
    const rows = await widget.locator('.timeline-row').evaluateAll((els) => els.map((e) => ({
      id: e.dataset.model,
      dot: (e.querySelector('.timeline-dot, rect[transform]')?.style.fill ?? ''),
      chips: [...e.querySelectorAll('.timeline-chip')].map((c) => [c.dataset.group, c.querySelector('rect').style.fill, c.textContent]),
    })));
    const hmt = rows.find((x) => x.id === 'hmt');
    assert.deepEqual(hmt.chips.map(([g, , t]) => [g, t]), [['recurrence', 'Recurrence'], ['retrieval', 'Retrieval']]);
    assert.equal(hmt.dot, hmt.chips[0][1], 'the dot has its first mechanism\'s colour');
    assert.equal(new Set(rows.flatMap((x) => x.chips.map(([, fill]) => fill))).size, 6, 'six mechanisms, six colours');
    const key = await widget.locator('.timeline-key li').allInnerTexts();
    assert.deepEqual(key.map((t) => t.trim()), ['Full attention', 'Recurrence', 'Compression', 'Retrieval', 'Sparse attention', 'State space']);
    assert.deepEqual(consoleErrors, []);
    await context.close();
  });
}

test('mechanism diagrams (lesson 7, one per mechanism pane): labels never overlap, and the counts under each are the cells framed', async () => {
  assert.equal(DIAGRAM_PANES.length, 6, 'six mechanism panes, each with its diagram');
  const { page, context, consoleErrors } = await newPage(site.browser, `${site.url}#/long-memory-family/${DIAGRAM_PANES[0]}`);
  const seen = [];
  for (const p of DIAGRAM_PANES) {
    await page.evaluate((k) => { location.hash = `#/long-memory-family/${k}`; }, p);
    const widget = page.locator('[data-widget="mechanism-diagram"]');
    await widget.locator('svg.mechanism').waitFor();
    seen.push(await widget.locator('.mechanism-figure').getAttribute('data-mechanism'));
  }
  assert.deepEqual(seen, ['transformer-xl', 'compressive', 'rmt', 'memorizing', 'sparse', 'infini-attention']);
  // The last mechanism pane offers every mechanism; each is drawn with labels that do not overlap.
  const widget = page.locator('[data-widget="mechanism-diagram"]');
  const expected = { 'transformer-xl': 14, compressive: 18, rmt: 8, memorizing: 8, sparse: 8, 'infini-attention': 7, hmt: 10, lm2: 10, mamba: 1 };
  for (const [m, framed] of Object.entries(expected)) {
    await widget.getByLabel('Mechanism').selectOption(m);
    await page.waitForFunction((id) => document.querySelector('[data-widget="mechanism-diagram"] .mechanism-figure')?.dataset.mechanism === id, m);
    await settle(page);
    const r = await overlapsIn(widget.locator('.mechanism-figure'), 'svg.mechanism text.mech-label', 'svg.mechanism');
    assert.deepEqual(r.bad, [], `${m}: overlapping labels`);
    assert.deepEqual(r.outside, [], `${m}: labels outside the picture`);
    assert.equal(await widget.locator('rect.mech-frame').count(), framed, `${m}: cells framed as read by ★`);
    const said = await widget.locator('[data-quantity="attended"]').textContent();
    if (!['sparse', 'infini-attention', 'mamba'].includes(m)) assert.match(said, new RegExp(`★ reads ${framed} cells`), `${m}: ${said}`);
    // Words beside every look: the legend names each role drawn.
    const legend = await widget.locator('.mech-legend').textContent();
    assert.match(legend, /read by the query ★/);
  }
  assert.match(await widget.locator('[data-quantity="attended"]').textContent(), /attends to nothing/);
  await widget.locator('.table-toggle').click();
  assert.ok(await widget.locator('.widget-table tbody tr').count() >= 3);
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test('the cache-size pane (lesson 11, pane 7) has the race on it, set to N = 1000', async () => {
  const { page, context, consoleErrors } = await newPage(site.browser, `${site.url}#/hmt-streaming/7`);
  const race = page.locator('[data-widget="stream-race"]');
  await race.locator('.widget-run').waitFor();
  assert.match(await page.locator('#pane-title').textContent(), /N = 300 against N = 1000/);
  assert.equal(await race.getByRole('spinbutton', { name: /Cache size N/ }).inputValue(), '1000');
  assert.deepEqual(consoleErrors, []);
  await context.close();
});
