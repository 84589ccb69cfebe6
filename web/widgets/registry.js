// The widget registry: pure data, importable in node (the lesson checker) and
// in the browser (controls, URL state). For each widget name:
//   description: one line
//   options: { <name>: { type: int|number|bool|enum|string, default, min?, max?, step?,
//                        values? (enum), maxLength? (string: the most characters accepted, cut
//                        where typed; TEXT_MAX_LENGTH if absent) and multiline? (a text box), label, description } }
// A lesson may set any option in a `:::widget <name>` block; the learner may
// change it with the widget's controls; the URL carries the changed values.
// The module for a widget lives in web/widgets/<name>.js and is one
// defineWidget({ name, … }) call (common/define-widget.js), which builds these
// options' controls and exports mount(el, options, ctx) → { update(options), destroy() }.

import { quoteInput } from '../lib/format.js';

/** The most characters a text option takes when it declares no maxLength of its own (typed, from a lesson or a link). */
export const TEXT_MAX_LENGTH = 10_000;
/** Text longer than this is never written into the page's address (url-state.js): a link stays small. */
export const URL_TEXT_MAX = 200;

/** The most characters text option `o` takes. */
export const maxLengthOf = (o) => o.maxLength ?? TEXT_MAX_LENGTH;

const seed = { type: 'int', default: 1, min: 0, max: 1000000, label: 'Seed', description: 'random seed for the example' };
const causal = { type: 'bool', default: false, label: 'Causal mask', description: 'hide later tokens from earlier ones' };

