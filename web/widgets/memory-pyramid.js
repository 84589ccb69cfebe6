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

const W = 600;
const H = 358;

function drawPyramid(r, n) {
  const v = stepView(r, n);
  const { t } = v;
  const titleId = uid('pyramid-title');
  const root = plotRoot(W, H, { role: 'img', 'aria-labelledby': titleId, 'data-plot': 'pyramid', 'data-step': n });
  root.append(svg('title', { id: titleId }, `Segment ${t.index}: sensory memory of ${t.sensory} bytes, summary norm ${fmt(t.summaryNorm)}, `
    + `search over ${v.slots.length} cached memories, memory written with norm ${fmt(t.memoryNorm)}${v.evicted !== null ? `, memory of segment ${v.evicted} dropped` : ''}.`));
  const g = svg('g', { 'aria-hidden': 'true' });
  const cx = W / 2;
  // Three tiers of a pyramid, narrow to wide.
  const tiers = [
    { y: 8, h: 70, half: 150, fill: 'var(--note-bg, #eef6ff)', name: 'Sensory memory', sub: `last k = ${r.k} bytes of the previous segment` },
    { y: 88, h: 70, half: 210, fill: 'var(--warn-bg, #fff8e6)', name: 'Short-term memory', sub: 'summary S_n of this segment' },
    { y: 168, h: 182, half: 290, fill: 'var(--card, #f6f8fa)', name: 'Long-term memory', sub: `cache of the last N = ${r.N} memory embeddings` },
  ];
  for (const tier of tiers) {
    g.append(svg('rect', { x: cx - tier.half, y: tier.y, width: 2 * tier.half, height: tier.h, rx: 6, style: `fill: ${tier.fill}; stroke: var(--border, #d0d7de)` }),
      svg('text', { x: cx - tier.half + 8, y: tier.y + 15, 'font-weight': 700 }, tier.name),
      svg('text', { x: cx - tier.half + 8, y: tier.y + 28, 'font-size': 12 }, tier.sub));
  }
  // Sensory: the carried bytes.
  const bw = 18;
  const sx = cx - (v.sensory.length * (bw + 2)) / 2 + 40;
  if (v.sensory.length === 0) {
    g.append(svg('text', { x: cx + 40, y: 58, 'text-anchor': 'middle', 'font-size': 12 }, t.index === 0 ? 'nothing yet (first segment)' : 'k = 0: nothing carried'));
  }
  v.sensory.forEach((b, i) => {
    g.append(svg('rect', { x: sx + i * (bw + 2), y: 40, width: bw, height: bw, rx: 2, style: 'fill: var(--bg, #fff); stroke: var(--accent, #0b5cad)' }),
      svg('text', { x: sx + i * (bw + 2) + bw / 2, y: 53, 'text-anchor': 'middle', 'font-family': 'monospace', 'font-size': 12 }, glyph(b)));
  });
  // Short-term: the summary and what the search brought back.
  g.append(svg('text', { x: cx - 40, y: 136, 'text-anchor': 'middle', class: 'summary-norm', 'data-value': t.summaryNorm }, `‖S_${t.index}‖ = ${fmt(t.summaryNorm)}`),
    svg('text', { x: cx - 40, y: 152, 'text-anchor': 'middle', 'font-size': 12 }, `retrieved ‖P_${t.index}‖ = ${fmt(t.retrievedNorm)}  ·  written ‖M_${t.index}‖ = ${fmt(t.memoryNorm)}`));
  // Long-term: the cache as the search saw it (oldest first) with the weights,
  // then the new memory M_n entering; when the cache is full its oldest drops out.
  const slotW = Math.min(56, 500 / (r.N + 1.5));
  const lx = cx - ((r.N + 1.5) * slotW) / 2;
  for (let i = 0; i < r.N; i++) {
    const seg = v.slots[i];
    const x = lx + i * slotW;
    const drops = seg !== undefined && seg === v.evicted;
    g.append(svg('rect', {
      x: x + 2, y: 214, width: slotW - 4, height: 40, rx: 3,
      style: seg === undefined ? 'fill: none; stroke: var(--border, #d0d7de); stroke-dasharray: 3 2'
        : `fill: var(--bg, #fff); stroke: var(--fg, #1b1f24)${drops ? '; stroke-dasharray: 4 3' : ''}`,
    }));
    if (seg === undefined) continue;
    const w = v.weights[i];
    const bh = w * 36;
    g.append(svg('text', { x: x + slotW / 2, y: 238, 'text-anchor': 'middle', 'font-size': 12, 'font-weight': 700 }, `M${seg}`),
      svg('rect', { x: x + slotW * 0.3, y: 296 - bh, width: slotW * 0.4, height: Math.max(bh, 0.5), style: 'fill: var(--series-b, #2563eb)' }),
      svg('text', { x: x + slotW / 2, y: 310, 'text-anchor': 'middle', 'font-size': 12, class: 'slot-weight', 'data-segment': seg, 'data-weight': w }, fmt(w, 2)));
    if (drops) g.append(svg('text', { x: x + slotW / 2, y: 266, 'text-anchor': 'middle', 'font-size': 12, 'font-weight': 700 }, 'drops'));
  }
  const nx = lx + (r.N + 0.5) * slotW;
  g.append(svg('rect', { x: nx + 2, y: 214, width: slotW - 4, height: 40, rx: 3, style: 'fill: var(--series-a, #d9480f); stroke: var(--fg, #1b1f24)' }),
    svg('text', { x: nx + slotW / 2, y: 238, 'text-anchor': 'middle', 'font-size': 12, 'font-weight': 700, style: 'fill: #ffffff' }, `M${t.index}`),
    svg('text', { x: nx + slotW / 2, y: 266, 'text-anchor': 'middle', 'font-size': 12, 'font-weight': 700 }, 'new'),
    svg('text', { x: nx - 2, y: 238, 'text-anchor': 'middle', 'font-size': 12 }, '←'));
  g.append(svg('text', { x: cx, y: 327, 'text-anchor': 'middle', 'font-size': 12 }, 'the cache as S_n searched it (oldest first), with the search weights;'),
    svg('text', { x: cx, y: 341, 'text-anchor': 'middle', 'font-size': 12 }, 'then M_n is written and, if the cache is full, the oldest drops'));
  const ax = cx + 110;
  const bx = cx + 190;
  g.append(svg('path', { d: `M ${ax} 150 L ${ax} 208`, style: 'stroke: var(--fg, #1b1f24); stroke-width: 1.5px' }),
    svg('polygon', { points: `${ax - 5},202 ${ax + 5},202 ${ax},210`, style: 'fill: var(--fg, #1b1f24)' }),
    svg('text', { x: ax - 6, y: 190, 'text-anchor': 'end', 'font-size': 12 }, 'search with S_n'),
    svg('path', { d: `M ${bx} 208 L ${bx} 150`, style: 'stroke: var(--fg, #1b1f24); stroke-width: 1.5px' }),
    svg('polygon', { points: `${bx - 5},156 ${bx + 5},156 ${bx},148`, style: 'fill: var(--fg, #1b1f24)' }),
    svg('text', { x: bx + 6, y: 190, 'font-size': 12 }, 'P_n into the pass'));
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
  render(r, o, w) {
    w.syncStep(r);
    return drawPyramid(r, w.step);
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
