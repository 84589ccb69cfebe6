// memory-pyramid: HMT's memory hierarchy while a text streams through the
// seeded backbone (job 'memory-pyramid'), one segment per step — sensory
// memory (the k bytes carried over), short-term memory (the summary S_n), and
// long-term memory (the cache of N memory embeddings) with the search weights
// of S_n over it, the memory M_n written and the one dropped.
import { h, svg, uid } from '../lib/dom.js';
import { fmt } from '../lib/format.js';
import { glyph } from '../lib/bytes.js';
import { table } from '../lib/data-table.js';
import { plotRoot } from '../lib/plot-parts.js';
import { defineWidget } from './common/define-widget.js';

const STEP_MS = 1400;

/** What the pyramid shows at segment n: derived from the trace only. */
export function stepView(r, n) {
  const t = r.traces[n];
  const slots = Array.from(t.slotSegments);
  const weights = Array.from(t.weights);
  const after = [...slots, t.index];
  const evicted = after.length > r.N ? after.shift() : null;
  const sensory = Array.from(r.text.slice(t.start - t.sensory, t.start), (c) => c.charCodeAt(0));
  return { t, slots, weights, after, evicted, sensory };
}

const WIDE = 600;

// Where things go: the wide pyramid, or (narrower than WIDE, a phone) a compact
// form with the same parts stacked full width and the long lines broken.
function layout(width) {
  if (width >= WIDE) {
    return {
      W: WIDE, H: 358, compact: false, halves: [150, 210, 290], tierY: [8, 88, 168], tierH: [70, 70, 182],
      sensoryShift: 40, normY: [136, 152], slotY: 214, barBase: 296, weightY: 310, captionY: [327, 341],
      arrows: { a: 110, b: 190, top: 150, bottom: 208, labelY: 190 },
      caption: ['the cache as Sₙ searched it (oldest first), with the search weights;', 'then Mₙ is written and, if the cache is full, the oldest drops'],
    };
  }
  const W = Math.max(320, Math.floor(width));
  return {
    W, H: 420, compact: true, halves: [W / 2 - 40, W / 2 - 22, W / 2 - 4], tierY: [8, 88, 190], tierH: [70, 92, 222],
    sensoryShift: 0, normY: [132, 148, 164], slotY: 236, barBase: 318, weightY: 332, captionY: [352, 366, 380],
    arrows: { a: W / 2 + 60, b: W / 2 + 120, top: 172, bottom: 230, labelY: 212 },
    caption: ['the cache as Sₙ searched it (oldest first),', 'with the search weights; then Mₙ is written;', 'if the cache is full, the oldest drops'],
  };
}

