// Plain-JavaScript attention for the kernel benchmark: the same computation as
// the core's attention, softmax(Q·Kᵀ/√d)·V (no mask), written the way one
// would write it without SIMD or packing — three nested loops per query row.
//   Q [n, d], K [m, d], V [m, dv]  (tensors { shape, data: Float32Array })  →  out [n, dv]
// The row's scores live in one Float32Array of m; nothing n × m is stored.
export function attentionJs(Q, K, V) {
  const [n, d] = Q.shape;
  const [m, dk] = K.shape;
  const [mv, dv] = V.shape;
  if (dk !== d || mv !== m) throw new Error(`attentionJs: Q ${n}×${d}, K ${m}×${dk}, V ${mv}×${dv} do not fit`);
  const q = Q.data;
  const k = K.data;
  const v = V.data;
  const out = new Float32Array(n * dv);
  const s = new Float32Array(m);
  const scale = 1 / Math.sqrt(d);
  for (let i = 0; i < n; i++) {
    const qi = i * d;
    let max = -Infinity;
    for (let j = 0; j < m; j++) {
      const kj = j * d;
      let dot = 0;
      for (let c = 0; c < d; c++) dot += q[qi + c] * k[kj + c];
      const x = dot * scale;
      s[j] = x;
      if (x > max) max = x;
    }
    let sum = 0;
    for (let j = 0; j < m; j++) {
      const e = Math.exp(s[j] - max);
      s[j] = e;
      sum += e;
    }
    const inv = 1 / sum;
    const oi = i * dv;
    for (let j = 0; j < m; j++) {
      const w = s[j] * inv;
      const vj = j * dv;
      for (let c = 0; c < dv; c++) out[oi + c] += w * v[vj + c];
    }
  }
  return { shape: [n, dv], data: out };
}

/** Floating-point operations of one attention call, as counted throughout: 4·n·m·d (QKᵀ and ·V). */
export function attentionFlops(n, d, m = n) {
  return 4 * n * m * d;
}

/** Largest |a − b| over two equally shaped tensors. */
export function maxAbsDiff(a, b) {
  let worst = 0;
  for (let i = 0; i < a.data.length; i++) worst = Math.max(worst, Math.abs(a.data[i] - b.data[i]));
  return worst;
}
