// trained-memory: the trained HMT (web/models/hmt-memory.lmlw) answers a
// held-out task document in the core worker (job 'trained-answer'). Shown:
//   the document cut into its segments (L bytes each, L from the model), the fact and the answer marked;
//   the answer byte by byte: the model's arg-max, its probability, the true byte;
//   the search of a segment (the question's by default) as bars over the cache,
//   each labelled with the segment its memory came from, the fact's starred.
// The Memory control breaks it on purpose: P_n = P_0 everywhere (ablated),
// another document's memories (shuffled), the fact's memory handed over
// (oracle), or the model trained without retrieval.
// With "Your text" the filler is the learner's own text and the fact theirs;
// bits per byte compare memory on and ablated on the answer and on the rest.
// Answer by: generate — the model writes the answer itself (greedy, or sampled at
// a temperature among the top k, with a seed), each byte it chose fed back in;
// drawn by common/generation-view.js beside teacher forcing's answer.
// The core's result carries every search's arg-max and the fact's slot, the
// fact's position and the fact rule's verdict: this file only draws them.
// A change computes after a short pause (settle), latest wins.
import { h } from '../lib/dom.js';
import { fmt } from '../lib/format.js';
import { table } from '../lib/data-table.js';
import { columnChart } from '../lib/charts.js';
import { defineWidget } from './common/define-widget.js';
import { searchPicker } from './common/search-picker.js';
import { memoryWorth } from './common/memory-worth.js';
import { generationPicker, generationView, generationTable, generationSummary } from './common/generation-view.js';

const CONDITION_TEXT = {
  memory: 'memory on, as trained',
  ablated: 'memory ablated (every P_n = P_0)',
  shuffled: 'the cache holds another document’s memories',
  oracle: 'oracle: the question segment is handed the fact’s memory',
  'retrieval-off': 'the model trained without retrieval (sensory memory only)',
  'full-attention': 'full attention: a model trained to read the whole document in one causal pass, no memory',
};

/** A setting the widget cannot use, as { option, message } (the field is marked), or null. The fact's
 * format is the core's rule: a fact it refuses comes back as { refused } from the job. */
function check(o) {
  if (o.answer === 'generate' && o.memory === 'full-attention') {
    return { option: 'answer', message: 'Generate streams the document through HMT, segment by segment; the full-attention model reads it in one pass. Choose another Memory setting, or Answer by: teacher-forced.' };
  }
  const text = Boolean(o.text?.trim());
  if (text && o.task === 'kv') {
    return { option: 'task', message: 'Your own text works with the passkey and copy tasks: choose one of them, or clear your text.' };
  }
  if (!text && o.fact?.trim()) {
    return { option: 'fact', message: 'Your fact is used only inside your own text: write a text above, or clear the fact to read a held-out document.' };
  }
  return null;
}

const latin1 = (bytes) => Array.from(bytes, (b) => String.fromCharCode(b)).join('');

/** Where the fact of the asked question sits in the text (the core says: doc.factPos). */
const factSpan = (r) => [r.doc.factPos, r.doc.factPos + r.doc.answer.length];

function segmentsView(r) {
  const d = r.doc;
  const text = latin1(d.bytes);
  const fact = factSpan(r);
  const L = d.bytes.length / d.segments;  // the segment length the document was made with
  const len = L;
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
    if (fact && fact[0] >= start && fact[0] < start + len) mark(fact[0], fact[1], 'fact', 'the fact');
    if (d.answerPos >= start && d.answerPos < start + len) mark(d.answerPos, d.answerPos + d.answer.length, 'answer', 'the answer');
    parts.push(text.slice(i, start + len));
    const role = s === d.factSegment ? 'fact' : s === d.questionSegment ? 'question' : '';
    rows.push(h('li', { class: ['doc-segment', role && `is-${role}`], dataset: { segment: String(s) } },
      h('span', { class: 'seg-label' }, `segment ${s}`, role ? h('span', { class: 'seg-role' }, ` · ${role}`) : null),
      h('code', { class: 'seg-text' }, parts)));
  }
  const label = r.condition === 'full-attention'
    ? `The document: ${d.bytes.length} bytes, read by full attention in one causal pass (shown in pieces of ${L})`
    : `The document: ${d.segments} segments of ${L} bytes`;
  return h('ol', { class: 'doc-segments', 'aria-label': label }, rows);
}

function answerView(r, o) {
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
    verdict(r, o));
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
    h('p', { class: 'note bits-worth' }, `${memoryWorth(b.memory.answer, b.ablated.answer, 'the answer')} `
      + `${memoryWorth(b.memory.rest, b.ablated.rest, 'the rest of the text, whose next byte the segment itself mostly predicts,')}`));
}

