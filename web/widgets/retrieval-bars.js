// retrieval-bars: HMT's memory search, P_n = softmax(Q_n Kᵀ/√d)·M, in the
// core's untrained bag-of-words setting (job 'retrieval-bars'): a planted
// passage (segment 0), `gap` unrelated segments, the passage again. Bars: the
// search weights over the cached memories, oldest first, each labelled with
// the segment its memory came from and printed with its weight.
import { h } from '../lib/dom.js';
import { fmt } from '../lib/format.js';
import { table } from '../lib/data-table.js';
import { columnChart } from '../lib/charts.js';
import { defineWidget } from './common/define-widget.js';
import { searchPicker } from './common/search-picker.js';


/** The search made by one segment: its weights with their segments, the planted slot, the best slot. */
export function searchOf(r, segment) {
  const t = r.traces.find((x) => x.index === segment);
  const weights = Array.from(t?.weights ?? []);
  const slots = Array.from(t?.slotSegments ?? []);
  const planted = slots.indexOf(r.planted);
  let best = -1;
  weights.forEach((w, i) => { if (best < 0 || w > weights[best]) best = i; });
  return { segment, weights, slots, planted, best };
}

function drawBars(r, s, width) {
  const n = s.weights.length;
  const lead = s.planted >= 0
    ? `The planted segment 0 gets weight ${fmt(s.weights[s.planted])}.`
    : 'The planted segment 0 is no longer in the cache.';
  return columnChart({
    kind: 'retrieval',
    title: `Retrieval weights of segment ${s.segment} over ${n} cached memories (segments ${s.slots[0]} to ${s.slots[n - 1]}). ${lead}`,
    width,
    height: 250,
    x: { label: 'memory of segment (oldest left; ★ planted) →' },
    y: { label: '↑ weight', ticks: [0, 0.25, 0.5, 0.75, 1], format: (t) => t.toFixed(2) },
    note: n === 0 ? 'The cache is empty: nothing to search yet.' : null,
    columns: s.weights.map((w, i) => {
      const planted = i === s.planted;
      return {
        label: planted ? `${s.slots[i]} ★` : String(s.slots[i]),
        always: planted,
        value: w,
        text: fmt(w),
        style: planted ? 'a' : 'b',
        tip: `memory of segment ${s.slots[i]}${planted ? ' (the planted passage)' : ''}\nweight ${fmt(w)}`,
        tagBar: () => ({ class: `bar${planted ? ' planted' : ''}` }),
        tag: () => ({ class: 'weight', data: { slot: i, segment: s.slots[i], weight: w } }),
      };
    }),
  });
}

function dataTable(r, s) {
  const rows = s.weights.map((w, i) => [String(s.slots[i]), r.labels[s.slots[i]] ?? '', fmt(w), i === s.planted ? 'planted passage' : '']);
  return table(`Retrieval weights of segment ${s.segment} over the cache (N = ${r.N})`, ['memory of segment', 'its text begins', 'weight', ''], rows);
}

function readout(r, s) {
  const items = [];
  if (s.planted >= 0) {
    const sorted = [...s.weights].sort((a, b) => b - a);
    const runnerUp = s.best === s.planted ? sorted[1] : sorted[0];
    items.push(h('li', {}, `Segment ${s.segment} puts weight `, h('strong', { 'data-quantity': 'planted-weight' }, fmt(s.weights[s.planted])),
      ` on the planted segment's memory (segment 0) — ${s.best === s.planted ? 'the largest weight' : `not the largest (segment ${s.slots[s.best]} has ${fmt(s.weights[s.best])})`}; `,
      `the next-largest is ${fmt(runnerUp ?? 0)}.`));
  } else if (s.weights.length) {
    items.push(h('li', {}, 'The planted segment 0 has ', h('strong', { 'data-quantity': 'planted-weight' }, 'left the cache'),
      `: with N = ${r.N} the cache holds only segments ${s.slots[0]} to ${s.slots[s.slots.length - 1]}. Nothing can retrieve it now.`));
  }
  items.push(h('li', {}, `Weights sum to ${fmt(s.weights.reduce((a, b) => a + b, 0))}. Untrained setting: words hashed to vectors; summary = normalised sum of the word vectors in the segment's first half, memory = the same over the whole segment; W_q = W_k = a scaled identity.`));
  return h('ul', { class: 'readout' }, items);
}

// The search drawn: the learner's pick, else the passage's return.
function setup(w) {
  const hooks = searchPicker(w);
  w.searchShown = (r) => searchOf(r, w.pickSearch(r.traces.filter((t) => t.index > 0).map((t) => ({
    segment: t.index, label: t.index === r.repeat ? `${t.index} (the passage returns)` : `${t.index} (filler)`,
  })), r.repeat));
  return hooks;
}

export const { mount } = defineWidget({
  name: 'retrieval-bars',
  title: 'Memory retrieval: which memory does the search pick?',
  setup,
  responsive: true,
  cache: (o) => `${o.cache}|${o.gap}|${o.seed}`,
  compute: (o, { core }) => core.run('retrieval-bars', { cache: o.cache, gap: o.gap, seed: o.seed }),
  render(r, o, w) {
    const s = w.searchShown(r);
    return [h('div', { class: 'plots' }, drawBars(r, s, Math.min(w.width, 640))), h('div', { class: 'readout-box' }, readout(r, s))];
  },
  table: (r, o, w) => dataTable(r, w.searchShown(r)),
  describe(r, o) {
    const s = searchOf(r, r.repeat);
    const text = s.planted >= 0
      ? `Gap ${o.gap}, N = ${o.cache}: the returning passage gives the planted memory weight ${fmt(s.weights[s.planted])}${s.best === s.planted ? ', the largest' : ''}.`
      : `Gap ${o.gap}, N = ${o.cache}: the planted memory has left the cache.`;
    return { status: text, result: { weights: s.weights, slots: s.slots, planted: s.planted }, announcement: text };
  },
});
