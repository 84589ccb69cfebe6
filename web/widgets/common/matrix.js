// A matrix drawn as SVG cells with the value printed in each, and the same
// matrix as a real <table> for screen readers and the "Show as table" view.
//   matrixFigure({ name, title, rows, rowLabels, colLabels, kind, masked, legend, maskedText, fit })
//     → <figure class="matrix" data-matrix=name> with an SVG; cells carry
//       data-row / data-col (0-based) on their <rect> and <text> (labels: data-label-row / -col); under it a
//       colour legend in numbers (legend: false leaves it out).
//   matrixTable({ name, title, rows, rowLabels, colLabels, masked }) → <table>
//   markCell(figure, i, j)  lights up row i and column j (and the cell) of a
//     figure from matrixFigure; markCell(figure, null) clears it.
// rows: number[][]; kind: 'weights' (0..1) | 'diverging' (signed).
// masked(i, j) → true marks a cell the causal mask removed: hatched, printing
// “masked” (its weight is exactly 0), so it never looks like a small weight.
// fit: the width available (px): cells narrow from 54 down to MIN_CELL_W so the
// matrix fits it; wider than that it scrolls in its box.
import { h, svg, uid } from '../../lib/dom.js';
import { fmt } from '../../lib/format.js';
import { cellColour, rampStops } from '../../lib/colors.js';
import { scrollBox } from '../../lib/scroll-box.js';

const WIDE_CELL_W = 54;
const MIN_CELL_W = 42; // still holds “0.123” and “masked” at 11–12 px
const CELL_H = 26;
const LABEL_H = 20;
// Row labels take the room their longest label needs (12 px text: about 7 px a character).
const labelWidth = (labels) => Math.max(34, 12 + 7 * Math.max(0, ...(labels ?? []).map((l) => String(l).length)));

/** The colour legend: the ramp drawn in a small SVG, its ends and middle in numbers beside it. */
function colourLegend(kind, max) {
  const id = uid('ramp');
  const stops = rampStops(kind);
  const ramp = svg('svg', { width: 120, height: 12, 'aria-hidden': 'true', class: 'ramp' },
    svg('defs', {}, svg('linearGradient', { id }, stops.map((c, k) => svg('stop', { offset: `${(100 * k) / (stops.length - 1)}%`, 'stop-color': c })))),
    svg('rect', { width: 120, height: 12, fill: `url(#${id})`, stroke: 'currentColor', 'stroke-opacity': 0.3 }));
  const ends = kind === 'weights'
    ? [['0', 'lightest'], [fmt(max / 2), 'middle'], [fmt(max), 'darkest']]
    : [[fmt(-max), 'blue'], ['0', 'white'], [fmt(max), 'red']];
  const words = kind === 'weights'
    ? `Colour: ${ends.map(([v, w]) => `${v} ${w}`).join(', ')} (scaled to the largest value shown); every cell prints its number.`
    : `Colour: ${ends.map(([v, w]) => `${v} ${w}`).join(', ')}; every cell prints its number.`;
  return h('p', { class: 'colour-legend', 'data-legend': kind, 'data-max': max },
    h('span', { class: 'ramp-ends' }, h('span', {}, ends[0][0]), ramp, h('span', {}, ends[2][0])),
    h('span', { class: 'ramp-words' }, words));
}

