// summary-builder: the summary pass BBM([T ‖ H_n[0, j) ‖ T]) of the backbone,
// and what nudging the trailing T changes at every output position.
//   args: { text, segment: L, j, seed = 1 }  (the segment = the text's first L
//          bytes, padded with spaces; the pass reads its first j bytes, j ≤ L)
//   → { bytes: Uint8Array [L], j, d, outputs: [j+2, d] (model.summary),
//       printed, trailing: [1, d] (rows j and j+1), printedIndex, trailingIndex,
//       rebuilt: max |forwardEmbeddings([T ‖ embed ‖ T]) − outputs| (the check that
//                the pass is rebuilt exactly from its pieces),
//       nudge: [1, d] (added to the trailing T), change: Float32Array [j+2]
//              (max |Δ output| per position after the nudge), nudgedTrailing: [1, d] }
import { rowViews } from '../../lib/tensor.js';

function stack(parts, d) {
  const data = new Float32Array(parts.length * d);
  parts.forEach((p, i) => data.set(p, i * d));
  return { shape: [parts.length, d], data };
}

export default function summaryBuilder(core, args) {
  const { text = '', segment: L, j, seed = 1 } = args;
  if (!(j >= 1 && j <= L)) throw new Error(`j must be between 1 and L = ${L}, got ${j}`);
  const raw = new TextEncoder().encode(text);
  const bytes = new Uint8Array(L).fill(32);
  bytes.set(raw.subarray(0, L));
  const model = core.createHmtModel({ seed });
  try {
    const s = model.summary(bytes.subarray(0, j));
    const d = s.outputs.shape[1];
    const T = model.parameters().summaryToken.data;
    const E = rowViews(model.embed(bytes.subarray(0, j)));
    const again = model.forwardEmbeddings(stack([T, ...E, T], d));
    let rebuilt = 0;
    for (let i = 0; i < again.data.length; i++) rebuilt = Math.max(rebuilt, Math.abs(again.data[i] - s.outputs.data[i]));
    const nudge = core.randn(seed + 1000, 1, d, 0.5);
    const T2 = T.map((v, i) => v + nudge.data[i]);
    const nudged = model.forwardEmbeddings(stack([T, ...E, T2], d));
    const change = new Float32Array(j + 2);
    for (let r = 0; r < j + 2; r++) {
      let m = 0;
      for (let c = 0; c < d; c++) m = Math.max(m, Math.abs(nudged.data[r * d + c] - s.outputs.data[r * d + c]));
      change[r] = m;
    }
    return {
      bytes, j, d,
      outputs: s.outputs, printed: s.printed, trailing: s.trailing,
      printedIndex: s.printedIndex, trailingIndex: s.trailingIndex,
      rebuilt, nudge, change,
      nudgedTrailing: { shape: [1, d], data: nudged.data.slice((j + 1) * d, (j + 2) * d) },
    };
  } finally {
    model.delete();
  }
}
