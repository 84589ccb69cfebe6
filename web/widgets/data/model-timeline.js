// The models on the long-context timeline (lesson: long-memory-family).
// Dates are the month of the first arXiv version, read from the arXiv id
// (YYMM.NNNNN). `groups` name the mechanisms the lesson teaches:
//   recurrence  — a state carried from segment to segment
//   compression — old states squeezed into fewer, coarser ones
//   retrieval   — many past states kept, the relevant ones looked up
//   sparse      — one long sequence, each token attends to a few others
//   state-space — no attention; a recurrent state-space model
//   full        — the baseline: every token attends to every token

// colour: the dot and the chip of each mechanism (the name is always printed beside it).
export const groups = [
  { id: 'full', label: 'Full attention', colour: '#6b7280' },
  { id: 'recurrence', label: 'Recurrence', colour: '#d9480f' },
  { id: 'compression', label: 'Compression', colour: '#7c3aed' },
  { id: 'retrieval', label: 'Retrieval', colour: '#2563eb' },
  { id: 'sparse', label: 'Sparse attention', colour: '#15803d' },
  { id: 'state-space', label: 'State space', colour: '#a16207' },
];

export const models = [
  {
    id: 'transformer', name: 'Transformer', arxiv: '1706.03762', authors: 'Vaswani et al.', groups: ['full'],
    mechanism: 'Every token attends to every token: n² scores per head and layer. The baseline the others extend.',
  },
  {
    id: 'transformer-xl', name: 'Transformer-XL', arxiv: '1901.02860', authors: 'Dai et al.', groups: ['recurrence'],
    mechanism: 'Segment-level recurrence: a segment also attends to the cached hidden states of the previous segment; relative position encodings.',
  },
  {
    id: 'compressive', name: 'Compressive Transformer', arxiv: '1911.05507', authors: 'Rae et al.', groups: ['recurrence', 'compression'],
    mechanism: 'Keeps a memory of recent states and compresses the oldest into a second, coarser memory. Introduced the PG-19 benchmark.',
  },
  {
    id: 'longformer', name: 'Longformer', arxiv: '2004.05150', authors: 'Beltagy et al.', groups: ['sparse'],
    mechanism: 'Local attention over a sliding window plus a few global tokens that attend to, and are attended by, everything.',
  },
  {
    id: 'bigbird', name: 'BigBird', arxiv: '2007.14062', authors: 'Zaheer et al.', groups: ['sparse'],
    mechanism: 'Local window, global tokens and a few random connections per token.',
  },
  {
    id: 'memorizing', name: 'Memorizing Transformers', arxiv: '2203.08913', authors: 'Wu et al.', groups: ['retrieval'],
    mechanism: 'Stores past keys and values in an external memory; one layer retrieves each query\'s nearest keys (kNN) and attends to them.',
  },
  {
    id: 'rmt', name: 'Recurrent Memory Transformer (RMT)', arxiv: '2207.06881', authors: 'Bulatov et al.', groups: ['recurrence'],
    mechanism: 'Memory tokens read and written with each segment and passed to the next one. HMT builds on it.',
  },
  {
    id: 'mamba', name: 'Mamba', arxiv: '2312.00752', authors: 'Gu and Dao', groups: ['state-space'],
    mechanism: 'A selective state-space model, not a transformer; cost grows linearly with sequence length.',
  },
  {
    id: 'infini-attention', name: 'Infini-attention', arxiv: '2404.07143', authors: 'Munkhdalai et al.', groups: ['recurrence', 'compression'],
    mechanism: 'Local attention within a segment plus a compressive long-term memory, read and updated with linear attention.',
  },
  {
    id: 'hmt', name: 'HMT', arxiv: '2405.06067', authors: 'He et al.', groups: ['recurrence', 'retrieval'],
    mechanism: 'Sensory memory (last k tokens), a summary of each segment, and a search over the last N memory embeddings.',
  },
  {
    id: 'lm2', name: 'LM2', arxiv: '2502.06049', authors: 'Kang et al.', groups: ['recurrence'],
    mechanism: 'A gated recurrent slot memory in every decoder block: read by cross-attention, updated at every step through input and forget gates.',
  },
];

/** The models the cheat sheet's "LRMT" ("local/global attention, memory tokens for past") gestures at. */
export const lrmtModels = ['longformer', 'bigbird', 'rmt'];

/** { year, month } from an arXiv id such as '2405.06067'. */
export function arxivDate(id) {
  const m = /^(\d{2})(\d{2})\.\d{4,5}$/.exec(id);
  if (!m) throw new Error(`not a new-style arXiv id: '${id}'`);
  return { year: 2000 + Number(m[1]), month: Number(m[2]) };
}

/** The ids of the models a highlight option selects (a model id, a group, 'lrmt', or 'none'). */
export function highlighted(highlight) {
  if (!highlight || highlight === 'none') return [];
  if (highlight === 'lrmt') return [...lrmtModels];
  if (groups.some((g) => g.id === highlight)) return models.filter((m) => m.groups.includes(highlight)).map((m) => m.id);
  return models.some((m) => m.id === highlight) ? [highlight] : [];
}
