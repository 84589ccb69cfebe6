// The chart layer: line, log-log and bar charts drawn with Observable Plot
// (bundled with the site, so it works offline). Every chart gets a legend in
// words beside its markers and dashes (colour is never the only cue), ticks
// readable at 12 px, a hover read-out of the nearest point, and a <title> that
// says in words what it shows. Marks can carry classes and data-* attributes
// per datum (tag), so tests and the read-outs can find the numbers drawn.
//
//   lineChart({ kind, title, width, height, x: axis, y: axis, series, rules, notes, tipFormat })
//     axis = { label, type: 'linear' | 'log' | 'symlog' (log-like with 0 on the axis), base?, domain?, ticks?, format? }
//     series = [{ key, label, detail?, style: 'a' | 'b' | 'c' | 'ref', points: [{ x, y, …datum }], line = true,
//                 markers = true, dash? ('' = solid), width?, opacity?, tag: (datum) → { class?, data: { name: value } } }]
//     rules = [{ x } | { y }] dotted guides;  notes = [{ x, y, text, dy?, anchor?, tag? }] labels in the plot
//   barChart({ kind, title, width, bars: [{ key, label, value, text, style, tag }], x: axis, labelWidth })
//     horizontal bars, the value printed at the end of each bar
//   columnChart({ kind, title, width, height, columns: [{ label, value, text, style, tag }], x: axis, y: axis })
//     vertical bars, the value printed on each
// → <figure class="chart" data-plot=kind>: the legend (when there are series), then the SVG.
import * as Plot from '@observablehq/plot';
import { h } from './dom.js';

export const STYLES = {
  a: { color: '#d9480f', symbol: 'circle', dash: null },
  b: { color: '#2563eb', symbol: 'square', dash: '6 4' },
  c: { color: '#6b7280', symbol: 'diamond', dash: '2 3' },
  d: { color: '#15803d', symbol: 'triangle', dash: '8 2 2 2' },
  ref: { color: '#6b7280', symbol: null, dash: '2 4' },
};
const FONT = '12px';

/** A render transform that sets a class and data-* attributes on each drawn element of a mark. */
function tagged(data, tag) {
  if (!tag) return undefined;
  return (index, scales, values, dimensions, context, next) => {
    const g = next(index, scales, values, dimensions, context);
    const els = [...g.children].filter((c) => c.tagName !== 'title');
    els.forEach((el, k) => {
      const t = tag(data[index[k]]);
      if (!t) return;
      if (t.class) el.setAttribute('class', [el.getAttribute('class'), t.class].filter(Boolean).join(' '));
      for (const [name, value] of Object.entries(t.data ?? {})) el.setAttribute(`data-${name}`, String(value));
    });
    return g;
  };
}

function scaleOptions({ label, type = 'linear', base, domain, ticks, format, nice }) {
  return {
    label,
    type,
    ...(base ? { base } : {}),
    ...(domain ? { domain } : {}),
    ...(ticks ? { ticks } : {}),
    ...(format ? { tickFormat: format } : {}),
    ...(nice ? { nice } : {}),
  };
}

