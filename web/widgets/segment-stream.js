// segment-stream: a text cut into segments of L bytes, each run through the
// backbone with the last k bytes of the previous segment in front (HMT's
// sensory memory). Under each byte: how many bytes its output depends on —
// measured in the core worker by changing every byte in turn (job
// 'segment-stream'), not computed from a formula.
import { h, svg, uid } from '../lib/dom.js';
import { fmt } from '../lib/format.js';
import { glyph } from '../lib/bytes.js';
import { table } from '../lib/data-table.js';
import { plotRoot } from '../lib/plot-parts.js';
import { defineWidget } from './common/define-widget.js';

const BOX = 22;
const GAP = 3;

function draw(r) {
  const { bytes, L, k, sees, segments } = r;
  const rowH = 62;
  const left = 92;
  const width = left + (k + L) * (BOX + GAP) + 10;
  const height = segments.length * rowH + 8;
  const titleId = uid('segments-title');
  const root = plotRoot(Math.max(width, 320), height, { role: 'img', 'aria-labelledby': titleId, 'data-plot': 'segments' });
  root.append(svg('title', { id: titleId }, `${bytes.length} bytes in ${segments.length} segments of L = ${L}, sensory k = ${k}. `
    + segments.map((s) => `Segment ${s.index}: its first byte depends on ${sees[s.start]} byte${sees[s.start] === 1 ? '' : 's'}.`).join(' ')));
  segments.forEach((s, row) => {
    const y = 4 + row * rowH;
    const g = svg('g', { class: 'segment-row', 'data-segment': s.index, 'aria-hidden': 'true' });
    g.append(svg('text', { x: 0, y: y + 15, 'font-weight': 700 }, `segment ${s.index}`),
      svg('text', { x: 0, y: y + 29, 'font-size': 12, style: 'fill: var(--muted, #6b7280)' }, `bytes [${s.start}, ${s.start + s.length})`));
    let x = left;
    for (let i = s.start - s.sensory; i < s.start; i++) {
      g.append(svg('rect', { x, y, width: BOX, height: BOX, rx: 3, class: 'byte sensory', style: 'fill: var(--card, #f6f8fa); stroke: var(--muted, #57606a); stroke-dasharray: 3 2' }),
        svg('text', { x: x + BOX / 2, y: y + 15, 'text-anchor': 'middle', 'font-family': 'monospace' }, glyph(bytes[i])));
      x += BOX + GAP;
    }
    if (s.sensory) {
      g.append(svg('text', { x: left, y: y + BOX + 13, 'font-size': 12, style: 'fill: var(--muted, #6b7280)' }, `carried (k = ${s.sensory})`));
    }
    for (let i = s.start; i < s.start + s.length; i++) {
      g.append(svg('rect', { x, y, width: BOX, height: BOX, rx: 3, class: 'byte own', style: 'fill: var(--note-bg, #eef6ff); stroke: var(--accent, #0b5cad)' }),
        svg('text', { x: x + BOX / 2, y: y + 15, 'text-anchor': 'middle', 'font-family': 'monospace' }, glyph(bytes[i])),
        svg('text', { x: x + BOX / 2, y: y + BOX + 26, 'text-anchor': 'middle', 'font-weight': 700, class: 'sees', 'data-pos': i }, String(sees[i])));
      x += BOX + GAP;
    }
    g.append(svg('text', { x: left + s.sensory * (BOX + GAP), y: y + BOX + 13, 'font-size': 12, style: 'fill: var(--muted, #6b7280)' }, 'sees ↓'));
    root.append(g);
  });
  return root;
}

function dataTable(r) {
  const rows = [];
  r.segments.forEach((s) => {
    for (let i = s.start; i < s.start + s.length; i++) {
      rows.push([String(i), glyph(r.bytes[i]), String(s.index), String(r.sees[i]), r.first[i] >= 0 ? String(r.first[i]) : '—']);
    }
  });
  return table(`Each byte's output and the bytes it depends on (L = ${r.L}, k = ${r.k})`,
    ['byte', 'character', 'segment', 'bytes it depends on', 'earliest of them'], rows);
}

function readout(r) {
  const firsts = r.segments.slice(1).map((s) => r.sees[s.start]);
  const mean = r.sees.reduce((a, b) => a + b, 0) / r.sees.length;
  return h('ul', { class: 'readout' },
    h('li', {}, `${r.bytes.length} bytes, ${r.segments.length} segment${r.segments.length === 1 ? '' : 's'} of L = ${r.L}; each pass reads k + L = ${r.k + r.L} bytes at most.`),
    firsts.length ? h('li', {}, 'The first byte of segments 1, 2, … depends on ', h('strong', { 'data-quantity': 'first-sees' }, firsts.join(', ')),
      ` byte${firsts.every((v) => v === 1) ? '' : 's'}: itself${r.k ? ` and the ${r.k} carried over` : ' only — nothing crosses a boundary'}.`) : null,
    h('li', {}, 'On average a byte depends on ', h('strong', { 'data-quantity': 'mean-sees' }, fmt(mean, 2)), ' bytes.'));
}

export const { mount } = defineWidget({
  name: 'segment-stream',
  title: 'Segments and sensory memory',
  method: 'How it is measured: the text runs through the seeded, untrained backbone segment by segment (each pass: the k carried bytes, then the segment); '
    + 'then once more for every byte with that byte changed. A byte “depends on” another when its output vector moved.',
  check: (o) => (o.sensory < o.segment ? null
    : `The sensory memory must be shorter than a segment: k = ${o.sensory} is not below L = ${o.segment}.`),
  busy: 'Measuring in the core…',
  cache: (o) => JSON.stringify([o.text, o.segment, o.sensory, o.seed]),
  compute: (o, { core }) => core.run('segment-stream', { text: o.text, segment: o.segment, sensory: o.sensory, seed: o.seed }),
  render: (r) => [draw(r), h('div', { class: 'readout-box' }, readout(r))],
  table: dataTable,
  describe(r) {
    const firsts = r.segments.slice(1).map((s) => r.sees[s.start]);
    const text = `${r.segments.length} segments of L = ${r.L} with k = ${r.k}.${firsts.length ? ` First byte of a later segment depends on ${firsts[0]} byte${firsts[0] === 1 ? '' : 's'}.` : ''}`;
    return { status: text, result: { sees: Array.from(r.sees), segments: r.segments.length }, announcement: `Segments updated. ${text}` };
  },
});
