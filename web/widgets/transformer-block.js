// transformer-block: the trained backbone (web/models/hmt-memory.lmlw) reads the
// learner's text in the core worker (job 'block-walk'); one position i is
// followed through the block: the residual stream's norm after the embedding and
// after every sub-layer, how much each sub-layer added, the final LayerNorm's
// length (about √d times γ), then the next-byte probabilities at i and the bits
// per byte over the whole text.
import { h } from '../lib/dom.js';
import { fmt } from '../lib/format.js';
import { table } from '../lib/data-table.js';
import { glyph } from '../lib/bytes.js';
import { columnChart } from '../lib/charts.js';
import { scrollBox } from '../lib/scroll-box.js';
import { defineWidget } from './common/define-widget.js';

const show = (b) => `“${glyph(b.charCodeAt(0))}”`;

function stagesTable(r) {
  return table(`Byte ${r.position} (${show(r.bytes[r.position])}) through the blocks`,
    ['stage', 'shape', '‖x_i‖', '‖added‖', 'x_i[0 … 3]'],
    [...r.stages.map((s) => [s.name, s.shape, fmt(s.norm, 3), s.change === null ? '—' : fmt(s.change, 3), s.head.map((v) => fmt(v, 2)).join(', ')]),
      ['final LayerNorm → H', r.stages[0].shape, fmt(r.hiddenNorm, 3), '—', '']]);
}

function prediction(r, width) {
  return columnChart({
    kind: 'next-byte',
    title: `The five most likely bytes after byte ${r.position}: ${r.top.map((t) => `${show(t.byte)} ${fmt(t.p, 3)}`).join(', ')}.`,
    width, height: 200,
    x: { label: 'next byte →' },
    y: { label: '↑ probability', ticks: [0, 0.25, 0.5, 0.75, 1], format: (t) => t.toFixed(2) },
    legend: [
      ...(r.next && r.top.some((t) => t.byte === r.next.byte) ? [{ key: 'true-next', label: `the true next byte ${show(r.next.byte)}`, style: 'a' }] : []),
      { key: 'other', label: 'other likely bytes', style: 'b' },
    ],
    columns: r.top.map((t) => ({
      label: glyph(t.byte.charCodeAt(0)), always: true, value: t.p, text: fmt(t.p, 2),
      style: r.next && t.byte === r.next.byte ? 'a' : 'b',
      tip: `next byte ${show(t.byte)}${r.next && t.byte === r.next.byte ? ' (the true one)' : ''}\nprobability ${fmt(t.p, 3)}`,
      tag: () => ({ class: 'next-byte', data: { byte: t.byte, p: t.p } }),
    })),
  });
}

function readout(r) {
  const next = r.next
    ? `The true next byte ${show(r.next.byte)} gets p = ${fmt(r.next.p, 3)}: −log₂ p = ${fmt(r.next.bits, 2)} bits.`
    : 'This is the last byte: nothing follows it to score.';
  const bpb = r.bitsPerByte === null ? '' : ` Over the ${r.predicted} bytes the text lets it predict: ${fmt(r.bitsPerByte, 2)} bits per byte, perplexity 2^${fmt(r.bitsPerByte, 2)} = ${fmt(r.perplexity, 2)} (a uniform guess over 256 bytes: 8 bits, perplexity 256).`;
  return `${next}${bpb}`;
}

export const { mount } = defineWidget({
  name: 'transformer-block',
  title: 'A whole model, stage by stage: the trained backbone reads your text',
  method: 'Computed in the core worker with the trained weights (d = 64, 2 blocks of 4 heads, MLP 256, bytes as tokens, '
    + 'positions from 0, no memory). ‖added‖ is the length of what a sub-layer adds to the residual stream at byte i.',
  responsive: true,
  cache: (o) => JSON.stringify(o),
  busy: 'Reading the text with the trained model…',
  compute: (o, { core }) => core.run('block-walk', { text: o.text, position: o.position }),
  render: (r, o, w) => [
    scrollBox(stagesTable(r), 'The stages, a wide table: scrolls sideways'),
    h('div', { class: 'plots' }, prediction(r, Math.min(w.width, 560))),
    h('p', { class: 'readout' }, readout(r)),
  ],
  table: (r) => h('div', {}, stagesTable(r),
    table(`Next-byte probabilities after byte ${r.position}`, ['byte', 'probability'], r.top.map((t) => [show(t.byte), fmt(t.p, 4)]))),
  describe(r) {
    // the next-byte sentence is on screen once, under the chart; the status line keeps the norms
    const text = `Byte ${r.position} ${show(r.bytes[r.position])}: ‖x‖ ${fmt(r.stages[0].norm, 2)} after the embedding, `
      + `${fmt(r.stages.at(-1).norm, 2)} after the last block, ${fmt(r.hiddenNorm, 2)} after the final LayerNorm. `
      + `Most likely next byte ${show(r.top[0].byte)} (p ${fmt(r.top[0].p, 2)}).${r.truncated ? ` Only the first ${r.maxBytes} bytes are read.` : ''}`;
    return { status: text, result: { position: r.position, stages: r.stages, top: r.top, bitsPerByte: r.bitsPerByte }, announcement: `${text} ${readout(r)}` };
  },
});
