// trained-answer: one task document through the trained HMT, with an
// intervention, and the search every segment made.
//   args: { task: 'passkey'|'kv'|'copy', D, K, seed, condition: 'memory'|'ablated'|'shuffled'|'oracle'|
//           'retrieval-off', cacheSize, summaryIndex: 'trailing'|'printed' }
//   → { doc (makeTaskDocument's fields), condition, predicted, pTrue, pPredicted, correct, bits,
//       top1Hit, weights, slotSegments (the question segment's search),
//       searches: [{ segment, weights, slotSegments }] (every segment that searched; memory and ablated only) }
// Documents come from the evaluation split (seeds never used in training).
import { trainedModel, GEOMETRY } from '../trained-model.js';

export default async function trainedAnswer(core, args) {
  const { task = 'passkey', D = 8, K = 8, seed = 1, condition = 'memory', cacheSize = 16, summaryIndex = 'trailing' } = args;
  const model = await trainedModel(core, condition === 'retrieval-off' ? 'hmt-retrieval-off' : 'hmt-memory');
  const a = model.answer({ task, D, K, seed, split: 'eval', condition, cacheSize, summaryIndex, ...GEOMETRY });
  let searches = [];
  if (condition === 'memory' || condition === 'ablated') {
    const stream = core.createHmtStream({
      model, ...GEOMETRY, cacheSize, summaryIndex, ablateMemory: condition === 'ablated', traceLimit: a.doc.segments,
    });
    try {
      const { traces } = stream.feed(a.doc.bytes);
      searches = traces.filter((t) => t.weights.length > 0)
        .map((t) => ({ segment: t.index, weights: Array.from(t.weights), slotSegments: Array.from(t.slotSegments) }));
    } finally {
      stream.delete();
    }
  }
  return { ...a, searches };
}
