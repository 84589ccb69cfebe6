// The training lab's graded exercise (lessons/exercises/passkey-exam.md): a
// model is examined on fresh passkey documents at a distance D — documents of
// the evaluation split from a seed range no widget of the course offers and the
// trainer never draws — answered with the cache it was trained with (its weight
// file says which). The measured quantity is the digit accuracy (the answer's
// characters predicted right, the true answer before each one, as in the
// committed evaluation), with a 95% percentile-bootstrap interval over
// documents (the digits of one document are not independent).
//   examModel(core, model, { D, docs, seed }) → { D, N, docs, correct, chars, whole, accuracy, low, high }
//   bootstrapInterval(correct[], chars[], { resamples, seed }) → [low, high]
//   examSeed(fresh) → the first document's seed for a submission
import { segmentGeometry } from './trained-model.js';

export const EXAM = Object.freeze({
  bar: 0.8,         // digit accuracy to reach
  docs: 200,        // documents per examination (1,000 digits): near 0.8 the interval is ±0.03 (digits
                    // independent) to ±0.06 (a document's digits all right or all wrong together)
  minD: 2,
  maxD: 16,
  seedBase: 1e9,    // seeds from here on: above every seed a widget offers (≤ 1,000,000)
  seedSpan: 1e9,
  resamples: 2000,
});

/** A fresh first seed in [seedBase, seedBase + seedSpan) from any positive integer. */
export function examSeed(fresh) {
  return EXAM.seedBase + (Math.floor(Math.abs(fresh)) % EXAM.seedSpan);
}

// mulberry32: the bootstrap's resampling, the same for a seed everywhere
function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 95% percentile bootstrap of Σ correct / Σ chars, documents resampled with replacement. */
export function bootstrapInterval(correct, chars, { resamples = EXAM.resamples, seed = 1 } = {}) {
  const n = correct.length;
  if (n === 0 || chars.length !== n) throw new Error('bootstrapInterval: one count of characters per document, at least one document');
  const next = rng(seed);
  const stats = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let c = 0, t = 0;
    for (let i = 0; i < n; i++) {
      const k = Math.floor(next() * n);
      c += correct[k];
      t += chars[k];
    }
    stats[r] = t ? c / t : 0;
  }
  stats.sort();
  const at = (q) => stats[Math.min(resamples - 1, Math.max(0, Math.round(q * (resamples - 1))))];
  return [at(0.025), at(0.975)];
}

/** The examination of one model (a core HMT model with a weight file's geometry). */
export function examModel(core, model, { D, docs = EXAM.docs, seed, progress = () => {} }) {
  const geometry = segmentGeometry(model);
  const N = model.geometry.cacheSize;
  const correct = [], chars = [];
  let whole = 0;
  for (let i = 0; i < docs; i++) {
    const a = model.answer({ task: 'passkey', D, seed: seed + i, split: 'eval', condition: 'memory', cacheSize: N, ...geometry });
    correct.push(a.correct);
    chars.push(a.predicted.length);
    if (a.correct === a.predicted.length) whole += 1;
    if (i % 20 === 19) progress({ done: i + 1, docs });
  }
  const c = correct.reduce((x, y) => x + y, 0), t = chars.reduce((x, y) => x + y, 0);
  const [low, high] = bootstrapInterval(correct, chars, { seed });
  return { D, N, docs, seed, correct: c, chars: t, whole, accuracy: t ? c / t : 0, low, high };
}
