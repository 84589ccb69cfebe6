// The page-level checks of the cross-engine suite, written once against the
// engine-neutral driver (driver.mjs) and run in every engine by suite.mjs.
//
// A check is { name, run(ctx), timeout?, skip?: { engine: 'why' }, expectsErrors? }.
// ctx: { engine, url, course, core, scalarCore, open(hash) → page, startSite() → server }.
// Pages come from ctx.open; after run() the suite asserts, for each of them,
// zero console errors and zero requests to another origin (unless the check
// says expectsErrors), then closes it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { repo } from '../e2e/harness.mjs';
import { rows, example, cellsToMatrix, assertClose } from '../e2e/attention-numbers.mjs';
import { PROGRESS_KEY, paneOf, paneWithWidget, NAIVE_SOFTMAX, NAIVE_SOFTMAX_VERDICT, fillStorage } from '../e2e/exercise-fixtures.mjs';
import { widgetsDrawn, widgetReport } from '../e2e/pane-probes.mjs';

// ------------------------------------------------------------ in-page helpers (self-contained)

/** [root selector, matrix name] → printed cells [{ i, j, text }] of that matrix figure. */
function matrixCells([root, name]) {
  return [...document.querySelectorAll(`${root} [data-matrix="${name}"] text[data-row]`)]
    .map((e) => ({ i: Number(e.dataset.row), j: Number(e.dataset.col), text: e.textContent }));
}

async function readMatrix(page, root, name) {
  return cellsToMatrix(await page.evaluate(matrixCells, [root, name]));
}

/** The exercise's verdict once its live region holds one (not the busy text). */
function verdict(id) {
  const s = document.querySelector(`[data-exercise="${id}"] .exercise-status`);
  return s && s.textContent && s.dataset.tone !== 'busy' ? s.textContent : null;
}

/** Numbers of a call to the core through the page's own client → plain arrays. */
async function coreSample() {
  // What the engine can compile (the page's own detection uses the same two modules):
  // one f32x4.relaxed_madd, and one f32x4.add.
  const features = {
    relaxed: WebAssembly.validate(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 8, 1, 96, 3, 123, 123, 123, 1, 123, 3, 2, 1, 0, 10, 13, 1, 11, 0, 32, 0, 32, 1, 32, 2, 253, 133, 2, 11])),
    simd: WebAssembly.validate(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 7, 1, 96, 2, 123, 123, 1, 123, 3, 2, 1, 0, 10, 11, 1, 9, 0, 32, 0, 32, 1, 253, 228, 1, 11])),
  };
  const info = await lml.core.ready;
  const Q = await lml.core.call('randn', 5, 3, 4);
  const { out, weights } = await lml.core.call('attention', Q, Q, Q, { causal: true });
  return { info, features, q: Array.from(Q.data), out: Array.from(out.data), weights: Array.from(weights.data) };
}

/** The same calls in a core worker started as the app starts the scalar build (worker name 'lml-core-scalar'). */
function scalarSample(workerUrl) {
  return new Promise((resolve, reject) => {
    const w = new Worker(workerUrl, { type: 'module', name: 'lml-core-scalar' });
    const replies = new Map();
    let info = null;
    const call = (id, method, args) => new Promise((res, rej) => {
      replies.set(id, { res, rej });
      w.postMessage({ id, type: 'call', method, args });
    });
    w.onerror = (e) => reject(new Error(`the scalar worker failed: ${e.message}`));
    w.onmessage = async ({ data: m }) => {
      if (m.type === 'fatal') return reject(new Error(m.message));
      if (m.type !== 'ready') {
        const r = replies.get(m.id);
        replies.delete(m.id);
        return m.type === 'result' ? r?.res(m.value) : r?.rej(new Error(m.message));
      }
      info = m.info;
      try {
        const Q = await call(1, 'randn', [5, 3, 4]);
        const { out, weights } = await call(2, 'attention', [Q, Q, Q, { causal: true }]);
        resolve({ info, q: Array.from(Q.data), out: Array.from(out.data), weights: Array.from(weights.data) });
      } catch (err) {
        reject(err);
      } finally {
        w.terminate();
      }
    };
  });
}

