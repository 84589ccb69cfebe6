// The reach probe: does the end of a long text still find its beginning?
// The race text of `tokens` bytes (a planted passage in segment 0, unrelated
// filler, the passage repeated at the end; compute/planted-text.js) streamed
// through HMT with the untrained bag-of-words encoder, segment length L and
// cache size N. After the last segment:
//   found   whether the memory of segment 0 is still in the cache
//   weight  the retrieval weight the last segment gives it (0 when it has left)
//   rank    its place among the weights (1 = the largest; 0 when it has left)
//   maxWeight, oldest / newest (segments whose memories the cache holds), cached (how many), segment (the last)
// Deterministic for the settings. Runs in the core worker (job 'stream-race')
// and in node on the synchronous core.
import { raceText } from './planted-text.js';

/** core: the wrapped core (synchronous); bytes: the race text already encoded, if the caller has it. */
export function reachProbe(core, { tokens, segment: L, cache: N, bytes = null }) {
  const text = bytes ?? new TextEncoder().encode(raceText(tokens, L).text);
  const probe = core.createHmtStream({ encoder: 'bag-of-words', segmentLength: L, cacheSize: N, traceLimit: 1 });
  try {
    probe.feed(text);
    const [last] = probe.traces();
    const slots = Array.from(last.slotSegments);
    const w = Array.from(last.weights);
    const at = slots.indexOf(0);
    const order = w.map((v, i) => [v, i]).sort((a, b) => b[0] - a[0]);
    return {
      found: at >= 0,
      weight: at >= 0 ? w[at] : 0,
      rank: at >= 0 ? order.findIndex(([, i]) => i === at) + 1 : 0,
      maxWeight: order[0]?.[0] ?? 0,
      oldest: slots[0],
      newest: slots[slots.length - 1],
      cached: slots.length,
      segment: last.index,
    };
  } finally {
    probe.delete();
  }
}
