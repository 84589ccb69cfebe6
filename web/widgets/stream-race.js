// stream-race: HMT streams a long text segment by segment while full
// attention runs over the whole text, on the same seeded backbone, in the
// core worker (job 'stream-race'), with a progress bar and a cancel button.
// Plotted: the cost per 1,000 tokens as each runner goes (HMT flat, full
// attention growing with n, extrapolated beyond what was run), and the
// memory the core holds while HMT streams (flat) beside the key–value cache full
// attention would keep over the same tokens (growing, computed). Results are kept by
// settings for the life of the page; a run continues when the learner leaves.
import { h } from '../lib/dom.js';
import { fmt, fmtSig } from '../lib/format.js';
import { table } from '../lib/data-table.js';
import { lineChart } from '../lib/charts.js';
import { FULL_SIZES, fitLinearQuadratic, logSlope, costPer1k } from '../compute/stream-race-fit.js';
import { defineWidget } from './common/define-widget.js';

const NAME = 'stream-race';
const MB = 1024 * 1024;

// Races by settings (common/long-run.js); an entry's own fields: points (HMT's progress
// reports), full (full attention's), result (the job's, when done), total, done, phase.
const raceRuns = {
  keyOf: (o) => `${o.tokens}|${o.segment}|${o.cache}|${o.fullMax}`,
  fresh: (o) => ({
    points: [], full: [], result: null,
    total: o.tokens + FULL_SIZES.filter((n) => n <= o.fullMax).reduce((s, n) => s + n, 0), done: 0, phase: 'hmt',
  }),
  async job(entry, { core, o, signal, emit }) {
    emit();
    const result = await core.run(NAME, { tokens: o.tokens, segment: o.segment, cache: o.cache, fullMax: o.fullMax }, {
      signal,
      onProgress: (p) => {
        if (p.phase === 'hmt') {
          entry.points.push(p);
          entry.done = p.tokens;
        } else {
          entry.phase = 'full';
          entry.full.push(p);
          entry.done = o.tokens + entry.full.reduce((s, f) => s + f.n, 0);
        }
        emit();
      },
    });
    entry.result = result;
    entry.points = result.hmt.points;
    entry.full = result.full;
  },
};

/** Everything the readout, the plots and the table say, from an entry. */
export function raceFacts(entry, o) {
  const hmtCost = costPer1k(entry.points);
  const last = entry.points[entry.points.length - 1];
  const fullPts = entry.full.map((f) => ({ n: f.n, ms: f.ms }));
  const fit = fitLinearQuadratic(fullPts);
  const tenth = entry.points.find((p) => p.tokens >= o.tokens / 10) ?? entry.points[0];
  return {
    hmtCost,
    hmtMs: last?.ms ?? 0,
    hmtTokens: last?.tokens ?? 0,
    tokensPerSecond: last ? last.tokens / (last.ms / 1000) : 0,
    hmtSlope: logSlope(entry.points.map((p) => ({ n: p.tokens, ms: p.ms }))),
    fullSlope: logSlope(fullPts),
    fit,
    extrapolatedMs: fit ? fit.predict(o.tokens) : null,
    inUseTenth: tenth?.inUse ?? 0,
    inUseLast: last?.inUse ?? 0,
    footprintLast: last?.footprint ?? 0,
  };
}

