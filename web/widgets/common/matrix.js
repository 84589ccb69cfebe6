// A matrix drawn as SVG cells with the value printed in each, and the same
// matrix as a real <table> for screen readers and the "Show as table" view.
//   matrixFigure({ name, title, rows, rowLabels, colLabels, kind, captionHtml })
//     → <figure class="matrix" data-matrix=name> with an SVG; cells carry
//       data-row / data-col (0-based) on their <text>.
//   matrixTable({ name, title, rows, rowLabels, colLabels }) → <table>
// rows: number[][]; kind: 'weights' (0..1) | 'diverging' (signed).
// masked(i, j) → true marks a cell the causal mask removed: hatched, printing
// “masked” (its weight is exactly 0), so it never looks like a small weight.
import { h, svg, uid } from '../../lib/dom.js';
import { fmt } from '../../lib/format.js';
import { cellColour } from '../../lib/colors.js';
import { scrollBox } from '../../lib/scroll-box.js';

const CELL_W = 54;
const CELL_H = 26;
const LABEL_W = 34;
const LABEL_H = 20;

export function matrixFigure({ name, title, titleHtml, rows, rowLabels, colLabels, kind = 'diverging', masked = null }) {
  const nr = rows.length;
  const nc = rows[0]?.length ?? 0;
  const finite = rows.flat().filter(Number.isFinite);
  // Weights are coloured relative to the largest one so that small matrices of
  // small weights still show their pattern; the printed numbers stay exact.
  const max = finite.length ? Math.max(...finite.map(Math.abs)) : 1;
  const colourOf = (v) => (kind === 'weights' ? cellColour(max > 0 ? v / max : 0, 'weights') : cellColour(v, kind, max));
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
        svg('rect', { x, y, width: CELL_W - 1, height: CELL_H - 1, fill: `url(#${hatch})`, class: 'cell masked' }),
        svg('text', { x: x + CELL_W / 2, y: y + CELL_H / 2 + 4, 'text-anchor': 'middle', 'font-size': 12, 'font-style': 'italic', class: 'masked-label', 'data-row': i, 'data-col': j, 'data-masked': 'true' }, 'masked'),
      );
      return;
    }
    const { fill, text } = colourOf(v);
    cells.push(
      svg('rect', { x, y, width: CELL_W - 1, height: CELL_H - 1, fill }),
      svg('text', { x: x + CELL_W / 2, y: y + CELL_H / 2 + 4, 'text-anchor': 'middle', 'font-size': 12, fill: text, 'data-row': i, 'data-col': j }, fmt(v)),
    );
  }));
  const defs = anyMasked
    ? svg('defs', {}, svg('pattern', { id: hatch, width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
      svg('rect', { width: 6, height: 6, class: 'masked-bg' }), svg('line', { x1: 0, y1: 0, x2: 0, y2: 6, class: 'masked-stroke' })))
    : null;
  const labels = [
    ...(colLabels ?? []).map((l, j) => svg('text', { class: 'label', x: LABEL_W + j * CELL_W + CELL_W / 2, y: LABEL_H - 6, 'text-anchor': 'middle', 'font-size': 12 }, l)),
    ...(rowLabels ?? []).map((l, i) => svg('text', { class: 'label', x: LABEL_W - 6, y: LABEL_H + i * CELL_H + CELL_H / 2 + 4, 'text-anchor': 'end', 'font-size': 12 }, l)),
  ];
  const label = `${title}: ${nr} × ${nc} matrix${anyMasked ? '; masked cells have weight exactly 0' : ''}`;
  const picture = svg('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': label }, defs, labels, cells);
  return h('figure', { class: 'matrix', 'data-matrix': name },
    h('figcaption', titleHtml ? { html: titleHtml } : {}, titleHtml ? null : title),
    scrollBox(picture, `${title}, scrollable`),
    anyMasked ? h('p', { class: 'matrix-legend' }, h('span', { class: 'swatch masked-swatch', 'aria-hidden': 'true' }),
      'masked: the causal mask removed this key (a later token); its weight is exactly 0, unlike a small weight such as 0.001') : null);
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