function assertSample(got, core, what) {
  const Q = core.randn(5, 3, 4);
  const expected = core.attention(Q, Q, Q, { causal: true });
  assert.deepEqual(got.q, Array.from(Q.data), `${what}: randn is bit-identical in node and in the page`);
  got.out.forEach((v, i) => assert.ok(Math.abs(v - expected.out.data[i]) <= 1e-6, `${what}: out[${i}] ${v} vs ${expected.out.data[i]}`));
  got.weights.forEach((v, i) => assert.ok(Math.abs(v - expected.weights.data[i]) <= 1e-6, `${what}: weights[${i}]`));
}

/** The built core worker (dist/assets/worker-<hash>.js), as the page's URL. */
function coreWorkerUrl() {
  const found = fs.readdirSync(path.join(repo, 'dist', 'assets')).filter((f) => /^worker-[\w-]+\.js$/.test(f));
  assert.equal(found.length, 1, `expected one core worker in dist/assets, found ${found.join(', ') || 'none'}`);
  return `./assets/${found[0]}`;
}

const HEATMAP = '[data-widget="attention-heatmap"]';
const STEPPER = '[data-widget="equation-stepper"]';

// ------------------------------------------------------------ the checks


/** The rest of the full-storage check, once the store is full: reload, read, solve, export. */
async function fullStorageVisit(page, filled, stored, { course, solve }) {
  assert.ok(filled.bytes > 1e6, `only ${filled.bytes} bytes could be written`);
  await page.reload();
  await page.hash(paneOf(course, 'cost-ratio'));
  await page.waitForSelector('[data-exercise="cost-ratio"] .exercise-badge');
  assert.match(await page.text('[data-exercise="cost-ratio"] .exercise-badge'), /Solved/, 'the stored solve is read although the store is full');
  const notice = await page.waitFor(() => document.querySelector('.progress-notice')?.textContent, null, { step: 'the storage notice' });
  assert.match(notice, /storage is full/i);
  assert.match(notice, /To free space: export your progress/);
  await solve(page, 'variance-qk', '256');
  // the export's file, read where the page hands it to the browser (no download dialog)
  await page.evaluate(() => {
    window.__exported = null;
    const make = URL.createObjectURL.bind(URL);
    URL.createObjectURL = (blob) => { blob.text().then((t) => { window.__exported = t; }); return make(blob); };
    HTMLAnchorElement.prototype.click = function () {};
  });
  await page.hash('#/');
  await page.waitForSelector('.progress-panel button.progress-export');
  await page.click('.progress-panel button.progress-export');
  const exported = JSON.parse(await page.waitFor(() => window.__exported, null, { step: 'the exported file' }));
  assert.equal(exported.exercises['cost-ratio']?.solved, true, 'export holds the stored solve');
  assert.equal(exported.exercises['variance-qk']?.solved, true, "export holds this visit's solve");
  assert.equal(await page.evaluate((k) => localStorage.getItem(k), PROGRESS_KEY), stored, 'what is stored is never overwritten');
}