function costPlot(entry, o, f, width) {
  const xMin = Math.min(512, o.tokens / 8);
  const fullCost = entry.full.map((p) => ({ n: p.n, v: (p.ms / p.n) * 1000 }));
  // Extrapolation: from the longest text full attention ran on, to the stream's length.
  const ranTo = fullCost.length ? fullCost[fullCost.length - 1].n : Infinity;
  const extra = f.fit && ranTo < o.tokens ? [ranTo, ...[8, 16, 32, 64, 128].map((m) => m * 1024).filter((n) => n > ranTo && n < o.tokens), o.tokens]
    .map((n) => ({ n, v: (f.fit.predict(n) / n) * 1000 })) : [];
  const vals = [...f.hmtCost.map((p) => p.msPer1k), ...fullCost.map((p) => p.v), ...extra.map((p) => p.v)].filter((v) => v > 0);
  const lo = vals.length ? 10 ** Math.floor(Math.log10(Math.min(...vals))) : 1;
  const hi = vals.length ? 10 ** Math.ceil(Math.log10(Math.max(...vals) * 1.01)) : 100;
  const yTicks = [];
  for (let t = lo; t <= hi * 1.0001; t *= 10) yTicks.push(t);
  return lineChart({
    kind: 'race-cost',
    title: 'Milliseconds per 1,000 tokens against the length processed, log-log. '
      + (f.hmtCost.length ? `HMT: about ${fmtSig(f.hmtCost[f.hmtCost.length - 1].msPer1k, 3)} ms per 1,000 tokens at ${f.hmtTokens} tokens. ` : '')
      + (fullCost.length ? `Full attention: ${fullCost.map((p) => `${fmtSig(p.v, 3)} at ${p.n}`).join(', ')}.` : ''),
    width,
    x: { label: 'tokens processed (log scale) →', type: 'log', domain: [xMin, o.tokens], ticks: [1000, 10000, 100000].filter((n) => n >= xMin && n <= o.tokens), format: (n) => n.toLocaleString('en') },
    y: { label: '↑ ms per 1,000 tokens (log scale)', type: 'log', domain: [lo, hi], ticks: yTicks, format: (t) => (t >= 1 ? String(Math.round(t)) : String(t)) },
    series: [
      {
        key: 'hmt', label: 'HMT', detail: f.hmtSlope !== null ? `time slope ${fmt(f.hmtSlope, 2)}` : '', style: 'a', r: 3,
        points: f.hmtCost.map((p) => ({ x: Math.max(p.tokens, xMin), y: p.msPer1k, tokens: p.tokens })),
        tag: (d) => ({ class: 'point-hmt', data: { tokens: d.tokens, value: d.y } }),
      },
      {
        key: 'full', label: 'full attention', detail: f.fullSlope !== null ? `time slope ${fmt(f.fullSlope, 2)}` : '', style: 'b', line: false,
        points: fullCost.map((p) => ({ x: p.n, y: p.v })),
        tag: (d) => ({ class: 'point-full', data: { n: d.x, value: d.y } }),
      },
      { key: 'extrapolated', label: 'full attention, extrapolated', style: 'ref', markers: false, width: 1.5, points: extra.length > 1 ? extra.map((p) => ({ x: p.n, y: p.v })) : [] },
    ],
    tipFormat: (d) => `${d.series}\n${Math.round(d.x).toLocaleString('en')} tokens\n${fmtSig(d.y, 3)} ms per 1,000 tokens`,
  });
}

// Full attention's memory: what the core held before the stream started (the model), plus the
// KV cache (2 · layers · d_model float32 per token: the job's model), which grows with every token;
// HMT's working set does not. The cache is computed from the model's shape, not measured.
function kvLine(entry, o) {
  const per = entry.result?.kvBytesPerToken;
  if (!per || !entry.points.length) return [];
  const base = entry.result.hmt?.before?.inUse ?? 0;
  return [0, ...entry.points.map((p) => p.tokens)].map((n) => ({ x: n, y: (base + n * per) / MB }));
}

