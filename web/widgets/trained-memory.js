// trained-memory: the trained HMT (web/models/hmt-memory.lmlw) answers a
// held-out task document in the core worker (job 'trained-answer'). Shown:
//   the document cut into segments of L = 64 bytes, the fact and the answer marked;
//   the answer byte by byte: the model's arg-max, its probability, the true byte;
//   the search of a segment (the question's by default) as bars over the cache,
//   each labelled with the segment its memory came from, the fact's starred.
// The Memory control breaks it on purpose: P_n = P_0 everywhere (ablated),
// another document's memories (shuffled), the fact's memory handed over
// (oracle), or the model trained without retrieval.
// With "Your text" the filler is the learner's own text and the fact theirs;
// bits per byte compare memory on and ablated on the answer and on the rest.
import { h } from '../lib/dom.js';
import { fmt } from '../lib/format.js';
import { table } from '../lib/data-table.js';
import { columnChart } from '../lib/charts.js';
import { defineWidget } from './common/define-widget.js';
import { searchPicker } from './common/search-picker.js';

const L = 64;
const CONDITION_TEXT = {
  memory: 'memory on, as trained',
  ablated: 'memory ablated (every P_n = P_0)',
  shuffled: 'the cache holds another document’s memories',
  oracle: 'oracle: the question segment is handed the fact’s memory',
  'retrieval-off': 'the model trained without retrieval (sensory memory only)',
  'full-attention': 'full attention: the fact and the question in one 74-byte window, no memory',
};

const FACT_RULE = { passkey: /^\d{5}$/, copy: /^[A-Z]{8}$/ };

/** A problem with the learner's text settings, or null. */
function check(o) {
  if (o.memory === 'full-attention' && o.task === 'kv') return 'The full-attention window is made for the passkey and copy tasks; choose one of them.';
  if (!o.text?.trim()) return null;
  if (o.task === 'kv') return 'Your own text works with the passkey and copy tasks; choose one of them, or clear the text.';
  const fact = o.fact?.trim();
  if (fact && !FACT_RULE[o.task].test(fact)) {
    return o.task === 'passkey' ? `The pass key must be 5 digits, got “${fact}”.` : `The string to copy must be 8 capitals A–Z, got “${fact}”.`;
  }
  return null;
}

const latin1 = (bytes) => Array.from(bytes, (b) => String.fromCharCode(b)).join('');

/** Where the fact of the asked question sits in the text (for highlighting). */
function factSpan(r) {
  const d = r.doc;
  const text = latin1(d.bytes);
  const fact = d.facts.find((f) => f.segment === d.factSegment);
  const needle = fact.payload.length === 8 && /^[A-Z]{4}\d{4}$/.test(fact.payload) ? fact.payload.slice(4) : fact.payload;
  const len = r.window ?? L;
  const at = text.indexOf(needle, d.factSegment * len);
  return at >= 0 && at < (d.factSegment + 1) * len ? [at, at + needle.length] : null;
}

function segmentsView(r) {
  const d = r.doc;
  const text = latin1(d.bytes);
  const fact = factSpan(r);
  const len = r.window ?? L;
  const rows = [];
  for (let s = 0; s < d.segments; s++) {
    const start = s * len;
    const parts = [];
    let i = start;
    const mark = (a, b, cls, label) => {
      if (a > i) parts.push(text.slice(i, a));
      parts.push(h('mark', { class: cls, title: label }, text.slice(a, b)));
      i = b;
    };
    if (fact && fact[0] >= start && fact[0] < start + L) mark(fact[0], fact[1], 'fact', 'the fact');
    if (d.answerPos >= start && d.answerPos < start + L) mark(d.answerPos, d.answerPos + d.answer.length, 'answer', 'the answer');
    parts.push(text.slice(i, start + len));
    const role = r.window ? 'fact and question' : s === d.factSegment ? 'fact' : s === d.questionSegment ? 'question' : '';
    rows.push(h('li', { class: ['doc-segment', role && !r.window && `is-${role}`], dataset: { segment: String(s) } },
      h('span', { class: 'seg-label' }, r.window ? `one window of ${len} bytes` : `segment ${s}`, role ? h('span', { class: 'seg-role' }, ` · ${role}`) : null),
      h('code', { class: 'seg-text' }, parts)));
  }
  const label = r.window ? `The window: ${len} bytes read by full attention` : `The document: ${d.segments} segments of ${L} bytes`;
  return h('ol', { class: 'doc-segments', 'aria-label': label }, rows);
}

