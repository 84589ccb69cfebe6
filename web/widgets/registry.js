// The widget registry: pure data, importable in node (the lesson checker) and
// in the browser (controls, URL state). For each widget name:
//   description: one line
//   options: { <name>: { type: int|number|bool|enum|string, default, min?, max?, step?,
//                        values? (enum), label, description } }
// A lesson may set any option in a `:::widget <name>` block; the learner may
// change it with the widget's controls; the URL carries the changed values.
// The module for a widget lives in web/widgets/<name>.js and exports
// mount(el, options, ctx) → { update(options), destroy() }.

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
      recency: { type: 'number', default: 0, min: 0, max: 2, step: 0.05, label: 'Recency bias', description: 'subtracts recency × distance from each logit' },
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
  'segment-stream': {
    description: 'A token stream cut into segments, with the last k tokens carried over as sensory memory.',
    options: {
      segment: { type: 'int', default: 16, min: 4, max: 64, label: 'Segment length L', description: 'tokens per segment' },
      sensory: { type: 'int', default: 4, min: 0, max: 32, label: 'Sensory k', description: 'tokens carried over' },
      text: { type: 'string', default: '', label: 'Text', description: 'text to segment' },
    },
  },
  'summary-builder': {
    description: 'The HMT summary token S_n computed from a segment.',
    options: {
      segment: { type: 'int', default: 8, min: 4, max: 32, label: 'Segment length L', description: 'tokens per segment' },
      j: { type: 'int', default: 4, min: 1, max: 32, label: 'j', description: 'tokens summarised' },
      seed,
    },
  },
  'retrieval-bars': {
    description: 'Retrieval weights over the cached memories as bars.',
    options: {
      cache: { type: 'int', default: 8, min: 1, max: 64, label: 'Cache size N', description: 'memories kept' },
      segments: { type: 'int', default: 24, min: 2, max: 100, label: 'Segments', description: 'segments streamed' },
      seed,
    },
  },
  'memory-pyramid': {
    description: 'Sensory, short-term and long-term memory as a pyramid.',
    options: {
      segments: { type: 'int', default: 12, min: 1, max: 50, label: 'Segments', description: 'segments streamed' },
    },
  },
  'stream-race': {
    description: 'Streaming with segments and a memory cache against full attention.',
    options: {
      tokens: { type: 'int', default: 100000, min: 1000, max: 100000, label: 'Tokens', description: 'stream length' },
      segment: { type: 'int', default: 256, min: 64, max: 1024, label: 'Segment length L', description: 'tokens per segment' },
      cache: { type: 'int', default: 300, min: 1, max: 1000, label: 'Cache size N', description: 'memories kept' },
    },
  },
  'lm2-gates': {
    description: 'LM2 gated memory update with the gates as sliders.',
    options: {
      slots: { type: 'int', default: 2, min: 1, max: 8, label: 'Slots', description: 'memory slots' },
      dim: { type: 'int', default: 4, min: 2, max: 16, label: 'Width', description: 'slot width' },
      gIn: { type: 'number', default: 0.5, min: 0, max: 1, step: 0.05, label: 'Input gate', description: 'g_in' },
      gForget: { type: 'number', default: 0.5, min: 0, max: 1, step: 0.05, label: 'Forget gate', description: 'g_forget' },
      steps: { type: 'int', default: 10, min: 1, max: 50, label: 'Steps', description: 'updates applied' },
      seed,
    },
  },
  'kernel-bench': {
    description: 'The SIMD and scalar kernels of this page timed on this machine.',
    options: {
      n: { type: 'int', default: 512, min: 64, max: 2048, label: 'n', description: 'sequence length' },
      d: { type: 'int', default: 64, min: 16, max: 128, label: 'd', description: 'head width' },
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
  const bad = () => ({ error: `option '${key}' of widget '${widget}' must be ${describeRange(o)}, got '${raw}'` });
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
      return { value: s };
    }
    default:
      return { error: `option '${key}' of widget '${widget}' has an unknown type '${o.type}'` };
  }
}
