// lm2-gates: LM2's gated memory (createLm2) with the input and forget gates
// fixed by the learner, over a seeded sequence of inputs E = randn(seed, steps, d).
//   args: { slots, dim: d, gIn, gForget, steps, seed }
//   → { E [steps, d], initial: Float32Array [d·d] (slot 0 before the first step),
//       history: [steps, d·d] (slot 0 after each step), read: [steps, d] (E_mem),
//       norms: Float32Array [steps + 1] (Frobenius norm of slot 0, from step 0),
//       gap: Float32Array [steps + 1] (‖slot₀ − slot₀′‖ / ‖initial − initial′‖ where ′ is
//            the same memory started from a random slot instead of the identity),
//       spread: { identity, random, randomStart } (the largest |entry of slot s − the same
//            entry of slot 0| over every slot s ≥ 1 after the last step, for the identity start
//            and the random start, and for the random start before the first step; 0 with one slot) }
// The update broadcasts one [1, d] row of gates and content over every row of every slot, so slots
// that start equal stay equal: with the paper's identity start the identity run's spread is 0.
/** Largest |M[s·d + i, c] − M[i, c]| over slots s ≥ 1 of a memory [m·d, d]. */
export function slotSpread(M, d) {
  const per = d * d;
  let worst = 0;
  for (let s = 1; s * per < M.length; s++) {
    for (let e = 0; e < per; e++) worst = Math.max(worst, Math.abs(M[s * per + e] - M[e]));
  }
  return worst;
}

function frob(a, b = null) {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const v = b ? a[i] - b[i] : a[i];
    s += v * v;
  }
  return Math.sqrt(s);
}

export default function lm2Gates(core, args) {
  const { slots, dim: d, gIn, gForget, steps, seed } = args;
  const E = core.randn(seed, steps, d);
  const opts = { gateIn: gIn, gateForget: gForget, slot: 0 };
  const a = core.createLm2({ d, slots, seed, init: 'identity' });
  let b = null;
  try {  // made inside the try: a refused second memory must not leak the first
    b = core.createLm2({ d, slots, seed, init: 'random' });
    const initial = a.memory().data.slice(0, d * d);
    const initialB = b.memory().data.slice(0, d * d);
    const randomStart = slotSpread(b.memory().data, d);
    const ra = a.step(E, opts);
    const rb = b.step(E, opts);
    const h = ra.slotHistory.data;
    const hb = rb.slotHistory.data;
    const norms = new Float32Array(steps + 1);
    const gap = new Float32Array(steps + 1);
    const start = frob(initial, initialB);
    norms[0] = frob(initial);
    gap[0] = 1;
    for (let t = 0; t < steps; t++) {
      const s = h.subarray(t * d * d, (t + 1) * d * d);
      norms[t + 1] = frob(s);
      gap[t + 1] = frob(s, hb.subarray(t * d * d, (t + 1) * d * d)) / start;
    }
    const spread = { identity: slotSpread(a.memory().data, d), random: slotSpread(b.memory().data, d), randomStart };
    return { E, initial, history: ra.slotHistory, read: ra.read, norms, gap, spread };
  } finally {
    a.delete();
    b?.delete();
  }
}
