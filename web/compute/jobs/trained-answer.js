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
//   condition 'full-attention': the comparison model trained to read the whole document in one causal
//       pass (web/models/zoo/full-s1.lmlw, core condition 'full'): the same document, no segments, no
//       memory, no search → the same fields (searches empty, segmentsStreamed 0); a document longer than
//       its positions is refused on the distance (or facts) field.
// Documents come from the evaluation split (seeds never used in training) or from the learner's text.
import { trainedModel, segmentGeometry } from '../trained-model.js';

export const DEFAULT_FACT = { passkey: '48213', copy: 'QWERTYUI' };
/** The most bytes the widget lets the model write: the longest answer (8 letters and '.') and as many again. */
export const GENERATE_MAX_BYTES = 24;
export const GENERATE_FULL_ATTENTION = 'Generate streams the document through HMT; the full-attention model reads it in one pass. '
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
  const model = await trainedModel(core, 'full-s1');
  let a;
  try {
    a = model.answer({ ...docArgs, condition: 'full', scoreRest: true, ...segmentGeometry(model) });
  } catch (err) {
    // the model has positions for its longest training-and-evaluation document, no more
    const m = /^answer: 'full' reads the whole document in one pass: (\d+) bytes need \d+ positions, the model has (\d+)/.exec(err.message);
    if (m) {
      return { refused: { option: task === 'kv' ? 'facts' : 'distance', message: `The full-attention model has positions for ${m[2]} bytes, and this document has ${m[1]}: choose a smaller ${task === 'kv' ? 'K' : 'D'}. (Positions past the longest document it was built for would be new to it.)` } };
    }
    throw err;
  }
  if (a.refused) return { refused: { option: a.refused.option === 'payload' ? 'fact' : a.refused.option, message: a.refused.message } };
  return { ...a, condition: 'full-attention', bitsPerByte: {}, searches: [], ownText: own, model: 'full-s1', generation: null };
}
