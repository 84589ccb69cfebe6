// Equation stepper: scaled dot-product attention on a small random example,
// one operation at a time — QKᵀ → ÷√d_k → softmax → ·V — with every matrix
// printed (3 decimals) as computed by the core's attentionTrace in the worker
// (job 'attention-example' with trace: the example is drawn there too).
// Its Prev/Next step buttons are separate from the lesson's pane navigation.
import katex from 'katex';
import { h } from '../lib/dom.js';
import { rowsOf } from '../lib/tensor.js';
import { fmt } from '../lib/format.js';
import { defineWidget } from './common/define-widget.js';
import { matrixFigure, matrixTable } from './common/matrix.js';
const tex = (s) => katex.renderToString(s, { throwOnError: false, output: 'htmlAndMathml' });

// Counted from 0, as the lessons count tokens and components.
const dims = (n) => Array.from({ length: n }, (_, j) => String(j));
const tokensOf = (p, n) => Array.from({ length: n }, (_, i) => `${p}${i}`);

// Which matrices each step shows: [name, title, kind, rowPrefix, columns('dims' | 'keys')]
const M = {
  Q: ['Q', 'Q (queries)', 'diverging', 'q', 'dims'],
  K: ['K', 'K (keys)', 'diverging', 'k', 'dims'],
  V: ['V', 'V (values)', 'diverging', 'v', 'dims'],
  scores: ['scores', 'S = QKᵀ (scores)', 'diverging', 'q', 'keys'],
  logits: ['logits', 'L = S/√d_k (scaled scores)', 'diverging', 'q', 'keys'],
  weights: ['weights', 'A = softmax(L) (weights)', 'weights', 'q', 'keys'],
  out: ['out', 'O = AV (output)', 'diverging', 'o', 'dims'],
};

function sqrtText(dk) {
  const r = Math.sqrt(dk);
  return Number.isInteger(r) ? String(r) : fmt(r);
}

const STEPS = [
  {
    title: 'The inputs',
    tex: (o) => String.raw`Q,\ K,\ V \in \mathbb{R}^{${o.tokens}\times ${o.dk}}`,
    text: (o) => `${o.tokens} tokens. Row i of Q is the query of token i, row j of K the key of token j, row j of V its value: ${o.dk} numbers each, drawn from the core's random generator with seed ${o.seed}.`,
    show: ['Q', 'K', 'V'],
  },
  {
    title: 'Scores: QKᵀ',
    tex: () => String.raw`S = QK^\top,\qquad S_{ij} = q_i \cdot k_j = \sum_{c} Q_{ic}\,K_{jc}`,
    text: () => 'Each score is the dot product of one query with one key: row i of S says how well query i matches every key.',
    show: ['Q', 'K', 'scores'],
  },
  {
    title: 'Divide by √d_k',
    tex: (o) => String.raw`L = \frac{S}{\sqrt{d_k}} = \frac{S}{\sqrt{${o.dk}}} = \frac{S}{${sqrtText(o.dk)}}`
      + (o.causal ? String.raw`,\qquad L_{ij} = -\infty \ \text{for}\ j > i` : ''),
    text: (o) => `Dividing by √${o.dk} keeps the scores' spread independent of d_k, so the softmax does not saturate.`
      + (o.causal ? ' The causal mask sets every score of a later token to −∞: token i cannot see tokens after it.' : ''),
    show: ['scores', 'logits'],
  },
  {
    title: 'Softmax, row by row',
    tex: () => String.raw`A_{ij} = \frac{e^{L_{ij}}}{\sum_{j'} e^{L_{ij'}}}`,
    text: (o, t) => `Each row becomes weights that are positive and sum to 1 (row sums: ${t.rowSums.map((s) => fmt(s)).join(', ')}).`
      + (o.causal ? ' A score of −∞ becomes a weight of exactly 0.' : ''),
    show: ['logits', 'weights'],
  },
  {
    title: 'Mix the values: ·V',
    tex: () => String.raw`O = AV,\qquad o_i = \sum_j A_{ij}\, v_j`,
    text: () => 'Each output row is a weighted average of the value rows, with the weights of its row of A.',
    show: ['weights', 'V', 'out'],
  },
];

