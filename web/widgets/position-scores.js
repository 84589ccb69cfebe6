// position-scores: how one query scores the same content at every distance, under sinusoidal
// positions, RoPE or ALiBi (job 'position-scores', attention by the core). The last of n positions
// is the query; every key carries the same vector x, so only the positions make the logits differ.
// The plot: the query's logit for the key at each distance; distances at or beyond the trained
// length — never seen in training — are marked by a rule and counted in the readout.
import { h } from '../lib/dom.js';
import { fmt } from '../lib/format.js';
import { table } from '../lib/data-table.js';
import { lineChart } from '../lib/charts.js';
import { defineWidget } from './common/define-widget.js';
import { watchScroll } from '../lib/scroll-box.js';

const NAMES = { sinusoidal: 'sinusoidal positions added to x', rope: 'RoPE (base 10000)', alibi: 'ALiBi' };
const methodName = (o) => (o.method === 'alibi' ? `ALiBi, slope m = ${o.slope}` : NAMES[o.method]);

/** Weight the query puts on keys at distance ≥ trained (never seen in training), and the largest logit's distance. */
export function summary(r, o) {
  let beyond = 0, best = 0;
  for (let dist = 0; dist < r.weights.length; dist++) {
    if (dist >= o.trained) beyond += r.weights[dist];
    if (r.logits[dist] > r.logits[best]) best = dist;
  }
  return { beyond, best, unseen: Math.max(0, r.weights.length - o.trained) };
}

function chart(r, o, width) {
  const n = r.logits.length;
  const s = summary(r, o);
  return lineChart({
    kind: 'position-scores',
    title: `Logit of the last position's query for the same content at each distance, ${methodName(o)}, n = ${n}. `
      + `Largest at distance ${s.best}. ${s.unseen ? `Distances ${o.trained} to ${n - 1} were never seen in training (trained length ${o.trained}).` : `All ${n} distances were seen in training.`}`,
    width,
    height: 250,
    x: { label: 'distance from the query (0: itself) →', domain: [0, Math.max(n - 1, 1)] },
    y: { label: '↑ logit', format: (t) => fmt(t, 2) },
    rules: o.trained < n ? [{ x: o.trained }] : [],
    notes: o.trained < n ? [{ x: o.trained, y: Math.max(...r.logits), text: 'never trained →', anchor: 'start', dx: 4, dy: -8 }] : [],
    series: [{
      key: 'logit', label: 'logit', style: 'a', markers: n <= 128, r: 2.5,
      points: Array.from(r.logits, (v, dist) => ({ x: dist, y: v })),
      tag: (p) => ({ class: 'point', data: { distance: p.x, logit: p.y } }),
    }],
    tipFormat: (p) => `distance ${p.x}\nlogit ${fmt(p.y)}`,
  });
}

function readout(r, o) {
  const s = summary(r, o);
  const items = [
    h('li', {}, `The query gives its largest logit to the key at distance `, h('strong', { 'data-quantity': 'best-distance' }, String(s.best)),
      ` and weight ${fmt(r.weights[0])} to itself (distance 0).`),
    s.unseen
      ? h('li', {}, `${s.unseen} of the ${r.weights.length} keys sit at distances a model trained on ${o.trained} positions never saw; together they get weight `,
        h('strong', { 'data-quantity': 'beyond-weight' }, fmt(s.beyond)), '.')
      : h('li', {}, `Every distance here is within the trained length ${o.trained}.`),
  ];
  if (o.method === 'alibi') items.push(h('li', {}, `ALiBi: the logit falls by m = ${o.slope} per step of distance, the same line past the trained length as before it.`));
  if (o.method === 'rope') items.push(h('li', {}, 'RoPE: the logit depends on the distance only, and rotates with it; past the trained length come offsets the model never saw.'));
  if (o.method === 'sinusoidal') items.push(h('li', {}, 'Sinusoidal: the vectors exist at every position, but the logits depend on where query and key sit, not only on their distance.'));
  return h('ul', { class: 'readout' }, items);
}

export const { mount } = defineWidget({
  name: 'position-scores',
  title: 'Positions for long context: one query, the same content at every distance',
  method: 'Computed by the core: causal attention of the last of n positions over keys that all carry the same random vector x (d = 16); '
    + 'sinusoidal adds PE_p to each row, RoPE is the core\'s rope option (base 10000), ALiBi its recency option with slope m.',
  responsive: true,
  cache: (o) => `${o.method}|${o.positions}|${o.slope}|${o.seed}`,
  compute: (o, { core }) => core.run('position-scores', { method: o.method, positions: o.positions, slope: o.slope, seed: o.seed }),
  render: (r, o, w) => [watchScroll(h('div', { class: 'plots' }, chart(r, o, Math.min(w.width, 640))), 'Plot, scrolls sideways'), h('div', { class: 'readout-box' }, readout(r, o))],
  table: (r, o) => table(`Logit and weight of the last position's query at each distance (${methodName(o)})`, ['distance', 'logit', 'weight', ''],
    Array.from(r.logits, (v, dist) => [String(dist), fmt(v), fmt(r.weights[dist]), dist >= o.trained ? 'never trained' : ''])),
  describe(r, o) {
    const s = summary(r, o);
    const text = `${methodName(o)}, n = ${o.positions}: largest logit at distance ${s.best}; keys beyond the trained length ${o.trained} get weight ${fmt(s.beyond)}.`;
    return { status: text, result: { logits: Array.from(r.logits), weights: Array.from(r.weights), best: s.best, beyond: s.beyond }, announcement: text };
  },
});
