// model-timeline: the long-context models on a time axis (date of the first
// arXiv version), one row per model, with the mechanism each adds. Selecting
// a model (click, or Tab to it and press Enter or Space) highlights it and
// shows its details; the highlight is written to the URL. The data lives in
// data/model-timeline.js. Nothing here is computed: the widget draws
// published dates and descriptions, so it does not call the core.
import { h, svg, uid } from '../lib/dom.js';
import { table } from '../lib/data-table.js';
import { plotRoot, strokes, series } from '../lib/plot-parts.js';
import { defineWidget } from './common/define-widget.js';
import { models, groups, arxivDate, highlighted, lrmtModels } from './data/model-timeline.js';

const WIDE = 620;
const M = { left: 12, right: 12, top: 12, bottom: 34 };
const groupLabel = (id) => groups.find((g) => g.id === id)?.label ?? id;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function when(m) {
  const { year, month } = arxivDate(m.arxiv);
  return { year, month, t: year + (month - 0.5) / 12, text: `${MONTHS[month - 1]} ${year}` };
}

const sortedModels = [...models].sort((a, b) => when(a).t - when(b).t);

// Wide: one row per model, its name and groups to the right of its date.
// Compact (a phone): the name on a line of its own above the date, no groups
// (they are in the details and the table), the years across the whole width.
function drawTimeline(sorted, lit, onSelect, width = WIDE) {
  const W = Math.min(width, WIDE);
  const compact = W < 520;
  const ROW = compact ? 42 : 26;
  const first = Math.floor(when(sorted[0]).t);
  const last = Math.ceil(when(sorted[sorted.length - 1]).t);
  const height = M.top + sorted.length * ROW + M.bottom;
  const x0 = M.left + (compact ? 8 : 0);
  const x1 = W - M.right - (compact ? 14 : 0);
  const x = (t) => x0 + ((t - first) / (last - first)) * (x1 - x0) * (compact ? 1 : 0.58);
  const titleId = uid('timeline-title');
  const root = plotRoot(W, height, { class: 'timeline', role: 'group', 'aria-labelledby': titleId });
  root.append(svg('title', { id: titleId }, `Timeline of ${sorted.length} long-context models, ${first}–${last - 1}. Select a model for its details.`));
  const axisY = height - M.bottom + 6;
  const g = svg('g', { 'aria-hidden': 'true' });
  for (let y = first; y <= last; y++) {
    g.append(svg('line', { x1: x(y), y1: M.top - 4, x2: x(y), y2: axisY, style: strokes.grid }));
    if (!compact || (y - first) % 2 === 0) g.append(svg('text', { x: x(y), y: axisY + 16, 'text-anchor': 'middle' }, compact ? `’${String(y).slice(2)}` : String(y)));
  }
  g.append(svg('line', { x1: x(first), y1: axisY, x2: x(last), y2: axisY, style: strokes.axis }));
  root.append(g);
  sorted.forEach((m, i) => {
    const d = when(m);
    const cy = M.top + i * ROW + ROW / 2 + (compact ? 8 : 0);
    const on = lit.includes(m.id);
    const label = `${m.name} — ${d.text}, arXiv ${m.arxiv}; ${m.groups.map(groupLabel).join(', ')}${on ? '; highlighted' : ''}`;
    const row = svg('g', {
      class: `timeline-row${on ? ' is-highlighted' : ''}`, tabindex: 0, role: 'button', 'aria-pressed': String(on),
      'aria-label': label, 'data-model': m.id, style: 'cursor: pointer',
    });
    row.append(
      svg('rect', { x: M.left, y: cy - ROW / 2 + 1 - (compact ? 8 : 0), width: W - M.left - M.right, height: ROW - 2, rx: 4, style: on ? `fill: ${series.b.stroke}; fill-opacity: 0.12` : 'fill: transparent' }),
      svg('line', { x1: x(first), y1: cy, x2: x(d.t), y2: cy, style: strokes.grid }),
      on
        ? svg('rect', { x: x(d.t) - 6, y: cy - 6, width: 12, height: 12, transform: `rotate(45 ${x(d.t)} ${cy})`, style: `fill: ${series.b.stroke}` })
        : svg('circle', { cx: x(d.t), cy, r: 5, style: 'fill: var(--fg, #111)' }),
      compact
        ? svg('text', { x: M.left + 4, y: cy - 10, style: 'paint-order: stroke; stroke: var(--bg, #fff); stroke-width: 4px' }, svg('tspan', { 'font-weight': on ? 700 : 400 }, `${m.name} · ${d.year}${on ? ' ◆' : ''}`))
        : svg('text', { x: x(d.t) + 12, y: cy + 4 },
          svg('tspan', { 'font-weight': on ? 700 : 400 }, `${m.name} · ${d.year}${on ? ' ◆' : ''}`),
          svg('tspan', { dx: 8, class: 'timeline-groups', style: 'fill: var(--muted, #555)' }, m.groups.map(groupLabel).join(' · '))),
    );
    row.addEventListener('click', () => onSelect(m.id));
    row.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' || ev.key === ' ') {
        ev.preventDefault();
        onSelect(m.id);
      }
    });
    root.append(row);
  });
  return root;
}

