// Small drawing pieces shared by the scaling-plot, multihead-heatmaps,
// quadratic-timing and model-timeline widgets (the frame and the controls
// come from common/): number formatting, a data <table>, plot scales, series
// styles with markers, theme-aware SVG roots. No computation lives here.
import { h, svg, uid } from '../../app/dom.js';

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