export const widgets = {
  'equation-stepper': {
    description: 'Steps through QKᵀ → ÷√d_k → softmax → ·V on a small random example, every matrix as numbers.',
    options: {
      tokens: { type: 'int', default: 4, min: 4, max: 8, label: 'Tokens', description: 'sequence length n' },
      dk: { type: 'int', default: 4, min: 2, max: 16, label: 'd_k', description: 'query/key width' },
      seed,
      causal,
    },
  },
  'attention-heatmap': {
    description: 'Attention weights of a random example as a heatmap with the weight printed in each cell.',
    options: {
      tokens: { type: 'int', default: 8, min: 2, max: 16, label: 'Tokens', description: 'sequence length n' },
      dk: { type: 'int', default: 16, min: 1, max: 64, label: 'd_k', description: 'query/key width' },
      scaled: { type: 'bool', default: true, label: 'Divide by √d_k', description: 'off: scale 1 (the unscaled case)' },
      causal,
      temperature: { type: 'number', default: 1, min: 0.1, max: 5, step: 0.1, label: 'Temperature', description: 'logits are divided by it' },
      recency: { type: 'number', default: 0, min: 0, max: 2, step: 0.05, label: 'Recency bias', description: 'subtracts recency × (i − j) from the logit of every earlier key j < i; later keys (visible without the mask) are not penalised' },
      queries: { type: 'enum', default: 'all', values: ['all', ...Array.from({ length: 16 }, (_, k) => k + 1)], label: 'Queries n_q', description: 'all: one query per token; a number: that many queries over all the keys (n_q ≠ n_k)' },
      causalAlign: { type: 'enum', default: 'bottom-right', values: ['bottom-right', 'top-left'], label: 'Causal alignment', description: 'where the causal diagonal sits when n_q ≠ n_k: bottom-right (key j visible to query i iff j ≤ i + n_k − n_q, as with a KV cache) or top-left (iff j ≤ i: ONNX without a cache, PyTorch is_causal)' },
      text: { type: 'string', default: '', maxLength: 200, label: 'Words', description: 'optional text: its words (2 to 16) become the tokens and label the rows and columns; the vectors stay random draws (trained heads: the bytes read, at most 24)' },
      source: { type: 'enum', default: 'random', values: ['random', 'trained'], label: 'Q, K from', description: 'random: seeded random vectors; trained: a head of the trained HMT backbone reading the text byte by byte' },
      layer: { type: 'int', default: 0, min: 0, max: 1, label: 'Layer', description: 'trained heads: layer of the backbone (0 or 1)' },
      head: { type: 'int', default: 0, min: 0, max: 3, label: 'Head', description: 'trained heads: head of that layer (0 to 3)' },
      seed,
    },
  },
  'scaling-plot': {
    description: 'Variance of q·k and softmax saturation (mean largest weight over a few keys) against d_k, scaled and unscaled.',
    options: {
      show: { type: 'enum', default: 'both', values: ['both', 'variance', 'saturation'], label: 'Show', description: 'which plot to draw' },
      dk: { type: 'enum', default: 64, values: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024], label: 'Read out at d_k', description: 'the d_k whose numbers are printed below the plot' },
      maxDk: { type: 'enum', default: 512, values: [64, 128, 256, 512, 1024], label: 'Largest d_k', description: 'right end of the d_k axis (powers of two from 1)' },
      samples: { type: 'int', default: 2000, min: 64, max: 2048, label: 'Samples', description: 'queries per point (the variance uses samples × samples dot products)' },
      keys: { type: 'int', default: 8, min: 2, max: 64, label: 'Keys', description: 'keys in each softmax (saturation)' },
      seed: { ...seed, default: 42 },
    },
  },
  'position-scores': {
    description: 'One query over keys with the same content at every distance: the logit and weight each distance gets from sinusoidal positions, RoPE or ALiBi, computed by the core; distances beyond the trained length are marked.',
    options: {
      method: { type: 'enum', default: 'rope', values: ['sinusoidal', 'rope', 'alibi'], label: 'Positions', description: 'sinusoidal: PE added to every row; rope: rotary positions (base 10000); alibi: a linear penalty per distance' },
      positions: { type: 'int', default: 96, min: 8, max: 512, step: 8, label: 'Text length n', description: 'positions; the query is the last one' },
      trained: { type: 'int', default: 32, min: 8, max: 512, step: 8, label: 'Trained length', description: 'the longest text seen in training: distances from this one on were never seen' },
      slope: { type: 'enum', default: 0.125, values: [0.5, 0.25, 0.125, 0.0625, 0.03125, 0.015625, 0.0078125, 0.00390625], label: 'ALiBi slope m', description: "a head's slope (8 heads: 1/2 … 1/256)" },
      seed: { ...seed, default: 4 },
    },
  },
  'multihead-heatmaps': {
    description: 'Multi-head attention of a small random example: the split of Q into heads, one heatmap per head, and the concatenation.',
    options: {
      tokens: { type: 'int', default: 6, min: 2, max: 12, label: 'Tokens', description: 'sequence length n' },
      dModel: { type: 'enum', default: 16, values: [8, 16, 24, 32, 48, 64], label: 'd_model', description: 'model width' },
      heads: { type: 'enum', default: 4, values: [1, 2, 4, 8], label: 'Heads', description: 'number of heads h' },
      show: { type: 'enum', default: 'all', values: ['all', 'split', 'heads', 'concat'], label: 'Show', description: 'which stage to draw' },
      causal,
      seed: { ...seed, default: 7 },
    },
  },
  'quadratic-timing': {
    description: 'Live timing of full attention against n on this machine, log-log with a least-squares slope.',
    options: {
      maxN: { type: 'enum', default: 4096, values: [1024, 2048, 4096, 8192], label: 'Largest n', description: 'longest sequence timed (from n = 256 in half-octave steps)' },
      d: { type: 'enum', default: 64, values: [16, 32, 64, 128], label: 'd', description: 'head width' },
      method: { type: 'enum', default: 'tiled', values: ['tiled', 'materialised', 'both'], label: 'Method', description: 'attentionTiled (O(n·d) memory), attention (n × n weights), or both' },
      runs: { type: 'int', default: 5, min: 3, max: 9, label: 'Runs', description: 'timed passes over all n (the median per n is kept)' },
      fit: { type: 'enum', default: 'all', values: ['all', 'larger-half'], label: 'Fit over', description: 'points used for the least-squares slope' },
    },
  },
  'model-timeline': {
    description: 'Timeline of long-context models with the mechanism each adds.',
    options: {
      highlight: {
        type: 'enum',
        default: 'none',
        values: ['none', 'lrmt', 'recurrence', 'compression', 'retrieval', 'sparse', 'state-space',
          'transformer', 'transformer-xl', 'compressive', 'longformer', 'bigbird', 'memorizing', 'rmt', 'mamba',
          'infini-attention', 'hmt', 'lm2'],
        label: 'Highlight',
        description: 'a model, a group, or lrmt (the models the cheat sheet\'s "LRMT" gestures at)',
      },
    },
  },
  'mechanism-diagram': {
    description: 'One long-memory mechanism as a small diagram: what is kept, what the query attends to, with counts.',
    options: {
      mechanism: {
        type: 'enum',
        default: 'transformer-xl',
        values: ['transformer-xl', 'compressive', 'rmt', 'memorizing', 'sparse', 'infini-attention', 'hmt', 'lm2', 'mamba'],
        label: 'Mechanism',
        description: 'which model\'s memory to draw',
      },
    },
  },
  'segment-stream': {
    description: 'A text cut into segments of L bytes, the last k carried over as sensory memory; under each byte, how many bytes its output depends on (measured by the core).',
    options: {
      text: { type: 'string', default: 'The cat sat on the mat. The dog sat on the log.', maxLength: 400, label: 'Text', description: 'text to segment (its first 96 bytes)' },
      segment: { type: 'int', default: 8, min: 2, max: 32, label: 'Segment length L', description: 'bytes per segment' },
      sensory: { type: 'int', default: 0, min: 0, max: 31, label: 'Sensory k', description: 'bytes carried over from the previous segment (k < L)' },
      seed,
    },
  },
  'transformer-block': {
    description: 'One text through the trained backbone, stage by stage: what each sub-layer adds to one token\'s vector, the final LayerNorm, the next-byte probabilities there, and bits per byte over the text.',
    options: {
      text: { type: 'string', default: 'the pass key is 48213. what is the pass key?', maxLength: 200, label: 'Text', description: 'the bytes the model reads (at most its maxPositions; longer text is cut)' },
      position: { type: 'int', default: 15, min: 0, max: 73, label: 'Follow byte i', description: 'the position whose vector is followed through the blocks (clamped to the text)' },
    },
  },
  'summary-builder': {
    description: 'The summary pass [T ‖ H_n[0, j) ‖ T] of the backbone: outputs at j (printed index) and j + 1 (official code), and what nudging the trailing T changes.',
    options: {
      text: { type: 'string', default: 'Segments are summarised before they are read.', maxLength: 400, label: 'Segment text', description: 'the segment (bytes)' },
      segment: { type: 'int', default: 16, min: 4, max: 64, label: 'Segment length L', description: 'bytes of the segment used' },
      j: { type: 'int', default: 8, min: 1, max: 64, label: 'j', description: 'bytes the summary pass reads (j ≤ L)' },
      seed,
    },
  },
  'retrieval-bars': {
    description: 'Retrieval weights over the cached memories when a planted passage comes back (untrained bag-of-words setting).',
    options: {
      cache: { type: 'int', default: 8, min: 1, max: 64, label: 'Cache size N', description: 'memories kept' },
      gap: { type: 'int', default: 6, min: 0, max: 60, label: 'Gap', description: 'unrelated segments between the passage and its return' },
      seed,
    },
  },
  'trained-memory': {
    description: 'The trained HMT answers a task document: its segments, the answer byte by byte with probabilities, and the search each segment made; memory can be broken on purpose.',
    options: {
      task: { type: 'enum', default: 'passkey', values: ['passkey', 'kv', 'copy'], label: 'Task', description: 'passkey: 5 digits; kv: key–value recall; copy: 8 letters' },
      distance: { type: 'int', default: 8, min: 0, max: 24, label: 'Distance D', description: 'segments between the fact and the question (passkey, copy)' },
      facts: { type: 'int', default: 8, min: 1, max: 8, label: 'Facts K', description: 'facts stated before the question (kv)' },
      model: { type: 'enum', default: 'trained', values: ['trained', 'recurrent', 'yours'], label: 'Model', description: 'trained: the course\'s trained HMT; recurrent: the same backbone trained with a cache of one (each segment reads only the previous memory, like RMT; it always runs with N = 1); yours: the model you trained in the training lab (lesson 10, Train it yourself) and chose with “Use this model”' },
      memory: { type: 'enum', default: 'memory', values: ['memory', 'ablated', 'shuffled', 'oracle', 'retrieval-off', 'full-attention'], label: 'Memory', description: 'memory: as trained; ablated: every P_n = P_0; shuffled: another document\'s memories; oracle: the fact\'s memory handed over; retrieval-off: the model trained without retrieval; full-attention: another model, trained to read the whole document in one causal pass (positions for every byte of the longest evaluated document), no memory' },
      cache: { type: 'int', default: 16, min: 1, max: 64, label: 'Cache size N', description: 'memories the search can reach' },
      summaryIndex: { type: 'enum', default: 'trailing', values: ['trailing', 'printed'], label: 'Summary read at', description: 'trailing: position j + 1 (the official code); printed: position j (the cheat sheet)' },
      seed: { type: 'int', default: 1, min: 0, max: 1000000, label: 'Document', description: 'seed of the held-out document (with your text: where the fact and the question sit)' },
      text: { type: 'string', default: '', multiline: true, maxLength: 2000, label: 'Your text', description: 'your own filler text (passkey and copy), a paragraph is plenty: it is repeated to fill the segments; empty: a held-out document' },
      fact: { type: 'string', default: '', maxLength: 16, label: 'Your fact', description: 'with your text: the pass key (5 digits) or the string to copy (8 capitals); empty: 48213 or QWERTYUI' },
      answer: { type: 'enum', default: 'teacher-forced', values: ['teacher-forced', 'generate'], label: 'Answer by', description: 'teacher-forced: each answer byte is the model\'s most likely byte with the true bytes before it; generate: the model writes the answer itself, every byte it chose fed back in' },
      temperature: { type: 'number', default: 0, min: 0, max: 3, step: 0.1, label: 'Temperature τ', description: 'generate: 0 = greedy (always the most likely byte); above 0 = draw from softmax(z / τ): below 1 sharper, above 1 flatter' },
      topK: { type: 'int', default: 0, min: 0, max: 256, label: 'Top-k', description: 'generate: draw only among the k most likely bytes (0 = all 256)' },
      sampleSeed: { type: 'int', default: 1, min: 0, max: 1000000, label: 'Sampling seed', description: 'generate: the seed of the random draws (the same seed writes the same text)' },
    },
  },
  'training-lab': {
    description: 'Train the memory of an HMT in this tab: the trainer runs in a worker, from a backbone that never learned memory; curves of loss and held-out accuracy as it learns — or fails to.',
    options: {
      task: { type: 'enum', default: 'passkey', values: ['passkey', 'kv'], label: 'Task', description: 'passkey: recall 5 digits; kv: recall the value of one of K keys' },
      level: { type: 'int', default: 0, min: 0, max: 8, label: 'Distance D or facts K', description: 'passkey: segments between the fact and the question; kv: facts stated (at least 1)' },
      curriculum: { type: 'enum', default: 'off', values: ['off', 'on'], label: 'Curriculum', description: 'on: start at the easiest level and move up when held-in accuracy passes 0.9' },
      cache: { type: 'int', default: 4, min: 1, max: 16, label: 'Cache size N', description: 'memories the search can reach' },
      probe: { type: 'enum', default: 'on', values: ['on', 'off'], label: 'Write probe', description: 'on: an extra loss asks the memory written after the fact to name the fact (a training device)' },
      lr: { type: 'enum', default: 0.003, values: [0.0003, 0.001, 0.003, 0.01, 0.03, 10], label: 'Learning rate', description: 'AdamW step size (the course\'s models used 0.003)' },
      batch: { type: 'enum', default: 16, values: [4, 8, 16, 32], label: 'Batch', description: 'documents per step' },
      steps: { type: 'enum', default: 1200, values: [20, 50, 100, 300, 600, 1200, 2400], label: 'Steps', description: 'the run stops after this many steps' },
      start: { type: 'enum', default: 'filler', values: ['filler', 'trained', 'scratch'], label: 'Start from', description: 'trained: the course\'s trained HMT with its memory parameters (T, P₀, W_q, W_k) drawn afresh; filler: a byte model trained on the filler text only, which never used memory; scratch: random weights' },
      seed: { type: 'int', default: 1, min: 0, max: 1000000, label: 'Seed', description: 'initial memory parameters and training documents' },
      workers: { type: 'enum', default: 'auto', values: ['auto', 1, 2, 3, 4], label: 'Workers', description: 'auto: one per core the browser reports (at most 4); each takes a share of a step\'s groups of 8 documents — the weights are the same whatever the number' },
    },
  },
  'model-comparison': {
    description: 'HMT against a recurrent memory and full attention on the same tasks and training budget: held-out accuracy against the distance D, the number of facts K or the pass key’s length, mean and range over seeds, from the committed evaluations.',
    options: {
      task: { type: 'enum', default: 'passkey', values: ['passkey', 'kv', 'copy', 'length'], label: 'Task', description: 'passkey: one 5-digit fact, D segments back; kv: K key–value facts, one asked; copy: 8 capitals, D segments back; length: pass keys of 5 to 29 digits at D = 4 (how much one memory carries)' },
      measure: { type: 'enum', default: 'digits', values: ['digits', 'whole'], label: 'Measure', description: 'digits: characters of the answer right (teacher forcing); whole: whole answers right' },
    },
  },
  'model-cost': {
    description: 'What the comparison models pay to read a passkey document: the time per document and the bytes of state held, against the distance D, from the benchmark\'s zoo-cost records (npm run bench -- --only zoo-cost).',
    options: {
      show: { type: 'enum', default: 'both', values: ['both', 'time', 'bytes'], label: 'Show', description: 'time: milliseconds per document; bytes: the bytes of state held while reading it; both: the two charts' },
      axes: { type: 'enum', default: 'linear', values: ['linear', 'log'], label: 'Axes', description: 'linear: the shape of each cost (flat, a straight line); log: every point readable, the distance on a log scale from 0 and the cost on a log scale' },
      runtime: { type: 'enum', default: 'chromium', values: ['chromium', 'node'], label: 'Measured in', description: 'the runtime whose measurement is drawn (the other one\'s when the file has none for this one)' },
    },
  },
  'training-curves': {
    description: 'How the comparison models learned: curriculum level, answer accuracy, write-probe accuracy or loss against the training step, one line per model, from the committed training logs.',
    options: {
      quantity: { type: 'enum', default: 'level', values: ['level', 'accuracy', 'probe', 'loss'], label: 'Show', description: 'level: the curriculum level reached (D, or K for kv); accuracy: the batch\'s answer accuracy (smoothed); probe: the write probe\'s accuracy; loss: the total loss (smoothed)' },
      task: { type: 'enum', default: 'passkey', values: ['passkey', 'kv', 'copy'], label: 'Task', description: 'which task\'s level and accuracy (probe and loss cover all three)' },
    },
  },
  'memory-sweep': {
    description: 'Accuracy of the trained HMT against the cache size N or the distance D, measured in the browser on fresh documents, beside the committed evaluation.',
    options: {
      axis: { type: 'enum', default: 'N', values: ['N', 'D'], label: 'Sweep', description: 'N: cache sizes 1–64 at D = 8; D: distances 0–24 at N = 16' },
      docs: { type: 'int', default: 40, min: 5, max: 200, step: 5, label: 'Documents per point', description: 'held-out passkey documents measured at each point' },
      seed: { type: 'int', default: 5000, min: 0, max: 1000000, label: 'First document', description: 'seed of the first document (the committed evaluation used 1–2,000)' },
    },
  },
  'memory-pyramid': {
    description: 'Sensory, short-term and long-term memory of HMT, stepping through a stream segment by segment.',
    options: {
      segments: { type: 'int', default: 12, min: 1, max: 40, label: 'Segments', description: 'segments streamed' },
      cache: { type: 'int', default: 6, min: 1, max: 16, label: 'Cache size N', description: 'memories kept' },
      sensory: { type: 'int', default: 4, min: 0, max: 15, label: 'Sensory k', description: 'bytes carried over (k < L)' },
      segment: { type: 'int', default: 16, min: 8, max: 64, label: 'Segment length L', description: 'bytes per segment' },
    },
  },
  'stream-race': {
    description: 'HMT streaming up to 100,000 tokens against full attention on the same backbone, with time and memory.',
    options: {
      tokens: { type: 'int', default: 100000, min: 1000, max: 100000, step: 1000, label: 'Tokens', description: 'stream length for HMT' },
      segment: { type: 'enum', default: 256, values: [64, 128, 256, 512, 1024], label: 'Segment length L', description: 'tokens per segment' },
      cache: { type: 'int', default: 300, min: 1, max: 1000, label: 'Cache size N', description: 'memories kept' },
      fullMax: { type: 'enum', default: 4096, values: [1024, 2048, 4096, 8192], label: 'Full attention up to', description: 'longest text full attention is run on' },
    },
  },
  'lm2-gates': {
    description: 'LM2 gated memory update with the gates as sliders: one memory slot evolving, or how fast it forgets its start.',
    options: {
      slots: { type: 'int', default: 2, min: 1, max: 8, label: 'Slots', description: 'memory slots m' },
      dim: { type: 'int', default: 4, min: 2, max: 8, label: 'Width d', description: 'slot size d × d' },
      gIn: { type: 'number', default: 0.5, min: 0, max: 1, step: 0.05, label: 'Input gate g_in', description: 'g_in' },
      gForget: { type: 'number', default: 0.9, min: 0, max: 1, step: 0.05, label: 'Forget gate g_forget', description: 'g_forget' },
      steps: { type: 'int', default: 20, min: 1, max: 60, label: 'Steps', description: 'updates applied' },
      view: { type: 'enum', default: 'slot', values: ['slot', 'forgetting'], label: 'View', description: 'slot: the memory slot over time; forgetting: the distance between two runs that start apart' },
      seed,
    },
  },
  'kernel-bench': {
    description: 'Attention timed on this machine three ways: the SIMD build, the scalar build, plain JavaScript (GFLOP/s).',
    options: {
      n: { type: 'int', default: 256, min: 64, max: 1024, step: 64, label: 'n', description: 'sequence length' },
      d: { type: 'int', default: 64, min: 16, max: 128, step: 16, label: 'd', description: 'head width' },
    },
  },
};

