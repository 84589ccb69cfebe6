// Mutation tests: for every code exercise, known-wrong solutions that must
// fail its grader (examples and hidden cases of the seed), on three seeds.
// Each is a mistake a learner makes: a missing or wrong scale, the wrong axis,
// an off-by-one window, a reversed or shuffled order, the softmax shifted by the
// wrong number, and a wrong answer above `Math.abs = () => 0` (which must fail:
// the comparison runs outside the learner's realm). Grading runs as on the
// page: learner code in another realm (a worker thread), the expected values
// and the comparison here. The reference solution must pass on the same seeds,
// so a mutation that fails does so because of its mistake.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { course, grade } from './exercises-support.mjs';

const SEEDS = [1, 777, 2024061];
/** `Math.abs = () => 0;` above a wrong answer. */
const patched = (code) => `Math.abs = () => 0;\n${code}`;

// exercise id → { name: wrong source }
const MUTANTS = {
  'softmax-stable': {
    'shifted by the row\'s first element': `function softmax(rows) {
  return rows.map((row) => { const c = row[0]; const e = row.map((x) => Math.exp(x - c)); const s = e.reduce((a, b) => a + b, 0); return e.map((x) => x / s); });
}`,
    'shifted by the row\'s mean': `function softmax(rows) {
  return rows.map((row) => { const c = row.reduce((a, b) => a + b, 0) / row.length; const e = row.map((x) => Math.exp(x - c)); const s = e.reduce((a, b) => a + b, 0); return e.map((x) => x / s); });
}`,
    'shifted by the row\'s minimum': `function softmax(rows) {
  return rows.map((row) => { const c = Math.min(...row); const e = row.map((x) => Math.exp(x - c)); const s = e.reduce((a, b) => a + b, 0); return e.map((x) => x / s); });
}`,
    'wrong axis (softmax of every column)': `function softmax(rows) {
  const cols = transpose(rows).map((col) => { const c = Math.max(...col); const e = col.map((x) => Math.exp(x - c)); const s = e.reduce((a, b) => a + b, 0); return e.map((x) => x / s); });
  return transpose(cols);
}`,
    'divided by the largest term instead of the sum': `function softmax(rows) {
  return rows.map((row) => { const c = Math.max(...row); return row.map((x) => Math.exp(x - c)); });
}`,
    'Math.abs patched above a uniform answer': patched(`function softmax(rows) {
  return rows.map((row) => row.map(() => 1 / row.length));
}`),
  },
  'scaled-dot-product': {
    'missing scale': `function attention(Q, K, V) {
  return matmul(softmaxRows(matmul(Q, transpose(K))), V);
}`,
    'divided by d_k instead of √d_k': `function attention(Q, K, V) {
  return matmul(softmaxRows(scale(matmul(Q, transpose(K)), 1 / Q[0].length)), V);
}`,
    'divided by √d_v': `function attention(Q, K, V) {
  return matmul(softmaxRows(scale(matmul(Q, transpose(K)), 1 / Math.sqrt(V[0].length))), V);
}`,
    'wrong axis (softmax over the queries)': `function attention(Q, K, V) {
  const S = scale(matmul(Q, transpose(K)), 1 / Math.sqrt(Q[0].length));
  return matmul(transpose(softmaxRows(transpose(S))), V);
}`,
    'weights not normalised (exp without the sum)': `function attention(Q, K, V) {
  return matmul(map(scale(matmul(Q, transpose(K)), 1 / Math.sqrt(Q[0].length)), Math.exp), V);
}`,
    'Math.abs patched above a missing scale': patched(`function attention(Q, K, V) {
  return matmul(softmaxRows(matmul(Q, transpose(K))), V);
}`),
  },
  'causal-mask': {
    'diagonal masked too (j ≥ i)': `function causalMask(S) {
  return S.map((row, i) => row.map((s, j) => (j >= i ? -Infinity : s)));
}`,
    'off by one (j > i + 1)': `function causalMask(S) {
  return S.map((row, i) => row.map((s, j) => (j > i + 1 ? -Infinity : s)));
}`,
    'wrong triangle (j < i)': `function causalMask(S) {
  return S.map((row, i) => row.map((s, j) => (j < i ? -Infinity : s)));
}`,
    '0 instead of −Infinity': `function causalMask(S) {
  return S.map((row, i) => row.map((s, j) => (j > i ? 0 : s)));
}`,
    'wrong axis (the mask transposed: i > j)': `function causalMask(S) {
  return S.map((row, i) => row.map((s, j) => (i > j ? -Infinity : s)));
}`,
    'Math.abs patched above scores doubled': patched(`function causalMask(S) {
  return S.map((row, i) => row.map((s, j) => (j > i ? -Infinity : 2 * s)));
}`),
  },
  'split-heads': {
    'wrong axis (rows split instead of columns)': `function splitHeads(X, h) {
  const n = X.length / h, out = [];
  for (let i = 0; i < h; i++) out.push(X.slice(i * n, (i + 1) * n));
  return out;
}`,
    'interleaved columns (column c to head c mod h)': `function splitHeads(X, h) {
  const out = [];
  for (let i = 0; i < h; i++) out.push(X.map((row) => row.filter((_, c) => c % h === i)));
  return out;
}`,
    'off-by-one window (one column too many)': `function splitHeads(X, h) {
  const dh = X[0].length / h, out = [];
  for (let i = 0; i < h; i++) out.push(X.map((row) => row.slice(i * dh, (i + 1) * dh + 1)));
  return out;
}`,
    'heads in reverse order': `function splitHeads(X, h) {
  const dh = X[0].length / h, out = [];
  for (let i = h - 1; i >= 0; i--) out.push(X.map((row) => row.slice(i * dh, (i + 1) * dh)));
  return out;
}`,
    'each head transposed': `function splitHeads(X, h) {
  const dh = X[0].length / h, out = [];
  for (let i = 0; i < h; i++) out.push(transpose(X.map((row) => row.slice(i * dh, (i + 1) * dh))));
  return out;
}`,
    'Math.abs patched above heads in reverse order': patched(`function splitHeads(X, h) {
  const dh = X[0].length / h, out = [];
  for (let i = h - 1; i >= 0; i--) out.push(X.map((row) => row.slice(i * dh, (i + 1) * dh)));
  return out;
}`),
  },
  'merge-heads': {
    'wrong axis (heads stacked as rows)': `function mergeHeads(heads) {
  return heads.flat();
}`,
    'heads in reverse order': `function mergeHeads(heads) {
  return heads[0].map((_, r) => [...heads].reverse().flatMap((H) => H[r]));
}`,
    'interleaved (column c of every head, then c + 1)': `function mergeHeads(heads) {
  return heads[0].map((_, r) => heads[0][r].flatMap((_, c) => heads.map((H) => H[r][c])));
}`,
    'first head only': `function mergeHeads(heads) {
  return heads[0];
}`,
    'off by one (last row dropped)': `function mergeHeads(heads) {
  return heads[0].slice(0, Math.max(1, heads[0].length - 1)).map((_, r) => heads.flatMap((H) => H[r]));
}`,
    'Math.abs patched above heads in reverse order': patched(`function mergeHeads(heads) {
  return heads[0].map((_, r) => [...heads].reverse().flatMap((H) => H[r]));
}`),
  },
  'multi-head-4': {
    'scaled by √d_model instead of √d_h': MHA({ scale: 'Math.sqrt(X[0].length)' }),
    'missing scale': MHA({ scale: '1' }),
    'wrong axis (softmax over the queries)': MHA({ softmax: 'transpose(softmaxRows(transpose(S)))' }),
    'no output projection Wo': MHA({ out: 'concat' }),
    'interleaved head columns': MHA({ cols: 'A.map((row) => row.filter((_, c) => c % h === i))' }),
    'Math.abs patched above a missing scale': patched(MHA({ scale: '1' })),
  },
  'summary-index-bug': {
    'the cheat sheet\'s index out[j]': `function summarize(H, T, j) {
  return backbone([T, ...H.slice(0, j), T])[j];
}`,
    'the prefix reversed': `function summarize(H, T, j) {
  const seq = [T, ...H.slice(0, j).reverse(), T];
  return backbone(seq)[j + 1];
}`,
    'the prefix shuffled (rotated by one)': `function summarize(H, T, j) {
  const p = H.slice(0, j);
  const seq = [T, ...p.slice(1), ...p.slice(0, 1), T];
  return backbone(seq)[j + 1];
}`,
    'off-by-one window (j + 1 tokens)': `function summarize(H, T, j) {
  const seq = [T, ...H.slice(0, j + 1), T];
  return backbone(seq)[seq.length - 1];
}`,
    'no leading T': `function summarize(H, T, j) {
  const seq = [...H.slice(0, j), T];
  return backbone(seq)[seq.length - 1];
}`,
    'Math.abs patched above the cheat sheet\'s index': patched(`function summarize(H, T, j) {
  return backbone([T, ...H.slice(0, j), T])[j];
}`),
  },
  'retrieval-pn': {
    'scaled by √d instead of √d_h': RET('Math.sqrt(S[0].length)'),
    'missing scale': RET('1'),
    'wrong axis (softmax over a column of one)': `function retrieve(S, M, Wq, Wk) {
  const L = scale(matmul(matmul(S, Wq), transpose(matmul(M, Wk))), 1 / Math.sqrt(Wq[0].length));
  return matmul(transpose(softmaxRows(transpose(L))), M);
}`,
    'query projected with Wk': `function retrieve(S, M, Wq, Wk) {
  const w = softmaxRows(scale(matmul(matmul(S, Wk), transpose(matmul(M, Wk))), 1 / Math.sqrt(Wq[0].length)));
  return matmul(w, M);
}`,
    'the memory itself, no search (the newest)': `function retrieve(S, M, Wq, Wk) {
  return [M[M.length - 1]];
}`,
    'Math.abs patched above a missing scale': patched(RET('1')),
  },
  'segment-sensory': {
    'no sensory tokens': `function segmentWithSensory(tokens, L, k) {
  const out = [];
  for (let s = 0; s < tokens.length; s += L) out.push(tokens.slice(s, s + L));
  return out;
}`,
    'off-by-one window (k + 1 carried)': `function segmentWithSensory(tokens, L, k) {
  const out = [];
  for (let s = 0; s < tokens.length; s += L) out.push([...(s ? tokens.slice(Math.max(0, s - k - 1), s) : []), ...tokens.slice(s, s + L)]);
  return out;
}`,
    'slice(-k) (k = 0 carries everything)': `function segmentWithSensory(tokens, L, k) {
  const out = [];
  for (let s = 0; s < tokens.length; s += L) out.push([...(s ? tokens.slice(0, s).slice(-k) : []), ...tokens.slice(s, s + L)]);
  return out;
}`,
    'off-by-one window (segments of L + 1 own tokens)': `function segmentWithSensory(tokens, L, k) {
  const out = [];
  for (let s = 0; s < tokens.length; s += L) out.push([...(s ? tokens.slice(s - k, s) : []), ...tokens.slice(s, s + L + 1)]);
  return out;
}`,
    'sensory tokens after the segment': `function segmentWithSensory(tokens, L, k) {
  const out = [];
  for (let s = 0; s < tokens.length; s += L) out.push([...tokens.slice(s, s + L), ...(s ? tokens.slice(s - k, s) : [])]);
  return out;
}`,
    'Math.abs patched above no sensory tokens': patched(`function segmentWithSensory(tokens, L, k) {
  const out = [];
  for (let s = 0; s < tokens.length; s += L) out.push(tokens.slice(s, s + L));
  return out;
}`),
  },
  'ring-buffer': {
    'newest first': `function readRing(slots, next, size) {
  const N = slots.length, out = [];
  for (let i = 0; i < size; i++) out.push(slots[(next - 1 - i + N) % N]);
  return out;
}`,
    'oldest always at next': `function readRing(slots, next, size) {
  const N = slots.length, out = [];
  for (let i = 0; i < size; i++) out.push(slots[(next + i) % N]);
  return out;
}`,
    'off by one (one slot late)': `function readRing(slots, next, size) {
  const N = slots.length, out = [];
  for (let i = 0; i < size; i++) out.push(slots[(next - size + i + 1 + N) % N]);
  return out;
}`,
    'the slots in storage order': `function readRing(slots, next, size) {
  return slots.slice(0, size);
}`,
    'size ignored (every slot)': `function readRing(slots, next, size) {
  const N = slots.length, out = [];
  for (let i = 0; i < N; i++) out.push(slots[(next + i) % N]);
  return out;
}`,
    'Math.abs patched above newest first': patched(`function readRing(slots, next, size) {
  const N = slots.length, out = [];
  for (let i = 0; i < size; i++) out.push(slots[(next - 1 - i + N) % N]);
  return out;
}`),
  },
  'hmt-capstone': {
    'summary at the cheat sheet\'s index (position j)': HMT({ S: 'summary[Math.min(j, H.length)]' }),
    'summary of a reversed segment': HMT({ summary: 'backbone([T, ...H.slice(0, j).reverse(), T])' }),
    'search without the scale': HMT({ divisor: '1' }),
    'the cache never drops a memory (N ignored)': HMT({ evict: '' }),
    'the memory written from the first output, not the last': HMT({ write: 'Y[0]' }),
    'outputs kept one row too early (off by one)': HMT({ kept: 'Y.slice(sensory.length, sensory.length + H.length)' }),
    'no sensory memory': HMT({ sensory: '[]' }),
    'slice(-k): k = 0 carries the whole segment': HMT({ sensory: 'H.slice(-k)' }),
    'segment 0 reads its own summary, not P₀ (P = S on an empty cache)': HMT({ empty: 'S' }),
    'segment 0 reads nothing in place of P₀ (a zero vector)': HMT({ empty: 'P0.map(() => 0)' }),
    'Math.abs patched above a search without the scale': patched(HMT({ divisor: '1' })),
  },
  'lm2-update': {
    'no tanh on the new content': LM2({ content: 'Emem' }),
    'the gates swapped': LM2({ gIn: 'map(matmul(Emem, Wforget), sigmoid)', gForget: 'map(matmul(E, Win), sigmoid)' }),
    'input gate computed from E_mem': LM2({ gIn: 'map(matmul(Emem, Win), sigmoid)' }),
    'forget gate as 1 − g': LM2({ gForget: 'map(map(matmul(Emem, Wforget), sigmoid), (g) => 1 - g)' }),
    'wrong axis (Win applied from the left)': LM2({ gIn: 'map(transpose(matmul(Win, transpose(E))), sigmoid)' }),
    'Math.abs patched above no tanh': patched(LM2({ content: 'Emem' })),
  },
};