function answerView(r) {
  const d = r.doc;
  const cells = [...d.answer].map((ch, i) => {
    const ok = r.predicted[i] === ch;
    return h('li', { class: ['answer-byte', ok ? 'right' : 'wrong'], dataset: { index: String(i), predicted: r.predicted[i], truth: ch } },
      h('span', { class: 'predicted', 'aria-label': `predicted ${r.predicted[i]}` }, r.predicted[i]),
      h('span', { class: 'mark' }, ok ? '✓' : '✗'),
      h('span', { class: 'prob' }, `p ${fmt(r.pPredicted[i], 2)}`),
      ok ? null : h('span', { class: 'truth' }, `true ${ch}: p ${fmt(r.pTrue[i], 2)}`));
  });
  return h('div', { class: 'answer-box' },
    h('p', { class: 'answer-head' }, 'The model’s answer, byte by byte (the arg-max at the byte before each, with its probability):'),
    h('ol', { class: 'answer-bytes', 'data-quantity': 'predicted' }, cells),
    h('p', {}, `${r.correct} of ${d.answer.length} right · ${fmt(r.bits / d.answer.length, 2)} bits per answer byte.`));
}

// Bits per byte: the mean of −log2 p(the true next byte); 8 is a uniform guess over
// the 256 bytes, 0 is certainty. 2^(bits per byte) is the perplexity per byte.
function bitsView(r) {
  const b = r.bitsPerByte;
  if (!b?.memory || !b?.ablated) return null;
  const row = (label, key) => h('tr', {},
    h('th', { scope: 'row' }, label),
    h('td', { class: 'num', dataset: { bits: `memory-${key}` } }, fmt(b.memory[key], 2)),
    h('td', { class: 'num', dataset: { bits: `ablated-${key}` } }, fmt(b.ablated[key], 2)));
  return h('div', { class: 'bits-box' },
    h('table', { class: 'data-table bits-table' },
      h('caption', {}, 'Bits per byte on this document (lower is better; 8 = a uniform guess over 256 bytes)'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, ''), h('th', { scope: 'col' }, 'memory on'), h('th', { scope: 'col' }, 'ablated (P_n = P_0)'))),
      h('tbody', {}, row(`the answer (${r.doc.answer.length} bytes)`, 'answer'), row(`the rest of the text (${r.restBytes} bytes)`, 'rest'))),
    h('p', { class: 'note' }, `Memory is worth ${fmt(b.ablated.answer - b.memory.answer, 2)} bits per byte on the answer and `
      + `${fmt(b.ablated.rest - b.memory.rest, 2)} on the rest, whose next byte the segment itself mostly predicts.`));
}

function searchOf(r, segment) {
  return r.searches.find((s) => s.segment === segment) ?? (segment === r.doc.questionSegment && r.weights.length
    ? { segment, weights: Array.from(r.weights), slotSegments: Array.from(r.slotSegments) } : null);
}

function bars(r, s, width) {
  const fact = r.doc.factSegment;
  let best = 0;
  s.weights.forEach((w, i) => { if (w > s.weights[best]) best = i; });
  const factAt = s.slotSegments.indexOf(fact);
  const lead = factAt >= 0 ? `The fact's segment ${fact} gets weight ${fmt(s.weights[factAt])}${best === factAt ? ', the largest' : ''}.` : `The fact's segment ${fact} is not in the cache.`;
  return columnChart({
    kind: 'trained-retrieval',
    title: `Retrieval weights of segment ${s.segment} over ${s.weights.length} cached memories. ${lead}`,
    width, height: 230,
    x: { label: 'memory of segment (oldest left; ★ the fact’s) →' },
    y: { label: '↑ weight', ticks: [0, 0.25, 0.5, 0.75, 1], format: (t) => t.toFixed(2) },
    columns: s.weights.map((w, i) => {
      const isFact = s.slotSegments[i] === fact;
      return {
        label: isFact ? `${s.slotSegments[i]} ★` : String(s.slotSegments[i]),
        always: isFact || i === best,
        value: w, text: fmt(w, 2), style: isFact ? 'a' : 'b',
        tip: `memory of segment ${s.slotSegments[i]}${isFact ? ' (the fact)' : ''}\nweight ${fmt(w)}`,
        tagBar: () => ({ class: `bar${isFact ? ' planted' : ''}` }),
        tag: () => ({ class: 'weight', data: { slot: i, segment: s.slotSegments[i], weight: w } }),
      };
    }),
  });
}

