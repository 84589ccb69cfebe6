// Which core build the page runs, in Chromium: feature detection picks
// relaxed SIMD, else SIMD, else scalar; ?core=… forces one; the footer names
// it; the page downloads only that build's .wasm while the offline precache
// lists all three. Each build's numbers are checked against the same build in node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { loadCoreNode, buildDir } from '../../wasm/bindings/core-node.mjs';
import { sharedSite, repo, CHROMIUM_BUILD } from './harness.mjs';

const site = sharedSite();

const FOOTER = {
  relaxed: 'Core: WebAssembly relaxed SIMD (fused multiply-add), 4 × f32 lanes.',
  simd: 'Core: WebAssembly SIMD, 4 × f32 lanes.',
  scalar: 'Core: WebAssembly scalar.',
};

// dist/assets/<name>-<hash>.wasm → the build it was copied from (byte-equal).
function wasmAssets() {
  const dir = path.join(repo, 'dist', 'assets');
  const builds = Object.fromEntries(['relaxed', 'simd', 'scalar'].map((v) => [v, readFileSync(path.join(buildDir(v), 'lml_core.wasm'))]));
  const map = {};
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.wasm'))) {
    const bytes = readFileSync(path.join(dir, f));
    const hit = Object.entries(builds).find(([, b]) => b.equals(bytes));
    if (hit) map[f] = hit[0];
  }
  return map;
}

/**
 * Opens the course (service workers blocked, so every request is the page's or
 * its core worker's own) → { variant, footer, wasm: [build of each .wasm fetched], sample, errors }.
 * hideFeatures: 'relaxed' makes WebAssembly.validate refuse the relaxed probe
 * (a browser without relaxed SIMD); 'simd' refuses every SIMD module.
 */
async function openCourse(query, { hideFeatures = null } = {}) {
  const context = await site.browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  const assets = wasmAssets();
  const wasm = [];
  context.on('request', (r) => {
    const f = new URL(r.url()).pathname.split('/').pop();
    if (f.endsWith('.wasm')) wasm.push(assets[f] ?? f);
  });
  if (hideFeatures) {
    await page.addInitScript((hide) => {
      const validate = WebAssembly.validate.bind(WebAssembly);
      // A v128 type (0x7b) or the 0xfd SIMD prefix; the relaxed probe is the one with opcode 0x105.
      WebAssembly.validate = (bytes) => {
        const b = new Uint8Array(bytes.buffer ?? bytes);
        const isRelaxed = b.length < 64 && b.some((x, i) => x === 0xfd && b[i + 1] === 0x85 && b[i + 2] === 0x02);
        const isSimd = b.length < 64 && b.includes(0x7b);
        if (isRelaxed || (hide === 'simd' && isSimd)) return false;
        return validate(bytes);
      };
    }, hideFeatures);
  }
  await page.goto(`${site.url}${query}#/`, { waitUntil: 'load' });
  await page.waitForFunction(() => !/starting/.test(document.getElementById('core-status').textContent), null, { timeout: 30_000 });
  const r = await page.evaluate(async () => {
    const info = await lml.core.ready;
    const Q = await lml.core.call('randn', 3, 40, 24);
    const { out } = await lml.core.call('attention', Q, Q, Q, { causal: true });
    const C = await lml.core.call('matmul', Q, Q, { transposeB: true });
    return { info, footer: document.getElementById('core-status').textContent, build: document.getElementById('core-status').dataset.build, out: Array.from(out.data), qk: Array.from(C.data) };
  });
  await context.close();
  return { ...r, wasm, errors };
}

async function assertBuild(r, want) {
  assert.equal(r.info.variant, want);
  assert.equal(r.build, want);
  assert.equal(r.footer, FOOTER[want]);
  assert.deepEqual(r.wasm, [want], `the page fetched only the ${want} build's .wasm`);
  assert.deepEqual(r.errors, []);
  // The same build in node gives the same numbers (same engine family, same
  // machine); 1e-6 absolute leaves room for an engine that fuses differently.
  const c = await loadCoreNode(want);
  const Q = c.randn(3, 40, 24);
  const out = c.attention(Q, Q, Q, { causal: true }).out.data;
  r.out.forEach((v, i) => assert.ok(Math.abs(v - out[i]) <= 1e-6, `${want} out[${i}]: page ${v}, node ${out[i]}`));
  const qk = c.matmul(Q, Q, { transposeB: true }).data;
  r.qk.forEach((v, i) => assert.ok(Math.abs(v - qk[i]) <= 1e-5, `${want} Q·Qᵀ[${i}]: page ${v}, node ${qk[i]}`));
}

test('the offline precache lists all three builds', () => {
  const assets = wasmAssets();
  assert.deepEqual(Object.values(assets).sort(), ['relaxed', 'scalar', 'simd'], `dist/assets: ${JSON.stringify(assets)}`);
  const sw = readFileSync(path.join(repo, 'dist', 'sw.js'), 'utf8');
  for (const f of Object.keys(assets)) assert.ok(sw.includes(`./assets/${f}`), `sw.js does not precache ${f}`);
});

test('by default Chromium runs the relaxed-SIMD build, and the footer says so', async () => {
  await assertBuild(await openCourse(''), CHROMIUM_BUILD);
});

for (const want of ['relaxed', 'simd', 'scalar']) {
  test(`?core=${want} forces the ${want} build`, async () => {
    await assertBuild(await openCourse(`?core=${want}`), want);
  });
}

test('an unknown ?core= value is ignored (feature detection decides)', async () => {
  await assertBuild(await openCourse('?core=avx512'), CHROMIUM_BUILD);
});

test('fallback: where WebAssembly.validate refuses relaxed SIMD the page runs the SIMD build', async () => {
  await assertBuild(await openCourse('', { hideFeatures: 'relaxed' }), 'simd');
});

test('fallback: where it refuses SIMD as well the page runs the scalar build', async () => {
  await assertBuild(await openCourse('', { hideFeatures: 'simd' }), 'scalar');
});