function HMT({
  summary = 'backbone([T, ...H.slice(0, j), T])', S = 'summary[summary.length - 1]', divisor = 'Math.sqrt(Wq[0].length)',
  cache = 'memories', aug = '[P, ...sensory, ...H, P]', kept = 'Y.slice(1 + sensory.length, 1 + sensory.length + H.length)',
  write = 'Y[Y.length - 1]', evict = 'if (memories.length > N) memories.shift();',
  sensory = 'k > 0 ? H.slice(Math.max(0, H.length - k)) : []', empty = 'P0',
} = {}) {
  return `function hmtStream(X, T, P0, Wq, Wk, { L, j, k, N }) {
  const memories = [];
  let sensory = [];
  const out = [];
  for (let s = 0; s < X.length; s += L) {
    const H = X.slice(s, s + L);
    const summary = ${summary};
    const S = ${S};
    let P = ${empty};
    const M = ${cache};
    if (M.length) {
      const w = softmaxRows(scale(matmul(matmul([S], Wq), transpose(matmul(M, Wk))), 1 / (${divisor})));
      P = matmul(w, M)[0];
    }
    const Y = backbone(${aug});
    out.push(...${kept});
    memories.push(${write});
    ${evict}
    sensory = ${sensory};
  }
  return out;
}`;
}

