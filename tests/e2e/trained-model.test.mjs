// The trained HMT in Chromium (widgets trained-memory and memory-sweep): the
// page streams a fixed held-out passkey document and shows the native
// evaluator's answer; ablating memory changes it; the question segment's top
// retrieval weight sits on the fact's segment; the sweep runs, can be
// cancelled, and its numbers equal the same measurement made in node on the
// same wasm build; axe finds nothing.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadCoreNode } from '../../wasm/bindings/core-node.mjs';
import { sharedSite, newPage, repo, runAxe, describeViolations } from './harness.mjs';

const site = sharedSite();
const weights = path.join(repo, 'web/models/hmt-memory.lmlw');
let model, nodeCore;
before(async () => {
  const core = await loadCoreNode('simd');
  nodeCore = core;
  model = core.createHmtModel({ weights: new Uint8Array(readFileSync(weights)) });
});

/** The native evaluator's answer for one document (build/native/lml_eval). */
function nativeAnswer(condition, seed, D = 8, N = 16) {
  const r = spawnSync(path.join(repo, 'build/native/lml_eval'),
    ['--print-answers', weights, 'passkey', String(D), '8', String(N), condition, String(seed), '1'], { encoding: 'latin1' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout)[0];
}

async function open(hash, name) {
  const opened = await newPage(site.browser, `${site.url}#/${hash}`);
  const widget = opened.page.locator(`[data-widget="${name}"]`).first();
  await widget.locator('.widget-view, .widget-table').first().waitFor();
  return { ...opened, widget };
}

async function statusMatches(page, name, re, timeout = 60000) {
  await page.waitForFunction(([n, src]) => new RegExp(src).test(document.querySelector(`[data-widget="${n}"] .widget-status`)?.textContent ?? ''),
    [name, re.source], { timeout });
}

const predictedOnPage = (widget) => widget.locator('.answer-byte').evaluateAll((els) => els.map((e) => e.dataset.predicted).join(''));

test('trained-memory: the page answers a held-out passkey as the native evaluator does; ablation changes it; the search finds the fact', async () => {
  // the first held-out document (seeds 1, 2, …) that memory answers fully: the page must show exactly that
  let seed = 1;
  while (model.answer({ task: 'passkey', D: 8, seed, cacheSize: 16 }).correct < 5) seed++;
  assert.ok(seed <= 10, `memory answered none of the first 10 documents fully (seed ${seed})`);
  const query = seed === 1 ? '' : `?trained-memory.seed=${seed}`;
  const { page, context, consoleErrors, widget } = await open(`hmt-retrieval/6${query}`, 'trained-memory');
  try {
    await statusMatches(page, 'trained-memory', /answered/);
    const shown = await predictedOnPage(widget);
    assert.equal(shown, nativeAnswer('memory', seed));
    const truth = await widget.locator('.answer-byte').evaluateAll((els) => els.map((e) => e.dataset.truth).join(''));
    assert.equal(shown, truth, 'memory on: the five digits are right on this document');
    // the bars: the largest weight sits on the fact's segment (★)
    const bars = await widget.locator('.weight').evaluateAll((els) => els.map((e) => ({ w: Number(e.dataset.weight), seg: Number(e.dataset.segment) })));
    const fact = model.answer({ task: 'passkey', D: 8, seed, cacheSize: 16 }).doc.factSegment;
    const top = bars.reduce((a, b) => (b.w > a.w ? b : a));
    assert.equal(top.seg, fact, `top weight ${top.w} on segment ${top.seg}, the fact is in segment ${fact}`);
    // break it: memory ablated
    await widget.getByLabel('Memory', { exact: true }).selectOption('ablated');
    await statusMatches(page, 'trained-memory', /^memory ablated/);
    const ablated = await predictedOnPage(widget);
    assert.equal(ablated, nativeAnswer('ablated', seed));
    assert.notEqual(ablated, shown, 'ablating memory changes the answer');
    // the full-attention model (web/models/zoo/full-s1.lmlw): the same document in one causal pass, as node reads it
    await widget.getByLabel('Memory', { exact: true }).selectOption('full-attention');
    await statusMatches(page, 'trained-memory', /^full attention/);
    const { default: trainedAnswer } = await import('../../web/compute/jobs/trained-answer.js');
    const { readFileSync: read } = await import('node:fs');
    const realFetch = globalThis.fetch;
    globalThis.fetch = async (u) => new Response(read(new URL(String(u))));
    try {
      const node = await trainedAnswer(nodeCore, { task: 'passkey', D: 8, seed, condition: 'full-attention' });
      assert.equal(await predictedOnPage(widget), node.predicted);
      assert.equal(node.segmentsStreamed, 0, 'no segment is streamed');
      assert.match(await widget.locator('.doc-segments').getAttribute('aria-label'), /read by full attention in one causal pass/);
    } finally {
      globalThis.fetch = realFetch;
    }
    const violations = await runAxe(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    assert.deepEqual(consoleErrors, []);
  } finally {
    await context.close();
  }
});

test('trained-memory with your own text: the page answers as node does, bits per byte show what memory is worth, a bad key is refused', async () => {
  const { page, context, consoleErrors, widget } = await open('hmt-retrieval/7', 'trained-memory');
  try {
    await statusMatches(page, 'trained-memory', /^Your text, memory on/);
    const text = await widget.getByLabel('Your text').inputValue();
    const fact = await widget.getByLabel('Your fact').inputValue();
    const expected = model.answer({ task: 'passkey', D: 4, seed: 1, text, payload: fact, cacheSize: 16, segmentLength: 64, summaryLength: 32, sensoryLength: 8 });
    assert.equal(await predictedOnPage(widget), expected.predicted);
    assert.equal(expected.doc.answer, fact);
    // a text of the learner's own, and another key
    const mine = 'The quick brown fox jumps over the lazy dog while the old river keeps on running to the sea.';
    await widget.getByLabel('Your text').fill(mine);
    await widget.getByLabel('Your text').press('Enter');
    await widget.getByLabel('Your fact').fill('90517');
    await widget.getByLabel('Your fact').press('Enter');
    await page.waitForFunction(() => [...document.querySelectorAll('[data-widget="trained-memory"] .answer-byte')]
      .map((e) => e.dataset.truth).join('') === '90517', null, { timeout: 60000 });
    const mineAnswer = model.answer({ task: 'passkey', D: 4, seed: 1, text: mine, payload: '90517', cacheSize: 16, scoreRest: true, segmentLength: 64, summaryLength: 32, sensoryLength: 8 });
    assert.equal(await predictedOnPage(widget), mineAnswer.predicted);
    assert.match(await widget.locator('.seg-text').first().textContent(), /the quick brown fox/, 'the document is made of the learner’s text, lower-cased');
    // bits per byte: the page's numbers are node's (2 decimals), and memory is worth bits on the answer
    const bits = async (k) => Number(await widget.locator(`[data-bits="${k}"]`).textContent());
    const ablatedAnswer = model.answer({ task: 'passkey', D: 4, seed: 1, text: mine, payload: '90517', cacheSize: 16, condition: 'ablated', segmentLength: 64, summaryLength: 32, sensoryLength: 8 });
    assert.ok(Math.abs(await bits('memory-answer') - mineAnswer.bits / 5) <= 0.005 + 1e-9);
    assert.ok(Math.abs(await bits('ablated-answer') - ablatedAnswer.bits / 5) <= 0.005 + 1e-9);
    assert.ok(Math.abs(await bits('memory-rest') - mineAnswer.restBits / mineAnswer.restBytes) <= 0.005 + 1e-9);
    assert.ok(await bits('ablated-answer') - await bits('memory-answer') > 1, 'memory is worth more than a bit per answer byte');
    // the sentence says it in words that fit the sign: here memory helps on the answer
    const said = /^On the answer memory saves (\d+\.\d\d) bits per byte/.exec(await widget.locator('.bits-worth').textContent());
    assert.ok(said, 'the sentence says what memory saves on the answer');
    assert.ok(Math.abs(Number(said[1]) - (await bits('ablated-answer') - await bits('memory-answer'))) <= 0.011);
    // a malformed key is refused with a message, nothing computed
    await widget.getByLabel('Your fact').fill('1234');
    await widget.getByLabel('Your fact').press('Enter');
    await statusMatches(page, 'trained-memory', /pass key must be 5 digits/);
    const violations = await runAxe(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    assert.deepEqual(consoleErrors, []);
  } finally {
    await context.close();
  }
});

test('memory-sweep: runs in the browser, can be cancelled, and equals node on the same documents', async () => {
  // a long sweep (200 documents per point) is cancelled part-way and keeps what it measured
  const long = await open('hmt-streaming/8?memory-sweep.docs=200&memory-sweep.seed=777', 'memory-sweep');
  try {
    // predict, then run: the committed curve is hidden until a point is measured; the prompt sits above Run
    const committedMarks = () => long.widget.locator('[data-series="committed"], .series-committed').count();
    assert.match(await long.widget.locator('.chart-legend').textContent(), /hidden: predict first/);
    const above = await long.widget.evaluate((w) => {
      const p = w.querySelector('.predict-prompt').getBoundingClientRect();
      const run = [...w.querySelectorAll('button')].find((b) => b.textContent === 'Run').getBoundingClientRect();
      return p.bottom <= run.top;
    });
    assert.equal(above, true, 'the instruction to predict sits above the Run button');
    const hiddenCount = await committedMarks();
    await long.widget.getByRole('button', { name: 'Run' }).click();
    await statusMatches(long.page, 'memory-sweep', /^Measured [1-9]\d* of 1400/);
    await long.widget.getByRole('button', { name: 'Cancel' }).click();
    await statusMatches(long.page, 'memory-sweep', /^Cancelled/);
    assert.ok(await long.widget.locator('.browser-point').count() >= 1, 'the partial result is drawn');
    assert.doesNotMatch(await long.widget.locator('.chart-legend').textContent(), /hidden: predict first/, 'once measured, the committed curve is drawn');
    assert.ok(await committedMarks() > hiddenCount, 'the committed curve appears once measured');
    assert.deepEqual(long.consoleErrors, []);
  } finally {
    await long.context.close();
  }
  // a short sweep runs to the end; every point equals the same measurement in node
  const { page, context, consoleErrors, widget } = await open('hmt-streaming/8?memory-sweep.docs=5&memory-sweep.seed=777', 'memory-sweep');
  try {
    await widget.getByRole('button', { name: 'Run' }).click();
    await statusMatches(page, 'memory-sweep', /^Done/, 120000);
    const points = await widget.locator('.browser-point').evaluateAll((els) => els.map((e) => ({ x: Number(e.dataset.x), acc: Number(e.dataset.accuracy) })));
    assert.equal(points.length, 7, 'one point per cache size');
    for (const { x, acc } of points) {
      let correct = 0, chars = 0;
      for (let i = 0; i < 5; i++) {
        const a = model.answer({ task: 'passkey', D: 8, seed: 777 + i, cacheSize: x, condition: 'memory' });
        correct += a.correct;
        chars += a.predicted.length;
      }
      assert.ok(Math.abs(acc - correct / chars) < 1e-12, `N = ${x}: page ${acc}, node ${correct / chars}`);
    }
    const violations = await runAxe(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    assert.deepEqual(consoleErrors, []);
  } finally {
    await context.close();
  }
});

test('attention heatmap with trained heads: the page draws the head node computes, bytes as labels, and a head switch redraws', async () => {
  // the pane that holds the trained heads, found by its title
  const lesson = readFileSync(path.join(repo, 'lessons/04-heatmaps-masks.md'), 'utf8');
  const titles = [...lesson.matchAll(/^## (.*)$/gm)].map((m) => m[1]);
  const pane = titles.findIndex((t) => t.startsWith('Real heads')) + 1;
  assert.ok(pane > 0, 'lesson 4 has a pane on trained heads');
  const { page, context, consoleErrors, widget } = await open(`heatmaps-masks/${pane}`, 'attention-heatmap');
  try {
    const text = 'the pass key is 48213.';
    const n = text.length;
    const cells = async () => widget.locator('svg text[data-row][data-col]:not([data-masked])').evaluateAll((els) =>
      els.map((e) => ({ i: Number(e.dataset.row), j: Number(e.dataset.col), v: Number(e.textContent) })));
    for (const [layer, head] of [[0, 0], [1, 3]]) {
      if (layer !== 0 || head !== 0) {
        await widget.locator('input[name="layer"]').fill(String(layer));
        await widget.locator('input[name="head"]').fill(String(head));
      }
      await statusMatches(page, 'attention-heatmap', new RegExp(`^Layer ${layer}, head ${head} of the trained model on ${n} bytes`));
      const want = model.headWeights(text, { layer, head });
      const got = await cells();
      assert.equal(got.length, (n * (n + 1)) / 2, 'one printed weight per visible cell (the rest are masked)');
      for (const { i, j, v } of got) {
        assert.ok(Math.abs(v - want.data[i * n + j]) <= 0.0005 + 1e-9, `layer ${layer} head ${head} [${i}, ${j}]: page ${v}, node ${want.data[i * n + j]}`);
      }
      assert.equal(await widget.locator('.col-label').nth(3).textContent(), '3:␣', 'columns are labelled with the bytes');
    }
    // the 22-byte matrix fits the widget at 1280 px: no sideways scrolling
    const fits = await widget.locator('[data-matrix="weights"] svg.explorable').evaluate((el) => ({ svg: el.getBoundingClientRect().width, box: el.parentElement.clientWidth, view: el.closest('.widget-view').clientWidth }));
    assert.ok(fits.svg <= fits.view && fits.svg <= fits.box, `the heatmap is ${fits.svg} px wide in a ${fits.view} px widget`);
    // the cell explanation, from the keyboard: row and column light up, the weight and the two bytes are named
    const want = model.headWeights(text, { layer: 1, head: 3 });
    await widget.locator('[data-matrix="weights"] svg.explorable').focus();
    for (const key of ['ArrowDown', 'ArrowDown', 'ArrowDown', 'ArrowDown', 'ArrowRight', 'ArrowRight', 'ArrowRight']) await page.keyboard.press(key);
    const box = widget.locator('.cell-explain');
    await page.waitForFunction(() => document.querySelector('[data-widget="attention-heatmap"] .cell-explain')?.dataset.row === '4'
      && document.querySelector('[data-widget="attention-heatmap"] .cell-explain')?.dataset.col === '3');
    assert.equal(await box.isVisible(), true, 'the explanation is offered for trained heads');
    const explained = await box.textContent();
    assert.match(explained, /byte 4 “p”/, explained);
    assert.match(explained, /byte 3 “␣”/, explained);
    const weight = Number(await box.locator('[data-quantity="cell-weight"]').getAttribute('data-value'));
    assert.ok(Math.abs(weight - want.data[4 * n + 3]) < 1e-6, `weight ${weight}, node ${want.data[4 * n + 3]}`);
    assert.equal(await widget.locator('g.cross').getAttribute('visibility'), 'visible', 'the cell is framed');
    assert.equal(await widget.locator('.row-label.is-active').textContent(), '4:p', 'its row label lights up');
    assert.equal(await widget.locator('.col-label.is-active').textContent(), '3:␣', 'its column label lights up');
    assert.match(await widget.locator('.cell-spoken').textContent(), /^Byte 4 p reads byte 3 ␣ with weight /, 'the move is said in the live region');
    // a masked cell says so
    await page.keyboard.press('End');
    await page.waitForFunction(() => document.querySelector('[data-widget="attention-heatmap"] .cell-explain')?.dataset.col === String(21));
    assert.match(await box.textContent(), /the backbone is causal, so the weight is exactly 0/);
    const violations = await runAxe(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    assert.deepEqual(consoleErrors, []);
  } finally {
    await context.close();
  }
});

test('transformer-block: the page follows a byte through the trained backbone as node computes it; bits per byte over the text; a new text redraws', async () => {
  const lesson = readFileSync(path.join(repo, 'lessons/05-multi-head.md'), 'utf8');
  const titles = [...lesson.matchAll(/^## (.*)$/gm)].map((m) => m[1]);
  const pane = titles.findIndex((t) => t.startsWith('From attention to a whole model')) + 1;
  assert.ok(pane > 0);
  const { page, context, consoleErrors, widget } = await open(`multi-head/${pane}`, 'transformer-block');
  try {
    const check = async (text, position) => {
      await statusMatches(page, 'transformer-block', new RegExp(`^Byte ${position} `));
      const bytes = new TextEncoder().encode(text);
      const st = model.stages(bytes);
      const d = st.hidden.shape[1];
      const norm = (t) => Math.hypot(...t.data.subarray(position * d, (position + 1) * d));
      const shown = await widget.locator('table tbody tr').evaluateAll((rows) => rows.map((r) => Number(r.children[2].textContent)));
      const want = [...st.residual.map(norm), norm(st.hidden)];
      assert.equal(shown.length, want.length, 'the embedding, four sub-layers and the final LayerNorm');
      want.forEach((v, s) => assert.ok(Math.abs(shown[s] - v) <= 0.0005 + 1e-6 * v, `stage ${s}: page ${shown[s]}, node ${v}`));
      // bits per byte: −log2 p of every next byte, from node's logits (2 decimals on the page)
      let bits = 0;
      for (let r = 0; r + 1 < bytes.length; r++) {
        const row = Array.from(st.logits.data.subarray(r * 256, (r + 1) * 256));
        const mx = Math.max(...row);
        const lse = Math.log(row.reduce((a, v) => a + Math.exp(v - mx), 0)) + mx;
        bits -= (row[bytes[r + 1]] - lse) / Math.LN2;
      }
      const bpb = bits / (bytes.length - 1);
      const readout = await widget.locator('.readout').textContent();
      assert.match(readout, new RegExp(`${bpb.toFixed(2).replace('.', '\\.')} bits per byte`), readout);
      // said once: the next-byte sentence is under the chart, not again in the status line
      assert.doesNotMatch(await widget.locator('.widget-status').textContent(), /bits per byte/);
      // the orange bar is in the legend, in words
      assert.match(await widget.locator('.chart-legend').textContent(), /other likely bytes/);
      const trueNext = await widget.locator('.legend-true-next').count();
      const inTop = st.logits && position + 1 < bytes.length && (await widget.locator('.next-byte').evaluateAll((els, b) => els.some((e) => Number(e.dataset.byte?.charCodeAt?.(0) ?? -1) === b || e.dataset.byte === String.fromCharCode(b)), bytes[position + 1]));
      assert.equal(trueNext, inTop ? 1 : 0, 'the orange bar (the true next byte) is named in the legend whenever it is drawn');
    };
    await check('the pass key is 48213. what is the pass key?', 15);
    await widget.getByLabel('Text', { exact: true }).fill('a river runs to the sea');
    await widget.getByLabel('Text', { exact: true }).press('Enter');
    await widget.locator('input[name="position"]').fill('4');
    await check('a river runs to the sea', 4);
    const violations = await runAxe(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    assert.deepEqual(consoleErrors, []);
  } finally {
    await context.close();
  }
});