function legend(series) {
  const items = series.filter((s) => s.label).map((s) => {
    const st = STYLES[s.style] ?? STYLES.a;
    const mark = s.swatch
      ? `<svg width="14" height="14" aria-hidden="true"><rect x="1" y="1" width="12" height="12" fill="${st.color}"/></svg>`
      : st.symbol && s.markers !== false
      ? `<svg width="26" height="14" aria-hidden="true">${s.line === false ? '' : `<line x1="1" y1="7" x2="25" y2="7" stroke="${st.color}" stroke-width="2" ${(s.dash ?? st.dash) ? `stroke-dasharray="${s.dash ?? st.dash}"` : ''}/>`}${st.symbol === 'square' ? `<rect x="9" y="3" width="8" height="8" fill="${st.color}"/>` : st.symbol === 'diamond' ? `<rect x="10" y="4" width="6" height="6" transform="rotate(45 13 7)" fill="${st.color}"/>` : `<circle cx="13" cy="7" r="4" fill="${st.color}"/>`}</svg>`
      : `<svg width="26" height="14" aria-hidden="true"><line x1="1" y1="7" x2="25" y2="7" stroke="${st.color}" stroke-width="${Math.min(s.width ?? 2, 8)}" stroke-opacity="${s.opacity ?? 1}" stroke-dasharray="${s.dash ?? st.dash ?? ''}"/></svg>`;
    return h('li', { class: `legend-item legend-${s.key}` }, h('span', { class: 'legend-mark', html: mark }),
      h('span', { class: 'legend-label' }, s.label), s.detail ? h('span', { class: 'legend-detail' }, ` ${s.detail}`) : null);
  });
  return items.length ? h('ul', { class: 'chart-legend', 'aria-label': 'Legend' }, items) : null;
}

function finish(kind, title, svgOrFigure, series = []) {
  const svg = svgOrFigure.tagName.toLowerCase() === 'svg' ? svgOrFigure : svgOrFigure.querySelector('svg');
  // The picture is one image with one name: the marks' own ARIA labels ('line', 'dot') go.
  svg.querySelectorAll('[aria-label], [aria-description]').forEach((el) => {
    el.removeAttribute('aria-label');
    el.removeAttribute('aria-description');
  });
  svg.setAttribute('data-plot', kind);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', title);
  svg.classList.add('chart-svg');
  return h('figure', { class: 'chart', 'data-chart': kind }, legend(series), svg);
}

export function lineChart({ kind, title, width = 560, height = 260, x, y, series, rules = [], notes = [], tipFormat, marginRight = 24 }) {
  const marks = [
    Plot.gridY({ strokeOpacity: 0.12, ...(y.ticks ? { ticks: y.ticks } : {}) }),
    Plot.gridX({ strokeOpacity: 0.08, ...(x.ticks ? { ticks: x.ticks } : {}) }),
  ];
  for (const r of rules) {
    marks.push(r.x !== undefined
      ? Plot.ruleX([r.x], { strokeDasharray: '1 3', stroke: 'currentColor', strokeOpacity: 0.6 })
      : Plot.ruleY([r.y], { strokeDasharray: '1 3', stroke: 'currentColor', strokeOpacity: 0.6 }));
  }
  const all = [];
  for (const s of series) {
    const st = STYLES[s.style] ?? STYLES.a;
    const pts = s.points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
    if (s.line !== false && pts.length > 1) {
      marks.push(Plot.line(pts, {
        x: 'x', y: 'y', stroke: st.color, strokeWidth: s.width ?? 2, strokeOpacity: s.opacity ?? 1,
        strokeDasharray: (s.dash ?? st.dash) || undefined, render: tagged([null], () => ({ class: `series series-${s.key}` })),
      }));
    }
    if (s.markers !== false && st.symbol) {
      marks.push(Plot.dot(pts, { x: 'x', y: 'y', fill: st.color, symbol: st.symbol, r: s.r ?? 4.5, render: tagged(pts, s.tag) }));
    }
    if (s.markers !== false && st.symbol) for (const p of pts) all.push({ ...p, series: s.label ?? s.key });
  }
  for (const n of notes) {
    marks.push(Plot.text([n], {
      x: 'x', y: 'y', text: 'text', dy: n.dy ?? 0, dx: n.dx ?? 0, textAnchor: n.anchor ?? 'middle',
      fontWeight: n.bold ? 700 : 400, fill: 'currentColor', render: tagged([n], n.tag),
    }));
  }
  if (all.length) {
    marks.push(Plot.tip(all, Plot.pointer({
      x: 'x', y: 'y',
      title: (d) => tipFormat?.(d) ?? `${d.series}\n${x.label}: ${d.x}\n${y.label}: ${d.y}`,
    })));
  }
  const svg = Plot.plot({
    width, height, marginLeft: 56, marginRight, marginBottom: 44, marginTop: 30,
    style: { fontSize: FONT, overflow: 'visible', background: 'transparent' },
    x: scaleOptions(x), y: scaleOptions(y),
    marks,
  });
  return finish(kind, title, svg, series);
}