function MHA({ scale = 'Math.sqrt(dh)', softmax = 'softmaxRows(S)', out = 'matmul(concat, W.Wo)', cols = 'A.map((row) => row.slice(i * dh, (i + 1) * dh))' }) {
  return `function multiHeadAttention(X, W, h) {
  const Q = matmul(X, W.Wq), K = matmul(X, W.Wk), V = matmul(X, W.Wv);
  const dh = X[0].length / h;
  const outs = [];
  for (let i = 0; i < h; i++) {
    const cols = (A) => ${cols};
    const S = scale(matmul(cols(Q), transpose(cols(K))), 1 / (${scale}));
    outs.push(matmul(${softmax}, cols(V)));
  }
  const concat = outs[0].map((_, r) => outs.flatMap((O) => O[r]));
  return ${out};
}`;
}

function RET(scaleBy) {
  return `function retrieve(S, M, Wq, Wk) {
  const w = softmaxRows(scale(matmul(matmul(S, Wq), transpose(matmul(M, Wk))), 1 / (${scaleBy})));
  return matmul(w, M);
}`;
}

function LM2({ gIn = 'map(matmul(E, Win), sigmoid)', gForget = 'map(matmul(Emem, Wforget), sigmoid)', content = 'map(Emem, Math.tanh)' }) {
  return `function lm2Update(M, E, Emem, Win, Wforget) {
  const gIn = ${gIn};
  const gForget = ${gForget};
  return add(mul(gIn, ${content}), mul(gForget, M));
}`;
}