export const checks = [
  {
    name: 'the driver sees a console error, an uncaught error and a request to another origin (so "zero" below can fail)',
    expectsErrors: true,
    async run({ open, url }) {
      const page = await open('#/');
      // The same server under another name is another origin (and not a port browsers refuse).
      const other = new URL(url);
      other.hostname = other.hostname === 'localhost' ? '127.0.0.1' : 'localhost';
      const probe = new URL('lml-check', other).href;
      await page.evaluate((u) => {
        console.error('lml-check: console');
        setTimeout(() => { throw new Error('lml-check: uncaught'); }, 0);
        fetch(u).catch(() => {});
      }, probe);
      await new Promise((r) => setTimeout(r, 500));
      const errors = await page.errors();
      assert.ok(errors.some((e) => e.includes('lml-check: console')), `console.error not seen: ${JSON.stringify(errors)}`);
      assert.ok(errors.some((e) => e.includes('lml-check: uncaught')), `uncaught error not seen: ${JSON.stringify(errors)}`);
      // The page's Content-Security-Policy refuses the request before it leaves: the driver sees
      // either the request or the refusal naming it (an error, so "no error" below fails too).
      const foreign = await page.foreignRequests();
      const refused = (await page.errors()).filter((e) => e.includes(probe));
      assert.ok(foreign.includes(probe) || refused.length > 0,
        `request to another origin not seen, nor its refusal: ${JSON.stringify(foreign)} ${JSON.stringify(await page.errors())}`);
      const png = await page.screenshot();
      assert.equal(png.subarray(1, 4).toString(), 'PNG', 'screenshot is a PNG');
      assert.ok(png.length > 5000, `screenshot of ${png.length} bytes`);
    },
  },
  {
    name: 'the core loads as the fastest build the engine compiles (relaxed SIMD, else SIMD), the footer says so, and its numbers equal the core in node',
    async run({ open, course, cores }) {
      const page = await open('#/');
      await page.waitFor(() => /SIMD/.test(document.getElementById('core-status').textContent), null, { step: 'the footer to name the SIMD core' });
      assert.equal(await page.count('.lesson-card'), course.lessons.length, 'one card per lesson on the course map');
      const got = await page.evaluate(coreSample);
      assert.equal(got.features.simd, true, 'every engine under test has 128-bit SIMD');
      const want = got.features.relaxed ? 'relaxed' : 'simd';
      assert.equal(got.info.variant, want, `features ${JSON.stringify(got.features)}`);
      assert.equal(got.info.relaxedMadd, want === 'relaxed');
      assert.equal(await page.text('#core-status'), want === 'relaxed'
        ? 'Core: WebAssembly relaxed SIMD (fused multiply-add), 4 × f32 lanes.'
        : 'Core: WebAssembly SIMD, 4 × f32 lanes.');
      assert.equal(got.info.arch, 'wasm');
      assert.equal(got.info.lanes, 4);
      assertSample(got, cores[want], `${want} core`);
    },
  },
  {
    name: 'the scalar build loads where the app asks for it (a core worker named lml-core-scalar) and computes the same numbers',
    async run({ open, scalarCore }) {
      const page = await open('#/');
      const got = await page.evaluate(scalarSample, coreWorkerUrl());
      assert.equal(got.info.variant, 'scalar');
      assert.deepEqual(got.info, scalarCore.info, 'the same build as in node (no SIMD: arch "emulated")');
      assertSample(got, scalarCore, 'scalar core');
    },
  },
  {
    name: "equation stepper: every matrix at every step equals the core's trace in node (seed 1, 4 tokens, d_k = 4)",
    async run({ open, core }) {
      const page = await open('#/self-attention/2');
      await page.waitForSelector(`${STEPPER} [data-matrix="Q"] text`);
      const { Q, K, V } = example(core, 1, 4, 4);
      const t = core.attentionTrace(Q, K, V, { causal: false });
      const expected = { Q: rows(Q), K: rows(K), V: rows(V), scores: rows(t.scores), logits: rows(t.logits), weights: rows(t.weights), out: rows(t.out) };
      const seen = new Set();
      for (let step = 1; step <= 5; step++) {
        await page.waitFor((s) => document.querySelector('[data-widget="equation-stepper"]').dataset.step === String(s), step, { step: `stepper step ${step}` });
        const names = await page.evaluate(() => [...document.querySelectorAll('[data-widget="equation-stepper"] .widget-view [data-matrix]')].map((e) => e.dataset.matrix));
        assert.ok(names.length >= 2, `step ${step} shows ${names.length} matrices`);
        for (const name of names) {
          assertClose(await readMatrix(page, STEPPER, name), expected[name], `step ${step} ${name}`);
          seen.add(name);
        }
        if (step < 5) await page.click(`${STEPPER} .step-next`);
      }
      assert.deepEqual([...seen].sort(), Object.keys(expected).sort(), 'every matrix of the trace is shown at some step');
    },
  },
  {
    name: "heatmap: the weights equal the core's in node, and the causal control recomputes them (zeros above the diagonal)",
    async run({ open, core }) {
      const page = await open('#/self-attention/6');
      await page.waitForSelector(`${HEATMAP} [data-matrix="weights"] text`);
      const { Q, K, V } = example(core, 1, 8, 16);
      assertClose(await readMatrix(page, HEATMAP, 'weights'), rows(core.attention(Q, K, V).weights), 'weights');
      await page.click(`${HEATMAP} input[name="causal"]`);
      await page.waitFor(() => document.querySelector('[data-widget="attention-heatmap"] text[data-row="0"][data-col="1"]')?.textContent === 'masked',
        null, { step: 'the heatmap to recompute with the causal mask' });
      const causal = await readMatrix(page, HEATMAP, 'weights');
      for (let i = 0; i < 8; i++) for (let j = i + 1; j < 8; j++) assert.equal(causal[i][j], 0, `cell (${i}, ${j}) above the diagonal`);
      assertClose(causal, rows(core.attention(Q, K, V, { causal: true }).weights), 'causal weights');
      assert.match(await page.evaluate(() => location.hash), /attention-heatmap\.causal=true/);
    },
  },
  {
    name: 'exercise: a wrong answer fails naming the case, an infinite loop is stopped within 3 s while the page answers, the reference solution passes',
    timeout: 60_000,
    async run({ open, course }) {
      const id = 'softmax-stable';
      const ex = `[data-exercise="${id}"]`;
      const page = await open(paneOf(course, id));
      await page.waitForSelector(`${ex} .cm-content`);

      await page.fill(`${ex} .cm-content`, NAIVE_SOFTMAX);
      await page.click(`${ex} button.run`);
      assert.match(await page.waitFor(verdict, id, { step: 'the verdict on the naive softmax' }), NAIVE_SOFTMAX_VERDICT);
      assert.match(await page.text(`${ex} .result-fail`), /FAIL\s*example 2: 1×3 logits near 1000/);

      // The loop: times measured in the page, so the driver's round trips do not count.
      await page.fill(`${ex} .cm-content`, 'function softmax(rows) {\n  while (true) {}\n}');
      await page.evaluate((i) => {
        const root = document.querySelector(`[data-exercise="${i}"]`);
        const t = (window.__loopTimes = {});
        root.querySelector('button.submit').addEventListener('click', () => { t.submit = performance.now(); }, { capture: true, once: true });
        new MutationObserver(() => {
          if (t.submit === undefined) return;
          const s = root.querySelector('.exercise-status');
          if (t.verdict === undefined && s.textContent && s.dataset.tone !== 'busy') t.verdict = performance.now();
          if (t.hint === undefined && root.querySelector('.hint-list li')) t.hint = performance.now();
        }).observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
      }, id);
      await page.click(`${ex} button.submit`);
      await page.click(`${ex} button.reveal-next`);
      const loop = await page.waitFor(verdict, id, { step: 'the verdict on the infinite loop', timeout: 10_000 });
      assert.match(loop, /^Error: timed out after 2 s/);
      const t = await page.evaluate(() => window.__loopTimes);
      assert.ok(t.verdict - t.submit < 3000, `stopped ${Math.round(t.verdict - t.submit)} ms after submitting`);
      assert.ok(t.hint !== undefined && t.hint < t.verdict, `the page did not answer a click while the loop ran (hint at ${t.hint}, verdict at ${t.verdict})`);

      await page.fill(`${ex} .cm-content`, course.exercises[id].solution);
      await page.click(`${ex} button.submit`);
      assert.match(await page.waitFor(verdict, id, { step: 'the verdict on the reference solution' }), /^Passed: all \d+ cases, examples and hidden cases\. Exercise solved\.$/);
      assert.match(await page.text(`${ex} .exercise-badge`), /Solved/);
    },
  },
  {
    name: 'progress survives a reload: an answer typed and checked is still solved, with its value and attempts',
    async run({ open, course }) {
      const id = 'sqrt-dk-numeric';
      const ex = `[data-exercise="${id}"]`;
      const page = await open(paneOf(course, id));
      await page.waitForSelector(`${ex} input`);
      await page.type(`${ex} input`, '7');
      await page.click(`${ex} button.check`);
      assert.match(await page.waitFor(verdict, id, { step: 'the verdict on 7' }), /^Not yet: 7 is not the expected value/);
      await page.type(`${ex} input`, '8');
      await page.click(`${ex} button.check`);
      await page.waitFor((i) => /^Correct/.test(document.querySelector(`[data-exercise="${i}"] .exercise-status`)?.textContent ?? ''), id, { step: 'the verdict on 8' });
      await page.reload();
      await page.waitForSelector(`${ex} input`);
      assert.match(await page.text(`${ex} .exercise-badge`), /Solved/);
      assert.equal(await page.evaluate((s) => document.querySelector(s).value, `${ex} input`), '8');
      const stored = JSON.parse(await page.evaluate((k) => localStorage.getItem(k), PROGRESS_KEY));
      assert.equal(stored.exercises[id].solved, true);
      assert.equal(stored.exercises[id].attempts, 2);
    },
  },
  {
    name: "full storage: localStorage filled to its quota by something else; the stored solve shows, the store is named full, export holds it and this visit's solve, nothing stored is overwritten",
    async run({ open, course }) {
      const solve = async (page, id, value) => {
        const ex = `[data-exercise="${id}"]`;
        await page.hash(paneOf(course, id));
        await page.waitForSelector(`${ex} input`);
        await page.type(`${ex} input`, value);
        await page.click(`${ex} button.check`);
        assert.match(await page.waitFor(verdict, id, { step: `the verdict of ${id}` }), /^Correct/);
      };
      const page = await open('#/');
      await solve(page, 'cost-ratio', String(course.exercises['cost-ratio'].answer));
      const stored = await page.evaluate((k) => localStorage.getItem(k), PROGRESS_KEY);
      assert.equal(JSON.parse(stored).exercises['cost-ratio'].solved, true);
      // each engine has its own quota and its own error; fillStorage stops at one character
      const filled = await page.evaluate(fillStorage);
      try {
        await fullStorageVisit(page, filled, stored, { course, solve });
      } finally {
        await page.evaluate(() => localStorage.clear());  // an engine that keeps storage between checks starts the next one empty
      }
    },
  },
  {
    name: 'training lab: the trainer (WebAssembly, in its own worker) takes 5 steps and the loss curve is drawn',
    timeout: 180000,
    async run({ open, course }) {
      const lab = '[data-widget="training-lab"]';
      const page = await open(`${paneWithWidget(course, 'training-lab')}?training-lab.batch=4&training-lab.steps=20`);
      await page.waitForSelector(`${lab} .lab-start`);
      await page.click(`${lab} .lab-start`);
      await page.waitFor((s) => Number(document.querySelector(`${s} .lab-live`)?.dataset.step ?? 0) >= 5, lab,
        { step: 'five training steps', timeout: 150000 });
      await page.waitFor((s) => document.querySelectorAll(`${s} .lab-loss-point`).length >= 5, lab, { step: 'the loss curve' });
      const losses = await page.evaluate((s) => [...document.querySelectorAll(`${s} .lab-loss-point`)].map((e) => Number(e.dataset.loss)), lab);
      assert.ok(losses.every((l) => Number.isFinite(l) && l > 0), `losses ${losses}`);
    },
  },
  {
    name: 'KaTeX renders every display equation of a pane with its own fonts and no error',
    async run({ open, course }) {
      const lesson = course.lessons.find((l) => l.id === 'self-attention');
      const p = lesson.panes.findIndex((pane) => pane.blocks.filter((b) => b.type === 'math').length >= 1);
      assert.ok(p >= 0, 'the self-attention lesson has a pane with display math');
      const expected = lesson.panes[p].blocks.filter((b) => b.type === 'math').length;
      const page = await open(`#/self-attention/${p + 1}`);
      await page.waitForSelector('main .math-block .katex-display');
      const r = await page.evaluate(async () => {
        await document.fonts.ready;
        const k = document.querySelector('main .katex');
        return {
          displays: document.querySelectorAll('main .math-block .katex-display').length,
          errors: document.querySelectorAll('main .katex-error, main .math-error').length,
          mathml: document.querySelectorAll('main .katex-mathml math').length,
          font: getComputedStyle(k).fontFamily,
          fontLoaded: document.fonts.check('16px KaTeX_Main') && document.fonts.check('16px KaTeX_Math'),
          height: k.getBoundingClientRect().height,
        };
      });
      assert.equal(r.errors, 0, 'KaTeX or math errors on the pane');
      assert.ok(r.displays >= expected, `${r.displays} display equations shown, ${expected} in the lesson`);
      assert.ok(r.mathml >= r.displays, 'every equation carries its MathML for screen readers');
      assert.match(r.font, /KaTeX_Main/);
      assert.equal(r.fontLoaded, true, 'the KaTeX fonts are loaded');
      assert.ok(r.height > 10, `an equation ${r.height}px high`);
    },
  },
  {
    name: 'offline: after one visit the service worker serves the site, wasm included, with the server gone',
    timeout: 90_000,
    async run({ open, core, startSite }) {
      const site = await startSite();
      try {
        const page = await open('#/self-attention/6', site.url);
        await page.waitFor(() => navigator.serviceWorker.controller?.state === 'activated', null, { step: 'the service worker to control the page', timeout: 40_000 });
        await site.close();
        await page.reload();
        await page.waitForSelector(`${HEATMAP} [data-matrix="weights"] text`, { timeout: 30_000 });
        const { Q, K, V } = example(core, 1, 8, 16);
        assertClose(await readMatrix(page, HEATMAP, 'weights'), rows(core.attention(Q, K, V).weights), 'weights offline');
        assert.match(await page.text('h1'), /Self-attention/);
        const reachable = await fetch(site.url).then(() => true, () => false);
        assert.equal(reachable, false, 'the server was still reachable');
      } finally {
        await site.close();
      }
    },
  },
  {
    name: 'the whole course: every pane of every lesson (ArrowRight between panes) renders its math and draws its widgets without an error',
    timeout: 180_000,
    async run({ open, course }) {
      const page = await open('#/');
      await page.waitForSelector('.lesson-card');
      const problems = [];
      let panes = 0, widgets = 0;
      for (const lesson of course.lessons) {
        const total = lesson.panes.length;
        await page.hash(`#/${lesson.id}/1`);
        for (let p = 1; p <= total; p++) {
          if (p > 1) {
            await page.evaluate(() => document.activeElement?.blur());
            await page.key('ArrowRight');
          }
          await page.waitFor(([id, n, all]) => location.hash.startsWith(`#/${id}/${n}`) && document.querySelector('main')?.textContent.includes(`${n} / ${all}`),
            [lesson.id, p, total], { step: `${lesson.id} pane ${p}` });
          const where = `${lesson.id}/${p}`;
          const blocks = lesson.panes[p - 1].blocks;
          const math = await page.evaluate(() => ({
            errors: document.querySelectorAll('main .katex-error, main .math-error').length,
            shown: document.querySelectorAll('main .math-block .katex-display').length,
          }));
          if (math.errors) problems.push(`${where}: ${math.errors} math rendering error(s)`);
          const expectedMath = blocks.filter((b) => b.type === 'math').length;
          if (math.shown < expectedMath) problems.push(`${where}: ${math.shown} display equations shown, ${expectedMath} in the lesson`);
          await page.waitFor(widgetsDrawn, null, { step: `the widgets of ${where} to draw`, timeout: 60_000 });
          const report = await page.evaluate(widgetReport);
          const expectedWidgets = blocks.filter((b) => b.type === 'widget').length;
          if (report.length !== expectedWidgets) problems.push(`${where}: ${report.length} widgets shown, ${expectedWidgets} in the lesson`);
          for (const w of report) if (w.error) problems.push(`${where}: widget ${w.name}: ${w.error}`);
          widgets += report.length;
          panes++;
        }
      }
      assert.deepEqual(problems, []);
      assert.equal(panes, course.lessons.reduce((a, l) => a + l.panes.length, 0));
      assert.equal(widgets, course.lessons.flatMap((l) => l.panes).flatMap((p) => p.blocks).filter((b) => b.type === 'widget').length);
    },
  },
];
