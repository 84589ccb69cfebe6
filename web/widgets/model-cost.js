// model-cost: what the comparison models pay to read a document, beside what
// they get right (model-comparison) — the wall time of one passkey document and
// the bytes of state held while reading it, against the distance D, one line per
// model. The numbers are the zoo-cost records of bench/results/latest.json
// (npm run bench -- --only zoo-cost: bench/suites/zoo-cost.mjs, the core in node
// and in Chromium); nothing is measured here, so the widget does not call the
// core. Without such records it says how to make them. Aggregation:
// compute/model-cost.js.
import { h } from '../lib/dom.js';
import { fmtSig } from '../lib/format.js';
import { table } from '../lib/data-table.js';
import { lineChart } from '../lib/charts.js';
import { defineWidget } from './common/define-widget.js';
import { costCurves, costRecords, costAxis, formatBytes } from '../compute/model-cost.js';

const files = import.meta.glob('@results/latest.json', { eager: true, import: 'default' });
const records = costRecords(Object.values(files).flat());

const MISSING = 'No cost measurements in bench/results/latest.json yet. Make them with npm run bench -- --only zoo-cost '
  + '(it times the three models in node and in Chromium and adds its records to that file), then build the site again.';
const MISSING_STATUS = 'No cost measurements yet: npm run bench -- --only zoo-cost makes them.';
// the runtimes with records: the controls that would do nothing are hidden
const RUNTIMES = costCurves(records).runtimes;

const STYLE = { hmt: 'a', recurrent: 'b', full: 'c', 'hmt-noprobe': 'd' };
const RUNTIME = { chromium: 'Chromium', node: 'node' };
const QUANTITY = {
  ms: { label: 'ms per document', value: (p) => p.ms, text: (v) => `${fmtSig(v, 3)} ms` },
  held: { label: 'bytes of state held', value: (p) => p.held, text: formatBytes },
};

const modelName = (m) => `${m.id}: ${m.label}${m.N ? ` (N = ${m.N})` : ''}`;
const runtimeNote = (c, o) => (c.runtime !== o.runtime ? ` No ${RUNTIME[o.runtime] ?? o.runtime} records in the file: drawing ${RUNTIME[c.runtime] ?? c.runtime}'s.` : '');

const HEIGHT = 240, INNER = HEIGHT - 30 - 44;  // lineChart's margins: 30 above, 44 below
const LABEL_GAP = 14;  // px between two end labels at the same D

// The value printed beside the last point of each line; labels that would overlap
// (the same D, nearly the same height) are moved apart vertically.
function endLabels(c, q, y) {
  const Q = QUANTITY[q];
  const labels = c.models.filter((m) => m.points.length).map((m) => {
    const last = m.points.at(-1);
    return { m, last, v: Q.value(last), px: y(Q.value(last)), dy: 0 };
  });
  const byD = new Map();
  for (const l of labels) byD.set(l.last.D, [...(byD.get(l.last.D) ?? []), l]);
  for (const group of byD.values()) {
    group.sort((a, b) => b.px - a.px);  // the lowest first; the ones above it move up (the axis is below)
    for (let i = 1; i < group.length; i++) {
      const below = group[i - 1].px + group[i - 1].dy;
      if (below - group[i].px < LABEL_GAP) group[i].dy = below - LABEL_GAP - group[i].px;
    }
  }
  return labels.map((l) => ({
    x: l.last.D, y: l.v, text: Q.text(l.v), dx: 8, dy: l.dy, anchor: 'start',
    tag: () => ({ class: 'cost-label', data: { model: l.m.id, quantity: q, D: l.last.D, value: l.v } }),
  }));
}

function chart(c, o, q, width) {
  const Q = QUANTITY[q];
  const log = o.axes === 'log';
  const values = c.models.flatMap((m) => m.points.map(Q.value)).filter((v) => v > 0);
  const lo = Math.min(...values), hi = Math.max(...values);
  const maxD = Math.max(...c.levels);
  const axis = costAxis(q, lo, hi, log);
  const { domain } = axis;
  // where a value lands, in px from the top of the plotting area (for the labels' spacing)
  const y = log
    ? (v) => INNER * (1 - (Math.log(v) - Math.log(domain[0])) / (Math.log(domain[1]) - Math.log(domain[0])))
    : (v) => INNER * (1 - v / domain[1]);
  const ends = c.models.filter((m) => m.end);
  const runtime = RUNTIME[c.runtime] ?? c.runtime;
  return lineChart({
    kind: `model-cost-${q}`,
    title: `${Q.label[0].toUpperCase()}${Q.label.slice(1)} against the distance D, passkey documents of D + 2 segments, measured in ${runtime}`
      + `${log ? ' (logarithmic axes)' : ''}. `
      + c.models.map((m) => `${m.id}: ${m.points.map((p) => `${Q.text(Q.value(p))} at D = ${p.D}`).join(', ')}${m.end ? `; refused from D = ${m.end.D}` : ''}.`).join(' '),
    width, height: HEIGHT, marginRight: 96,
    x: log
      ? { label: 'distance D (segments between fact and question) →', type: 'symlog', domain: [0, maxD], ticks: c.levels }
      : { label: 'distance D (segments between fact and question) →', domain: [0, maxD], ticks: c.levels.filter((d) => d === 0 || d >= maxD / 16) },
    y: { label: `↑ ${Q.label}${log ? ' (log scale)' : ''}`, ...(log ? { type: 'log' } : {}), domain, ticks: axis.ticks, format: axis.format },
    // a dotted line where a model's curve ends: the first document it refused
    rules: ends.map((m) => ({ x: m.end.D })),
    notes: endLabels(c, q, y),
    series: c.models.map((m) => ({
      key: m.id, label: modelName(m), style: STYLE[m.family] ?? 'c',
      detail: m.end ? `(refused from D = ${m.end.D}, dotted line: the document is longer than its positions)` : '',
      points: m.points.map((p) => ({ x: p.D, y: Q.value(p), tokens: p.tokens })),
      tag: (d) => ({ class: 'cost-point', data: { model: m.id, quantity: q, D: d.x, value: d.y } }),
    })),
    tipFormat: (d) => `${d.series}\nD = ${d.x} (${d.tokens.toLocaleString('en')} bytes)\n${Q.text(d.y)}`,
  });
}