export function matrixFigure({
  name, title, titleHtml, rows, rowLabels, colLabels, kind = 'diverging', masked = null, legend = true,
  maskedText = 'masked: the causal mask removed this key (a later token); its weight is exactly 0, unlike a small weight such as 0.001',
  fit = Infinity,
}) {
  const nr = rows.length;
  const nc = rows[0]?.length ?? 0;
  const finite = rows.flat().filter(Number.isFinite);
  // Weights are coloured relative to the largest one so that small matrices of
  // small weights still show their pattern; the printed numbers stay exact.
  const max = finite.length ? Math.max(...finite.map(Math.abs)) : 1;
  const colourOf = (v) => (kind === 'weights' ? cellColour(max > 0 ? v / max : 0, 'weights') : cellColour(v, kind, max));
  const LABEL_W = labelWidth(rowLabels);
  const CELL_W = Math.max(MIN_CELL_W, Math.min(WIDE_CELL_W, Math.floor((fit - LABEL_W - 2) / Math.max(1, nc))));
  const maskedSize = CELL_W < 48 ? 11 : 12;
  const width = LABEL_W + nc * CELL_W;
  const height = LABEL_H + nr * CELL_H;
  const cells = [];
  const hatch = uid('masked');
  let anyMasked = false;
  rows.forEach((row, i) => row.forEach((v, j) => {
    const x = LABEL_W + j * CELL_W;
    const y = LABEL_H + i * CELL_H;
    if (masked?.(i, j)) {
      anyMasked = true;
      cells.push(
        svg('rect', { x, y, width: CELL_W - 1, height: CELL_H - 1, fill: `url(#${hatch})`, class: 'cell masked', 'data-row': i, 'data-col': j }),
        svg('text', { x: x + CELL_W / 2, y: y + CELL_H / 2 + 4, 'text-anchor': 'middle', 'font-size': maskedSize, 'font-style': 'italic', class: 'masked-label', 'data-row': i, 'data-col': j, 'data-masked': 'true' }, 'masked'),
      );
      return;
    }
    const { fill, text } = colourOf(v);
    cells.push(
      svg('rect', { x, y, width: CELL_W - 1, height: CELL_H - 1, fill, class: 'cell', 'data-row': i, 'data-col': j }),
      svg('text', { x: x + CELL_W / 2, y: y + CELL_H / 2 + 4, 'text-anchor': 'middle', 'font-size': 12, fill: text, 'data-row': i, 'data-col': j }, fmt(v)),
    );
  }));
  const defs = anyMasked
    ? svg('defs', {}, svg('pattern', { id: hatch, width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
      svg('rect', { width: 6, height: 6, class: 'masked-bg' }), svg('line', { x1: 0, y1: 0, x2: 0, y2: 6, class: 'masked-stroke' })))
    : null;
  const labels = [
    ...(colLabels ?? []).map((l, j) => svg('text', { class: 'label col-label', 'data-label-col': j, x: LABEL_W + j * CELL_W + CELL_W / 2, y: LABEL_H - 6, 'text-anchor': 'middle', 'font-size': 12 }, l)),
    ...(rowLabels ?? []).map((l, i) => svg('text', { class: 'label row-label', 'data-label-row': i, x: LABEL_W - 6, y: LABEL_H + i * CELL_H + CELL_H / 2 + 4, 'text-anchor': 'end', 'font-size': 12 }, l)),
  ];
  // The cross markCell moves: a band around row i, one around column j, a frame on the cell.
  const cross = svg('g', { class: 'cross', 'aria-hidden': 'true', visibility: 'hidden', 'pointer-events': 'none' },
    svg('rect', { class: 'cross-row', x: 1, y: 0, width: width - 2, height: CELL_H - 1 }),
    svg('rect', { class: 'cross-col', x: 0, y: 1, width: CELL_W - 1, height: height - 2 }),
    svg('rect', { class: 'cross-cell', x: 0, y: 0, width: CELL_W - 1, height: CELL_H - 1 }));
  const label = `${title}: ${nr} × ${nc} matrix${anyMasked ? '; masked cells have weight exactly 0' : ''}`;
  const picture = svg('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': label }, defs, labels, cells, cross);
  const figure = h('figure', { class: 'matrix', 'data-matrix': name },
    h('figcaption', titleHtml ? { html: titleHtml } : {}, titleHtml ? null : title),
    scrollBox(picture, `${title}, scrollable`),
    legend && finite.length ? colourLegend(kind, max) : null,
    anyMasked ? h('p', { class: 'matrix-legend' }, h('span', { class: 'swatch masked-swatch', 'aria-hidden': 'true' }), maskedText) : null);
  figure.geometry = { LABEL_W, LABEL_H, CELL_W, CELL_H, width, height };
  return figure;
}

export function markCell(figure, i, j) {
  const g = figure.querySelector('g.cross');
  const { LABEL_W, LABEL_H, CELL_W, CELL_H } = figure.geometry ?? {};
  figure.querySelectorAll('.label.is-active').forEach((el) => el.classList.remove('is-active'));
  if (!g || i === null || i === undefined) {
    g?.setAttribute('visibility', 'hidden');
    return;
  }
  const x = LABEL_W + j * CELL_W;
  const y = LABEL_H + i * CELL_H;
  g.querySelector('.cross-row').setAttribute('y', y);
  g.querySelector('.cross-col').setAttribute('x', x);
  g.querySelector('.cross-cell').setAttribute('x', x);
  g.querySelector('.cross-cell').setAttribute('y', y);
  g.setAttribute('visibility', 'visible');
  g.dataset.row = i;
  g.dataset.col = j;
  figure.querySelector(`.row-label[data-label-row="${i}"]`)?.classList.add('is-active');
  figure.querySelector(`.col-label[data-label-col="${j}"]`)?.classList.add('is-active');
}

export function matrixTable({ name, title, rows, rowLabels, colLabels, masked = null }) {
  const nc = rows[0]?.length ?? 0;
  const cols = colLabels ?? Array.from({ length: nc }, (_, j) => String(j + 1));
  return h('table', { class: 'matrix-table', 'data-matrix': name },
    h('caption', {}, title),
    h('thead', {}, h('tr', {}, h('td', {}), cols.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, rows.map((row, i) => h('tr', {},
      h('th', { scope: 'row' }, rowLabels?.[i] ?? String(i + 1)),
      row.map((v, j) => (masked?.(i, j)
        ? h('td', { 'data-row': i, 'data-col': j, 'data-masked': 'true' }, '0 (masked)')
        : h('td', { 'data-row': i, 'data-col': j }, fmt(v))))))));
}
