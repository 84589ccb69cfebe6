// stream-race: HMT streaming a long text against full attention over it, on
// the same seeded backbone (d_model 64, 4 heads, 2 layers), in this worker.
//   args: { tokens, segment: L, cache: N, fullMax, chunk = 4096 }
//   progress: { phase: 'hmt', tokens, ms, inUse, footprint }       after every chunk
//             { phase: 'full', n, ms, footprint }                  after every full-attention run
//   → { hmt: { tokens, segments, ms, points: [{ tokens, ms, inUse, footprint }], stateBytes,
//              config, before: memory, after: memory },
//       probe: compute/reach-probe.js's { found, weight, rank, maxWeight, oldest, newest, cached, segment },
//       full: [{ n, ms, footprint }], text: { segments, repeat },
//       kvBytesPerToken: 2 · layers · d_model · 4 (the KV cache full attention keeps, per token) }
// HMT: sensory k = min(32, L/2), summary j = L/2 (the paper's choices, §4);
// the stream is fed in chunks, so its memory is allocated once and stays put.
// Then the reach probe (compute/reach-probe.js) on the same text: does the
// last segment (the planted passage, repeated) still find segment 0?
import { raceText } from '../planted-text.js';
import { FULL_SIZES } from '../stream-race-fit.js';
import { reachProbe } from '../reach-probe.js';

export default function streamRace(core, args, { progress }) {
  const { tokens, segment: L, cache: N, fullMax, chunk = 4096 } = args;
  const { text, segments, repeat } = raceText(tokens, L);
  const bytes = new TextEncoder().encode(text);
  const k = Math.min(32, L / 2);
  const sizes = FULL_SIZES.filter((n) => n <= fullMax);
  const model = core.createHmtModel({ seed: 1, maxPositions: Math.max(L + k + 2, ...sizes) });
  let stream = null;
  try {
    const before = core.memory();
    stream = core.createHmtStream({ model, segmentLength: L, sensoryLength: k, cacheSize: N, traceLimit: 2 });
    const points = [];
    const t0 = performance.now();
    for (let s = 0; s < bytes.length; s += chunk) {
      stream.feed(bytes.subarray(s, Math.min(s + chunk, bytes.length)));
      const m = core.memory();
      const p = { tokens: Math.min(s + chunk, bytes.length), ms: performance.now() - t0, inUse: m.inUse, footprint: m.footprint };
      points.push(p);
      progress({ phase: 'hmt', ...p });
    }
    const ms = performance.now() - t0;
    const stats = stream.stats();
    const hmt = { tokens: stats.tokens, segments: stats.segments, ms, points, stateBytes: stream.stateBytes, config: stream.config, before, after: core.memory() };
    stream.delete();
    stream = null;

    const probeResult = reachProbe(core, { segment: L, cache: N, bytes });

    const full = [];
    for (const n of sizes) {
      const s = performance.now();
      model.forward(bytes.subarray(0, n));
      const r = { n, ms: performance.now() - s, footprint: core.memory().footprint };
      full.push(r);
      progress({ phase: 'full', ...r });
    }
    // The keys and values a full-attention model keeps to go on generating: 2 per token and layer, float32.
    const kvBytesPerToken = 2 * model.config.layers * model.config.dModel * 4;
    return { hmt, probe: probeResult, full, text: { segments, repeat }, k, kvBytesPerToken };
  } finally {
    stream?.delete();
    model.delete();
  }
}
