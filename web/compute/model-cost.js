// What the comparison models pay to read a document, from the zoo-cost records
// of bench/results/latest.json (npm run bench -- --only zoo-cost;
// bench/suites/zoo-cost.mjs): per model and distance D, the wall time of one
// document and the bytes of state held while reading it, measured in one runtime.
//   costCurves(records, runtime) → {
//     runtime      the runtime drawn: `runtime` when it has zoo-cost records, else the other
//                  one that has (chromium before node); null when none has
//     runtimes     every runtime with zoo-cost records
//     levels       the distances D measured, ascending
//     models: [{ id (the model, e.g. 'hmt-s1'), family, label, kind: 'hmt' | 'full', N (null for full),
//                points: [{ D, tokens, segments, ms, held }]  ascending D, the documents it read
//                end: { D, tokens, reason } | null }]        the first document it refused (full attention
//                                                             beyond its positions), which ends its curve
//     ratios: [{ D, ms, held }]   full attention over HMT at each D both read (from the records) }
//   A later record of the same model, runtime and D replaces an earlier one.
//   costAxis(quantity, lo, hi, log) → { domain, ticks, format }   the value axis of a cost chart
//   formatBytes(b) → "520 bytes" | "6.01 KB" | "1.13 MB"            (KB = 1,024 bytes)
// Pure: no DOM, tested in node (tests/js/model-cost.test.mjs).
import { FAMILIES, parseModel } from './model-comparison.js';

export const SUITE = 'zoo-cost';
const RUNTIME_ORDER = ['chromium', 'node'];

/** The zoo-cost records of a bench results file (any other record is ignored). */
export const costRecords = (records) => (Array.isArray(records) ? records.filter((r) => r?.suite === SUITE) : []);

export function costCurves(records, runtime = 'chromium') {
  const mine = costRecords(records);
  const runtimes = RUNTIME_ORDER.filter((rt) => mine.some((r) => r.runtime === rt))
    .concat([...new Set(mine.map((r) => r.runtime))].filter((rt) => !RUNTIME_ORDER.includes(rt)));
  const drawn = runtimes.includes(runtime) ? runtime : runtimes[0] ?? null;
  const rows = new Map();  // model → D → the record (the later wins)
  for (const r of mine.filter((x) => x.runtime === drawn)) {
    if (!rows.has(r.model)) rows.set(r.model, new Map());
    rows.get(r.model).set(r.D, r);
  }
  const order = (id) => {
    const f = FAMILIES.findIndex((x) => x.id === parseModel(id)?.family);
    return f < 0 ? FAMILIES.length : f;
  };
  const models = [...rows.keys()].sort((a, b) => order(a) - order(b) || a.localeCompare(b)).map((id) => {
    const byD = [...rows.get(id).values()].sort((a, b) => a.D - b.D);
    const refused = byD.find((r) => r.status === 'refused');
    const read = byD.filter((r) => r.status !== 'refused' && Number.isFinite(r.ms_median) && Number.isFinite(r.held_bytes)
      && (!refused || r.D < refused.D));
    const family = parseModel(id)?.family ?? id;
    const any = byD[0];
    return {
      id, family,
      label: FAMILIES.find((f) => f.id === family)?.label ?? id,
      kind: any.kind, N: any.kind === 'full' ? null : any.N ?? null,
      points: read.map((r) => ({ D: r.D, tokens: r.tokens, segments: r.segments, ms: r.ms_median, held: r.held_bytes })),
      end: refused ? { D: refused.D, tokens: refused.tokens, reason: refused.error ?? 'refused' } : null,
    };
  });
  const levels = [...new Set(models.flatMap((m) => [...m.points.map((p) => p.D), ...(m.end ? [m.end.D] : [])]))].sort((a, b) => a - b);
  const hmt = models.find((m) => m.family === 'hmt');
  const full = models.find((m) => m.kind === 'full');
  const ratios = [];
  if (hmt && full) {
    for (const p of full.points) {
      const q = hmt.points.find((x) => x.D === p.D);
      if (q) ratios.push({ D: p.D, ms: p.ms / q.ms, held: p.held / q.held });
    }
  }
  return { runtime: drawn, runtimes, levels, models, ratios };
}

/** Bytes as the widget prints them: "812 bytes", "6.01 KB", "1.13 MB" (KB = 1,024 bytes). */
export function formatBytes(b) {
  if (!Number.isFinite(b)) return '—';
  if (b < 1024) return `${Math.round(b).toLocaleString('en')} bytes`;
  const [v, unit] = b < 1024 * 1024 ? [b / 1024, 'KB'] : [b / (1024 * 1024), 'MB'];
  return `${v.toPrecision(3)} ${unit}`;
}

const BYTE_UNITS = [[1024 * 1024, 'MB'], [1024, 'KB'], [1, 'B']];
const trim = (v) => String(+v.toPrecision(3));

/** 1, 2, 2.5 or 5 times a power of ten: the nearest such step at or above x. */
function niceStep(x) {
  const p = 10 ** Math.floor(Math.log10(x));
  return [1, 2, 2.5, 5, 10].map((m) => m * p).find((s) => s >= x * (1 - 1e-9));
}

/**
 * A value axis for the cost charts, over values in [lo, hi] (lo > 0):
 *   quantity 'ms'    ticks in ms;  'held'  ticks in bytes, printed in B, KB or MB (of 1,024)
 *   log false        from 0, about four ticks at 1, 2, 2.5 or 5 × a power of ten (of the unit)
 *   log true         ticks at the powers of ten (ms), or at 1, 10 and 100 B, KB, MB (bytes), from the
 *                    last one at or below lo; the domain ends at 1.5 × hi
 * → { domain: [a, b], ticks: number[], format(v) → text }   the domain holds every value and every tick
 */
export function costAxis(quantity, lo, hi, log) {
  const [unit, name] = quantity === 'held' ? BYTE_UNITS.find(([u]) => hi >= u) ?? BYTE_UNITS.at(-1) : [1, 'ms'];
  if (!log) {
    const step = niceStep(hi / unit / 4) * unit;
    const ticks = [0];
    while (ticks.at(-1) < hi * (1 - 1e-9)) ticks.push(ticks.length * step);
    return { domain: [0, ticks.at(-1)], ticks, format: (v) => (v === 0 ? '0' : `${trim(v / unit)} ${name}`) };
  }
  const candidates = quantity === 'held'
    ? BYTE_UNITS.slice().reverse().flatMap(([u]) => [u, 10 * u, 100 * u])
    : Array.from({ length: 13 }, (_, e) => 10 ** (e - 4));
  const below = candidates.filter((t) => t <= lo).at(-1) ?? candidates[0];
  const above = hi * 1.5;  // room for the labels above the highest point
  const ticks = candidates.filter((t) => t >= below && t <= above);
  const format = quantity === 'held'
    ? (v) => { const [u, n] = BYTE_UNITS.find(([x]) => v >= x) ?? BYTE_UNITS.at(-1); return `${trim(v / u)} ${n}`; }
    : (v) => `${trim(v)} ms`;
  return { domain: [below, above], ticks, format };
}