function matrices(trace, o, step, asTable) {
  const n = o.tokens;
  return STEPS[step].show.map((key) => {
    const [name, title, kind, prefix, cols] = M[key];
    const rows = trace[name];
    const m = {
      name, title, rows, kind,
      rowLabels: tokensOf(prefix, n),
      colLabels: cols === 'keys' ? tokensOf('k', n) : dims(rows[0].length),
      masked: o.causal && name === 'weights' ? (i, j) => j > i : null,
    };
    return asTable ? matrixTable(m) : matrixFigure(m);
  });
}

/** "Step 0 of 4: The inputs", "Step 2 of 4: Divide by √d_k": the numbers of the lesson's pane titles. */
function stepName(k) {
  return `Step ${k} of ${STEPS.length - 1}: ${STEPS[k].title}`;
}

// The step buttons, the step list and the equation, above the matrices.
function stepperParts(w) {
  const { id } = w;
  const prev = h('button', { type: 'button', class: 'step-prev', 'aria-controls': `${id}-step` }, '← Previous step');
  const next = h('button', { type: 'button', class: 'step-next', 'aria-controls': `${id}-step` }, 'Next step →');
  const label = h('span', { class: 'stepper-step', id: `${id}-label` });
  // Numbered as the lesson's panes are: the inputs are step 0, the four operations steps 1–4.
  const list = h('ol', { class: 'step-list', 'aria-label': 'Steps', start: 0 }, STEPS.map((s) => h('li', {}, s.title)));
  const equation = h('div', { class: 'stepper-equation' });
  const text = h('p', { class: 'stepper-text' });
  const region = h('div', { id: `${id}-step`, class: 'stepper-region', role: 'group', 'aria-labelledby': `${id}-label` }, equation, text);
  w.frame.toolbar.before(h('div', { class: 'stepper-nav' }, prev, label, next), list, region);
  w.step = 0;
  const go = (i) => {
    if (i < 0 || i >= STEPS.length || i === w.step || !w.result) return;
    w.step = i;
    w.redraw();
    w.ctx.announce?.(stepName(w.step));
  };
  prev.addEventListener('click', () => go(w.step - 1));
  next.addEventListener('click', () => go(w.step + 1));
  w.showStep = (trace, o) => {
    const s = STEPS[w.step];
    label.textContent = stepName(w.step);
    [...list.children].forEach((li, i) => (i === w.step ? li.setAttribute('aria-current', 'step') : li.removeAttribute('aria-current')));
    prev.disabled = w.step === 0;
    next.disabled = w.step === STEPS.length - 1;
    equation.innerHTML = tex(s.tex(o, trace));
    text.textContent = s.text(o, trace);
    w.frame.figure.parentElement.dataset.step = String(w.step + 1); // position in the list, 1-based
  };
  return {};
}

function draw(trace, o, w, asTable) {
  w.showStep(trace, o);
  return h('div', { class: 'matrices' }, matrices(trace, o, w.step, asTable));
}

export const { mount } = defineWidget({
  name: 'equation-stepper',
  title: 'Self-attention, step by step',
  setup: stepperParts,
  async compute({ tokens, dk, seed, causal }, { core }) {
    const t = await core.run('attention-example', { tokens, dk, seed, causal, trace: true });
    const weights = rowsOf(t.weights);
    return {
      Q: rowsOf(t.Q), K: rowsOf(t.K), V: rowsOf(t.V),
      scores: rowsOf(t.scores), logits: rowsOf(t.logits), weights, out: rowsOf(t.out),
      scale: t.scale,
      rowSums: weights.map((r) => r.reduce((a, b) => a + b, 0)),
    };
  },
  render: (trace, o, w) => draw(trace, o, w, false),
  table: (trace, o, w) => draw(trace, o, w, true),
  describe(trace, o, w) {
    const { tokens: n, dk, seed, causal } = o;
    return {
      status: `Computed by the WebAssembly core: ${n} tokens, d_k = ${dk}, seed ${seed}${causal ? ', causal mask' : ''}.`,
      announcement: `Recomputed: ${n} tokens, d_k = ${dk}${causal ? ', causal' : ''}. ${stepName(w.step)}`,
    };
  },
});
