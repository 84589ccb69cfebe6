// What each comparison model pays to read a document, measured by the core on
// the same documents (node and Chromium): hmt-s1 (HMT), recurrent-s1 (a cache of
// one) and full-s1 (full attention) from web/models/zoo/, on passkey documents
// with no lead (leadMax 0: the fact in the first segment, the question in the
// last), one document per distance D, the same bytes for the three models.
//   zooCostSuite({ core, runtime, quick, log }) → records
//     { suite: 'zoo-cost', impl: <model>, model, kind: 'hmt' | 'full', N (the cache; null for full),
//       shape: 'passkey D=<D>', runtime, build, D, tokens (the document's bytes), segments,
//       ms_median       one model.answer call: the core makes the document and reads it
//                       (streamed segment by segment, or one causal pass for full), median
//                       of bench/lib/timing.mjs measure (after its warm-up)
//       held_bytes      the answer's heldBytes: the most bytes of state the model held while
//                       reading (cached memories and keys plus the sensory bytes; for full,
//                       the K and V of every layer for every byte read)
//       held_formula    the same from the model's sizes and geometry (status 'mismatch' when
//                       they differ: the run fails, as an output off its reference does)
//       full_over_hmt   { ms, held_bytes }: full-s1's over hmt-s1's at this D, this run
//                       (on every model's record of that D; absent where full-s1 refused)
//       ratio_vs        on hmt-s1's records: { 'full-s1': full's ms / hmt's ms } (the table prints it)
//       tokens_per_s }
//   A document longer than the full-attention model's positions is refused by the core:
//   that record has status 'refused', the core's reason in `error`, ms_median and
//   held_bytes null, and ends that model's curve (no longer document is tried).
// Distances: 0 and the powers of two up to DISTANCES.at(-1); the models are timed in turn
// at each D, so a ratio compares timings taken moments apart. quick: D = 0 and the largest
// D, each once (every path: the streamed models, full attention, its refusal).
// Every size comes from the weight file (model.config, model.geometry).
import { measure } from '../lib/timing.mjs';

export const ZOO_COST_MODELS = ['hmt-s1', 'recurrent-s1', 'full-s1'];
export const DISTANCES = [0, ...Array.from({ length: 7 }, (_, e) => 2 ** e)];
const SEED = 1;
const FLOAT = 4;  // bytes of a float32

async function loadWeights(name) {
  if (typeof process !== 'undefined' && process.versions?.node) {
    const { readFileSync } = await import('node:fs');
    return new Uint8Array(readFileSync(new URL(`../../web/models/zoo/${name}.lmlw`, import.meta.url)));
  }
  const r = await fetch(`/web/models/zoo/${name}.lmlw`);
  if (!r.ok) throw new Error(`zoo weights ${name}: HTTP ${r.status}`);
  return new Uint8Array(await r.arrayBuffer());
}

/**
 * The state a model holds after reading a document of `tokens` bytes in `segments` segments,
 * from its sizes alone (the core's Answer::held_bytes, written out independently).
 */
export function heldFormula(model, { tokens, segments }) {
  const c = model.config, g = model.geometry;
  if (g.kind === 'full') return 2 * c.layers * tokens * c.dModel * FLOAT;
  return Math.min(segments, g.cacheSize) * (c.dModel + c.dRetrieval) * FLOAT + g.sensoryLength;
}

const refusal = (err) => /reads the whole document in one pass: .* positions/.test(err?.message ?? '');

export async function zooCostSuite({ core, runtime, quick = false, log = () => {} }) {
  const build = core.info?.variant ?? null;
  const models = [];
  const records = [];
  try {
    for (const name of ZOO_COST_MODELS) {
      const model = core.createHmtModel({ weights: await loadWeights(name) });
      models.push({ name, model });
      if (!model.geometry) throw new Error(`${name}: the weight file records no geometry`);
    }
    const ended = new Set();
    const distances = quick ? [DISTANCES[0], DISTANCES.at(-1)] : DISTANCES;
    for (const D of distances) {
      for (const { name, model } of models) {
        if (ended.has(name)) continue;
        const g = model.geometry;
        const full = g.kind === 'full';
        const opts = {
          task: 'passkey', D, leadMax: 0, seed: SEED, split: 'eval',
          segmentLength: g.segmentLength, summaryLength: g.summaryLength, sensoryLength: g.sensoryLength,
          ...(full ? { condition: 'full' } : { condition: 'memory', cacheSize: g.cacheSize }),
        };
        const base = { suite: 'zoo-cost', impl: name, model: name, kind: g.kind, N: full ? null : g.cacheSize, shape: `passkey D=${D}`, runtime, build, D };
        let first;
        try {
          first = model.answer(opts);
        } catch (err) {
          if (!full || !refusal(err)) throw err;
          const doc = core.makeTaskDocument({ task: 'passkey', D, leadMax: 0, seed: SEED, split: 'eval', segmentLength: g.segmentLength, summaryLength: g.summaryLength, sensoryLength: g.sensoryLength });
          records.push({ ...base, tokens: doc.bytes.length, segments: doc.segments, ms_median: null, held_bytes: null, status: 'refused', error: err.message });
          ended.add(name);
          log(`  ${runtime} zoo-cost ${name} D=${D}: refused (${err.message})`);
          continue;
        }
        const tokens = first.doc.bytes.length, segments = first.doc.segments;
        const t = await measure(() => model.answer(opts), { quick });
        const rec = { ...base, tokens, segments, ms_median: t.ms_median, held_bytes: first.heldBytes, held_formula: heldFormula(model, { tokens, segments }), tokens_per_s: tokens / (t.ms_median / 1000) };
        if (rec.held_bytes !== rec.held_formula) {
          rec.status = 'mismatch';
          rec.error = `heldBytes ${rec.held_bytes} ≠ ${rec.held_formula} from the model's sizes`;
        }
        records.push(rec);
        log(`  ${runtime} zoo-cost ${name.padEnd(12)} D=${String(D).padStart(2)}: ${t.ms_median.toFixed(2)} ms, ${rec.held_bytes} bytes held, ${tokens} tokens`);
      }
    }
  } finally {
    for (const { model } of models) model.delete();
  }
  addFullOverHmt(records);
  return records;
}

/** full_over_hmt on every record of a D where both hmt-s1 and full-s1 read the document; ratio_vs on hmt-s1's. */
export function addFullOverHmt(records) {
  const ok = (r) => r && r.status !== 'refused' && r.ms_median > 0;
  for (const hmt of records.filter((r) => r.suite === 'zoo-cost' && r.model === 'hmt-s1' && ok(r))) {
    const full = records.find((r) => r.suite === 'zoo-cost' && r.model === 'full-s1' && r.runtime === hmt.runtime && r.D === hmt.D);
    if (!ok(full)) continue;
    const ratio = { ms: full.ms_median / hmt.ms_median, held_bytes: full.held_bytes / hmt.held_bytes };
    for (const r of records.filter((x) => x.suite === 'zoo-cost' && x.runtime === hmt.runtime && x.D === hmt.D)) r.full_over_hmt = ratio;
    hmt.ratio_vs = { 'full-s1': ratio.ms };
  }
}
