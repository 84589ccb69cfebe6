// lm2-gates: LM2's memory update M_{t+1} = g_in·tanh(E_mem) + g_forget·M_t
// computed by the core (job 'lm2-gates', createLm2) with the input and forget
// gates set by sliders, over a seeded input sequence.
//   view 'slot':       memory slot 0 (d × d) after any step, and its norm over time
//   view 'forgetting': the same memory started from the identity and from a
//                      random slot; the gap between the two runs, relative to
//                      the start, against g_forget^t
import { h, show } from '../lib/dom.js';
import { fmt, fmtSig } from '../lib/format.js';
import { table } from '../lib/data-table.js';
import { lineChart } from '../lib/charts.js';
import { defineWidget } from './common/define-widget.js';
import { matrixFigure, matrixTable } from './common/matrix.js';
import { watchScroll } from '../lib/scroll-box.js';


/** Slot 0 after step t (t = 0: before the first step) as rows. */
export function slotAt(r, t, d) {
  const flat = t === 0 ? r.initial : r.history.data.subarray((t - 1) * d * d, t * d * d);
  return Array.from({ length: d }, (_, i) => Array.from(flat.subarray(i * d, (i + 1) * d)));
}

function drawCurves(curves, steps, yLabel, { log = false, width = 520 } = {}) {
  const keep = (v) => (log ? v > 0 : Number.isFinite(v));
  const all = curves.flatMap((c) => c.values.filter(keep));
  const hi = Math.max(...all, 1e-6);
  const lo = log ? Math.max(Math.min(...all), hi * 1e-6) : 0;
  return lineChart({
    kind: 'lm2-curves',
    title: `${yLabel} over ${steps} steps. `
      + curves.map((c) => `${c.label}: ${fmt(c.values[0])} at step 0, ${fmt(c.values[c.values.length - 1])} at step ${steps}.`).join(' '),
    width,
    height: 230,
    x: { label: 'step t →', domain: [0, Math.max(steps, 1)] },
    y: log
      ? { label: `↑ ${yLabel} (log scale)`, type: 'log', domain: [lo, hi], format: (t) => (t < 0.01 ? t.toExponential(0) : fmt(t, 2)) }
      : { label: `↑ ${yLabel}`, domain: [0, hi * 1.05], format: (t) => fmt(t, 2) },
    series: curves.map((c) => ({
      key: c.key, label: c.label, detail: `t = ${steps}: ${fmt(c.values[steps])}`, style: c.style, markers: c.markers ?? false, r: 3,
      dash: c.dash, width: c.width, opacity: c.opacity,
      points: c.values.map((v, t) => ({ x: t, y: v })).filter((p) => keep(p.y)),
      tag: (d) => ({ class: `point point-${c.key}`, data: { t: d.x, value: d.y } }),
    })),
    tipFormat: (d) => `${d.series}\nstep ${d.x}: ${fmt(d.y)}`,
  });
}

function slotView(r, o, t, width) {
  const d = o.dim;
  const rows = slotAt(r, t, d);
  return h('div', { class: 'lm2-slot' },
    matrixFigure({
      name: 'slot',
      title: `Memory slot 0 after step ${t} (d × d = ${d} × ${d})${t === 0 ? ': the identity it starts from' : ''}`,
      rows,
      rowLabels: Array.from({ length: d }, (_, i) => `r${i}`),
      colLabels: Array.from({ length: d }, (_, j) => `c${j}`),
      kind: 'diverging',
    }),
    watchScroll(h('div', { class: 'plots' }, drawCurves([{ key: 'norm', label: '‖slot‖', values: Array.from(r.norms), style: 'a', markers: true }], o.steps, 'Frobenius norm of the slot', { width })), 'Plot, scrolls sideways'));
}

const predictedGap = (o) => Array.from({ length: o.steps + 1 }, (_, t) => o.gForget ** t);

/** Largest |measured − predicted| relative to the prediction: below 1e-3 the two lines coincide. */
export function largestGapDifference(r, o) {
  const pred = predictedGap(o);
  return Math.max(0, ...pred.map((p, t) => (Number.isFinite(r.gap[t]) ? Math.abs(r.gap[t] - p) / Math.max(p, 1e-12) : 0)));
}

// The prediction is drawn first, wide and pale; the measurement on top of it, thin, dashed and with
// markers, so that when the two coincide both stay visible (the band shows through the dashes).
function forgettingView(r, o, width) {
  const same = largestGapDifference(r, o) < 1e-3;
  return drawCurves([
    { key: 'pred', label: 'g_forget^t (prediction, wide band)', values: predictedGap(o), style: 'b', dash: '', width: 7, opacity: 0.35, markers: false },
    { key: 'gap', label: `measured gap (dashed, dots)${same ? ' — coincides with the prediction' : ''}`, values: Array.from(r.gap), style: 'a', dash: '5 3', markers: true },
  ], o.steps, 'what is left of the start', { log: o.gForget > 0, width });
}