function memoryPlot(entry, o, f, width) {
  const pts = entry.points;
  const kv = kvLine(entry, o);
  const hi = Math.max(1, ...pts.map((p) => p.footprint / MB), ...kv.map((p) => p.y)) * 1.15;
  const kvEnd = kv.length ? kv[kv.length - 1].y : null;
  return lineChart({
    kind: 'race-memory',
    title: `Memory the core holds while HMT streams: ${fmt(f.inUseTenth / MB, 2)} MB in use after a tenth of the text, ${fmt(f.inUseLast / MB, 2)} MB at the end.`
      + (kvEnd !== null ? ` Full attention, the model plus its key–value cache, would grow linearly to ${fmt(kvEnd, 1)} MB at ${o.tokens.toLocaleString('en')} tokens (computed).` : ''),
    width,
    height: 200,
    x: { label: 'tokens streamed →', domain: [0, o.tokens], format: (n) => n.toLocaleString('en') },
    y: { label: '↑ MB', domain: [0, hi], format: (t) => fmt(t, 1) },
    series: [
      { key: 'inuse', label: 'in use', detail: pts.length ? `${fmt(f.inUseLast / MB, 2)} MB` : '', style: 'a', markers: false, points: pts.map((p) => ({ x: p.tokens, y: p.inUse / MB })) },
      { key: 'footprint', label: 'held (peak, worker-wide high-water)', detail: pts.length ? `${fmt(f.footprintLast / MB, 2)} MB` : '', style: 'ref', markers: false, width: 1.5, points: pts.map((p) => ({ x: p.tokens, y: p.footprint / MB })) },
      {
        key: 'full-kv', label: 'full attention: the model plus its key–value cache (computed, 2 · layers · d · 4 bytes a token)', style: 'b', markers: false,
        detail: kvEnd !== null ? `${fmt(kvEnd, 1)} MB` : '', points: kv,
      },
    ],
  });
}

function dataTable(entry, o, f) {
  const rows = [
    ...f.hmtCost.map((p, i) => ['HMT', p.tokens.toLocaleString('en'), fmtSig(entry.points[i].ms, 4), fmtSig(p.msPer1k, 3), fmt(entry.points[i].inUse / MB, 3), fmt(entry.points[i].footprint / MB, 3)]),
    ...entry.full.map((p) => ['full attention', p.n.toLocaleString('en'), fmtSig(p.ms, 4), fmtSig((p.ms / p.n) * 1000, 3), '—', fmt(p.footprint / MB, 3)]),
  ];
  if (f.extrapolatedMs !== null) rows.push(['full attention (extrapolated)', o.tokens.toLocaleString('en'), fmtSig(f.extrapolatedMs, 3), fmtSig((f.extrapolatedMs / o.tokens) * 1000, 3), '—', '—']);
  return table(`HMT (L = ${o.segment}, N = ${o.cache}) against full attention on the same backbone`,
    ['runner', 'tokens', 'ms so far / per run', 'ms per 1,000 tokens', 'MB in use', 'MB held (peak)'], rows);
}

function readout(entry, o, f) {
  if (!entry.points.length) return h('p', { class: 'readout' }, 'No race yet for these settings: press Run.');
  const items = [
    h('li', {}, 'HMT streamed ', h('strong', { 'data-quantity': 'hmt-tokens' }, f.hmtTokens.toLocaleString('en')), ' tokens in ',
      h('strong', { 'data-quantity': 'hmt-seconds' }, fmt(f.hmtMs / 1000, 2)), ` s (${Math.round(f.tokensPerSecond).toLocaleString('en')} tokens/s)`,
      f.hmtSlope !== null ? `; time grows with slope ${fmt(f.hmtSlope, 2)} on a log-log scale.` : '.'),
    h('li', {}, 'Memory in use by the core: ', h('strong', { 'data-quantity': 'inuse-tenth' }, `${fmt(f.inUseTenth / MB, 3)} MB`), ' after a tenth of the text, ',
      h('strong', { 'data-quantity': 'inuse-last' }, `${fmt(f.inUseLast / MB, 3)} MB`), ' at the end.'),
  ];
  if (entry.result?.kvBytesPerToken) {
    items.push(h('li', {}, `Full attention over the same ${f.hmtTokens.toLocaleString('en')} tokens keeps every key and value: `,
      h('strong', { 'data-quantity': 'full-kv' }, `${fmt((f.hmtTokens * entry.result.kvBytesPerToken) / MB, 1)} MB`),
      ` (${entry.result.kvBytesPerToken.toLocaleString('en')} bytes a token, computed from the model's shape), growing with every token.`));
  }
  if (entry.full.length) {
    const lastFull = entry.full[entry.full.length - 1];
    items.push(h('li', {}, `Full attention: ${lastFull.n.toLocaleString('en')} tokens in ${fmtSig(lastFull.ms, 3)} ms`,
      f.fullSlope !== null ? `; time slope ${fmt(f.fullSlope, 2)} over ${entry.full.map((p) => p.n).join(', ')}` : '', '.'));
  }
  if (f.extrapolatedMs !== null && entry.state === 'done') {
    items.push(h('li', {}, `Extrapolated (fit t = a·n + b·n², not measured): full attention over ${o.tokens.toLocaleString('en')} tokens would take about `,
      h('strong', { 'data-quantity': 'full-extrapolated' }, `${fmtSig(f.extrapolatedMs / 1000, 2)} s`), '.'));
  }
  const p = entry.result?.probe;
  if (p) {
    items.push(h('li', {}, `Reach (untrained bag-of-words probe on the same text): the passage planted in segment 0 returns in segment ${p.segment}; the cache of N = ${o.cache} holds segments ${p.oldest}…${p.newest}. `,
      p.found ? h('span', {}, 'The planted memory is ', h('strong', { 'data-quantity': 'probe' }, `found, weight ${fmt(p.weight)}`), ` (rank ${p.rank}).`)
        : h('span', {}, 'The planted memory is ', h('strong', { 'data-quantity': 'probe' }, 'gone'), ': it left the cache.')));
  }
  return h('ul', { class: 'readout' }, items);
}

