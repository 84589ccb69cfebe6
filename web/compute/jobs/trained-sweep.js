// trained-sweep: accuracy of the trained HMT against the cache size N (at a
// fixed distance D) or against D (at a fixed N), measured on `docs` passkey
// documents per point, seeds seed … seed + docs − 1 of the evaluation split.
//   args: { axis: 'N'|'D', values: number[], D, N, docs, seed }
//   → { axis, points: [{ x, correct, chars, whole, docs }] }
// progress(points so far) after every document, so a cancelled sweep keeps what it measured.
import { trainedModel, segmentGeometry } from '../trained-model.js';

export default async function trainedSweep(core, args, { progress }) {
  const { axis = 'N', values = [], D = 8, N = 16, docs = 50, seed = 5000 } = args;
  if (axis !== 'N' && axis !== 'D') throw new Error(`trained-sweep: axis must be 'N' or 'D', got '${axis}'`);
  const model = await trainedModel(core, 'hmt-memory');
  const geometry = segmentGeometry(model);
  const points = [];
  for (const x of values) {
    const p = { x, correct: 0, chars: 0, whole: 0, docs: 0 };
    points.push(p);
    for (let i = 0; i < docs; i++) {
      const a = model.answer({
        task: 'passkey', D: axis === 'D' ? x : D, seed: seed + i, split: 'eval', condition: 'memory',
        cacheSize: axis === 'N' ? x : N, ...geometry,
      });
      p.correct += a.correct;
      p.chars += a.predicted.length;
      p.whole += a.correct === a.predicted.length ? 1 : 0;
      p.docs += 1;
      progress({ axis, points: points.map((q) => ({ ...q })) });
    }
  }
  return { axis, points };
}