export const widgetNames = Object.keys(widgets);

/** The registry entry of a widget, or undefined. */
export function widgetSpec(name) {
  return Object.hasOwn(widgets, name) ? widgets[name] : undefined;
}

/** { option: default } for a widget. */
export function defaultOptions(name) {
  const spec = widgetSpec(name);
  if (!spec) return {};
  return Object.fromEntries(Object.entries(spec.options).map(([k, o]) => [k, o.default]));
}

function describeRange(o) {
  if (o.type === 'enum') return `one of ${o.values.join(', ')}`;
  if (o.type === 'bool') return 'true or false';
  if (o.type === 'string') return 'text';
  const kind = o.type === 'int' ? 'an integer' : 'a number';
  return o.min !== undefined ? `${kind} from ${o.min} to ${o.max}` : kind;
}

/**
 * Converts one option value (a string from a lesson file or a URL, or an
 * already typed value) to its declared type.
 * → { value } or { error: 'message' }
 */
export function parseOption(widget, key, raw) {
  const spec = widgetSpec(widget);
  if (!spec) return { error: `unknown widget '${widget}'` };
  const o = Object.hasOwn(spec.options, key) ? spec.options[key] : undefined;
  if (!o) {
    const known = Object.keys(spec.options).join(', ');
    return { error: `unknown option '${key}' for widget '${widget}' (options: ${known})` };
  }
  const text = typeof raw === 'string' ? raw.trim() : raw;
  const bad = () => ({ error: `option '${key}' of widget '${widget}' must be ${describeRange(o)}, got '${quoteInput(raw)}'` });
  switch (o.type) {
    case 'bool': {
      if (text === true || text === 'true' || text === '1') return { value: true };
      if (text === false || text === 'false' || text === '0') return { value: false };
      return bad();
    }
    case 'int':
    case 'number': {
      const v = typeof text === 'number' ? text : text === '' ? NaN : Number(text);
      if (!Number.isFinite(v)) return bad();
      if (o.type === 'int' && !Number.isInteger(v)) return bad();
      if ((o.min !== undefined && v < o.min) || (o.max !== undefined && v > o.max)) return bad();
      return { value: v };
    }
    case 'enum': {
      const match = o.values.find((v) => String(v) === String(text));
      return match === undefined ? bad() : { value: match };
    }
    case 'string': {
      let s = String(text);
      if (/^(["']).*\1$/.test(s)) s = s.slice(1, -1);
      const max = maxLengthOf(o);
      if (s.length > max) return { error: `option '${key}' of widget '${widget}' takes at most ${max.toLocaleString('en-US')} characters, got ${s.length.toLocaleString('en-US')}` };
      return { value: s };
    }
    default:
      return { error: `option '${key}' of widget '${widget}' has an unknown type '${o.type}'` };
  }
}
