// The pieces the hand-drawn diagrams share (heatmaps, the pyramid, the
// timeline, the segment and summary pictures): series colours, theme-aware
// roots, axis strokes. Charts are drawn by lib/charts.js. No computation here.
import { svg } from './dom.js';

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
    'font-size': 12,
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

/**
 * What a cell of a memory diagram holds (lesson 7's mechanism diagrams), one look per role,
 * always printed beside its name in the legend. attended: the frame drawn round what the query reads.
 */
export const roles = {
  current: { fill: 'var(--series-a, #d9480f)', opacity: 0.35, stroke: 'var(--series-a, #d9480f)', name: 'the segment being computed' },
  kept: { fill: 'var(--series-b, #2563eb)', opacity: 0.3, stroke: 'var(--series-b, #2563eb)', name: 'kept as it was' },
  squeezed: { fill: '#7c3aed', opacity: 0.3, stroke: '#7c3aed', letter: '÷', name: 'kept, compressed' },
  memory: { fill: 'var(--series-b, #2563eb)', opacity: 0.65, stroke: 'var(--series-b, #2563eb)', letter: 'm', name: 'memory vectors carried forward' },
  dropped: { fill: 'none', opacity: 0, stroke: 'var(--muted, #6b7280)', dash: '3 2', name: 'not kept' },
};
export const attendedFrame = { stroke: 'var(--fg, #111)', width: 2.5 };
