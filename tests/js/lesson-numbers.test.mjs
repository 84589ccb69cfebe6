// The worked numbers of the teaching panes added for prerequisites, recomputed:
// the transformer block's sizes (lesson 5) from the core's own weight file, the
// LayerNorm example and the projection example by hand, the sine positions
// (lesson 4), the perplexity example (lesson 1) and the temperature table (lesson 10). Each number must appear in
// the lesson text as printed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { core } from './core-helpers.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const lesson = (name) => fs.readFileSync(path.join(repo, 'lessons', name), 'utf8');
const grouped = (n) => n.toLocaleString('en').replace(/,/g, '{,}');

test('lesson 5: the block sizes are those of the core\'s model (d 64, 4 heads, MLP 256, 2 layers)', async () => {
  const c = await core();
  const model = c.createHmtModel({ seed: 1, dModel: 64, heads: 4, layers: 2, dFF: 256, maxPositions: 74 });
  try {
    const bytes = model.save();
    const headerLength = new DataView(bytes.buffer, bytes.byteOffset + 8, 4).getUint32(0, true);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + headerLength)));
    const size = (t) => t.shape.reduce((a, b) => a * b, 1);
    const sum = (re) => header.tensors.filter((t) => re.test(t.name)).reduce((a, t) => a + size(t), 0);
    const attention = sum(/^layer0\.attn\./);
    const mlp = sum(/^layer0\.mlp\./);
    const norms = sum(/^layer0\.ln[12]\./);
    const embed = sum(/^tok_emb$/);
    assert.deepEqual([attention, mlp, norms, embed], [16384, 33088, 256, 16384]);
    assert.ok(attention + mlp + norms > 49000 && attention + mlp + norms < 51000, 'about 50k per block');
    const text = lesson('05-multi-head.md');
    for (const n of [attention, mlp, embed]) assert.ok(text.includes(grouped(n)), `lesson 5 prints ${n}`);
    assert.ok(text.includes('4 \\cdot 64 = 256'), 'lesson 5 prints the LayerNorm count');
  } finally {
    model.delete();
  }
});

test('lesson 5: LayerNorm of (1, 2, 3, 6) and its length √d; lesson 2: the projection example', () => {
  const x = [1, 2, 3, 6];
  const mu = x.reduce((a, b) => a + b) / x.length;
  const variance = x.reduce((a, v) => a + (v - mu) ** 2, 0) / x.length;
  const y = x.map((v) => (v - mu) / Math.sqrt(variance));
  const text = lesson('05-multi-head.md');
  assert.equal(mu, 3);
  assert.equal(variance, 3.5);
  assert.ok(text.includes(`\\sigma = ${Math.sqrt(variance).toFixed(3)}`));
  assert.ok(text.includes(`(${y.map((v) => (v === 0 ? '0' : v.toFixed(3))).join(',\\ ')})`), y.map((v) => v.toFixed(3)).join(', '));
  assert.ok(Math.abs(y.reduce((a, v) => a + v * v, 0) - 4) < 1e-12, 'the squares add up to d');
  for (const v of y.filter((v) => v !== 0)) assert.ok(text.includes((v * v).toFixed(3)), `square ${(v * v).toFixed(3)}`);
  // lesson 2: x0 = (1, 0, 2, 0) times W^Q with rows (1,0), (0,1), (0,1), (1,0)
  const W = [[1, 0], [0, 1], [0, 1], [1, 0]];
  const q = [0, 1].map((c) => [1, 0, 2, 0].reduce((a, v, r) => a + v * W[r][c], 0));
  assert.deepEqual(q, [1, 2]);
  assert.ok(lesson('02-self-attention.md').includes('q_0 = 1\\cdot(1,0) + 2\\cdot(0,1) = (1, 2)'));
});

test('lesson 4: the sine positions at p = 1; lesson 1: probability 1/4 everywhere is perplexity 4', () => {
  const text = lesson('04-heatmaps-masks.md');
  assert.ok(text.includes(`\\sin 1 = ${Math.sin(1).toFixed(3)}`));
  assert.ok(text.includes(`\\cos 1 = ${Math.cos(1).toFixed(3)}`));
  const n = 10;
  const ppl = Math.exp(-(n * Math.log(1 / 4)) / n);
  assert.ok(Math.abs(ppl - 4) < 1e-12);
  assert.match(lesson('01-why-long-memory.md'), /perplexity is exactly 4/);
});

// Lesson 10's made-up next-byte example: logits (2, 1, 0, −1) drawn with a temperature and top-k, every
// row of its table recomputed from softmax(z / τ) over the k_top largest.
test('lesson 10: the temperature and top-k table of logits (2, 1, 0, −1)', () => {
  const z = [2, 1, 0, -1];
  const drawn = (tau, k = z.length) => {
    const kept = z.map((v, i) => [v, i]).sort((a, b) => b[0] - a[0]).slice(0, k).map(([, i]) => i);
    const w = z.map((v, i) => (kept.includes(i) ? Math.exp(v / tau) : 0));
    const sum = w.reduce((a, b) => a + b, 0);
    return w.map((x) => x / sum);
  };
  const cell = (p) => (p === 0 ? '0' : p.toFixed(3));
  const text = lesson('10-hmt-retrieval.md');
  for (const [label, q] of [
    ['$\\tau = 0.5$', drawn(0.5)],
    ['$\\tau = 1$ (the model\'s softmax)', drawn(1)],
    ['$\\tau = 2$', drawn(2)],
    ['$\\tau = 1$, $k_{\\mathrm{top}} = 2$', drawn(1, 2)],
  ]) {
    const row = `| ${label} | ${q.map(cell).join(' | ')} |`;
    assert.ok(text.includes(row), `lesson 10 prints ${row}`);
  }
  assert.ok(drawn(0.5)[0] > drawn(1)[0] && drawn(1)[0] > drawn(2)[0], 'a lower temperature sharpens');
});