function drawPyramid(r, n, width = WIDE) {
  const v = stepView(r, n);
  const { t } = v;
  const L = layout(width);
  const { W, H } = L;
  const titleId = uid('pyramid-title');
  const root = plotRoot(W, H, { role: 'img', 'aria-labelledby': titleId, 'data-plot': 'pyramid', 'data-step': n });
  root.append(svg('title', { id: titleId }, `Segment ${t.index}: sensory memory of ${t.sensory} bytes, summary norm ${fmt(t.summaryNorm)}, `
    + `search over ${v.slots.length} cached memories, memory written with norm ${fmt(t.memoryNorm)}${v.evicted !== null ? `, memory of segment ${v.evicted} dropped` : ''}.`));
  const g = svg('g', { 'aria-hidden': 'true' });
  const cx = W / 2;
  // Three tiers of a pyramid, narrow to wide.
  const tiers = [
    { fill: 'var(--note-bg, #eef6ff)', name: 'Sensory memory', sub: L.compact ? `last k = ${r.k} bytes carried over` : `last k = ${r.k} bytes of the previous segment` },
    { fill: 'var(--warn-bg, #fff8e6)', name: 'Short-term memory', sub: 'summary Sₙ of this segment' },
    { fill: 'var(--card, #f6f8fa)', name: 'Long-term memory', sub: L.compact ? `the last N = ${r.N} memories` : `cache of the last N = ${r.N} memory embeddings` },
  ].map((tier, i) => ({ ...tier, y: L.tierY[i], h: L.tierH[i], half: L.halves[i] }));
  for (const tier of tiers) {
    g.append(svg('rect', { x: cx - tier.half, y: tier.y, width: 2 * tier.half, height: tier.h, rx: 6, style: `fill: ${tier.fill}; stroke: var(--border, #d0d7de)` }),
      svg('text', { x: cx - tier.half + 8, y: tier.y + 15, 'font-weight': 700 }, tier.name),
      svg('text', { x: cx - tier.half + 8, y: tier.y + 28, 'font-size': 12 }, tier.sub));
  }
  // Sensory: the carried bytes.
  const bw = 18;
  const sx = cx - (v.sensory.length * (bw + 2)) / 2 + L.sensoryShift;
  if (v.sensory.length === 0) {
    g.append(svg('text', { x: cx + L.sensoryShift, y: 58, 'text-anchor': 'middle', 'font-size': 12 }, t.index === 0 ? 'nothing yet (first segment)' : 'k = 0: nothing carried'));
  }
  v.sensory.forEach((b, i) => {
    g.append(svg('rect', { x: sx + i * (bw + 2), y: 40, width: bw, height: bw, rx: 2, style: 'fill: var(--bg, #fff); stroke: var(--accent, #0b5cad)' }),
      svg('text', { x: sx + i * (bw + 2) + bw / 2, y: 53, 'text-anchor': 'middle', 'font-family': 'monospace', 'font-size': 12 }, glyph(b)));
  });
  // Short-term: the summary and what the search brought back.
  const nx0 = L.compact ? cx : cx - 40;
  const norms = L.compact
    ? [`retrieved ‖P_${t.index}‖ = ${fmt(t.retrievedNorm)}`, `written ‖M_${t.index}‖ = ${fmt(t.memoryNorm)}`]
    : [`retrieved ‖P_${t.index}‖ = ${fmt(t.retrievedNorm)}  ·  written ‖M_${t.index}‖ = ${fmt(t.memoryNorm)}`];
  g.append(svg('text', { x: nx0, y: L.normY[0], 'text-anchor': 'middle', class: 'summary-norm', 'data-value': t.summaryNorm }, `‖S_${t.index}‖ = ${fmt(t.summaryNorm)}`),
    ...norms.map((text, i) => svg('text', { x: nx0, y: L.normY[i + 1], 'text-anchor': 'middle', 'font-size': 12 }, text)));
  // Long-term: the cache as the search saw it (oldest first) with the weights,
  // then the new memory M_n entering; when the cache is full its oldest drops out.
  const slotW = Math.min(56, (W - 100) / (r.N + 1.5));
  const lx = cx - ((r.N + 1.5) * slotW) / 2;
  const showWeights = slotW >= 30;
  for (let i = 0; i < r.N; i++) {
    const seg = v.slots[i];
    const x = lx + i * slotW;
    const drops = seg !== undefined && seg === v.evicted;
    g.append(svg('rect', {
      x: x + 2, y: L.slotY, width: slotW - 4, height: 40, rx: 3,
      style: seg === undefined ? 'fill: none; stroke: var(--border, #d0d7de); stroke-dasharray: 3 2'
        : `fill: var(--bg, #fff); stroke: var(--fg, #1b1f24)${drops ? '; stroke-dasharray: 4 3' : ''}`,
    }));
    if (seg === undefined) continue;
    const w = v.weights[i];
    const bh = w * 36;
    g.append(svg('text', { x: x + slotW / 2, y: L.slotY + 24, 'text-anchor': 'middle', 'font-size': 12, 'font-weight': 700 }, `M${seg}`),
      svg('rect', { x: x + slotW * 0.3, y: L.barBase - bh, width: slotW * 0.4, height: Math.max(bh, 0.5), style: 'fill: var(--series-b, #2563eb)' }));
    if (showWeights) {
      g.append(svg('text', { x: x + slotW / 2, y: L.weightY, 'text-anchor': 'middle', 'font-size': 12, class: 'slot-weight', 'data-segment': seg, 'data-weight': w }, fmt(w, 2)));
    }
    if (drops) g.append(svg('text', { x: x + slotW / 2, y: L.slotY + 52, 'text-anchor': 'middle', 'font-size': 12, 'font-weight': 700 }, 'drops'));
  }
  const nx = lx + (r.N + 0.5) * slotW;
  g.append(svg('rect', { x: nx + 2, y: L.slotY, width: slotW - 4, height: 40, rx: 3, style: 'fill: var(--series-a, #d9480f); stroke: var(--fg, #1b1f24)' }),
    svg('text', { x: nx + slotW / 2, y: L.slotY + 24, 'text-anchor': 'middle', 'font-size': 12, 'font-weight': 700, style: 'fill: #ffffff' }, `M${t.index}`),
    svg('text', { x: nx + slotW / 2, y: L.slotY + 52, 'text-anchor': 'middle', 'font-size': 12, 'font-weight': 700 }, 'new'),
    svg('text', { x: nx - 2, y: L.slotY + 24, 'text-anchor': 'middle', 'font-size': 12 }, '←'));
  const caption = showWeights ? L.caption : [...L.caption.slice(0, -1), 'the weights are in the table view'];
  g.append(...caption.map((text, i) => svg('text', { x: cx, y: L.captionY[i], 'text-anchor': 'middle', 'font-size': 12 }, text)));
  const { a, b, top, bottom, labelY } = L.arrows;
  const ax = L.compact ? a : cx + a;
  const bx = L.compact ? b : cx + b;
  g.append(svg('path', { d: `M ${ax} ${top} L ${ax} ${bottom}`, style: 'stroke: var(--fg, #1b1f24); stroke-width: 1.5px' }),
    svg('polygon', { points: `${ax - 5},${bottom - 6} ${ax + 5},${bottom - 6} ${ax},${bottom + 2}`, style: 'fill: var(--fg, #1b1f24)' }),
    svg('text', { x: ax - 6, y: labelY, 'text-anchor': 'end', 'font-size': 12 }, L.compact ? 'search' : 'search with S_n'),
    svg('path', { d: `M ${bx} ${bottom} L ${bx} ${top}`, style: 'stroke: var(--fg, #1b1f24); stroke-width: 1.5px' }),
    svg('polygon', { points: `${bx - 5},${top + 6} ${bx + 5},${top + 6} ${bx},${top - 2}`, style: 'fill: var(--fg, #1b1f24)' }),
    svg('text', { x: bx + 6, y: labelY, 'font-size': 12, ...(L.compact ? { 'text-anchor': 'start' } : {}) }, L.compact ? 'P_n' : 'P_n into the pass'));
  root.append(g);
  return root;
}

