// Shared helpers for node tests of the built wasm core.
import { loadCoreNode } from '../../wasm/bindings/core-node.mjs';
import { shapeRng as graderRng } from '../../web/exercises/graders/util.js';

let cache = new Map();
/** The wrapped core for 'simd' | 'scalar', loaded once per test process. */
export function core(variant = 'simd') {
  if (!cache.has(variant)) cache.set(variant, loadCoreNode(variant));
  return cache.get(variant);
}

/** Largest |a - b| and the first index where |a - b| > atol + rtol·|b| (or -1). */
export function compare(a, b, atol, rtol) {
  if (a.length !== b.length) throw new Error(`length ${a.length} != ${b.length}`);
  let maxAbs = 0, firstBad = -1;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (!(d <= maxAbs)) maxAbs = d;
    if (firstBad < 0 && !(d <= atol + rtol * Math.abs(b[i]))) firstBad = i;
  }
  return { maxAbs, firstBad };
}

/** Shape picker for tests: r(lo, hi) → integer in [lo, hi] (the graders' seeded PRNG). */
export function shapeRng(seed) {
  return graderRng(seed).int;
}
