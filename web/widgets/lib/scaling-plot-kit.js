// Small UI pieces shared by the scaling-plot, multihead-heatmaps,
// quadratic-timing and model-timeline widgets: labelled controls built from
// the registry, a "Show as table" toggle with a real <table>, a status line,
// number formatting and plot scales. No computation lives here.
import { h, svg, uid } from '../../app/dom.js';
import { widgetSpec, parseOption } from '../registry.js';

/** Fixed-point text for a number: fmt(0.12345) → '0.123'; non-finite → '—'. */
export function fmt(x, digits = 3) {
  if (typeof x !== 'number' || !Number.isFinite(x)) return '—';
  return x.toFixed(digits);
}

/** Text with about `sig` significant digits, plain notation for everyday magnitudes. */
export function fmtSig(x, sig = 3) {
  if (typeof x !== 'number' || !Number.isFinite(x)) return '—';
  if (x === 0) return '0';
  const mag = Math.floor(Math.log10(Math.abs(x)));
  const digits = Math.max(0, sig - 1 - mag);
  return x.toFixed(Math.min(digits, 6));
}

/**
 * Labelled controls for some options of a widget, typed by the registry.
 *   controls(widget, ['seed', 'dk'], values, (name, value) => …)
 * → { el, set(values) } ; el is a <div class="widget-controls">.
 * enum → <select>, bool → checkbox, int/number → <input type=number>, string → text.
 * A value the registry rejects is not passed on; the input is marked invalid
 * and the registry's message is shown beside it.
 */
export function controls(widget, names, values, onChange, { labels = {} } = {}) {
  const spec = widgetSpec(widget);
  const inputs = new Map();
  const fields = names.map((name) => {
    const o = spec.options[name];
    const id = uid(`${widget}-${name}`);
    const errId = `${id}-error`;
    const label = labels[name] ?? o.label;
    const error = h('span', { class: 'control-error', id: errId, role: 'alert', hidden: true });
    let input;
    if (o.type === 'enum') {
      input = h('select', { id, name, 'aria-describedby': errId }, o.values.map((v) => h('option', { value: String(v) }, String(v))));
    } else if (o.type === 'bool') {
      input = h('input', { id, name, type: 'checkbox' });
    } else if (o.type === 'int' || o.type === 'number') {
      input = h('input', {
        id, name, type: 'number', inputmode: o.type === 'int' ? 'numeric' : 'decimal',
        min: o.min, max: o.max, step: o.step ?? (o.type === 'int' ? 1 : 'any'), 'aria-describedby': errId,
      });
    } else {
      input = h('input', { id, name, type: 'text', 'aria-describedby': errId });
    }
    const commit = () => {
      const raw = o.type === 'bool' ? input.checked : input.value;
      const r = parseOption(widget, name, raw);
      if (r.error) {
        input.setAttribute('aria-invalid', 'true');
        error.textContent = r.error.replace(/^option '([^']+)' of widget '[^']+'/, label);
        error.hidden = false;
        return;
      }
      input.removeAttribute('aria-invalid');
      error.hidden = true;
      onChange(name, r.value);
    };
    input.addEventListener('change', commit);
    inputs.set(name, { input, o });
    const field = o.type === 'bool'
      ? h('div', { class: 'control check' }, input, h('label', { for: id }, label), error)
      : h('div', { class: 'control' }, h('label', { for: id }, label), input, error);
    return field;
  });
  const set = (vals) => {
    for (const [name, { input, o }] of inputs) {
      if (!(name in vals)) continue;
      if (o.type === 'bool') input.checked = Boolean(vals[name]);
      else input.value = String(vals[name]);
    }
  };
  set(values);
  return { el: h('div', { class: 'widget-controls', role: 'group', 'aria-label': `${widget} settings` }, fields), set, inputs };
}

/**
 * A "Show as table" button and the container it reveals.
 *   const t = tableToggle('Weights as a table'); t.fill(tableElement)
 */
export function tableToggle(caption) {
  const id = uid('table');
  const box = h('div', { class: 'widget-table', id, hidden: true });
  const button = h('button', { type: 'button', class: 'table-toggle', 'aria-expanded': 'false', 'aria-controls': id }, 'Show as table');
  button.addEventListener('click', () => {
    const open = box.hidden;
    box.hidden = !open;
    button.setAttribute('aria-expanded', String(open));
    button.textContent = open ? 'Hide table' : 'Show as table';
  });
  return {
    button,
    box,
    fill(table) {
      box.replaceChildren(table);
    },
    caption,
  };
}

/** A real <table>: table(caption, ['col', …], [[cell, …], …], { rowHeaders: true }). */
export function table(caption, head, rows, { rowHeaders = true } = {}) {
  return h('table', { class: 'matrix-table data-table' },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, head.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c, i) => (i === 0 && rowHeaders ? h('th', { scope: 'row' }, c) : h('td', {}, c)))))));
}

/** Shows or hides an element (the hidden attribute alone loses to `button { display: … }`). */
export function show(el, on) {
  el.hidden = !on;
  el.style.display = on ? '' : 'none';
}

/** A status line read out politely (progress, errors). */
export function statusLine() {
  return h('p', { class: 'widget-status', role: 'status', 'aria-live': 'polite' });
}

/** Linear and log scales: scale([d0, d1], [r0, r1], { log }) → x ↦ pixel. */
export function scale([d0, d1], [r0, r1], { log = false } = {}) {
  const f = log ? Math.log : (x) => x;
  const a = f(d0);
  const b = f(d1);
  return (x) => r0 + ((f(x) - a) / (b - a || 1)) * (r1 - r0);
}

/** Series colours (with a dash pattern and a marker, so colour is never the only cue). */
export const series = {
  a: { stroke: 'var(--series-a, #d9480f)', dash: '', marker: 'circle' },
  b: { stroke: 'var(--series-b, #2563eb)', dash: '6 4', marker: 'square' },
  ref: { stroke: 'var(--muted, #6b7280)', dash: '2 4' },
};

/** Attributes of a plot's root <svg>: fixed viewBox, scales with the page, theme colours. */
export function plotRoot(width, height, attrs = {}) {
  return svg('svg', {
    viewBox: `0 0 ${width} ${height}`,
    'font-size': 11,
    style: `display: block; width: 100%; max-width: ${Math.round(width * 1.25)}px; height: auto; fill: var(--fg, #111); font-family: var(--font, sans-serif)`,
    ...attrs,
  });
}

/** Axis and grid line styles (theme aware). */
export const strokes = {
  axis: 'stroke: var(--fg, #111); stroke-width: 1px',
  grid: 'stroke: var(--border, #ddd); stroke-width: 1px',
  guide: 'stroke: var(--muted, #888); stroke-width: 1px; stroke-dasharray: 1 3',
};

/** A point marker (circle or square) for a series. */
export function marker(kind, x, y, style, attrs = {}) {
  if (kind === 'square') {
    return svg('rect', { x: x - 4, y: y - 4, width: 8, height: 8, style: `fill: ${style}`, ...attrs });
  }
  return svg('circle', { cx: x, cy: y, r: 4.5, style: `fill: ${style}`, ...attrs });
}

/** A polyline through [x, y] pixel pairs. */
export function line(points, { stroke, dash = '', width = 2 }, attrs = {}) {
  return svg('polyline', {
    points: points.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' '),
    style: `fill: none; stroke: ${stroke}; stroke-width: ${width}px;${dash ? ` stroke-dasharray: ${dash};` : ''}`,
    ...attrs,
  });
}

export { h, svg, uid };
