// block-walk: one text through the trained backbone (web/models/hmt-memory.lmlw:
// d = 64, 2 blocks of 4 heads, MLP 256, bytes as tokens), with the residual
// stream kept after every stage (model.stages). The page receives, for one
// followed position i, what each stage did to its vector, and the next-byte
// prediction there; plus bits per byte over the whole text.
//   args: { text, position }   (position clamped to the text; at most maxBytes = the model's
//   maxPositions bytes are read, from its weight file)
//   → { bytes: [n one-byte strings], position, truncated,
//       stages: [{ name, shape, norm, change, head: [first 4 components] }],
//       hiddenNorm,                      ‖H_i‖ after the final LayerNorm
//       top: [{ byte, p }] (5 most likely next bytes at i), next: { byte, p, bits } | null (the true next byte),
//       bitsPerByte, perplexity, predicted }   (over the n − 1 bytes the text lets the model predict)
import { trainedModel } from '../trained-model.js';
import { nextByteProbs } from '../next-byte.js';

const norm = (a) => Math.sqrt(a.reduce((s, v) => s + v * v, 0));
const rowOf = (t, i) => Array.from(t.data.subarray(i * t.shape[1], (i + 1) * t.shape[1]));

export default async function blockWalk(core, args) {
  const all = new TextEncoder().encode(String(args.text ?? ''));
  if (all.length === 0) throw new Error('the text is empty: type a few words for the model to read');
  const model = await trainedModel(core, 'hmt-memory');
  const maxBytes = model.config.maxPositions;
  const bytes = all.subarray(0, maxBytes);
  const n = bytes.length;
  const i = Math.min(Math.max(Math.trunc(Number(args.position) || 0), 0), n - 1);
  const { residual, hidden, logits } = model.stages(bytes);
  const layers = (residual.length - 1) / 2;
  const names = ['embedding + position'];
  for (let l = 0; l < layers; l++) names.push(`block ${l}: x + MultiHead(LN(x))`, `block ${l}: x + MLP(LN(x))`);
  const stages = residual.map((t, s) => {
    const x = rowOf(t, i);
    const prev = s > 0 ? rowOf(residual[s - 1], i) : null;
    return {
      name: names[s], shape: `[${n}, ${t.shape[1]}]`, norm: norm(x),
      change: prev ? norm(x.map((v, c) => v - prev[c])) : null, head: x.slice(0, 4),
    };
  });
  let bits = 0;
  for (let r = 0; r + 1 < n; r++) bits -= Math.log2(nextByteProbs(logits, r)[bytes[r + 1]]);
  const p = nextByteProbs(logits, i);
  const order = Array.from(p.keys()).sort((a, b) => p[b] - p[a]).slice(0, 5);
  const chr = (b) => String.fromCharCode(b);
  return {
    bytes: Array.from(bytes, chr), position: i, truncated: all.length > maxBytes, maxBytes, stages,
    hiddenNorm: norm(rowOf(hidden, i)),
    top: order.map((b) => ({ byte: chr(b), p: p[b] })),
    next: i + 1 < n ? { byte: chr(bytes[i + 1]), p: p[bytes[i + 1]], bits: -Math.log2(p[bytes[i + 1]]) } : null,
    predicted: n - 1,
    bitsPerByte: n > 1 ? bits / (n - 1) : null,
    perplexity: n > 1 ? 2 ** (bits / (n - 1)) : null,
  };
}
