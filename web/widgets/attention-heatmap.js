// Attention heatmap: the weights softmax(QKᵀ·scale/T − recency·(p_i − j)) of a
// random example, computed in the core worker (job 'attention-example': the
// example is drawn and kept there; the page receives only the weights), drawn
// with the weight printed in every cell; rows are queries, columns keys.
// Pointing at a cell, or moving to it with the arrow keys once the picture has
// the focus, lights up its row and column and writes the dot product out with
// its numbers (job 'attention-cell': q_i, k_j and the row's logits for that one
// cell); a polite live region says the short form (score, logit, weight) on every move.
// With fewer queries than tokens the causal mask's alignment decides which keys
// each query sees (queryPosition, compute/attention-example.js).
// Source 'trained': the weights of one head of the trained HMT backbone reading
// the text byte by byte (job 'trained-heads'; rows and columns are the bytes);
// a cell explains itself from the result (the weight, the query and key bytes),
// with the same pointer, arrow keys and row/column light as the random example.
// The matrix narrows its cells to fit the widget's width (22 bytes fit at 1280 px).
import { h } from '../lib/dom.js';
import { fmt } from '../lib/format.js';
import { rowsOf } from '../lib/tensor.js';
import { queryPosition } from '../compute/attention-example.js';
import { defineWidget } from './common/define-widget.js';
import { matrixFigure, matrixTable, markCell } from './common/matrix.js';

const TITLE = 'Attention weights (row: query, column: key)';
const FIRST = 0; // labels count tokens from 0, as the lessons do (q0, k0); so do the data attributes

/** The words of the example's text (at most 16), or null when it has none. */
export function wordsOf(text) {
  const words = String(text ?? '').trim().split(/\s+/).filter(Boolean).slice(0, 16);
  return words.length >= 2 ? words : null;
}

/** Sizes and names of one setting: n keys, n_q queries, each query's position, labels. */
function shapeOf(o) {
  const words = wordsOf(o.text);
  const n = words ? words.length : o.tokens;
  const nq = o.queries === 'all' ? n : Number(o.queries);
  const pos = (i) => queryPosition(i, nq, n, o.causalAlign);
  const short = (w) => (w.length > 7 ? `${w.slice(0, 6)}…` : w);
  const keyName = (j) => `k${j + FIRST}`;
  const queryName = (i) => `q${pos(i) + FIRST}`;
  const wordAt = (p) => (words && p >= 0 && p < n ? words[p] : null);
  return {
    n, nq, words, pos, keyName, queryName, wordAt,
    rowLabels: Array.from({ length: nq }, (_, i) => (wordAt(pos(i)) ? short(wordAt(pos(i))) : queryName(i))),
    colLabels: Array.from({ length: n }, (_, j) => (words ? short(words[j]) : keyName(j))),
    masked: o.causal ? (i, j) => j > pos(i) : null,
  };
}

function jobArgs(o) {
  const s = shapeOf(o);
  return {
    tokens: s.n, queries: s.nq, dk: o.dk, seed: o.seed, scaled: o.scaled, causal: o.causal,
    causalAlign: o.causalAlign, temperature: o.temperature, recency: o.recency,
  };
}

function matrix(rows, o) {
  const s = shapeOf(o);
  return {
    name: 'weights',
    title: TITLE,
    rows,
    rowLabels: s.rowLabels,
    colLabels: s.colLabels,
    kind: 'weights',
    masked: s.masked,
    maskedText: 'masked: the causal mask removed this key (a token after the query); its weight is exactly 0, unlike a small weight such as 0.001',
  };
}

function describe(rows, o) {
  const s = shapeOf(o);
  let best = { v: -1, i: 0, j: 0 };
  rows.forEach((r, i) => r.forEach((v, j) => { if (v > best.v) best = { v, i, j }; }));
  const scale = o.scaled ? `1/√${o.dk}` : '1 (unscaled)';
  const shape = s.nq === s.n ? `${s.n} tokens` : `${s.nq} queries over ${s.n} keys`;
  const align = o.causal && s.nq !== s.n
    ? `, causal aligned ${o.causalAlign} (query i sees keys up to ${o.causalAlign === 'top-left' ? 'i' : s.n >= s.nq ? `i + ${s.n - s.nq}` : `i − ${s.nq - s.n}`})`
    : o.causal ? ', causal' : '';
  return `${shape}, d_k = ${o.dk}, scale ${scale}${align}`
    + `${o.temperature !== 1 ? `, temperature ${o.temperature}` : ''}${o.recency ? `, recency ${o.recency}` : ''}. `
    + `Each row sums to 1. Largest weight ${fmt(best.v)}: ${s.queryName(best.i)} → ${s.keyName(best.j)}.`
    + (o.causal ? ' Masked cells (a key after its query) are hatched and print “masked”.' : '')
    + (s.words ? ' The words only name the positions: the vectors are random draws, so the weights say nothing about the words.' : '')
    + ' Point at a cell, or focus the picture and use the arrow keys, to see its dot product written out.';
}

