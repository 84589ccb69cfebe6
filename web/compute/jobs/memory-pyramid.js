// memory-pyramid: HMT's three memories over a short stream, segment by
// segment, on the seeded (untrained) backbone.
//   args: { segments, cache: N, sensory: k, segment: L, seed = 1 }
//   → { text, traces (one per segment, oldest first), L, k, N, j, stateBytes }
// The text is a fixed paragraph repeated to segments·L bytes.
export const PYRAMID_TEXT = 'Sensory memory keeps the last few tokens. The summary asks what this segment is about. '
  + 'Long-term memory answers with what earlier segments left behind. ';

export function pyramidText(segments, L) {
  let t = '';
  while (t.length < segments * L) t += PYRAMID_TEXT;
  return t.slice(0, segments * L);
}

export default function memoryPyramid(core, args) {
  const { segments, cache, sensory, segment: L, seed = 1 } = args;
  if (!(sensory < L)) throw new Error(`the sensory memory must be shorter than a segment: k = ${sensory}, L = ${L}`);
  const text = pyramidText(segments, L);
  const model = core.createHmtModel({ seed });
  let stream = null;
  try {  // made inside the try: a refused stream config must not leak the model
    stream = core.createHmtStream({ model, segmentLength: L, sensoryLength: sensory, cacheSize: cache, traceLimit: segments });
    stream.feed(text);
    return { text, traces: stream.traces(), L, k: sensory, N: cache, j: stream.config.summaryLength, stateBytes: stream.stateBytes };
  } finally {
    stream?.delete();
    model.delete();
  }
}
