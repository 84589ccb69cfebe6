// Registers the cross-engine checks (checks.mjs) as node:test tests for one
// engine: one server and one browser for the file, a fresh page (profile or
// context) per check, and after each check the pages' console errors and
// requests to another origin, which must both be empty. A failing check leaves
// a screenshot in test-results/engines/. A check an engine skips says why
// ("# SKIP <engine>: <reason>"). If the engine gives no page twice in a row,
// the remaining checks fail at once rather than each waiting out its limits.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { compileCourse } from '../../scripts/lessons/course.mjs';
import { loadCoreNode } from '../../wasm/bindings/core-node.mjs';
import { repo, startServer } from '../e2e/harness.mjs';
import { launchEngine, sitePlugins, limit, LIMITS } from './driver.mjs';
import { checks } from './checks.mjs';

const SHOTS = path.join(repo, 'test-results', 'engines');

export function engineSuite(engine) {
  const { course } = compileCourse({ root: repo });
  const state = { server: null, browser: null, core: null, scalarCore: null, relaxedCore: null, plugins: [], stalls: 0, hung: null };

  before(async () => {
    state.plugins = await sitePlugins(engine);
    state.server = await startServer({ plugins: state.plugins });
    state.core = await loadCoreNode('simd');
    state.scalarCore = await loadCoreNode('scalar');
    state.relaxedCore = await loadCoreNode('relaxed');
    const t0 = Date.now();
    state.browser = await launchEngine(engine);
    console.log(`${engine}: ${state.browser.version}, started in ${Date.now() - t0} ms`);
  });

  after(async () => {
    await state.browser?.close().catch((err) => console.log(`${engine}: closing the browser: ${err.message}`));
    await state.server?.close();
  });

  for (const check of checks) {
    const skip = check.skip?.[engine];
    test(`${engine}: ${check.name}`, { timeout: check.timeout ?? 45_000, skip: skip ? `${engine}: ${skip}` : false }, async () => {
      assert.ok(state.browser, `${engine}: the browser did not start`);
      assert.equal(state.hung, null, `${engine}: not tried, the engine stopped answering earlier (${state.hung})`);
      const pages = [];
      const ctx = {
        engine,
        course,
        core: state.core,
        scalarCore: state.scalarCore,
        cores: { relaxed: state.relaxedCore, simd: state.core, scalar: state.scalarCore },
        url: state.server.url,
        async open(hash, base = state.server.url) {
          try {
            const page = await state.browser.newPage(`${base}${hash}`);
            pages.push(page);
            state.stalls = 0;
            return page;
          } catch (err) {
            // Twice in a row no page at all: the remaining checks fail at once
            // instead of each waiting out its limits.
            if (/no answer within/.test(err.message) && ++state.stalls >= 2) state.hung = err.message;
            throw err;
          }
        },
        startSite: () => limit(engine, 'start a second server', LIMITS.step, startServer({ plugins: state.plugins })),
      };
      let failed = true;
      try {
        await check.run(ctx);
        if (!check.expectsErrors) {
          for (const page of pages) {
            assert.deepEqual(await page.errors(), [], `${engine}: console or page errors`);
            assert.deepEqual(await page.foreignRequests(), [], `${engine}: requests to another origin`);
          }
        }
        failed = false;
      } finally {
        for (const page of pages) {
          if (failed && !page.timedOut) await saveScreenshot(page, engine, check.name);
          await page.close().catch((err) => console.log(err.message));
        }
      }
    });
  }
}

async function saveScreenshot(page, engine, name) {
  try {
    fs.mkdirSync(SHOTS, { recursive: true });
    const file = path.join(SHOTS, `${engine}-${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}.png`);
    fs.writeFileSync(file, await page.screenshot());
    console.log(`${engine}: screenshot of the failing page: ${path.relative(repo, file)}`);
  } catch (err) {
    console.log(`${engine}: no screenshot: ${err.message}`);
  }
}