// --- The cell explanation ------------------------------------------------------

const num = (v) => (v < 0 ? `(${fmt(v)})` : fmt(v));

/** q·k as its products: all of them up to d_k = 8, else the first four, …, the last. */
function products(q, k) {
  const term = (c) => `${num(q[c])}×${num(k[c])}`;
  const d = q.length;
  if (d <= 8) return q.map((_, c) => term(c)).join(' + ');
  return `${[0, 1, 2, 3].map(term).join(' + ')} + … + ${term(d - 1)} (${d} products)`;
}

function explanation(cell, i, j, o) {
  const s = shapeOf(o);
  const qn = s.queryName(i);
  const kn = s.keyName(j);
  const word = (p) => (s.wordAt(p) ? ` (“${s.wordAt(p)}”)` : '');
  const head = h('p', {}, `Row ${qn}${word(s.pos(i))}, column ${kn}${word(j)}:`);
  const q = (name, v, text = fmt(v)) => h('strong', { 'data-quantity': name, 'data-value': v }, text);
  const dot = h('p', { class: 'terms' }, `${qn} · ${kn} = Σ_c ${qn}[c]·${kn}[c] = ${products(cell.q, cell.k)} = `, q('cell-score', cell.score));
  if (cell.masked) {
    return [head, dot, h('p', {}, `${kn} comes after ${qn} (position ${s.pos(i) + FIRST}): the causal mask sets the logit to −∞, so the weight is `,
      q('cell-weight', 0, 'exactly 0'), ' — hatched, not a small number.')];
  }
  const dist = s.pos(i) - j;
  const steps = [`× ${o.scaled ? `(1/√${o.dk} = ${fmt(cell.scale)})` : '1 (unscaled)'}`];
  if (o.temperature !== 1) steps.push(`÷ temperature ${o.temperature}`);
  if (o.recency && dist > 0) steps.push(`− recency ${o.recency} × distance ${dist}`);
  const logit = h('p', {}, `Logit: ${fmt(cell.score)} ${steps.join(' ')} = `, q('cell-logit', cell.logit), '.');
  const soft = h('p', {}, `Softmax over row ${qn}: e^(${fmt(cell.logit)} − ${num(cell.rowMax)}) / ${fmt(cell.rowSum)} = `,
    q('cell-weight', cell.weight), ` (the row's largest logit ${fmt(cell.rowMax)} is subtracted first; ${fmt(cell.rowSum)} is the sum of e^(logit − max) over the keys ${qn} sees).`);
  return [head, dot, logit, soft];
}

function speak(cell, i, j, o) {
  const s = shapeOf(o);
  const base = `${s.queryName(i)} dot ${s.keyName(j)} = ${fmt(cell.score)}`;
  return cell.masked ? `${base}; masked, weight exactly 0.` : `${base}; logit ${fmt(cell.logit)}; weight ${fmt(cell.weight)}.`;
}

