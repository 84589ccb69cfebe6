// Head layout of multi-head attention, as the core's multiHead / attentionHeads use it:
//   head i of X [n, d_model] is the column block X[:, i·d_h : (i+1)·d_h], d_h = d_model / h
// The core has no split or merge function of its own, so these references are
// tested in node against the core: merge(attention per head of split(Q, K, V))
// equals the core's attentionHeads.

/** X [n, d_model], h → h × [n, d_model / h] */
export function splitHeadsRef(X, h) {
  const d = X[0].length;
  if (d % h !== 0) throw new Error(`d_model = ${d} is not divisible by h = ${h}`);
  const dh = d / h;
  return Array.from({ length: h }, (_, i) => X.map((row) => row.slice(i * dh, (i + 1) * dh)));
}

/** h × [n, d_h] → [n, h·d_h] */
export function mergeHeadsRef(heads) {
  return heads[0].map((_, r) => heads.flatMap((H) => H[r]));
}
