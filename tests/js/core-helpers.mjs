// Shared helpers for node tests of the built wasm core.
import { loadCoreNode } from '../../wasm/bindings/core-node.mjs';

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

/** A small deterministic PRNG for choosing shapes in tests (mulberry32). */
export function shapeRng(seed) {
  let s = seed >>> 0;
  return (lo, hi) => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const u = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    return lo + Math.floor(u * (hi - lo + 1));
  };
}