// The explorer: which cell is active, the pointer and keyboard on the picture, the job per cell.
function explorer(w) {
  const box = h('div', { class: 'cell-explain' },
    h('p', {}, 'Point at a cell, or focus the heatmap and use the arrow keys: its row and column light up and its dot product is written out here.'));
  // What a screen reader says on each move: the short form (the products stay in the box above).
  const spoken = h('p', { class: 'visually-hidden cell-spoken', 'aria-live': 'polite', 'aria-atomic': 'true' });
  w.frame.figure.insertBefore(box, w.frame.status);
  w.frame.figure.insertBefore(spoken, w.frame.status);
  w.cell = null;
  let seq = 0;
  const cache = new Map();
  const key = (o, i, j) => `${JSON.stringify(jobArgs(o))}|${i}|${j}`;
  let wiredFor = null; // the kind of picture the current cell belongs to

  async function show(i, j, { scroll = false } = {}) {
    const o = w.options;
    w.cell = [i, j];
    const fig = w.frame.view.querySelector('[data-matrix="weights"]');
    if (fig) markCell(fig, i, j);
    // A keyboard move keeps the cell in view when the picture scrolls in its box (a phone).
    if (scroll) fig?.querySelector(`rect.cell[data-row="${i}"][data-col="${j}"]`)?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    box.dataset.row = i;
    box.dataset.col = j;
    const my = ++seq;
    if (w.result?.trained) {
      box.replaceChildren(...trainedExplanation(w.result, i, j, o));
      box.dataset.state = 'ready';
      spoken.textContent = trainedSpeak(w.result, i, j);
      return;
    }
    const k = key(o, i, j);
    let cell = cache.get(k);
    if (!cell) {
      try {
        cell = await w.ctx.core.run('attention-cell', { ...jobArgs(o), row: i, col: j });
      } catch (err) {
        if (my === seq) box.replaceChildren(h('p', {}, `The core refused: ${err?.message ?? err}`));
        return;
      }
      cache.set(k, cell);
    }
    if (my !== seq) return;
    box.replaceChildren(...explanation(cell, i, j, o));
    box.dataset.state = 'ready';
    spoken.textContent = speak(cell, i, j, o);
  }

  w.wire = (fig, rows) => {
    const pic = fig.querySelector('svg');
    const nr = rows.length;
    const nc = rows[0]?.length ?? 0;
    pic.classList.add('explorable');
    pic.setAttribute('tabindex', '0');
    pic.setAttribute('role', 'group');
    pic.setAttribute('aria-roledescription', 'heatmap');
    pic.setAttribute('aria-label', `${pic.getAttribute('aria-label')}. Arrow keys move between cells; Home and End go to the ends of a row.`);
    pic.addEventListener('pointerover', (ev) => {
      const el = ev.target.closest?.('[data-row][data-col]');
      if (!el) return;
      const i = Number(el.dataset.row);
      const j = Number(el.dataset.col);
      if (w.cell?.[0] !== i || w.cell?.[1] !== j) show(i, j);
    });
    pic.addEventListener('focus', () => { if (!w.cell) show(0, 0); });
    pic.addEventListener('keydown', (ev) => {
      const [i, j] = w.cell ?? [0, 0];
      const moves = { ArrowUp: [i - 1, j], ArrowDown: [i + 1, j], ArrowLeft: [i, j - 1], ArrowRight: [i, j + 1], Home: [i, 0], End: [i, nc - 1] };
      const to = moves[ev.key];
      if (!to) return;
      ev.preventDefault();
      ev.stopPropagation(); // the lesson's own arrow keys move panes
      show(Math.min(Math.max(to[0], 0), nr - 1), Math.min(Math.max(to[1], 0), nc - 1), { scroll: true });
    });
    // After a redraw (a new setting), the same cell stays explained if it still exists
    // (not across a switch between the random example and the trained heads).
    const kind = w.result?.trained ? 'trained' : 'random';
    if (w.cell && wiredFor !== kind) {
      w.cell = null;
      box.replaceChildren(h('p', {}, 'Point at a cell, or focus the heatmap and use the arrow keys.'));
    }
    wiredFor = kind;
    if (w.cell) {
      const [i, j] = w.cell;
      if (i < nr && j < nc) queueMicrotask(() => show(i, j)); // once the new picture is in place
      else {
        w.cell = null;
        box.replaceChildren(h('p', {}, 'Point at a cell, or focus the heatmap and use the arrow keys.'));
      }
    }
  };
  return {};
}

// --- Trained heads -------------------------------------------------------------

export const TRAINED_TEXT = 'the pass key is 48213.';
const byteLabel = (b) => (b === ' ' ? '␣' : b);

function trainedMatrix(r, o) {
  return {
    name: 'weights',
    title: `Layer ${o.layer}, head ${o.head} of the trained backbone (row: query byte, column: key byte)`,
    rows: r.rows,
    rowLabels: r.tokens.map((b, i) => `${i}:${byteLabel(b)}`),
    colLabels: r.tokens.map((b, j) => `${j}:${byteLabel(b)}`),
    kind: 'weights',
    masked: (i, j) => j > i,
    maskedText: 'masked: the backbone is causal, so a byte never reads a later one; its weight is exactly 0',
  };
}

