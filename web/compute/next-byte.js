// The backbone's next-byte distribution: row r of its logits [n, 256] (a core
// tensor { shape, data }) predicts byte r + 1.
//   nextByteProbs(logits, r) → Float64Array(256), the softmax of row r (its largest logit subtracted first)
export function nextByteProbs(logits, r) {
  const V = logits.shape[1];
  const row = logits.data.subarray(r * V, (r + 1) * V);
  let mx = -Infinity;
  for (const v of row) mx = Math.max(mx, v);
  const p = Float64Array.from(row, (v) => Math.exp(v - mx));
  const sum = p.reduce((a, v) => a + v, 0);
  return p.map((v) => v / sum);
}
