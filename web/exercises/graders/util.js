// Shared pieces of the graders: the PRNG that picks case shapes, fresh seeds,
// the node core as the async `call(method, ...args)` interface graders use,
// tensor ↔ nested-array conversion and float32 rounding. The grader object and
// its case list are built by code-grader.js. Matrix values come from the core's
// seeded randn; only the choice of shapes uses the small PRNG below, so a seed
// gives the same cases in every browser and in node.
import { rowsOf } from '../../lib/tensor.js';

/** A deterministic PRNG for shapes (mulberry32): rng.int(lo, hi), rng.pick(list), rng.next(). */
export function shapeRng(seed) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
    /** a fresh seed for the core's randn, in [1, 2^31) */
    seed: () => 1 + Math.floor(next() * 2147483646),
  };
}

/** A fresh seed per submission (crypto where available). */
export function freshSeed() {
  const c = globalThis.crypto;
  if (c?.getRandomValues) return 1 + (c.getRandomValues(new Uint32Array(1))[0] % 2147483646);
  return 1 + Math.floor(Math.random() * 2147483646);
}

/** A node core (wrapCore) as the async `call(method, ...args)` interface graders use. */
export function asyncCore(core) {
  return {
    async call(method, ...args) {
      if (typeof core[method] !== 'function') throw new Error(`the core has no method '${method}'`);
      return core[method](...args);
    },
  };
}

/** { shape: [r, c], data } → number[][] */
export const rows = rowsOf;

/** number[][] → { shape, data: Float32Array } (values rounded to float32). */
export function tensor(m) {
  const r = m.length, c = m[0].length;
  const data = new Float32Array(r * c);
  m.forEach((row, i) => data.set(row, i * c));
  return { shape: [r, c], data };
}

/** A [r, c] N(0, std²) matrix from the core as nested arrays (float32 values). */
export async function randn(core, seed, r, c, std = 1) {
  return rows(await core.call('randn', seed, r, c, std));
}

/** Rounds every number to float32, so that learners and the core see the same inputs. */
export function f32(m) {
  return Array.isArray(m) ? m.map(f32) : Math.fround(m);
}

/** "3×5" */
export const dims = (m) => `${m.length}×${m[0]?.length ?? 0}`;
