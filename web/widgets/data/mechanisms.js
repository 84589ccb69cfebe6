// The long-memory mechanisms of lesson 7 as small diagrams on one grammar:
// a row of cells along time (oldest left), each group of cells a segment, a
// memory or a state, drawn by its role (lib/plot-parts.js `roles`: current,
// kept, squeezed, memory, dropped) and framed where the query ★ reads it.
//   group = { at (cell offset), n (cells), role, label, short (for the counts),
//             query? (index of ★ in the group), attend?: 'all' | 'causal' (up to ★) | [indices],
//             marks?: { index: letter }, box?: text (one wide cell instead of n small ones) }
// The pictures are schematic: 8 tokens a segment, a few memories; the counts
// printed under each diagram are of the cells drawn.

export const mechanisms = {
  'transformer-xl': {
    title: 'Transformer-XL: segment-level recurrence',
    groups: [
      { at: 0, n: 8, role: 'dropped', label: 'segment n−2: not kept', short: '' },
      { at: 9, n: 8, role: 'kept', label: 'segment n−1: cached states', short: 'cached from segment n−1', attend: 'all' },
      { at: 18, n: 8, role: 'current', label: 'segment n', short: 'in its own segment', query: 5, attend: 'causal' },
    ],
    kept: 'the hidden states of the previous segment, at every layer (no gradient flows into them)',
    note: 'Segment n−2 reaches ★ only indirectly, one layer further down per segment.',
  },
  compressive: {
    title: 'Compressive Transformer: old memories compressed, not dropped',
    groups: [
      { at: 0, n: 4, role: 'squeezed', label: 'compressed: 2 states → 1', short: 'compressed', attend: 'all' },
      { at: 5, n: 8, role: 'kept', label: 'memory: segment n−1', short: 'in the memory', attend: 'all' },
      { at: 14, n: 8, role: 'current', label: 'segment n', short: 'in its own segment', query: 5, attend: 'causal' },
    ],
    kept: 'recent states as they were, and older ones squeezed into fewer (here 2 → 1) instead of dropped',
    note: 'The compression rate and function are choices of the model; the paper compares several.',
  },
  rmt: {
    title: 'Recurrent Memory Transformer: memory tokens passed on',
    groups: [
      { at: 0, n: 8, role: 'dropped', label: 'segment n−1: not kept', short: '' },
      { at: 9, n: 2, role: 'memory', label: 'read', short: 'memory tokens', attend: 'all' },
      { at: 12, n: 8, role: 'current', label: 'segment n', short: 'in its own segment', query: 5, attend: 'causal' },
      { at: 21, n: 2, role: 'memory', label: 'write → n+1', short: '' },
    ],
    kept: 'a few memory vectors (here 2), written by each segment and read by the next',
    note: 'Everything from segment n−1 that reaches ★ passes through the 2 memory tokens.',
  },
  memorizing: {
    title: 'Memorizing Transformers: retrieval from an external memory',
    groups: [
      { at: 0, n: 16, role: 'kept', label: 'external memory: past keys and values', short: 'retrieved by kNN', attend: [3, 12] },
      { at: 17, n: 8, role: 'current', label: 'local context', short: 'in the local context', query: 5, attend: 'causal' },
    ],
    kept: 'the keys and values of every past token, up to the memory size',
    note: 'One layer looks up each query’s nearest keys (kNN, here 2) and attends to them beside its local context.',
  },
  sparse: {
    title: 'Longformer and BigBird: sparse attention over one long sequence',
    groups: [
      { at: 0, n: 24, role: 'current', label: 'one long sequence: nothing dropped', short: '', query: 12, attend: [0, 4, 10, 11, 12, 13, 14, 20], marks: { 0: 'G', 4: 'r', 20: 'r' } },
    ],
    kept: 'everything: one sequence of n tokens',
    note: 'Framed: a window of 5 around ★, the global token G (Longformer and BigBird) and 2 random tokens r (BigBird only).',
    attendedText: (count) => `★ attends to ${count} of 24 tokens: a window of 5, 1 global, 2 random.`,
  },
  'infini-attention': {
    title: 'Infini-attention: a fixed-size compressive memory',
    groups: [
      { at: 0, n: 8, role: 'dropped', label: 'segments 1 … n−1: folded into M', short: '' },
      { at: 9, n: 3, role: 'squeezed', box: 'M', label: 'memory M (d × d)', short: 'memory matrix', attend: 'all' },
      { at: 13, n: 8, role: 'current', label: 'segment n', short: 'in its own segment', query: 5, attend: 'causal' },
    ],
    kept: 'one d × d matrix per head, updated with linear attention after every segment: its size never grows',
    note: 'The local tokens are read with softmax attention, M with a linear-attention read; a learned gate mixes the two.',
    attendedText: (count) => `★ reads ${count - 1} tokens of its own segment and the memory matrix M.`,
  },
  hmt: {
    title: 'HMT: sensory memory, a summary, a search over memories',
    groups: [
      { at: 0, n: 6, role: 'memory', label: 'cache: last N memories', short: '' },
      { at: 7, n: 1, role: 'memory', box: 'P', label: 'P_n', short: 'retrieved memory', attend: 'all' },
      { at: 9, n: 3, role: 'kept', label: 'sensory', short: 'sensory (end of n−1)', attend: 'all' },
      { at: 13, n: 8, role: 'current', label: 'segment n', short: 'in its own segment', query: 5, attend: 'causal' },
    ],
    kept: 'the last N memory embeddings (one per segment) and the last k token embeddings of the previous segment',
    note: 'The cache is not attended token by token: the segment’s summary searches it once, and the result P_n is prepended to the segment.',
  },
  lm2: {
    title: 'LM2: a gated slot memory beside attention',
    groups: [
      { at: 0, n: 4, role: 'memory', label: 'memory slots', short: 'memory slots (cross-attention)', attend: 'all' },
      { at: 5, n: 8, role: 'current', label: 'tokens so far', short: 'tokens (causal attention)', query: 5, attend: 'causal' },
    ],
    kept: 'N memory slots, blended at every step through input and forget gates',
    note: 'The slots are read by cross-attention in every decoder block, beside the ordinary attention path.',
  },
  mamba: {
    title: 'Mamba: no attention, a recurrent state',
    groups: [
      { at: 0, n: 8, role: 'dropped', label: 'earlier tokens: folded into h', short: '' },
      { at: 9, n: 2, role: 'memory', box: 'h', label: 'state h', short: 'state', attend: 'all' },
      { at: 12, n: 8, role: 'current', label: 'tokens', short: '', query: 5 },
    ],
    kept: 'a fixed-size state h, updated token by token with input-dependent (selective) parameters',
    note: 'There are no keys to attend to: each token reads and updates the state.',
    attendedText: () => '★ attends to nothing: it reads the state h, whose size does not grow with the text.',
  },
};

export const mechanismIds = Object.keys(mechanisms);
