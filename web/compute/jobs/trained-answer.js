// trained-answer: one task document through the trained HMT, with an
// intervention, and the search every segment made.
//   args: { task: 'passkey'|'kv'|'copy', D, K, seed, condition: 'memory'|'ablated'|'shuffled'|'oracle'|
//           'retrieval-off', cacheSize, summaryIndex: 'trailing'|'printed',
//           text?, fact? }   text: the learner's own filler (passkey and copy only), fact: the pass
//                            key's 5 digits or the 8 capitals to copy (a default when empty)
//   → { doc (makeTaskDocument's fields), condition, predicted, pTrue, pPredicted, correct, bits,
//       restBits, restBytes, top1Hit, weights, slotSegments (the question segment's search),
//       searches: [{ segment, weights, slotSegments }] (every segment that searched; memory and ablated only),
//       bitsPerByte: { memory: { answer, rest }, ablated: { answer, rest } } (the same document both ways) }
//   condition 'full-attention': the document's fact and question squeezed into one window of maxPositions
//       bytes and read by the backbone with plain causal attention (compute/full-attention-baseline.js);
//       → the same fields, with doc the window (segments 1) and window = its length; no search.
// Documents come from the evaluation split (seeds never used in training) or from the learner's text.
import { trainedModel, GEOMETRY } from '../trained-model.js';
import { windowDocument, readAnswer } from '../full-attention-baseline.js';

export const DEFAULT_FACT = { passkey: '48213', copy: 'QWERTYUI' };

export default async function trainedAnswer(core, args) {
  const { task = 'passkey', D = 8, K = 8, seed = 1, condition = 'memory', cacheSize = 16, summaryIndex = 'trailing' } = args;
  const own = typeof args.text === 'string' && args.text.trim() !== '';
  const docArgs = own
    ? { task, D, seed, text: args.text, payload: args.fact?.trim() || DEFAULT_FACT[task] || '' }
    : { task, D, K, seed, split: 'eval' };
  if (condition === 'full-attention') return fullAttention(core, task, docArgs, own);
  const model = await trainedModel(core, condition === 'retrieval-off' ? 'hmt-retrieval-off' : 'hmt-memory');
  const a = model.answer({ ...docArgs, condition, cacheSize, summaryIndex, scoreRest: true, ...GEOMETRY });
  const bitsPerByte = {};
  if (condition === 'memory' || condition === 'ablated') {
    const memory = await trainedModel(core, 'hmt-memory');
    for (const c of ['memory', 'ablated']) {
      const b = c === condition ? a : memory.answer({ ...docArgs, condition: c, cacheSize, summaryIndex, scoreRest: true, ...GEOMETRY });
      bitsPerByte[c] = { answer: b.bits / b.doc.answer.length, rest: b.restBits / b.restBytes };
    }
  }
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
  return { ...a, searches, bitsPerByte, ownText: own };
}

async function fullAttention(core, task, docArgs, own) {
  const model = await trainedModel(core, 'hmt-memory');
  const size = model.config.maxPositions;
  const w = windowDocument(core.makeTaskDocument({ ...docArgs, ...GEOMETRY }), task, size);
  const { logits } = model.forward(w.bytes, { logits: true });
  const a = readAnswer(logits, w.answerPos, w.answer);
  return {
    ...a,
    doc: { bytes: w.bytes, segments: 1, factSegment: 0, questionSegment: 0, answerPos: w.answerPos, answer: w.answer,
      distance: 0, facts: [{ segment: 0, payload: w.answer }] },
    window: size, condition: 'full-attention', top1Hit: null, weights: [], slotSegments: [], searches: [], bitsPerByte: {}, ownText: own,
  };
}