function dataTable(r) {
  const rows = r.traces.map((t, n) => {
    const v = stepView(r, n);
    return [String(t.index), `[${t.start}, ${t.start + t.length})`, v.sensory.map(glyph).join('') || '—', fmt(t.summaryNorm),
      v.slots.map((s, i) => `M${s}: ${fmt(v.weights[i])}`).join(', ') || 'empty cache', fmt(t.retrievedNorm), fmt(t.memoryNorm),
      v.evicted !== null ? `M${v.evicted}` : '—'];
  });
  return table(`HMT's memories, segment by segment (L = ${r.L}, k = ${r.k}, N = ${r.N})`,
    ['segment', 'bytes', 'sensory bytes carried', '‖S_n‖', 'search weights over the cache', '‖P_n‖', '‖M_n‖ written', 'dropped'], rows);
}

function stepText(r, step) {
  const v = stepView(r, step);
  return `Segment ${step}: carried ${v.t.sensory} bytes, ‖S‖ = ${fmt(v.t.summaryNorm)}, searched ${v.slots.length} memories, wrote M${step}${v.evicted !== null ? `, dropped M${v.evicted}` : ''}.`;
}

// The segment slider, Play / Pause and Next segment: which segment the pyramid shows.
function stepper(w) {
  const stepId = `${w.id}-step`;
  const input = h('input', { type: 'range', id: stepId, min: 0, max: 0, step: 1, value: 0 });
  const out = h('output', { for: stepId }, '0');
  const play = h('button', { type: 'button', class: 'button primary widget-play', 'aria-pressed': 'false' }, 'Play');
  const next = h('button', { type: 'button', class: 'widget-next' }, 'Next segment');
  w.frame.toolbar.prepend(h('div', { class: 'control' }, h('label', { for: stepId }, 'Segment n ', out), input), play, next);
  w.step = 0;
  let timer = null;
  const count = () => w.result?.traces.length ?? 0;
  function stop() {
    clearInterval(timer);
    timer = null;
    play.textContent = 'Play';
    play.setAttribute('aria-pressed', 'false');
  }
  function go(n, announce) {
    if (!w.result) return;
    w.step = Math.max(0, Math.min(n, count() - 1));
    w.redraw();
    const text = stepText(w.result, w.step);
    w.status(text);
    if (announce) w.ctx.announce?.(text);
  }
  w.syncStep = (r) => {
    w.step = Math.min(w.step, r.traces.length - 1);
    input.max = String(r.traces.length - 1);
    input.value = String(w.step);
    out.textContent = String(w.step);
    next.disabled = w.step >= r.traces.length - 1;
  };
  input.addEventListener('input', () => { stop(); go(Number(input.value), true); });
  next.addEventListener('click', () => { stop(); go(w.step + 1, true); });
  play.addEventListener('click', () => {
    if (timer) {
      stop();
      w.ctx.announce?.(`Paused at segment ${w.step}.`);
      return;
    }
    if (!w.result) return;
    if (w.step >= count() - 1) go(0, false);
    play.textContent = 'Pause';
    play.setAttribute('aria-pressed', 'true');
    timer = setInterval(() => {
      if (!w.result || w.step >= count() - 1) stop();
      else go(w.step + 1, false);
    }, STEP_MS);
  });
  return { onChange: stop, destroy: stop };
}

