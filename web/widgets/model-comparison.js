// model-comparison: the comparison models (web/models/zoo/) side by side — held-out
// accuracy against the distance D (passkey, copy) or the number of facts K (kv),
// one line per model family (mean over its seeds; min–max and the interval in the
// table). The numbers are the committed evaluations bench/results/zoo/<name>.eval.json
// (npm run eval -- --zoo, 2,000 held-out documents per point); nothing is computed
// here, so the widget does not call the core. Aggregation: compute/model-comparison.js.
import { h } from '../lib/dom.js';
import { fmt } from '../lib/format.js';
import { table } from '../lib/data-table.js';
import { lineChart } from '../lib/charts.js';
import { defineWidget } from './common/define-widget.js';
import { compare, CAPACITY_D } from '../compute/model-comparison.js';

const files = import.meta.glob('@results/zoo/*.eval.json', { eager: true, import: 'default' });
const records = Object.values(files).flat();

const STYLE = { hmt: 'a', recurrent: 'b', full: 'c', 'hmt-noprobe': 'd' };
const LEVEL = { passkey: 'distance D (segments between fact and question)', copy: 'distance D (segments between fact and question)', kv: 'facts K (one of them asked)',
  length: `digits in the pass key, at D = ${CAPACITY_D} (trained on 5)` };
const CHANCE = { passkey: 0.1, kv: 0.1, copy: 1 / 26, length: 0.1 };
const LETTER = { passkey: 'D', copy: 'D', kv: 'K', length: 'digits' };
const MEASURE = { digits: 'characters of the answer right', whole: 'whole answers right' };

const familyName = (f) => `${f.label}${f.N ? ` (N = ${f.N})` : ''}`;
const seedText = (f) => `${f.seeds.length} seed${f.seeds.length === 1 ? '' : 's'}`;

function chart(c, o, width) {
  return lineChart({
    kind: 'model-comparison',
    title: `${o.task}: ${MEASURE[o.measure]} against ${LEVEL[o.task]}, held-out documents (2,000 per point). `
      + `Chance per character is ${fmt(CHANCE[o.task], 3)}.`,
    width, height: 280,
    x: { label: `${LEVEL[o.task]} →`, ticks: c.levels },
    y: { label: `↑ ${o.measure === 'whole' ? 'whole answers' : 'character accuracy'}`, domain: [0, 1], ticks: [0, 0.25, 0.5, 0.75, 1], format: (t) => t.toFixed(2) },
    rules: o.measure === 'digits' ? [{ y: CHANCE[o.task] }] : [],
    series: c.families.map((f) => ({
      key: f.id, label: familyName(f), detail: `(${seedText(f)})`, style: STYLE[f.id] ?? 'c',
      points: f.points.map((p) => ({ x: p.level, y: p.mean })),
      tag: (d) => ({ class: 'comparison-point', data: { family: f.id, level: d.x, value: d.y } }),
    })),
    tipFormat: (d) => `${d.series}\n${LETTER[o.task]} = ${d.x}\n${fmt(d.y, 3)}`,
  });
}

function summary(c, o) {
  if (!c.families.length) return 'No comparison model has been evaluated yet (npm run eval -- --zoo).';
  const at = (f, level) => f.points.find((p) => p.level === level);
  const hardest = c.levels.at(-1);
  const parts = c.families.map((f) => {
    const p = at(f, hardest);
    return p ? `${f.id} ${fmt(p.mean, 3)}` : null;
  }).filter(Boolean);
  const what = o.task === 'length' ? `pass keys of ${hardest} digits at D = ${CAPACITY_D}` : o.task;
  return `${what}, ${MEASURE[o.measure]}${o.task === 'length' ? '' : ` at ${LETTER[o.task]} = ${hardest}`}: ${parts.join(', ')}.`;
}

export const { mount } = defineWidget({
  name: 'model-comparison',
  title: 'HMT against a recurrent memory: same backbone, same tasks, same training budget',
  method: 'Each model was trained by npm run train -- --zoo from its config in wasm/train/configs/zoo/ (same backbone size, tasks, '
    + 'curriculum rule and step budget) and evaluated by npm run eval -- --zoo on 2,000 held-out documents per point. '
    + 'Accuracy is read with teacher forcing (the true previous characters in the text). Intervals take the document as the '
    + 'unit (a bootstrap over documents); with several seeds the table gives their mean and range.',
  responsive: true,
  render: (o, _, w) => {
    const c = compare(records, o.task, o.measure);
    if (!c.families.length) return [h('p', { class: 'note' }, summary(c, o))];
    return [h('div', { class: 'plots' }, chart(c, o, Math.min(w.width, 640)))];
  },
  table(o) {
    const c = compare(records, o.task, o.measure);
    const rows = [];
    for (const f of c.families) {
      for (const p of f.points) {
        const spread = p.seeds > 1 ? `${fmt(p.min, 3)}–${fmt(p.max, 3)} over ${p.seeds} seeds` : `[${fmt(p.lo, 3)}, ${fmt(p.hi, 3)}] (one seed, 95%)`;
        rows.push([familyName(f), String(p.level), fmt(p.mean, 3), spread]);
      }
    }
    return table(`${o.task}: ${MEASURE[o.measure]}`, ['model', LETTER[o.task], 'accuracy', 'range or interval'], rows);
  },
  describe(o) {
    const c = compare(records, o.task, o.measure);
    const text = summary(c, o);
    return { status: text, result: { task: o.task, measure: o.measure, families: c.families.map((f) => ({ id: f.id, seeds: f.seeds, points: f.points })) }, announcement: text };
  },
});
