// memory-sweep: the trained HMT measured in the learner's browser — passkey
// accuracy against the cache size N (D = 8) or the distance D (N = 16), on
// `docs` held-out documents per point (job 'trained-sweep', cancellable, partial
// results kept), drawn beside the committed evaluation (bench/results/eval.json,
// 2,000 documents per point, made by `npm run eval`). Predict, then run: the
// committed curve stays hidden until the learner has measured a point or asked
// for it (a button); the prompt to predict sits above the Run button.
import { h } from '../lib/dom.js';
import { fmt } from '../lib/format.js';
import { table } from '../lib/data-table.js';
import { lineChart } from '../lib/charts.js';
import { defineWidget } from './common/define-widget.js';
import committed from '@results/eval.json';

export const SWEEPS = {
  N: { values: [1, 2, 4, 8, 16, 32, 64], fixed: { D: 8 }, label: 'cache size N', other: 'D = 8' },
  D: { values: [0, 1, 2, 4, 8, 12, 16, 24], fixed: { N: 16 }, label: 'distance D (segments between fact and question)', other: 'N = 16' },
};
const CHANCE = 0.1;

/** The committed evaluation's points of this sweep: [{ x, accuracy, lo, hi }]. */
export function committedPoints(axis) {
  const s = SWEEPS[axis];
  return s.values.map((x) => {
    const r = committed.find((c) => c.task === 'passkey' && c.condition === 'memory' && (c.payload ?? 5) === 5
      && (axis === 'N' ? c.N === x && c.D === s.fixed.D : c.D === x && c.N === s.fixed.N));
    return r ? { x, accuracy: r.accuracy, lo: r.ci_low, hi: r.ci_high, docs: r.docs } : null;
  }).filter(Boolean);
}

const accuracy = (p) => (p.chars ? p.correct / p.chars : NaN);

/** The committed curve is shown once the learner has measured something, or asked for it. */
const revealed = (e, w) => w.revealed || e.points.some((p) => p.chars > 0);

function chart(e, o, width, shown) {
  const s = SWEEPS[o.axis];
  const mine = e.points.filter((p) => p.chars > 0).map((p) => ({ x: p.x, y: accuracy(p) }));
  const ref = shown ? committedPoints(o.axis).map((p) => ({ x: p.x, y: p.accuracy })) : [];
  const xType = o.axis === 'N' ? { type: 'log', base: 2, ticks: s.values, format: (t) => String(t) } : { ticks: s.values };
  return lineChart({
    kind: 'memory-sweep',
    title: `Passkey digit accuracy against ${s.label} (${s.other}): your browser, ${o.docs} documents per point${shown ? ', and the committed evaluation, 2,000 per point' : ' (the committed evaluation is hidden until you run or show it)'}. Chance is ${CHANCE}.`,
    width, height: 260,
    x: { label: `${s.label} →`, ...xType },
    y: { label: '↑ digit accuracy', domain: [0, 1], ticks: [0, 0.25, 0.5, 0.75, 1], format: (t) => t.toFixed(2) },
    rules: [{ y: CHANCE }],
    series: [
      { key: 'browser', label: 'measured in your browser', detail: `(${o.docs} documents per point)`, style: 'a', points: mine,
        tag: (d) => ({ class: 'browser-point', data: { x: d.x, accuracy: d.y } }) },
      { key: 'committed', label: 'committed evaluation', detail: shown ? '(npm run eval, 2,000 documents per point)' : '(hidden: predict first)', style: 'b', points: ref },
    ],
    tipFormat: (d) => `${d.series}\n${s.label}: ${d.x}\naccuracy ${fmt(d.y)}`,
  });
}

function readout(e, o) {
  const s = SWEEPS[o.axis];
  const done = e.points.filter((p) => p.docs === o.docs);
  if (!done.length) return h('p', { class: 'readout' }, 'Nothing measured yet.');
  const best = done.reduce((a, p) => (accuracy(p) > accuracy(a) ? p : a));
  const expect = o.axis === 'N'
    ? 'The fact sits D + 1 = 9 memories back: a cache of N ≤ 8 has already dropped it, so those points should sit at chance (0.1); N ≥ 9 keeps it.'
    : 'With N = 16 the cache reaches 16 memories back; the fact sits D + 1 back, so D ≥ 16 should fall to chance.';
  return h('div', { class: 'readout' }, h('p', {}, `Best so far: ${fmt(accuracy(best), 3)} at ${o.axis} = ${best.x}. ${expect}`));
}

