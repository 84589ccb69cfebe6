// retrieval-bars: HMT's memory search in the untrained bag-of-words setting
// (createHmtStream({ encoder: 'bag-of-words' })): a planted passage, `gap`
// unrelated segments, the passage again; the search weights of every segment.
//   args: { cache: N, gap, seed = 1, segment: L = 128 }
//   → { traces (oldest first, one per segment), labels, planted: 0, repeat: gap + 1, L, N }
import { plantedText } from '../planted-text.js';

export default function retrievalBars(core, args) {
  const { cache, gap, seed = 1, segment = 128 } = args;
  const { text, labels, planted, repeat } = plantedText(gap, segment);
  const stream = core.createHmtStream({
    encoder: 'bag-of-words', segmentLength: segment, cacheSize: cache, seed, traceLimit: gap + 2,
  });
  try {
    const ran = stream.feed(text);
    if (ran.segments !== gap + 2) throw new Error(`retrieval-bars: ${ran.segments} segments ran, expected ${gap + 2}`);
    return { traces: stream.traces(), labels, planted, repeat, L: segment, N: cache };
  } finally {
    stream.delete();
  }
}
