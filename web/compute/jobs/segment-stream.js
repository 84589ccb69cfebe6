// segment-stream: which bytes does each byte's output depend on, when a text
// runs through the backbone segment by segment with k bytes of sensory memory?
// Measured, not assumed: the text is streamed once (HMT stream, retrieval off:
// each segment is BBM(H_{n−1}[L−k, L) ‖ H_n)), then once more per position p
// with byte p changed; byte t "sees" p when its output moved.
//   args: { text, segment: L, sensory: k, seed = 1 }   (text ≤ 96 bytes of UTF-8; longer text is cut)
//   → { bytes: Uint8Array, L, k, sees: Int32Array [T] (how many bytes t depends on),
//       first: Int32Array [T] (the earliest of them), segments: [{ index, start, length, sensory }] }
const MAX_BYTES = 96;

function outputsOf(stream, bytes, L) {
  stream.reset();
  const rows = [];
  for (let s = 0; s < bytes.length; s += L) {
    const chunk = bytes.subarray(s, Math.min(s + L, bytes.length));
    const ran = chunk.length === L ? stream.feed(chunk).segments : (stream.feed(chunk), stream.flush().segments);
    if (ran !== 1) throw new Error(`segment-stream: expected one segment at byte ${s}, ran ${ran}`);
    const { outputs } = stream.last();
    const d = outputs.shape[1];
    for (let i = 0; i < outputs.shape[0]; i++) rows.push(outputs.data.subarray(i * d, (i + 1) * d));
  }
  return rows;
}

export default function segmentStream(core, args) {
  const { text = '', segment: L, sensory: k, seed = 1 } = args;
  const bytes = new TextEncoder().encode(text).slice(0, MAX_BYTES);
  if (bytes.length === 0) throw new Error('the text is empty: type a few words');
  if (!(k < L)) throw new Error(`the sensory memory must be shorter than a segment: k = ${k}, L = ${L}`);
  const model = core.createHmtModel({ seed });
  let stream = null;
  try {  // made inside the try: a refused stream config must not leak the model
    stream = core.createHmtStream({ model, segmentLength: L, sensoryLength: k, retrieval: false, traceLimit: 1 });
    const T = bytes.length;
    const base = outputsOf(stream, bytes, L);
    const sees = new Int32Array(T);
    const first = new Int32Array(T).fill(-1);
    for (let p = 0; p < T; p++) {
      const changed = bytes.slice();
      changed[p] = (changed[p] + 1) % 256;
      const out = outputsOf(stream, changed, L);
      for (let t = 0; t < T; t++) {
        const a = base[t];
        const b = out[t];
        let moved = false;
        for (let c = 0; c < a.length && !moved; c++) moved = a[c] !== b[c];
        if (moved) {
          sees[t] += 1;
          if (first[t] < 0) first[t] = p;
        }
      }
    }
    const segments = [];
    for (let n = 0, s = 0; s < T; n++, s += L) {
      segments.push({ index: n, start: s, length: Math.min(L, T - s), sensory: n === 0 ? 0 : k });
    }
    return { bytes, L, k, sees, first, segments };
  } finally {
    stream?.delete();
    model.delete();
  }
}
