// lm2-gates: LM2's memory update M_{t+1} = g_in·tanh(E_mem) + g_forget·M_t
// computed by the core (job 'lm2-gates', createLm2) with the input and forget
// gates set by sliders, over a seeded input sequence.
//   view 'slot':       memory slot 0 (d × d) after any step, and its norm over time
//   view 'forgetting': the same memory started from the identity and from a
//                      random slot; the gap between the two runs, relative to
//                      the start, against g_forget^t
import { h, svg, uid, show } from '../lib/dom.js';
import { fmt } from '../lib/format.js';
import { table } from '../lib/data-table.js';
import { plotRoot, strokes, series, line, marker, scale, plotBox } from '../lib/plot-parts.js';
import { defineWidget } from './common/define-widget.js';
import { matrixFigure, matrixTable } from './common/matrix.js';
import { watchScroll } from '../lib/scroll-box.js';


/** Slot 0 after step t (t = 0: before the first step) as rows. */
export function slotAt(r, t, d) {
  const flat = t === 0 ? r.initial : r.history.data.subarray((t - 1) * d * d, t * d * d);
  return Array.from({ length: d }, (_, i) => Array.from(flat.subarray(i * d, (i + 1) * d)));
}

const W = 520;
const H = 230;
const M = { left: 52, right: 120, top: 14, bottom: 40 };

function drawCurves(curves, steps, yLabel, { log = false } = {}) {
  const { x0, x1, y0, y1 } = plotBox(W, H, M);
  const all = curves.flatMap((c) => c.values.filter((v) => (log ? v > 0 : Number.isFinite(v))));
  const hi = Math.max(...all, 1e-6);
  const lo = log ? Math.max(Math.min(...all), hi * 1e-6) : 0;
  const x = scale([0, Math.max(steps, 1)], [x0, x1]);
  const y = log ? scale([lo, hi], [y0, y1], { log: true }) : scale([0, hi * 1.05], [y0, y1]);
  const titleId = uid('lm2-title');
  const root = plotRoot(W, H, { role: 'img', 'aria-labelledby': titleId, 'data-plot': 'lm2-curves' });
  root.append(svg('title', { id: titleId }, `${yLabel} over ${steps} steps. `
    + curves.map((c) => `${c.label}: ${fmt(c.values[0])} at step 0, ${fmt(c.values[c.values.length - 1])} at step ${steps}.`).join(' ')));
  const g = svg('g', { 'aria-hidden': 'true' });
  const ticks = log ? [lo, Math.sqrt(lo * hi), hi] : [0, hi / 2, hi];
  for (const t of ticks) {
    g.append(svg('line', { x1: x0, y1: y(t), x2: x1, y2: y(t), style: strokes.grid }), svg('text', { x: x0 - 6, y: y(t) + 4, 'text-anchor': 'end' }, t === 0 ? '0' : t < 0.01 ? t.toExponential(0) : fmt(t, 2)));
  }
  for (const t of [0, Math.round(steps / 2), steps]) {
    g.append(svg('text', { x: x(t), y: y0 + 16, 'text-anchor': 'middle' }, String(t)));
  }
  g.append(svg('line', { x1: x0, y1: y0, x2: x1, y2: y0, style: strokes.axis }), svg('line', { x1: x0, y1: y0, x2: x0, y2: y1, style: strokes.axis }),
    svg('text', { x: (x0 + x1) / 2, y: H - 6, 'text-anchor': 'middle' }, 'step t'),
    svg('text', { x: 12, y: (y0 + y1) / 2, 'text-anchor': 'middle', transform: `rotate(-90 12 ${(y0 + y1) / 2})` }, yLabel + (log ? ' (log)' : '')));
  root.append(g);
  let ly = M.top + 12;
  for (const c of curves) {
    const pts = c.values.map((v, t) => [t, v]).filter(([, v]) => (log ? v > 0 : Number.isFinite(v)));
    root.append(line(pts.map(([t, v]) => [x(t), y(v)]), c.style, { class: `curve curve-${c.key}` }));
    if (c.markers) pts.forEach(([t, v]) => root.append(marker(c.style.marker ?? 'circle', x(t), y(v), c.style.stroke, { class: `point point-${c.key}`, 'data-t': t, 'data-value': v, r: 3 })));
    root.append(svg('text', { x: x1 + 8, y: ly, 'font-weight': 700, style: `fill: ${c.style.stroke}` }, c.label),
      svg('text', { x: x1 + 8, y: ly + 13, 'font-size': 11 }, `t = ${steps}: ${fmt(c.values[steps])}`));
    ly += 36;
  }
  return root;
}

function slotView(r, o, t) {
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
    watchScroll(h('div', { class: 'plots' }, drawCurves([{ key: 'norm', label: '‖slot‖', values: Array.from(r.norms), style: series.a, markers: true }], o.steps, 'Frobenius norm of the slot')), 'Plot, scrolls sideways'));
}

function forgettingView(r, o) {
  const predicted = Array.from({ length: o.steps + 1 }, (_, t) => o.gForget ** t);
  return drawCurves([
    { key: 'gap', label: 'measured gap', values: Array.from(r.gap), style: series.a, markers: true },
    { key: 'pred', label: 'g_forget^t', values: predicted, style: series.b },
  ], o.steps, 'what is left of the start', { log: o.gForget > 0 });
}

function readout(r, o, t) {
  if (o.view === 'forgetting') {
    const at = [10, 20, o.steps].filter((s, i, a) => s <= o.steps && a.indexOf(s) === i);
    return h('ul', { class: 'readout' },
      at.map((s) => h('li', {}, `After ${s} steps: measured `, h('strong', { 'data-quantity': `gap-${s}` }, fmt(r.gap[s])),
        `, frozen-gate prediction g_forget^${s} = ${fmt(o.gForget ** s)}.`)),
      h('li', {}, 'The two runs read the same inputs; only the starting slot differs (identity vs random). The prediction ignores that the read E_mem also depends on the memory.'));
  }
  return h('ul', { class: 'readout' },
    h('li', {}, `Step ${t}: ‖slot‖ = `, h('strong', { 'data-quantity': 'slot-norm' }, fmt(r.norms[t])),
      ` (started at ${fmt(r.norms[0])} = √${o.dim}, the identity).`),
    h('li', {}, `Gates fixed at g_in = ${o.gIn}, g_forget = ${o.gForget}; with frozen content c the slot would settle at g_in/(1 − g_forget)·c = ${o.gForget < 1 ? `${fmt(o.gIn / (1 - o.gForget), 2)}·c` : 'no limit (nothing is ever forgotten)'}.`));
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
  method: 'Computed by the core: an LM2 memory (N slots of d × d, starting as identities, weights from the seed) reads inputs E = randn(seed; steps × d) one by one; '
    + 'the input and forget gates are replaced by the slider values, everything else (the attention read, the tanh) is the real update.',
  setup: stepSlider,
  cache: (o) => `${o.slots}|${o.dim}|${o.gIn}|${o.gForget}|${o.steps}|${o.seed}`,
  compute: (o, { core }) => core.run('lm2-gates', { slots: o.slots, dim: o.dim, gIn: o.gIn, gForget: o.gForget, steps: o.steps, seed: o.seed }),
  render(r, o, w) {
    w.syncStep(o);
    return [o.view === 'forgetting' ? forgettingView(r, o) : slotView(r, o, w.t), h('div', { class: 'readout-box' }, readout(r, o, w.t))];
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
