// trained-heads: the attention weights of one head of the trained HMT's backbone
// (web/models/hmt-memory.lmlw: 2 layers × 4 heads, d_head 16) on the learner's
// text, bytes as tokens, positions from 0, no memory — the heatmap's "trained"
// source. Only the first MAX_BYTES bytes are used.
//   args: { text, layer = 0, head = 0 }
//   → { weights [n, n] (row: query byte, column: key byte; causal), tokens: [n one-byte strings], truncated }
import { trainedModel } from '../trained-model.js';

export const MAX_BYTES = 24;

export default async function trainedHeads(core, args) {
  const { text = '', layer = 0, head = 0 } = args;
  const all = new TextEncoder().encode(String(text));
  if (all.length === 0) throw new Error('the text is empty: type a few words for the trained heads to read');
  const bytes = all.subarray(0, MAX_BYTES);
  const model = await trainedModel(core, 'hmt-memory');
  const weights = model.headWeights(bytes, { layer, head });
  return { weights, tokens: Array.from(bytes, (b) => String.fromCharCode(b)), truncated: all.length > MAX_BYTES };
}