/** A trained head's cell: the query byte, the key byte and the weight (from the result, no job). */
function trainedExplanation(r, i, j) {
  const b = (x) => `“${byteLabel(x)}”`;
  const head = h('p', {}, `Row ${i}: the query is byte ${i} ${b(r.tokens[i])}; column ${j}: the key is byte ${j} ${b(r.tokens[j])}.`);
  if (j > i) {
    return [head, h('p', {}, `Byte ${j} comes after byte ${i}: the backbone is causal, so the weight is `,
      h('strong', { 'data-quantity': 'cell-weight', 'data-value': 0 }, 'exactly 0'), ' — hatched, not a small number.')];
  }
  const v = r.rows[i][j];
  const rank = r.rows[i].filter((x, k) => k <= i && x > v).length + 1;
  return [head, h('p', {}, `Weight `, h('strong', { 'data-quantity': 'cell-weight', 'data-value': v }, fmt(v)),
    `: byte ${i} takes ${fmt(100 * v, 1)}% of its reading from byte ${j} (rank ${rank} of the ${i + 1} bytes it sees; its row sums to 1).`)];
}

const trainedSpeak = (r, i, j) => (j > i
  ? `Byte ${i} ${byteLabel(r.tokens[i])}, key byte ${j} ${byteLabel(r.tokens[j])}: masked, weight exactly 0.`
  : `Byte ${i} ${byteLabel(r.tokens[i])} reads byte ${j} ${byteLabel(r.tokens[j])} with weight ${fmt(r.rows[i][j])}.`);

function describeTrained(r, o) {
  const n = r.tokens.length;
  let prev = 0, first = 0;
  for (let i = 1; i < n; i++) { prev += r.rows[i][i - 1]; first += r.rows[i][0]; }
  const q = (x) => `“${byteLabel(x)}”`;
  let best = { v: -1, i: 0, j: 0 };
  r.rows.forEach((row, i) => row.forEach((v, j) => { if (j < i && v > best.v) best = { v, i, j }; }));
  return `Layer ${o.layer}, head ${o.head} of the trained model on ${n} bytes${r.truncated ? ' (the first 24 of your text)' : ''}. `
    + `Averaged over bytes 1 … ${n - 1}: weight ${fmt(prev / (n - 1), 2)} on the byte before, ${fmt(first / (n - 1), 2)} on byte 0. `
    + `Largest weight on an earlier byte: ${fmt(best.v)}, byte ${best.i} ${q(r.tokens[best.i])} → byte ${best.j} ${q(r.tokens[best.j])}. `
    + 'Each row sums to 1; masked cells (later bytes) are hatched. '
    + 'Point at a cell, or focus the picture and use the arrow keys, to read its weight and its two bytes.';
}

const trainedOf = (o) => o.source === 'trained';
const RANDOM_ONLY = ['tokens', 'dk', 'scaled', 'causal', 'temperature', 'recency', 'queries', 'causalAlign', 'seed'];

export const { mount } = defineWidget({
  name: 'attention-heatmap',
  title: 'Attention heatmap',
  // With one query per token both alignments are the same mask; the trained heads have their own controls.
  hiddenControls: (o) => (trainedOf(o) ? RANDOM_ONLY : ['layer', 'head', ...(o.queries === 'all' ? ['causalAlign'] : [])]),
  setup: explorer,
  async compute(o, { core }) {
    if (trainedOf(o)) {
      const { weights, tokens, truncated } = await core.run('trained-heads', { text: o.text?.trim() || TRAINED_TEXT, layer: o.layer, head: o.head });
      return { trained: true, rows: rowsOf(weights), tokens, truncated };
    }
    const { weights } = await core.run('attention-example', jobArgs(o));
    return rowsOf(weights);
  },
  responsive: true,
  render(r, o, w) {
    const fig = matrixFigure({ ...(r.trained ? trainedMatrix(r, o) : matrix(r, o)), fit: w.width });
    w.wire(fig, r.trained ? r.rows : r);
    return fig;
  },
  table: (r, o) => (r.trained ? matrixTable(trainedMatrix(r, o)) : matrixTable(matrix(r, o))),
  describe(r, o) {
    const text = r.trained ? describeTrained(r, o) : describe(r, o);
    return { status: text, result: { weights: r.trained ? r.rows : r, tokens: r.tokens }, announcement: `Heatmap updated: ${text}` };
  },
});