function summary(c, o) {
  if (!c.runtime) return MISSING_STATUS;
  const hmt = c.models.find((m) => m.family === 'hmt');
  const full = c.models.find((m) => m.kind === 'full');
  const parts = [`Measured in ${RUNTIME[c.runtime] ?? c.runtime}.${runtimeNote(c, o)}`];
  const r = c.ratios.at(-1);
  if (r) {
    parts.push(`At D = ${r.D}, the longest document both read, full attention held ${fmtSig(r.held, 3)}× the bytes HMT held `
      + `and took ${fmtSig(r.ms, 3)}× its time per document.`);
  }
  if (hmt?.points.length) {
    const first = hmt.points[0], last = hmt.points.at(-1);
    parts.push(`HMT held ${formatBytes(first.held)} at D = ${first.D} and ${formatBytes(last.held)} at D = ${last.D}.`);
  }
  if (full?.end) parts.push(`${full.id} refused D = ${full.end.D}: the document is longer than its positions.`);
  return parts.join(' ');
}

export const { mount } = defineWidget({
  name: 'model-cost',
  title: 'What each model pays to read a document: time and state against the distance D',
  method: 'npm run bench -- --only zoo-cost runs the core on one passkey document per distance D (no filler before the fact, '
    + 'so D + 2 segments; the same bytes for every model): the time is the median of repeated model.answer calls after a '
    + 'warm-up; the bytes held are the answer\u2019s heldBytes — for HMT and the recurrent model the memories in the cache and '
    + 'their search keys (float32) plus the sensory bytes carried to the next segment, for full attention the keys and values '
    + 'of every layer for every byte read. KB = 1,024 bytes. The times depend on the machine that ran the benchmark; '
    + 'the bytes do not.',
  responsive: true,
  hiddenControls: () => (!RUNTIMES.length ? ['show', 'axes', 'runtime'] : RUNTIMES.length < 2 ? ['runtime'] : []),
  render: (o, _, w) => {
    const c = costCurves(records, o.runtime);
    if (!c.runtime) return [h('p', { class: 'note widget-empty cost-missing' }, MISSING)];
    const width = Math.min(w.width, 640);
    const qs = o.show === 'both' ? ['ms', 'held'] : [o.show === 'time' ? 'ms' : 'held'];
    return [h('div', { class: 'plots' }, qs.map((q) => chart(c, o, q, width)))];
  },
  table(o) {
    const c = costCurves(records, o.runtime);
    if (!c.runtime) return h('p', { class: 'note widget-empty cost-missing' }, MISSING);
    const rows = [];
    for (const m of c.models) {
      for (const p of m.points) {
        const r = c.ratios.find((x) => x.D === p.D);
        rows.push([m.id, String(p.D), p.tokens.toLocaleString('en'), `${fmtSig(p.ms, 3)}`, p.held.toLocaleString('en'),
          m.kind === 'full' && r ? `${fmtSig(r.ms, 3)}× time, ${fmtSig(r.held, 3)}× bytes` : '']);
      }
      if (m.end) rows.push([m.id, String(m.end.D), m.end.tokens?.toLocaleString('en') ?? '—', 'refused', '—', m.end.reason]);
    }
    return table(`Cost per document, measured in ${RUNTIME[c.runtime] ?? c.runtime}${runtimeNote(c, o)}`,
      ['model', 'D', 'bytes read', 'ms per document', 'bytes of state held', 'full attention over HMT'], rows);
  },
  describe(o) {
    const c = costCurves(records, o.runtime);
    const text = summary(c, o);
    return {
      status: text,
      result: { runtime: c.runtime, models: c.models.map((m) => ({ id: m.id, points: m.points, end: m.end })), ratios: c.ratios },
      announcement: text,
    };
  },
});