function readout(r, o, t) {
  if (o.view === 'forgetting') {
    const at = [10, 20, o.steps].filter((s, i, a) => s <= o.steps && a.indexOf(s) === i);
    return h('ul', { class: 'readout' },
      at.map((s) => h('li', {}, `After ${s} steps: measured `, h('strong', { 'data-quantity': `gap-${s}` }, fmt(r.gap[s])),
        `, frozen-gate prediction g_forget^${s} = ${fmt(o.gForget ** s)}.`)),
      h('li', {}, 'The two runs read the same inputs; only the starting slot differs (identity vs random). The prediction ignores that the read E_mem also depends on the memory.'),
      h('li', { 'data-quantity': 'coincide' }, largestGapDifference(r, o) < 1e-3
        ? `The two lines coincide: measured and predicted differ by at most ${fmtSig(largestGapDifference(r, o), 2)} of the prediction, so the dashed measurement runs inside the wide prediction band.`
        : `The two lines part: the measurement differs from the prediction by up to ${fmtSig(largestGapDifference(r, o), 2)} of it.`));
  }
  return h('ul', { class: 'readout' },
    h('li', {}, `Step ${t}: ‖slot‖ = `, h('strong', { 'data-quantity': 'slot-norm' }, fmt(r.norms[t])),
      ` (started at ${fmt(r.norms[0])} = √${o.dim}, the identity).`),
    h('li', {}, `Gates fixed at g_in = ${o.gIn}, g_forget = ${o.gForget}; with frozen content c the slot would settle at g_in/(1 − g_forget)·c = ${o.gForget < 1 ? `${fmt(o.gIn / (1 - o.gForget), 2)}·c` : 'no limit (nothing is ever forgotten)'}.`),
    o.slots > 1
      ? h('li', { 'data-quantity': 'slot-spread' }, `All ${o.slots} slots after step ${o.steps}: largest difference between slot 0 and any other slot `,
        h('strong', {}, fmtSig(r.spread.identity, 2)),
        ` from the identity start (they start equal and get the same update, so they stay one slot); from a random start ${fmtSig(r.spread.randomStart, 2)} before the first step and ${fmtSig(r.spread.random, 2)} after step ${o.steps}.`)
      : null);
}

function dataTables(r, o) {
  const d = o.dim;
  const rows = Array.from({ length: o.steps + 1 }, (_, t) => [String(t), fmt(r.norms[t]), fmt(r.gap[t]), fmt(o.gForget ** t)]);
  return h('div', {},
    table(`LM2 memory slot 0 over time (g_in = ${o.gIn}, g_forget = ${o.gForget})`, ['step', '‖slot‖', 'gap to the random-start run (relative)', 'g_forget^t'], rows),
    matrixTable({ name: 'slot', title: `Slot 0 after step ${o.steps}`, rows: slotAt(r, o.steps, d), rowLabels: Array.from({ length: d }, (_, i) => `r${i}`), colLabels: Array.from({ length: d }, (_, j) => `c${j}`) }));
}

// "Show step t" (view 'slot'): which step's slot is drawn; follows the Steps control.
function stepSlider(w) {
  const stepId = `${w.id}-step`;
  w.t = w.options.steps;
  const input = h('input', { type: 'range', id: stepId, min: 0, max: w.options.steps, step: 1, value: w.t });
  const out = h('output', { for: stepId }, String(w.t));
  const box = h('div', { class: 'control' }, h('label', { for: stepId }, 'Show step ', out), input);
  w.frame.toolbar.prepend(box);
  input.addEventListener('input', () => {
    w.t = Number(input.value);
    out.textContent = String(w.t);
    w.redraw();
  });
  w.syncStep = (o) => {
    w.t = Math.min(w.t, o.steps);
    input.max = String(o.steps);
    input.value = String(w.t);
    out.textContent = String(w.t);
    show(box, o.view === 'slot');
  };
  return { onChange(key, value) { if (key === 'steps') w.t = value; } };
}

export const { mount } = defineWidget({
  name: 'lm2-gates',
  title: 'LM2 gates and one memory slot',
  method: 'Computed by the core: an LM2 memory (m slots of d × d, stored as m·d rows of width d, starting as identities, weights from the seed) reads inputs E = randn(seed; steps × d) one by one; '
    + 'the input and forget gates are replaced by the slider values, everything else (the attention read, the tanh) is the real update.',
  setup: stepSlider,
  responsive: true,
  cache: (o) => `${o.slots}|${o.dim}|${o.gIn}|${o.gForget}|${o.steps}|${o.seed}`,
  compute: (o, { core }) => core.run('lm2-gates', { slots: o.slots, dim: o.dim, gIn: o.gIn, gForget: o.gForget, steps: o.steps, seed: o.seed }),
  render(r, o, w) {
    w.syncStep(o);
    const width = Math.min(w.width, 640);
    return [o.view === 'forgetting' ? watchScroll(h('div', { class: 'plots' }, forgettingView(r, o, width))) : slotView(r, o, w.t, width), h('div', { class: 'readout-box' }, readout(r, o, w.t))];
  },
  table(r, o, w) {
    w.syncStep(o);
    return dataTables(r, o);
  },
  describe(r, o) {
    const text = o.view === 'forgetting'
      ? `g_in = ${o.gIn}, g_forget = ${o.gForget}: after ${o.steps} steps the gap between the two runs is ${fmt(r.gap[o.steps])} of the start; g_forget^${o.steps} = ${fmt(o.gForget ** o.steps)}.`
      : `g_in = ${o.gIn}, g_forget = ${o.gForget}: ‖slot‖ goes from ${fmt(r.norms[0])} to ${fmt(r.norms[o.steps])} in ${o.steps} steps.`;
    return { status: text, result: { norms: Array.from(r.norms), gap: Array.from(r.gap) }, announcement: text };
  },
});
