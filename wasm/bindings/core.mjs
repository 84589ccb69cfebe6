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
    /** { arch, lanes, panelWidth, variant: 'relaxed' | 'simd' | 'scalar', relaxedMadd } */
    info,
    /**
     * softmax(Q·Kᵀ·scale/temperature − recency·dist, causal) · V → { out, weights }
     * opts: causal, causalAlign ('bottom-right' default: key j visible to query i iff j ≤ i + n_k − n_q;
     *       'top-left': iff j ≤ i), scale, temperature, recency, rope (a base > 1: rotary positions,
     *       query i at p_i and key j at j; 0 = off)
     */
    attention: (Q, K, V, opts = {}) => call('attention', tensor(Q), tensor(K), tensor(V), opts),
    /** every intermediate: { scores, logits, weights, out, scale } */
    attentionTrace: (Q, K, V, opts = {}) => call('attentionTrace', tensor(Q), tensor(K), tensor(V), opts),
    /** same output as attention() without materialising the weights; memory O(n·d) */
    attentionTiled: (Q, K, V, opts = {}) => call('attentionTiled', tensor(Q), tensor(K), tensor(V), opts),
    /** attentionTiled and the ms spent in each phase: { out, phases: { copyIn, pack, qk, softmax, pv, rows, copyOut } } */
    attentionTiledPhases: (Q, K, V, opts = {}) => call('attentionTiledPhases', tensor(Q), tensor(K), tensor(V), opts),
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
    /**
     * the ceiling probes: kind 'mul-add' | 'fma' (10 accumulators) or 'mul-add-chains' | 'fma-chains'
     * (12 chains); fma kinds are fused only in the relaxed build
     * → { flops, checksum, fused }; time the call to get the ceiling
     */
    peakProbe: (kind, iterations) => call('peakProbe', kind, iterations),
    /** { inUse: bytes allocated now, footprint: bytes malloc holds, heap: wasm memory size } */
    memory: () => ({ ...mod.memory(), heap: mod.HEAP8.buffer.byteLength }),
    module: mod,
    // ---- Backbone, HMT and LM2. Models, streams and LM2 memories live in the
    // module's heap until .delete() (integer handles inside; using a deleted one
    // throws). Text arguments: a string (UTF-8), a Uint8Array or an array of bytes.
    /**
     * An HMT model: the byte-level backbone plus HMT's T, P_0, W_q, W_k.
     *   createHmtModel({ seed = 1, dModel = 64, heads = 4, layers = 2, dFF = 4·dModel,
     *                    maxPositions = 256, dRetrieval = dModel })
     *   createHmtModel({ weights })   weights: Uint8Array of a weight file (model.save())
     * → { handle, config, geometry (how a trained model was trained, from its weight file:
     *     { kind: 'hmt' | 'full', segmentLength, summaryLength, sensoryLength, cacheSize, retrieval }, or null),
     *     embed(text) → [n, d], forward(text, { logits }) → { hidden [n, d], logits? [n, 256] }
     *     (full causal attention, n ≤ maxPositions), forwardEmbeddings(X [n, d]) → [n, d],
     *     segments(text, L) → [n, d] (independent segments), summary(text of j bytes) →
     *     { outputs [j+2, d], trailing, printed, trailingIndex: j+1, printedIndex: j },
     *     parameters() → { summaryToken, initialMemory, wq, wk, tokenEmbeddings, positionEmbeddings },
     *     save() → Uint8Array, delete() }
     */
    createHmtModel: ({ weights, ...config } = {}) => {
      if (weights !== undefined && Object.keys(config).length > 0) {
        throw new Error('createHmtModel: give either { weights } or sizes, not both (the file holds its own sizes)');
      }
      const made = weights !== undefined ? call('hmtModelLoad', weights) : call('hmtModelCreate', config);
      const m = (name, ...args) => call(name, made.handle, ...args);
      return {
        handle: made.handle,
        config: made.config,
        geometry: made.geometry,
        embed: (text) => m('hmtModelEmbed', text),
        forward: (text, opts = {}) => m('hmtModelForward', text, opts),
        forwardEmbeddings: (X) => m('hmtModelForwardEmbeddings', tensor(X)),
        /** headWeights(text, { layer = 0, head = 0 }) → [n, n] causal attention weights of one backbone head on the bytes */
        headWeights: (text, opts = {}) => m('hmtModelHeadWeights', text, opts),
        /** stages(text) → { residual: [n, d] after the embedding and after every sub-layer, hidden [n, d], logits [n, 256] } */
        stages: (text) => m('hmtModelStages', text),
        segments: (text, L) => m('hmtModelSegments', text, L),
        summary: (text) => m('hmtModelSummary', text),
        parameters: () => m('hmtModelParameters'),
        save: () => m('hmtModelSave'),
        /**
         * Makes a task document (makeTaskDocument's options) and answers it:
         * answer({ task, D, K, seed, split, condition: 'memory' | 'ablated' | 'shuffled' | 'oracle' |
         *          'retrieval-off' | 'full' (a full-attention model: the whole document in one causal pass), cacheSize = 16, summaryIndex, scoreRest = false, searches = false, compare = false })
         *   → { doc (the task document), condition, predicted, pTrue, pPredicted, correct, bits, top1Hit, weights,
         *       slotSegments, topSlot, factSlot (the question's search: its arg-max, the fact's slot; -1 none / evicted),
         *       segmentsStreamed,
         *       heldBytes (the most bytes of state the model held while reading the document, in order to read on:
         *         streamed, its cached memories and keys, n · (dModel + dRetrieval) · 4 with n ≤ N, plus the k sensory
         *         bytes; 'full', its KV cache, 2 · layers · bytes read · dModel · 4),
         *       restBits, restBytes (with scoreRest: the bits of every other byte, and how many),
         *       searches: [{ segment, weights, slotSegments, top, factSlot }] (with searches: every segment's),
         *       bitsPerByte: { memory: { answer, rest }, ablated: { answer, rest } } (with compare, memory or ablated) }
         *   With { text, payload } instead of split: the learner's text as filler, payload the fact (passkey, copy);
         *   a payload that breaks the fact rule → { refused: { option: 'payload' | 'task', message } }.
         */
        answer: (opts = {}) => m('hmtModelAnswer', opts),
        /**
         * Free-running generation: the task document (answer's options) streams up to its answer, then the
         * model writes byte by byte, each chosen byte fed back in (core/hmt/generate.hpp):
         * generate({ …answer's document and condition options, temperature = 0 (greedy), topK = 0 (all 256),
         *            sampleSeed = 1, maxBytes = 16 (1 … 1024), stop = '.' (a one-byte string; null: none) })
         *   → { doc, condition, text (one character per byte), textBytes (Uint8Array),
         *       bytes: [{ byte, pModel (softmax z), pSample (the distribution it was drawn from), position,
         *                 top: [{ byte, pModel, pSample }] (the 5 most likely) }],
         *       promptBytes, stopped, correct (the answer's bytes came out right), firstWrong (-1: none),
         *       segmentsStreamed, options }   or { refused } as answer.
         */
        generate: (opts = {}) => {
          const r = m('hmtModelGenerate', opts);
          if (r.refused) return r;
          return { ...r, text: String.fromCharCode(...r.text), textBytes: r.text };
        },
        delete: () => m('hmtModelFree'),
      };
    },
    /**
     * A streaming HMT. config: { model (from createHmtModel; omit for 'bag-of-words'),
     *   segmentLength L = 128, summaryLength j = L/2, sensoryLength k = 16, cacheSize N = 300,
     *   retrieval = true, summaryIndex: 'trailing' (j+1) | 'printed' (j), traceLimit = 64,
     *   encoder: 'transformer' | 'bag-of-words' (untrained retrieval demo: dim = 64,
     *   minWordLength = 4, sharpness = 10, seed = 1) }
     * → { handle, config, dim, stateBytes,
     *     feed(text) / flush() → { segments: ran, traces: [trace] (≤ traceLimit, oldest first), pending },
     *     traces() → every kept trace, memoryBank() → { memories [n, d] | null, segments: Int32Array, capacity },
     *     last() → { index, outputs [length, d], summary, retrieved, memory },
     *     stats() → { segments, tokens, pending, cached, tracesKept, stateBytes }, reset(), delete() }
     * trace = { index, start, length, sensory, summaryNorm, retrievedNorm, memoryNorm,
     *           weights: Float32Array (oldest memory first), slotSegments: Int32Array }
     */
    createHmtStream: ({ model, ...config } = {}) => {
      if (model !== undefined && !(model && Number.isInteger(model.handle))) {
        throw new Error('createHmtStream: model must be an object returned by createHmtModel');
      }
      const made = call('hmtStreamCreate', model ? model.handle : 0, config);
      const s = (name, ...args) => call(name, made.handle, ...args);
      return {
        handle: made.handle,
        config: made.config,
        geometry: made.geometry,
        dim: made.dim,
        stateBytes: made.stateBytes,
        feed: (text) => s('hmtStreamFeed', text),
        flush: () => s('hmtStreamFlush'),
        traces: () => s('hmtStreamTraces'),
        memoryBank: () => s('hmtStreamBank'),
        last: () => s('hmtStreamLast'),
        stats: () => s('hmtStreamStats'),
        reset: () => s('hmtStreamReset'),
        delete: () => s('hmtStreamFree'),
      };
    },
    /** HMT memory search: S [m, d], M [n, d], Wq, Wk [d, d_r] → { query, keys, scores, weights, retrieved }; opts.reference: naive loops */
    hmtRetrieve: (S, M, Wq, Wk, opts = {}) => call('hmtRetrieve', tensor(S), tensor(M), tensor(Wq), tensor(Wk), opts),
    /**
     * LM2 gated memory: createLm2({ d = 8, slots = 2, seed = 7, init: 'identity' | 'random' })
     * → { handle, config, step(E [t, d], { gateIn, gateForget, gateOut, slot }) →
     *     { weights [t, slots·d], read, gIn, gForget, gOut, out [t, d], memory [slots·d, d], slotHistory? [t, d·d] },
     *     memory(), weights() → { wq, wk, wv, wIn, wForget, wOut }, reset(), delete() }
     */
    createLm2: (config = {}) => {
      const made = call('lm2Create', config);
      const l = (name, ...args) => call(name, made.handle, ...args);
      return {
        handle: made.handle,
        config: made.config,
        geometry: made.geometry,
        step: (E, opts = {}) => l('lm2Step', tensor(E), opts),
        memory: () => l('lm2Memory'),
        weights: () => l('lm2Weights'),
        reset: () => l('lm2Reset'),
        delete: () => l('lm2Free'),
      };
    },
    /** the LM2 update alone: M [r, d], gIn, gForget, Emem [1, d] → g_in ⊙ tanh(E_mem) + g_forget ⊙ M */
    lm2Update: (M, gIn, gForget, Emem) => call('lm2Update', tensor(M), tensor(gIn), tensor(gForget), tensor(Emem)),
    /**
     * A seeded task document, the same bytes the trainer and the evaluation make:
     * makeTaskDocument({ task: 'passkey' | 'kv' | 'copy', D, K, segmentLength, summaryLength,
     *                    sensoryLength, leadMax, seed, split: 'train' | 'eval' })
     * → { bytes: Uint8Array, segments, factSegment, questionSegment, answerPos, answer, distance,
     *     facts: [{ segment, payload }] }
     */
    makeTaskDocument: (opts = {}) => call('makeTaskDocument', opts),
    /** how many models, streams and LM2 memories are alive: { models, streams, lm2 } */
    hmtLive: () => mod.hmtLive(),
  };
}
