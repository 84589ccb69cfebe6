// mechanism-diagram: one long-memory mechanism of lesson 7 as a small picture
// on the grammar every such diagram shares (data/mechanisms.js): time runs left
// to right in cells; a cell's look says what is kept (lib/plot-parts.js roles,
// named in the legend beside each look); a black frame marks what the query ★
// reads; under the picture, what is kept and how many cells ★ reads, in words
// and numbers. Group labels sit above their cells on as many lines as they
// need so that no two overlap. Nothing is computed: no core.
import { h, svg, uid } from '../lib/dom.js';
import { table } from '../lib/data-table.js';
import { scrollBox } from '../lib/scroll-box.js';
import { plotRoot, roles, attendedFrame } from '../lib/plot-parts.js';
import { defineWidget } from './common/define-widget.js';
import { mechanisms } from './data/mechanisms.js';

const CELL = 16;
const STEP = 19; // a cell and its gap
const M = { left: 10, right: 10, top: 6 };
const LINE = 17; // one line of labels
const CHAR = 7.2; // a 12 px character, generous so estimated widths never undershoot

/** Indices of a group's cells that ★ reads. */
export function attendedOf(g) {
  if (!g.attend) return [];
  if (g.attend === 'all') return g.box ? [0] : Array.from({ length: g.n }, (_, k) => k);
  if (g.attend === 'causal') return Array.from({ length: g.query + 1 }, (_, k) => k);
  return g.attend;
}

/** Label lines: each label goes on the first line where it overlaps no other (x ranges in px). */
function placeLabels(groups, width) {
  const lines = [];
  return groups.map((g) => {
    const w = Math.ceil(g.label.length * CHAR);
    let x = M.left + g.at * STEP;
    if (x + w > width - M.right) x = Math.max(M.left, width - M.right - w);
    let line = 0;
    while ((lines[line] ?? []).some(([a, b]) => x < b + 8 && a < x + w + 8)) line += 1;
    (lines[line] ??= []).push([x, x + w]);
    return { x, line, w };
  });
}

function drawDiagram(m) {
  const cols = Math.max(...m.groups.map((g) => g.at + g.n));
  const width = Math.max(M.left + cols * STEP + M.right, 300);
  const labels = placeLabels(m.groups, width);
  const nLines = Math.max(...labels.map((l) => l.line)) + 1;
  const cellsY = M.top + nLines * LINE + 8;
  const height = cellsY + CELL + 22;
  const titleId = uid('mech-title');
  const root = plotRoot(width, height, { class: 'mechanism', role: 'img', 'aria-labelledby': titleId });
  root.append(svg('title', { id: titleId }, `${m.title}. Kept: ${m.kept}. ${summary(m)}`));
  m.groups.forEach((g, gi) => {
    const st = roles[g.role];
    const x0 = M.left + g.at * STEP;
    const read = new Set(attendedOf(g));
    const grp = svg('g', { class: `mech-group role-${g.role}`, 'data-group': gi });
    const lab = labels[gi];
    const ly = M.top + (nLines - 1 - lab.line) * LINE + 12;
    grp.append(svg('text', { class: 'mech-label', x: lab.x, y: ly }, g.label));
    const cell = (x, w, k, letter) => {
      grp.append(svg('rect', {
        x, y: cellsY, width: w, height: CELL, rx: 2, class: `mech-cell${read.has(k) ? ' attended' : ''}`,
        style: `fill: ${st.fill}; fill-opacity: ${st.opacity}; stroke: ${st.stroke}; stroke-width: 1.2px${st.dash ? `; stroke-dasharray: ${st.dash}` : ''}`,
      }));
      if (letter) grp.append(svg('text', { x: x + w / 2, y: cellsY + 12, 'text-anchor': 'middle', 'font-weight': 700, class: 'mech-letter' }, letter));
      if (read.has(k)) {
        grp.append(svg('rect', { x: x - 2, y: cellsY - 2, width: w + 4, height: CELL + 4, rx: 3, class: 'mech-frame', style: `fill: none; stroke: ${attendedFrame.stroke}; stroke-width: ${attendedFrame.width}px` }));
      }
    };
    if (g.box) cell(x0, g.n * STEP - (STEP - CELL), 0, g.box);
    else for (let k = 0; k < g.n; k++) cell(x0 + k * STEP, CELL, k, k === g.query ? '★' : g.marks?.[k] ?? st.letter);
    // A bracket under the group: which cells belong together.
    grp.append(svg('path', { d: `M${x0} ${cellsY + CELL + 5} v4 h${g.n * STEP - (STEP - CELL)} v-4`, style: 'fill: none; stroke: var(--muted, #6b7280); stroke-width: 1px' }));
    root.append(grp);
  });
  return root;
}

function counts(m) {
  return m.groups.filter((g) => g.attend).map((g) => ({ g, count: attendedOf(g).length }));
}

function summary(m) {
  const c = counts(m);
  const total = c.reduce((s, x) => s + x.count, 0);
  if (m.attendedText) return m.attendedText(total);
  return `★ reads ${total} cells: ${c.map(({ g, count }) => `${count} ${g.short}`).join(' + ')}.`;
}

function legend(m) {
  const used = [...new Set(m.groups.map((g) => g.role))];
  const swatch = (st) => svg('svg', { width: 18, height: 14, 'aria-hidden': 'true' }, svg('rect', {
    x: 1, y: 1, width: 16, height: 12, rx: 2,
    style: `fill: ${st.fill}; fill-opacity: ${st.opacity}; stroke: ${st.stroke}; stroke-width: 1.2px${st.dash ? `; stroke-dasharray: ${st.dash}` : ''}`,
  }));
  return h('ul', { class: 'chart-legend mech-legend', 'aria-label': 'Legend' },
    used.map((r) => h('li', { class: 'legend-item' }, h('span', { class: 'legend-mark' }, swatch(roles[r])), h('span', { class: 'legend-label' }, roles[r].name))),
    h('li', { class: 'legend-item' }, h('span', { class: 'legend-mark' }, svg('svg', { width: 18, height: 14, 'aria-hidden': 'true' },
      svg('rect', { x: 1.5, y: 1.5, width: 15, height: 11, rx: 2, style: `fill: none; stroke: ${attendedFrame.stroke}; stroke-width: 2.5px` }))),
    h('span', { class: 'legend-label' }, 'read by the query ★')));
}

export const { mount } = defineWidget({
  name: 'mechanism-diagram',
  title: 'What is kept, what is attended',
  render(o) {
    const m = mechanisms[o.mechanism];
    return h('div', { class: 'mechanism-figure', 'data-mechanism': o.mechanism },
      h('p', { class: 'mech-title' }, h('strong', {}, m.title)),
      legend(m),
      scrollBox(drawDiagram(m), 'Diagram, scrolls sideways'),
      h('ul', { class: 'readout' },
        h('li', {}, 'Kept: ', m.kept, '.'),
        h('li', { 'data-quantity': 'attended' }, summary(m)),
        h('li', {}, m.note)));
  },
  table(o) {
    const m = mechanisms[o.mechanism];
    return table(`${m.title}: the groups of cells, left (older) to right`, ['group', 'cells', 'what it is', 'read by ★'],
      m.groups.map((g) => [g.label, g.box ? '1 (a matrix or vector)' : String(g.n), roles[g.role].name, String(attendedOf(g).length)]));
  },
  describe(o) {
    const m = mechanisms[o.mechanism];
    return { status: `${m.title}. ${summary(m)}`, result: { mechanism: o.mechanism }, announcement: `Diagram: ${m.title}.` };
  },
});
