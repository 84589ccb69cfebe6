// trained-answer: one task document through the trained HMT, with an
// intervention, and the search every segment made — one core call (model.answer).
//   args: { task: 'passkey'|'kv'|'copy', D, K, seed, condition: 'memory'|'ablated'|'shuffled'|'oracle'|
//           'retrieval-off', cacheSize, summaryIndex: 'trailing'|'printed',
//           model?: 'trained' | 'recurrent' | 'yours', text?, fact? }   model 'recurrent': the comparison
//                            model trained with a cache of one (web/models/zoo/recurrent-s1.lmlw; it always runs with
//                            its own N = 1, whatever cacheSize says); 'yours': the learner's own weights from the
//                            training lab (trained-model.js); text: the learner's own filler (passkey and copy only), fact: the pass
//                            key's 5 digits or the 8 capitals to copy (a default when empty)
//   → { doc (makeTaskDocument's fields, factPos among them), condition, predicted, pTrue, pPredicted, correct, bits,
//       restBits, restBytes, top1Hit, weights, slotSegments, topSlot, factSlot (the question segment's search),
//       searches: [{ segment, weights, slotSegments, top, factSlot }] (every segment that searched),
//       bitsPerByte: { memory: { answer, rest }, ablated: { answer, rest } } (memory and ablated: the same
//       document both ways), segmentsStreamed, ownText }
//   or { refused: { option: 'fact' | 'task' | 'cache', message } } when the core's fact rule refuses the learner's
//   fact, or the oracle's fact memory has left the cache.
//   generate: { temperature, topK, sampleSeed } (optional): the model also writes the answer itself
//       (model.generate: greedy at temperature 0, else sampled from softmax(z / T) over the top k, the
//       chosen bytes fed back in, stopping after '.' or GENERATE_MAX_BYTES bytes) → generation: model.generate's
//       result, on the same document under the same condition
//   condition 'full-attention': the document's fact and question squeezed into one window of maxPositions
//       bytes and read by the backbone with plain causal attention (compute/full-attention-baseline.js);
//       → the same fields, with doc the window (segments 1) and window = its length; no search.
// Documents come from the evaluation split (seeds never used in training) or from the learner's text.
import { trainedModel, segmentGeometry } from '../trained-model.js';
import { windowDocument, readAnswer } from '../full-attention-baseline.js';

export const DEFAULT_FACT = { passkey: '48213', copy: 'QWERTYUI' };
/** The most bytes the widget lets the model write: the longest answer (8 letters and '.') and as many again. */
export const GENERATE_MAX_BYTES = 24;
export const GENERATE_FULL_ATTENTION = 'Generate streams the document through HMT; the full-attention window is read in one pass. '
  + 'Choose another Memory setting, or Answer by: teacher-forced.';

export default async function trainedAnswer(core, args) {
  const { task = 'passkey', D = 8, K = 8, seed = 1, condition = 'memory', cacheSize = 16, summaryIndex = 'trailing' } = args;
  const own = typeof args.text === 'string' && args.text.trim() !== '';
  const docArgs = own
    ? { task, D, seed, text: args.text, payload: args.fact?.trim() || DEFAULT_FACT[task] || '' }
    : { task, D, K, seed, split: 'eval' };
  if (condition === 'full-attention') {
    if (args.generate) return { refused: { option: 'answer', message: GENERATE_FULL_ATTENTION } };
    return fullAttention(core, task, docArgs, own);
  }
  const name = condition === 'retrieval-off' ? 'hmt-retrieval-off'
    : args.model === 'yours' ? 'yours' : args.model === 'recurrent' ? 'recurrent-s1' : 'hmt-memory';
  const model = await trainedModel(core, name);
  const N = name === 'recurrent-s1' ? model.geometry.cacheSize : cacheSize;
  let a;
  try {
    a = model.answer({ ...docArgs, condition, cacheSize: N, summaryIndex, scoreRest: true, searches: true, compare: true,
      ...segmentGeometry(model) });
  } catch (err) {
    // the oracle hands over the fact's memory, which must still be in the cache
    const m = /^answer: 'oracle' needs the fact's memory in the cache \(N = (\d+) is too small for D = (\d+)\)/.exec(err.message);
    if (m) {
      return { refused: { option: 'cache', message: `The oracle hands over the fact's memory, but it was evicted: N = ${m[1]} < D + 1 = ${Number(m[2]) + 1}. Raise the cache size N.` } };
    }
    throw err;
  }
  if (a.refused) return { refused: { option: a.refused.option === 'payload' ? 'fact' : a.refused.option, message: a.refused.message } };
  let generation = null;
  if (args.generate) {
    const { temperature = 0, topK = 0, sampleSeed = 1 } = args.generate;
    generation = model.generate({ ...docArgs, condition, cacheSize: N, summaryIndex, ...segmentGeometry(model), temperature, topK,
      sampleSeed, maxBytes: GENERATE_MAX_BYTES, stop: '.' });
  }
  return { ...a, bitsPerByte: a.bitsPerByte ?? {}, ownText: own, model: name, cacheSize: N, generation };
}

async function fullAttention(core, task, docArgs, own) {
  const model = await trainedModel(core, 'hmt-memory');
  const size = model.config.maxPositions;
  let doc;
  try {
    doc = core.makeTaskDocument({ ...docArgs, ...segmentGeometry(model) });
  } catch (err) {
    // the core's fact rule (tasks::payload_problem) refused the learner's fact
    const m = own && /^task: (the (pass key|string to copy) .*)$/.exec(err.message);
    if (m) return { refused: { option: 'fact', message: m[1] } };
    throw err;
  }
  const w = windowDocument(doc, task, size);
  const { logits } = model.forward(w.bytes, { logits: true });
  const a = readAnswer(logits, w.answerPos, w.answer);
  return {
    ...a,
    doc: { bytes: w.bytes, segments: 1, factSegment: 0, questionSegment: 0, answerPos: w.answerPos, answer: w.answer,
      distance: 0, factPos: w.factPos, facts: [{ segment: 0, payload: w.answer }] },
    window: size, condition: 'full-attention', top1Hit: null, weights: [], slotSegments: [], topSlot: -1, factSlot: -1,
    searches: [], bitsPerByte: {}, segmentsStreamed: 0, ownText: own, generation: null,
  };
}
