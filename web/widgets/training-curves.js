// training-curves: how each comparison model learned — its curriculum level, the
// batch answer accuracy, the write probe's accuracy or the loss, against the step —
// one line per model, from the committed training logs bench/results/zoo/<name>.jsonl
// (npm run train -- --zoo). The logs load only when this widget is shown (one chunk
// per model); parsing and smoothing are compute/training-curves.js. No core call.
import { h } from '../lib/dom.js';
import { fmt } from '../lib/format.js';
import { table } from '../lib/data-table.js';
import { lineChart } from '../lib/charts.js';
import { defineWidget } from './common/define-widget.js';
import { parseLog, curve, firstStepAt, LEVELS } from '../compute/training-curves.js';
import { parseModel } from '../compute/model-comparison.js';

const logs = import.meta.glob('@results/zoo/*.jsonl', { query: '?raw', import: 'default' });
const nameOf = (file) => file.split('/').pop().replace(/\.jsonl$/, '');
const STYLE = { hmt: 'a', recurrent: 'b', full: 'c', 'hmt-noprobe': 'd' };
const WHAT = {
  level: (task) => `curriculum level (${task === 'kv' ? 'facts K' : 'distance D'})`,
  accuracy: (task) => `${task} answer accuracy of the step's batch (smoothed, 0.9)`,
  probe: () => 'write-probe accuracy (smoothed; models trained without it have none)',
  loss: () => 'total loss (smoothed, 0.9)',
};
let loaded = null;

async function loadAll() {
  if (!loaded) {
    loaded = Promise.all(Object.entries(logs).map(async ([file, load]) => ({ name: nameOf(file), records: parseLog(await load()) })))
      .then((all) => all.filter((m) => parseModel(m.name)).sort((a, b) => a.name.localeCompare(b.name)));
    loaded.catch(() => { loaded = null; });
  }
  return loaded;
}

function chart(models, o, width) {
  const series = models.map((m) => ({
    key: m.name, label: m.name, style: STYLE[parseModel(m.name).family] ?? 'c', markers: false, width: 1.5,
    points: curve(m.records, o.quantity, o.task),
  })).filter((s) => s.points.length);
  const levels = LEVELS[o.task];
  const y = o.quantity === 'level'
    ? { label: `↑ ${o.task === 'kv' ? 'K' : 'D'}`, domain: [0, levels.at(-1)], ticks: levels }
    : o.quantity === 'loss' ? { label: '↑ loss', type: 'log' } : { label: '↑ accuracy', domain: [0, 1], ticks: [0, 0.25, 0.5, 0.75, 1] };
  return lineChart({
    kind: 'training-curves',
    title: `${WHAT[o.quantity](o.task)} against the training step, one line per model.`,
    width, height: 280,
    x: { label: 'training step →' },
    y,
    series,
  });
}

function readout(models, o) {
  const top = LEVELS[o.task].at(-1);
  return models.map((m) => {
    const s = firstStepAt(m.records, o.task, top);
    return `${m.name}: ${o.task} reached ${o.task === 'kv' ? 'K' : 'D'} = ${top} ${s === null ? 'never' : `at step ${s.toLocaleString('en')}`}`;
  }).join('; ');
}

export const { mount } = defineWidget({
  name: 'training-curves',
  title: 'How they learned: training curves of the comparison models',
  method: 'The training logs of npm run train -- --zoo (bench/results/zoo/<model>.jsonl, every 10th step). Accuracy is the answer '
    + 'accuracy of that step\'s training batch at its current level (not held-out documents), smoothed as y ← 0.9·y + 0.1·a; '
    + 'the curriculum moves a task up a level when its smoothed accuracy passes 0.85.',
  responsive: true,
  busy: 'Loading the training logs…',
  compute: async () => ({ models: await loadAll() }),
  render: (r, o, w) => [h('div', { class: 'plots' }, chart(r.models, o, Math.min(w.width, 680))),
    h('p', { class: 'readout' }, `${readout(r.models, o)}.`)],
  table(r, o) {
    const rows = [];
    for (const m of r.models) {
      const pts = curve(m.records, o.quantity, o.task);
      // every 500th step: the table is a readable sample of the curve
      for (const p of pts) if (p.x % 500 === 0) rows.push([m.name, p.x.toLocaleString('en'), fmt(p.y, 3)]);
    }
    return table(`${WHAT[o.quantity](o.task)}, every 500th step`, ['model', 'step', o.quantity], rows);
  },
  describe(r, o) {
    const text = `${readout(r.models, o)}.`;
    return { status: text, result: { models: r.models.map((m) => m.name), quantity: o.quantity, task: o.task }, announcement: text };
  },
});