function details(lit, highlight) {
  if (!lit.length) return h('p', { class: 'timeline-details' }, 'Select a model, or choose a group under Highlight, to read what it adds.');
  const intro = highlight === 'lrmt'
    ? h('p', {}, 'The cheat sheet’s “LRMT” (“separates local/global attention, memory tokens for past”) names no real paper. ',
      'Its two ideas come from these models: local + global attention (Longformer, BigBird) and memory tokens carried between segments (RMT).')
    : groups.some((g) => g.id === highlight)
      ? h('p', {}, `${groupLabel(highlight)}: ${lit.length} model${lit.length > 1 ? 's' : ''}.`)
      : null;
  return h('div', { class: 'timeline-details', 'data-details': highlight },
    intro,
    h('dl', {}, lit.map((id) => {
      const m = models.find((x) => x.id === id);
      const d = when(m);
      return [
        h('dt', {}, h('strong', {}, m.name), ` — ${m.authors}, ${d.text}, arXiv `, h('a', { href: `https://arxiv.org/abs/${m.arxiv}`, rel: 'noopener noreferrer' }, m.arxiv)),
        h('dd', {}, `${m.mechanism} (${m.groups.map(groupLabel).join(', ')})${lrmtModels.includes(m.id) && highlight === 'lrmt' ? ' — one of the ideas “LRMT” gestures at.' : ''}`),
      ];
    })));
}

// Selecting a model in the picture toggles its highlight (and moves focus back to it).
function selection(w) {
  const info = h('div', { class: 'timeline-info', 'aria-live': 'polite' });
  w.frame.figure.insertBefore(info, w.frame.status);
  w.info = info;
  w.select = (modelId) => {
    w.set({ highlight: w.options.highlight === modelId ? 'none' : modelId });
    w.focusId = modelId;
    w.recompute({ announce: true });
  };
  return {};
}

export const { mount } = defineWidget({
  name: 'model-timeline',
  title: 'The long-context family on a timeline',
  setup: selection,
  responsive: true,
  render(o, _, w) {
    const lit = highlighted(o.highlight);
    const picture = h('div', { class: 'timeline-picture' }, drawTimeline(sortedModels, lit, w.select, w.width));
    w.info.replaceChildren(details(lit, o.highlight));
    if (w.focusId) queueMicrotask(() => picture.querySelector(`[data-model="${w.focusId}"]`)?.focus());
    w.focusId = null;
    return picture;
  },
  table(o, _, w) {
    const lit = highlighted(o.highlight);
    w.info.replaceChildren(details(lit, o.highlight));
    return table(
      'Long-context models by date of first arXiv version',
      ['model', 'authors', 'first version', 'arXiv', 'mechanism', 'group', 'highlighted'],
      sortedModels.map((m) => [m.name, m.authors, when(m).text, m.arxiv, m.mechanism, m.groups.map(groupLabel).join(', '), lit.includes(m.id) ? 'yes' : 'no']),
    );
  },
  describe(o) {
    const lit = highlighted(o.highlight);
    return {
      status: lit.length ? `Highlighted: ${lit.map((x) => models.find((m) => m.id === x).name).join(', ')}.` : 'No model highlighted.',
      result: { highlight: o.highlight, highlighted: lit },
      announcement: lit.length ? `Highlighted ${lit.length} model${lit.length > 1 ? 's' : ''}.` : 'Highlight cleared.',
    };
  },
});