const runs = {
  keyOf: (o) => `${o.axis}|${o.docs}|${o.seed}`,
  fresh: (o) => ({ points: [], total: SWEEPS[o.axis].values.length * o.docs, done: 0 }),
  async job(entry, { core, o, signal, emit }) {
    emit();
    const s = SWEEPS[o.axis];
    const result = await core.run('trained-sweep', { axis: o.axis, values: s.values, ...s.fixed, docs: o.docs, seed: o.seed }, {
      signal,
      onProgress: (p) => {
        entry.points = p.points;
        entry.done = p.points.reduce((n, q) => n + q.docs, 0);
        emit();
      },
    });
    entry.points = result.points;
    entry.done = entry.total;
  },
};

export const { mount } = defineWidget({
  name: 'memory-sweep',
  title: 'Measure it: how far back can the trained model reach?',
  method: 'Each point answers held-out passkey documents (seeds from “First document” on) with the trained HMT in the core worker and '
    + 'counts the digits it gets right. The committed curve is bench/results/eval.json, written by npm run eval on the same weights.',
  run: {
    ...runs,
    empty: () => ({ points: [], total: 1, done: 0 }),
    progress: (e) => [e.done, e.total],
    noun: 'Sweep',
    progressLabel: 'Sweep progress',
    running: (e, o) => `Measured ${e.done} of ${e.total} documents (${o.docs} per point)…`,
    done: (e, o) => ({
      text: `Done: ${e.total} documents. ${e.points.map((p) => `${o.axis} = ${p.x}: ${fmt(accuracy(p), 3)}`).join('; ')}.`,
      result: { axis: o.axis, docs: o.docs, seed: o.seed, points: e.points.map((p) => ({ x: p.x, accuracy: accuracy(p), correct: p.correct, chars: p.chars })) },
    }),
    stopped: 'Cancelled. The points measured so far are shown.',
    error: (message) => `The core reported an error: ${message}`,
    idle: 'Press Run to measure (about a second per 25 documents; it runs in the background and can be cancelled).',
  },
  setup(w) {
    // above the Run button: what to do first
    const prompt = h('p', { class: 'predict-prompt' }, 'Predict first: at which N (or D) should the accuracy leave chance, 0.1 per digit? '
      + 'Then press Run; the committed curve appears beside yours once you have measured.');
    const reveal = h('button', { type: 'button', class: 'reveal-committed', 'aria-pressed': 'false' }, 'Show the committed curve now');
    reveal.addEventListener('click', () => {
      w.revealed = true;
      reveal.setAttribute('aria-pressed', 'true');
      reveal.disabled = true;
      w.redraw();
      w.ctx.announce?.('The committed evaluation is drawn.');
    });
    w.revealed = false;
    w.frame.toolbar.before(prompt);
    w.frame.toolbar.append(reveal);
    return {};
  },
  responsive: true,
  render: (e, o, w) => [h('div', { class: 'plots' }, chart(e, o, Math.min(w.width, 640), revealed(e, w))), h('div', { class: 'readout-box' }, readout(e, o))],
  table(e, o, w) {
    const ref = new Map(revealed(e, w) ? committedPoints(o.axis).map((p) => [p.x, p]) : []);
    return table(`Passkey digit accuracy against ${SWEEPS[o.axis].label}`, [o.axis, 'your browser', 'documents', 'committed (2,000 documents)'],
      SWEEPS[o.axis].values.map((x) => {
        const p = e.points.find((q) => q.x === x);
        const c = ref.get(x);
        return [String(x), p && p.chars ? fmt(accuracy(p), 3) : '—', p ? String(p.docs) : '0', c ? `${fmt(c.accuracy, 3)} [${fmt(c.lo, 3)}, ${fmt(c.hi, 3)}]` : 'hidden until you run'];
      }));
  },
});