export const { mount } = defineWidget({
  name: NAME,
  title: 'The race: HMT against full attention',
  method: 'How it is run: one seeded, untrained backbone (d = 64, 4 heads, 2 layers) in the core worker. HMT streams the text in chunks of 4,096 bytes '
    + '(sensory k = min(32, L/2), summary j = L/2, cache N); then full attention runs over the first 1,024, 2,048, … tokens of the same text. '
    + 'Memory is the core’s own count of bytes allocated (in use) and held from the system (peak).',
  run: {
    ...raceRuns,
    empty: () => ({ points: [], full: [], state: 'none', total: 1, done: 0 }),
    progress: (e) => [e.done, e.total],
    noun: 'Race',
    progressLabel: 'Race progress',
    running: (e, o) => (e.phase === 'hmt'
      ? `HMT: ${e.done.toLocaleString('en')} of ${o.tokens.toLocaleString('en')} tokens…`
      : `Full attention: ${e.full.length ? `${e.full[e.full.length - 1].n} tokens done` : 'starting'}…`),
    done: (e, o) => {
      const f = raceFacts(e, o);
      return {
        text: `Done: HMT ${f.hmtTokens.toLocaleString('en')} tokens in ${fmt(f.hmtMs / 1000, 2)} s; memory in use ${fmt(f.inUseTenth / MB, 2)} → ${fmt(f.inUseLast / MB, 2)} MB.`,
        result: {
          tokens: f.hmtTokens, segment: o.segment, cache: o.cache, hmtSeconds: f.hmtMs / 1000, tokensPerSecond: f.tokensPerSecond,
          stateBytes: e.result.hmt.stateBytes, inUseTenth: f.inUseTenth, inUseLast: f.inUseLast, hmtSlope: f.hmtSlope, fullSlope: f.fullSlope,
          full: e.full.map((p) => ({ n: p.n, ms: p.ms })), probe: e.result.probe,
        },
      };
    },
    stopped: 'Cancelled. What was measured so far is shown.',
    error: (message) => `The core reported an error: ${message}`,
    idle: 'Press Run to start the race (a few seconds; it runs in the background and can be cancelled).',
  },
  responsive: true,
  render(e, o, w) {
    const f = raceFacts(e, o);
    const width = Math.min(w.width, 720);
    return [h('div', { class: 'plots' }, costPlot(e, o, f, width), memoryPlot(e, o, f, width)), h('div', { class: 'readout-box' }, readout(e, o, f))];
  },
  table: (e, o) => dataTable(e, o, raceFacts(e, o)),
});