const codeExercises = Object.values(course().course.exercises).filter((e) => e.kind === 'code');

test('every code exercise has at least five known-wrong solutions, one of them under a patched Math.abs', () => {
  for (const ex of codeExercises) {
    const list = MUTANTS[ex.id];
    assert.ok(list, `${ex.id}: no mutants`);
    assert.ok(Object.keys(list).length >= 5, `${ex.id}: only ${Object.keys(list).length} mutants`);
    assert.ok(Object.values(list).some((src) => src.startsWith('Math.abs = () => 0;')), `${ex.id}: no Math.abs mutant`);
  }
  assert.deepEqual(Object.keys(MUTANTS).filter((id) => !codeExercises.some((e) => e.id === id)), [], 'mutants of exercises that do not exist');
});

for (const ex of codeExercises) {
  test(`${ex.id}: every mutant fails and the reference solution passes (seeds ${SEEDS.join(', ')})`, async () => {
    for (const seed of SEEDS) {
      const ok = await grade(ex.id, ex.solution, { seed });
      assert.equal(ok.status, 'pass', `${ex.id}, seed ${seed}: the solution failed: ${ok.tests.filter((t) => t.status !== 'pass').map((t) => t.message).join(' | ')}`);
      for (const [name, source] of Object.entries(MUTANTS[ex.id] ?? {})) {
        const v = await grade(ex.id, source, { seed });
        assert.notEqual(v.status, 'pass', `${ex.id}, seed ${seed}: the mutant "${name}" passed`);
        assert.ok(v.tests.some((t) => t.status !== 'pass'), `${ex.id}: "${name}" has no failing case`);
      }
    }
  });
}
