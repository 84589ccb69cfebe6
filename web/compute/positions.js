// Positions for long context (lesson 4): how one query scores the same content at
// every distance under three ways of giving positions. Pure functions, no DOM.
//   sinusoid(p, d) → the original transformer's PE_p [d] (Vaswani et al. 2017, §3.5)
//   alibiSlope(head, heads) → ALiBi's slope of a head, 2^(−8(head + 1)/heads) (Press et al. 2022, §3)
export const ROPE_BASE = 10000;
export const WIDTH = 16;

export function sinusoid(p, d) {
  const out = new Float64Array(d);
  for (let c = 0; 2 * c < d; c++) {
    const angle = p / 10000 ** ((2 * c) / d);
    out[2 * c] = Math.sin(angle);
    if (2 * c + 1 < d) out[2 * c + 1] = Math.cos(angle);
  }
  return out;
}

export const alibiSlope = (head, heads) => 2 ** (-8 * (head + 1) / heads);
