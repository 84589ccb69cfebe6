// The pieces hand-drawn SVG pictures share: scales, series styles with
// markers (colour is never the only cue), theme-aware roots, axis strokes.
// No computation lives here.
import { svg } from './dom.js';

/** The plotting area inside margins M of a W × H picture: x0 → x1 left to right, y0 (bottom) → y1 (top). */
export function plotBox(W, H, M) {
  return { x0: M.left, x1: W - M.right, y0: H - M.bottom, y1: M.top };
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

/** A picture's root <svg>: fixed viewBox, grows with the page up to 1.25×, theme colours. */
export function plotRoot(width, height, attrs = {}) {
  return svg('svg', {
    viewBox: `0 0 ${width} ${height}`,
    'font-size': 11,
    // Never narrower than drawn: on a phone the picture scrolls in its box instead of shrinking its text.
    style: `display: block; width: 100%; min-width: ${width}px; max-width: ${Math.round(width * 1.25)}px; height: auto; fill: var(--fg, #111); font-family: var(--font, sans-serif)`,
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