const searchOf = (r, segment) => r.searches.find((s) => s.segment === segment) ?? null;

/** Why the fact's memory is not in a search's cache, in words with the numbers. */
function missing(r, o) {
  if (o.memory === 'shuffled') return 'the cache holds another document’s memories, none of this fact';
  const D = r.doc.distance;
  if (r.model === 'recurrent-s1') {
    return `the recurrent model reads only the previous segment's memory (N = 1): whatever it knows of segment ${r.doc.factSegment} `
      + 'must have been carried forward from memory to memory';
  }
  if (o.cache >= D + 1) return `the fact's memory (segment ${r.doc.factSegment}) is not among the ${o.cache} cached memories`;
  return `the fact's memory was evicted: N = ${o.cache} < D + 1 = ${D + 1} (the cache keeps the last N memories; `
    + `the fact's segment ${r.doc.factSegment} is ${D + 1} segments before the question)`;
}

function bars(r, s, width, o) {
  const fact = r.doc.factSegment;
  const best = s.top;
  const factAt = s.factSlot;
  const lead = factAt >= 0 ? `The fact's segment ${fact} gets weight ${fmt(s.weights[factAt])}${best === factAt ? ', the largest' : ''}.`
    : s.segment === r.doc.questionSegment ? `Not in the cache: ${missing(r, o)}.` : `The fact's segment ${fact} is not in this segment's cache.`;
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

// The search drawn: the learner's pick, else the question's (no picker where nothing searches).
// On a phone the controls fill a screen: a one-line summary of the answer sticks to the bottom of
// the screen while the widget is in view (hidden on wider screens, where the answer sits beside).
function setup(w) {
  const hooks = searchPicker(w);
  generationPicker(w);
  w.summaryLine = h('p', { class: 'answer-summary' });
  w.frame.toolbar.after(w.summaryLine);
  w.searchShown = (r) => {
    const q = r.doc.questionSegment;
    const segs = r.searches.map((s) => s.segment);
    return searchOf(r, w.pickSearch(segs.map((s) => ({ segment: s, label: s === q ? `${s} (the question)` : String(s) })), q));
  };
  return hooks;
}

function summary(r, o) {
  const d = r.doc;
  const q = searchOf(r, d.questionSegment);
  let search = 'No search runs in this condition.';
  if (q && q.top >= 0) {
    const top = `The question segment's largest retrieval weight (${fmt(q.weights[q.top], 2)})`;
    if (q.top === q.factSlot) search = `${top} sits on segment ${d.factSegment}, the fact's.`;
    else if (q.factSlot < 0) search = `${top} sits on segment ${q.slotSegments[q.top]}: ${missing(r, o)}.`;
    else search = `${top} sits on segment ${q.slotSegments[q.top]}, not on the fact's segment ${d.factSegment}.`;
  }
  const where = `${r.model === 'yours' ? 'Your model from the training lab, ' : r.model === 'recurrent-s1' ? 'The recurrent model (N = 1), ' : ''}${r.ownText ? 'your text, ' : ''}`.replace(/^y/, 'Y');
  return `${where}${CONDITION_TEXT[o.memory]}: answered “${r.predicted}” for “${d.answer}”, ${r.correct} of ${d.answer.length} right. ${search}`;
}

// The answer's verdict beside the answer itself (the status line is far below on a phone).
const verdict = (r, o) => {
  const q = searchOf(r, r.doc.questionSegment);
  const why = q && q.factSlot < 0 && o.memory !== 'full-attention' ? ` Why: ${missing(r, o)}.` : '';
  return h('p', { class: 'answer-verdict' }, `${r.correct} of ${r.doc.answer.length} right · ${fmt(r.bits / r.doc.answer.length, 2)} bits per answer byte.${why}`);
};

export const { mount } = defineWidget({
  name: 'trained-memory',
  title: 'The trained HMT answers: watch the memory carry the fact',
  method: 'Computed in the core worker with the trained weights (web/models/hmt-memory.lmlw; d_model 64, 4 heads, 2 layers; '
    + 'L, j, k and the cache it was trained with are read from its weight file): the document streams through HMT segment by segment; the answer is read as the arg-max at the byte '
    + 'before each answer byte, the true answer bytes in the text (teacher forcing). Documents come from the evaluation seeds, never '
    + 'seen in training, or from your text (lower-cased, digits dropped: the model was trained on lower-case filler, and '
    + 'digits and capitals belong to facts). With Answer by: generate, the model writes up to 24 bytes itself after the '
    + 'question (stopping after a “.”), each byte it chose fed back into the stream: the arg-max (greedy, τ = 0), or a draw from '
    + 'softmax(z / τ) over the top-k bytes, made in the core from the sampling seed (the same seed, the same draws).',
  setup,
  check,
  // Facts K counts the key–value facts; D is set by K there (the asked fact's place); the sampling
  // controls only act when the model generates, top-k and the seed only when it samples (τ > 0)
  hiddenControls: (o) => [o.task === 'kv' ? 'distance' : 'facts',
    ...(o.answer !== 'generate' ? ['temperature', 'topK', 'sampleSeed'] : o.temperature > 0 ? [] : ['topK', 'sampleSeed'])],
  settle: 80,
  responsive: true,
  cache: (o) => (o.model === 'yours' ? null : JSON.stringify(o)),  // your model may have changed since
  busy: 'Streaming the document through the trained model…',
  compute: (o, { core }) => core.run('trained-answer', {
    task: o.task, D: o.distance, K: o.facts, seed: o.seed, condition: o.memory, cacheSize: o.cache, summaryIndex: o.summaryIndex,
    model: o.model,
    ...(o.text?.trim() ? { text: o.text, fact: o.fact ?? '' } : {}),
    ...(o.answer === 'generate' ? { generate: { temperature: o.temperature, topK: o.topK, sampleSeed: o.sampleSeed } } : {}),
  }),
  render(r, o, w) {
    const s = w.searchShown(r);
    return [
      r.generation ? generationView(r, o, w) : answerView(r, o),
      bitsView(r),
      s ? h('div', { class: 'plots' }, bars(r, s, Math.min(w.width, 640), o)) : h('p', { class: 'note' }, 'No memory search runs in this condition.'),
      segmentsView(r),
    ];
  },
  table(r, o, w) {
    const d = r.doc;
    const rows = [...d.answer].map((ch, i) => [`answer byte ${i}`, ch, r.predicted[i], fmt(r.pPredicted[i], 3), fmt(r.pTrue[i], 3)]);
    const s = w.searchShown(r);
    const t1 = table(`The answer (${CONDITION_TEXT[o.memory]}), teacher-forced`, ['position', 'true byte', 'predicted', 'p(predicted)', 'p(true)'], rows);
    const tg = r.generation ? generationTable(r, o) : null;
    const b = r.bitsPerByte;
    const tb = b?.memory && b?.ablated ? table('Bits per byte on this document', ['bytes', 'memory on', 'ablated'], [
      ['the answer', fmt(b.memory.answer, 3), fmt(b.ablated.answer, 3)],
      ['the rest of the text', fmt(b.memory.rest, 3), fmt(b.ablated.rest, 3)],
    ]) : null;
    if (!s) return h('div', {}, tg, t1, tb);
    const t2 = table(`Retrieval weights of segment ${s.segment}`, ['memory of segment', 'weight', ''],
      s.weights.map((x, i) => [String(s.slotSegments[i]), fmt(x), s.slotSegments[i] === d.factSegment ? 'the fact' : '']));
    return h('div', {}, tg, t1, tb, t2);
  },
  describe(r, o, w) {
    if (r.generation) {
      // the generated bytes first (a live region reads at most 600 characters), then teacher forcing's answer
      const g = r.generation;
      const where = `${r.model === 'yours' ? 'your model, ' : ''}${r.ownText ? 'your text, ' : ''}`;
      const text = `${generationSummary(r, o)} Teacher forcing answered “${r.predicted}”, ${r.correct} of ${r.doc.answer.length} right `
        + `(${where}${CONDITION_TEXT[o.memory]}).`;
      w.summaryLine.textContent = generationSummary(r, o);
      return {
        status: text,
        result: { generated: g.text, answer: r.doc.answer, generatedCorrect: g.correct, firstWrong: g.firstWrong, stopped: g.stopped,
          predicted: r.predicted, correct: r.correct, top1Hit: r.top1Hit, condition: o.memory,
          temperature: o.temperature, topK: o.topK, sampleSeed: o.sampleSeed },
        announcement: text,
      };
    }
    const text = summary(r, o);
    const q = searchOf(r, r.doc.questionSegment);
    w.summaryLine.textContent = `Answered “${r.predicted}” for “${r.doc.answer}”: ${r.correct} of ${r.doc.answer.length} right`
      + `${q && q.factSlot < 0 && o.memory !== 'full-attention' ? ` (the fact's memory is not in the cache: N = ${r.cacheSize ?? o.cache}, D + 1 = ${r.doc.distance + 1})` : ''}.`;
    return {
      status: text,
      result: { predicted: r.predicted, answer: r.doc.answer, correct: r.correct, top1Hit: r.top1Hit, condition: o.memory },
      announcement: text,
    };
  },
});