// The search drawn: the learner's pick, else the question's.
function setup(w) {
  const hooks = searchPicker(w);
  w.searchShown = (r) => {
    const q = r.doc.questionSegment;
    const segs = r.searches.length ? r.searches.map((s) => s.segment) : (r.weights.length ? [q] : []);
    return searchOf(r, w.pickSearch(segs.map((s) => ({ segment: s, label: s === q ? `${s} (the question)` : String(s) })), q));
  };
  return hooks;
}

function summary(r, o) {
  const d = r.doc;
  const q = searchOf(r, d.questionSegment);
  let search = 'No search runs in this condition.';
  if (q) {
    let best = 0;
    q.weights.forEach((x, i) => { if (x > q.weights[best]) best = i; });
    search = q.slotSegments[best] === d.factSegment
      ? `The question segment's largest retrieval weight (${fmt(q.weights[best], 2)}) sits on segment ${d.factSegment}, the fact's.`
      : `The question segment's largest retrieval weight (${fmt(q.weights[best], 2)}) sits on segment ${q.slotSegments[best]}, not on the fact's segment ${d.factSegment}.`;
  }
  const where = r.ownText ? 'Your text, ' : '';
  return `${where}${CONDITION_TEXT[o.memory]}: answered “${r.predicted}” for “${d.answer}”, ${r.correct} of ${d.answer.length} right. ${search}`;
}

export const { mount } = defineWidget({
  name: 'trained-memory',
  title: 'The trained HMT answers: watch the memory carry the fact',
  method: 'Computed in the core worker with the trained weights (web/models/hmt-memory.lmlw; d_model 64, 4 heads, 2 layers; '
    + 'L = 64, j = 32, k = 8): the document streams through HMT segment by segment; the answer is read as the arg-max at the byte '
    + 'before each answer byte, the true answer bytes in the text (teacher forcing). Documents come from the evaluation seeds, never '
    + 'seen in training, or from your text (lower-cased, digits dropped: the model was trained on lower-case filler, and '
    + 'digits and capitals belong to facts).',
  setup,
  check,
  responsive: true,
  cache: (o) => JSON.stringify(o),
  busy: 'Streaming the document through the trained model…',
  compute: (o, { core }) => core.run('trained-answer', {
    task: o.task, D: o.distance, K: o.facts, seed: o.seed, condition: o.memory, cacheSize: o.cache, summaryIndex: o.summaryIndex,
    ...(o.text?.trim() ? { text: o.text, fact: o.fact ?? '' } : {}),
  }),
  render(r, o, w) {
    const s = w.searchShown(r);
    return [
      answerView(r),
      bitsView(r),
      s ? h('div', { class: 'plots' }, bars(r, s, Math.min(w.width, 640))) : h('p', { class: 'note' }, 'No memory search runs in this condition.'),
      segmentsView(r),
    ];
  },
  table(r, o, w) {
    const d = r.doc;
    const rows = [...d.answer].map((ch, i) => [`answer byte ${i}`, ch, r.predicted[i], fmt(r.pPredicted[i], 3), fmt(r.pTrue[i], 3)]);
    const s = w.searchShown(r);
    const t1 = table(`The answer (${CONDITION_TEXT[o.memory]})`, ['position', 'true byte', 'predicted', 'p(predicted)', 'p(true)'], rows);
    const b = r.bitsPerByte;
    const tb = b?.memory && b?.ablated ? table('Bits per byte on this document', ['bytes', 'memory on', 'ablated'], [
      ['the answer', fmt(b.memory.answer, 3), fmt(b.ablated.answer, 3)],
      ['the rest of the text', fmt(b.memory.rest, 3), fmt(b.ablated.rest, 3)],
    ]) : null;
    if (!s) return h('div', {}, t1, tb);
    const t2 = table(`Retrieval weights of segment ${s.segment}`, ['memory of segment', 'weight', ''],
      s.weights.map((x, i) => [String(s.slotSegments[i]), fmt(x), s.slotSegments[i] === d.factSegment ? 'the fact' : '']));
    return h('div', {}, t1, tb, t2);
  },
  describe(r, o) {
    const text = summary(r, o);
    return {
      status: text,
      result: { predicted: r.predicted, answer: r.doc.answer, correct: r.correct, top1Hit: r.top1Hit, condition: o.memory },
      announcement: text,
    };
  },
});
