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

const WIDE = 700;
const M = { left: 12, right: 12, top: 12, bottom: 34 };
const groupLabel = (id) => groups.find((g) => g.id === id)?.label ?? id;
const groupColour = (id) => groups.find((g) => g.id === id)?.colour ?? 'var(--muted, #6b7280)';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const CHAR = 7.2; // a 12 px character, a little generous, so that estimated widths never undershoot
const textWidth = (t, bold = false) => Math.ceil(t.length * CHAR * (bold ? 1.08 : 1));

function when(m) {
  const { year, month } = arxivDate(m.arxiv);
  return { year, month, t: year + (month - 0.5) / 12, text: `${MONTHS[month - 1]} ${year}` };
}

const sortedModels = [...models].sort((a, b) => when(a).t - when(b).t);

/** A mechanism chip: a colour swatch with the group's name beside it (colour is never the only cue). */
function chip(id, x, y) {
  const label = groupLabel(id);
  return {
    width: 16 + textWidth(label),
    node: svg('g', { class: 'timeline-chip', 'data-group': id },
      svg('rect', { x, y: y - 9, width: 11, height: 11, rx: 2, style: `fill: ${groupColour(id)}` }),
      svg('text', { x: x + 15, y: y + 1, class: 'timeline-label' }, label)),
  };
}

// Two regions that never overlap: the time axis on the left (one dot per model, coloured by its
// mechanism) and the labels in a column to its right — name · year on one line, the mechanism
// chips on the next, wrapped when the column is narrow. Each model has its own band, so labels
// cannot collide with each other, with the dots or with the year lines. On a phone (compact) the
// column moves above each row's axis.
function drawTimeline(sorted, lit, onSelect, width = WIDE) {
  const W = Math.min(width, WIDE);
  const compact = W < 520;
  const first = Math.floor(when(sorted[0]).t);
  const last = Math.ceil(when(sorted[sorted.length - 1]).t);
  const x0 = M.left + 18;
  const x1 = compact ? W - M.right - 18 : Math.round(W * 0.42);
  const x = (t) => x0 + ((t - first) / (last - first)) * (x1 - x0);
  const textX = compact ? M.left + 4 : x1 + 20;
  const textRight = W - M.right;
  // Lay each row out first: its name line, its chip lines, its height.
  const rows = sorted.map((m) => {
    const d = when(m);
    const on = lit.includes(m.id);
    const name = `${m.name} · ${d.year}${on ? ' ◆' : ''}`;
    const chips = [];
    let line = 0;
    let cx = textX;
    for (const g of m.groups) {
      const w = 16 + textWidth(groupLabel(g));
      if (cx > textX && cx + w > textRight) { line += 1; cx = textX; }
      chips.push({ g, line, x: cx });
      cx += w + 12;
    }
    const lines = 1 + line + 1; // the name, the chip lines
    const height = compact ? 16 * lines + 22 : Math.max(26, 16 * lines + 8);
    return { m, d, on, name, chips, lines, height };
  });
  const plotH = rows.reduce((s, r) => s + r.height, 0);
  const height = M.top + plotH + M.bottom;
  const titleId = uid('timeline-title');
  const root = plotRoot(W, height, { class: 'timeline', role: 'group', 'aria-labelledby': titleId });
  root.append(svg('title', { id: titleId }, `Timeline of ${sorted.length} long-context models, ${first}–${last - 1}, each dot coloured by its mechanism. Select a model for its details.`));
  const axisY = height - M.bottom + 6;
  const g = svg('g', { 'aria-hidden': 'true' });
  // Year labels fit their spacing: '2019' needs about 36 px, '’19' about 26; else every other year.
  const spacing = (x1 - x0) / (last - first);
  const short = spacing < 40;
  const every = spacing < 28 ? 2 : 1;
  for (let y = first; y <= last; y++) {
    g.append(svg('line', { x1: x(y), y1: M.top - 4, x2: x(y), y2: axisY, style: strokes.grid }));
    if ((y - first) % every === 0) g.append(svg('text', { x: x(y), y: axisY + 16, 'text-anchor': 'middle', class: 'timeline-year' }, short ? `’${String(y).slice(2)}` : String(y)));
  }
  g.append(svg('line', { x1: x(first), y1: axisY, x2: x(last), y2: axisY, style: strokes.axis }));
  root.append(g);
  let top = M.top;
  for (const r of rows) {
    const { m, d, on } = r;
    const nameY = top + 14;
    const cy = compact ? top + 16 * r.lines + 12 : top + Math.min(r.height, 26) / 2;
    const label = `${m.name} — ${d.text}, arXiv ${m.arxiv}; ${m.groups.map(groupLabel).join(', ')}${on ? '; highlighted' : ''}`;
    const row = svg('g', {
      class: `timeline-row${on ? ' is-highlighted' : ''}`, tabindex: 0, role: 'button', 'aria-pressed': String(on),
      'aria-label': label, 'data-model': m.id, style: 'cursor: pointer',
    });
    const [ga, gb] = m.groups;
    row.append(
      svg('rect', { x: M.left, y: top + 1, width: W - M.left - M.right, height: r.height - 2, rx: 4, style: on ? `fill: ${series.b.stroke}; fill-opacity: 0.12` : 'fill: transparent' }),
      svg('line', { x1: x(first), y1: cy, x2: x(d.t), y2: cy, style: strokes.grid }),
      on
        ? svg('rect', { x: x(d.t) - 7, y: cy - 7, width: 14, height: 14, transform: `rotate(45 ${x(d.t)} ${cy})`, style: `fill: ${groupColour(ga)}; stroke: var(--fg, #111); stroke-width: 2px` })
        : svg('circle', { cx: x(d.t), cy, r: 6, class: 'timeline-dot', style: `fill: ${groupColour(ga)}; stroke: ${gb ? groupColour(gb) : 'var(--bg, #fff)'}; stroke-width: ${gb ? 3 : 1}px` }),
      svg('text', { x: textX, y: nameY, class: 'timeline-label timeline-name', 'font-weight': on ? 700 : 400 }, r.name),
      ...r.chips.map((c) => chip(c.g, c.x, nameY + 16 * (c.line + 1)).node),
    );
    row.addEventListener('click', () => onSelect(m.id));
    row.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' || ev.key === ' ') {
        ev.preventDefault();
        onSelect(m.id);
      }
    });
    root.append(row);
    top += r.height;
  }
  return root;
}

/** The colour key: every mechanism's swatch and name (the chips repeat it on each row). */
function colourKey() {
  return h('ul', { class: 'chart-legend timeline-key', 'aria-label': 'Mechanism colours' }, groups.map((g) => h('li', { class: 'legend-item' },
    h('span', { class: 'legend-mark', 'aria-hidden': 'true', style: `display: inline-block; width: 0.75rem; height: 0.75rem; border-radius: 2px; background: ${g.colour}` }),
    h('span', { class: 'legend-label' }, g.label))));
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
    const picture = h('div', { class: 'timeline-picture' }, colourKey(), drawTimeline(sortedModels, lit, w.select, w.width));
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
