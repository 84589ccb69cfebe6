// The trained HMT as the course runs it (node and Chromium): how long one
// 17-segment passkey document takes to stream and answer, and how long the
// in-browser sweep's workload takes — 200 held-out documents at D = 8, N = 16.
//   trainedSuite({ core, runtime, quick, log }) → records
//     { suite: 'trained', impl: 'answer-17-segments' | 'sweep-200-documents', shape, runtime, ms_median, accuracy }
// Weights: web/models/hmt-memory.lmlw (read from disk in node, fetched by the bench page).
import { measure } from '../lib/timing.mjs';

async function loadWeights() {
  if (typeof process !== 'undefined' && process.versions?.node) {
    const { readFileSync } = await import('node:fs');
    const url = new URL('../../web/models/hmt-memory.lmlw', import.meta.url);
    return new Uint8Array(readFileSync(url));
  }
  const r = await fetch('/web/models/hmt-memory.lmlw');
  if (!r.ok) throw new Error(`trained weights: HTTP ${r.status}`);
  return new Uint8Array(await r.arrayBuffer());
}

export async function trainedSuite({ core, runtime, quick, log }) {
  const model = core.createHmtModel({ weights: await loadWeights() });
  const records = [];
  try {
    // the geometry the weights were trained with, from the weight file
    const { segmentLength, summaryLength, sensoryLength, cacheSize } = model.geometry;
    const GEOMETRY = { segmentLength, summaryLength, sensoryLength };
    const N = 16;  // the evaluation's cache (bench/results/eval.json's main rows), larger than the trained one
    if (N < cacheSize) throw new Error(`the bench's cache N = ${N} is below the trained ${cacheSize}`);
    // one document of 17 segments: the fact in segment 0, the question in segment 16 (D = 15)
    const one = () => model.answer({ task: 'passkey', D: 15, leadMax: 0, seed: 1, cacheSize: N, ...GEOMETRY });
    const doc = one().doc;
    if (doc.segments !== 17) throw new Error(`expected a 17-segment document, got ${doc.segments}`);
    log?.(`  trained: answer a 17-segment document (${runtime})`);
    const t1 = await measure(one, { quick });
    records.push({ suite: 'trained', impl: 'answer-17-segments', shape: `L=${segmentLength} S=17 N=${N}`, runtime, ms_median: t1.ms_median, tokens_per_s: (17 * segmentLength) / (t1.ms_median / 1000) });
    // the sweep's workload: 200 documents (quick: 5)
    const docs = quick ? 5 : 200;
    log?.(`  trained: ${docs} documents (${runtime})`);
    let correct = 0, chars = 0;
    const t0 = performance.now();
    for (let i = 0; i < docs; i++) {
      const a = model.answer({ task: 'passkey', D: 8, seed: 5000 + i, cacheSize: N, ...GEOMETRY });
      correct += a.correct;
      chars += a.predicted.length;
    }
    const ms = performance.now() - t0;
    records.push({ suite: 'trained', impl: `sweep-${docs}-documents`, shape: `passkey D=8 N=${N}`, runtime, ms_median: ms, accuracy: correct / chars,
      note: `one pass (no repeats); digit accuracy ${(correct / chars).toFixed(3)}` });
  } finally {
    model.delete();
  }
  return records;
}