export const { mount } = defineWidget({
  name: 'memory-pyramid',
  title: 'The memory pyramid, segment by segment',
  method: 'Computed by the core: the seeded backbone streams a short paragraph; each step is one segment’s summary pass, search, augmented pass and cache write. '
    + 'The backbone is untrained, so which memory gets the most weight means nothing yet; the bookkeeping is exactly HMT’s. '
    + 'Its final LayerNorm gives every output, S_n included, a length of about √d = 8.',
  setup: stepper,
  check: (o) => (o.sensory < o.segment ? null
    : `The sensory memory must be shorter than a segment: k = ${o.sensory} is not below L = ${o.segment}.`),
  cache: (o) => `${o.segments}|${o.cache}|${o.sensory}|${o.segment}`,
  compute: (o, { core }) => core.run('memory-pyramid', { segments: o.segments, cache: o.cache, sensory: o.sensory, segment: o.segment }),
  responsive: true,
  render(r, o, w) {
    w.syncStep(r);
    return drawPyramid(r, w.step, w.width);
  },
  table(r, o, w) {
    w.syncStep(r);
    return dataTable(r);
  },
  describe(r, o, w) {
    const text = stepText(r, w.step);
    return {
      status: text,
      result: { traces: r.traces.map((t) => ({ index: t.index, summaryNorm: t.summaryNorm, slots: Array.from(t.slotSegments), weights: Array.from(t.weights) })) },
      announcement: text,
    };
  },
});
