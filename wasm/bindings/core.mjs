// The friendly JavaScript API over the embind module (same in the browser,
// in Web Workers and in node). Tensors are plain objects:
//   { shape: [rows, cols], data: Float32Array }   (row-major)
// Every function validates through the core; a bad input throws an Error with
// the core's message and the module stays usable.
//
//   const core = wrapCore(await createLmlCore());
//   const Q = core.randn(1, 4, 8);
//   const { out, weights } = core.attention(Q, Q, Q, { causal: true });

/** Builds a tensor from nested arrays ([[1, 2], [3, 4]]) or checks an existing one. */
export function tensor(value) {
  if (Array.isArray(value)) {
    if (value.length === 0 || !Array.isArray(value[0])) {
      throw new Error('tensor: expected a non-empty array of rows, e.g. [[1, 2], [3, 4]]');
    }
    const rows = value.length;
    const cols = value[0].length;
    const data = new Float32Array(rows * cols);
    value.forEach((row, i) => {
      if (!Array.isArray(row) || row.length !== cols) {
        throw new Error(`tensor: row ${i} has ${row?.length ?? 'no'} entries, expected ${cols}`);
      }
      data.set(row, i * cols);
    });
    return { shape: [rows, cols], data };
  }
  if (value && Array.isArray(value.shape) && value.data) return value;
  throw new Error('tensor: expected nested arrays or { shape: [rows, cols], data }');
}

/** Nested arrays from a tensor (for display and for learners' code). */
export function toRows({ shape: [rows, cols], data }) {
  return Array.from({ length: rows }, (_, i) => Array.from(data.subarray(i * cols, (i + 1) * cols)));
}

function unwrap(result) {
  if (result && typeof result.error === 'string') throw new Error(result.error);
  return result;
}

/** Wraps an instantiated module (the result of the generated factory). */
export function wrapCore(mod) {
  const call = (name, ...args) => unwrap(mod[name](...args));
  const info = mod.info();
  return {
    /** { arch, lanes, panelWidth, variant: 'simd' | 'scalar' } */
    info,
    /** softmax(Q·Kᵀ·scale/temperature − recency·dist, causal) · V → { out, weights } */
    attention: (Q, K, V, opts = {}) => call('attention', tensor(Q), tensor(K), tensor(V), opts),
    /** every intermediate: { scores, logits, weights, out, scale } */
    attentionTrace: (Q, K, V, opts = {}) => call('attentionTrace', tensor(Q), tensor(K), tensor(V), opts),
    /** same output as attention() without materialising the weights; memory O(n·d) */
    attentionTiled: (Q, K, V, opts = {}) => call('attentionTiled', tensor(Q), tensor(K), tensor(V), opts),
    /** the naive scalar reference (for checks and for the benchmark) */
    attentionNaive: (Q, K, V, opts = {}) => call('attentionNaive', tensor(Q), tensor(K), tensor(V), opts),
    /** Q, K, V [n, d_model] split into `heads` column blocks, tiled attention per head, concatenated */
    attentionHeads: (Q, K, V, heads, opts = {}) => call('attentionHeads', tensor(Q), tensor(K), tensor(V), heads, opts),
    /**
     * X [n, d], W = { Wq, Wk, Wv, Wo } each [d, d] → { out, q, k, v, concat, weights: h × [n, n] }
     * opts: causal, scale, temperature, keepWeights (default true), reference (naive path)
     */
    multiHead: (X, W, heads, opts = {}) => call('multiHead', tensor(X), W, heads, opts),
    /** A·B, or A·Bᵀ with transposeB */
    matmul: (A, B, { transposeB = false } = {}) => call('matmul', tensor(A), tensor(B), transposeB),
    softmaxRows: (S) => call('softmaxRows', tensor(S)),
    /** [rows, cols] of N(0, std²), deterministic for a seed */
    randn: (seed, rows, cols, std = 1) => call('randn', seed, rows, cols, std),
    /** runs the mul+add throughput probe: { flops, checksum }; time the call to get the peak */
    peakMulAdd: (iterations) => call('peakMulAdd', iterations),
    /** { inUse: bytes allocated now, footprint: bytes malloc holds, heap: wasm memory size } */
    memory: () => ({ ...mod.memory(), heap: mod.HEAP8.buffer.byteLength }),
    module: mod,
  };
}