export function barChart({ kind, title, width = 560, bars, x, labelWidth = 150 }) {
  const rows = bars.map((b, i) => ({ ...b, i }));
  const max = Math.max(1e-9, ...rows.map((b) => b.value ?? 0));
  const svg = Plot.plot({
    width, height: 40 + rows.length * 46, marginLeft: labelWidth, marginRight: 120, marginBottom: 40,
    style: { fontSize: FONT, overflow: 'visible', background: 'transparent' },
    x: scaleOptions({ domain: [0, max], nice: true, ...x }),
    y: { domain: rows.map((b) => b.label), label: null, tickSize: 0 },
    marks: [
      Plot.gridX({ strokeOpacity: 0.12 }),
      Plot.barX(rows.filter((b) => b.value !== null), { x: 'value', y: 'label', fill: (b) => (STYLES[b.style] ?? STYLES.a).color, render: tagged(rows.filter((b) => b.value !== null), (b) => b.tagBar?.(b)) }),
      Plot.text(rows, {
        x: (b) => b.value ?? 0, y: 'label', text: 'text', textAnchor: 'start', dx: 6, fontWeight: 700, fill: 'currentColor',
        render: tagged(rows, (b) => b.tag?.(b)),
      }),
      Plot.ruleX([0]),
      Plot.tip(rows.filter((b) => b.value !== null), Plot.pointerY({ x: 'value', y: 'label', title: (b) => b.tip ?? `${b.label}\n${b.text}` })),
    ],
  });
  return finish(kind, title, svg);
}

// legend: optional [{ key, label, style }]: what each bar colour means, in words beside a swatch.
export function columnChart({ kind, title, width = 560, height = 240, columns, x = {}, y = {}, note = null, legend: key = [] }) {
  const cols = columns.map((c, i) => ({ ...c, i }));
  // Values upright when they fit over their column, else turned to run up from it.
  const upright = cols.length === 0 || (width - 68) / cols.length >= 44;
  const every = Math.max(1, Math.ceil(cols.length / Math.max(1, Math.floor((width - 68) / 30))));
  const svg = Plot.plot({
    width, height, marginLeft: 56, marginBottom: 48, marginTop: upright ? 24 : 52, marginRight: 12,
    style: { fontSize: FONT, overflow: 'visible', background: 'transparent' },
    x: { domain: cols.map((c) => c.label), label: x.label ?? null, tickSize: 0, padding: 0.25, ticks: cols.filter((c) => c.i % every === 0 || c.always).map((c) => c.label), ...(x.format ? { tickFormat: x.format } : {}) },
    y: scaleOptions({ domain: [0, 1], ...y }),
    marks: [
      Plot.gridY({ strokeOpacity: 0.12 }),
      Plot.barY(cols, { x: 'label', y: 'value', fill: (c) => (STYLES[c.style] ?? STYLES.a).color, render: tagged(cols, (c) => c.tagBar?.(c)) }),
      Plot.text(cols, {
        x: 'label', y: 'value', text: 'text', fill: 'currentColor', render: tagged(cols, (c) => c.tag?.(c)),
        ...(upright ? { dy: -8 } : { rotate: -90, textAnchor: 'start', dx: 6 }),
      }),
      ...(note ? [Plot.text([note], { frameAnchor: 'middle', text: (d) => d, fill: 'currentColor' })] : []),
      Plot.ruleY([0]),
      Plot.tip(cols, Plot.pointerX({ x: 'label', y: 'value', title: (c) => c.tip ?? `${c.label}: ${c.text}` })),
    ],
  });
  return finish(kind, title, svg, key.map((k) => ({ ...k, swatch: true })));
}
