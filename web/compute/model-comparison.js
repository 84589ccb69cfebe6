// The comparison models side by side, from their committed evaluations
// (bench/results/zoo/<name>.eval.json, written by `npm run eval -- --zoo`):
// one record per model × seed × task × level, as lml_eval writes them.
//   FAMILIES   the model families in display order: a record's model name is
//              <family>-s<seed> (hmt-s1, recurrent-s2, full-s1, hmt-noprobe-s1)
//   compare(records, task, measure) → { levels: number[], families: [{ id, label, N, seeds: number[],
//       points: [{ level, mean, min, max, seeds, lo?, hi? }] }] }
//     task: 'passkey' | 'kv' | 'copy' | 'length'; level = D (passkey, copy), K (kv), or
//     for 'length' the pass key's digits (record.payload) at D = CAPACITY_D: how much one
//     memory carries (the passkey view keeps the task's own 5-digit keys);
//     measure: 'digits' (per-character accuracy) | 'whole' (whole answers right);
//     mean, min and max are over the family's seeds (one value per seed); with one
//     seed, lo / hi are that seed's 95% interval (documents as the unit).
// Pure: no DOM, tested in node against the files.
export const FAMILIES = [
  { id: 'hmt', label: 'HMT: a memory search over the cache' },
  { id: 'recurrent', label: 'recurrent memory: reads only the previous segment\u2019s memory' },
  { id: 'full', label: 'full attention: the whole document in one causal pass' },
  { id: 'hmt-noprobe', label: 'HMT trained without the write probe' },
];

/** 'hmt-noprobe-s1' → { family: 'hmt-noprobe', seed: 1 } (null for a name of another form). */
export function parseModel(name) {
  const m = /^([a-z-]+)-s(\d+)$/.exec(name);
  return m ? { family: m[1], seed: Number(m[2]) } : null;
}

/** The distance of the capacity rows (wasm/train/configs/eval-zoo.json). */
export const CAPACITY_D = 4;
const TASK_KEY = 5;  // digits of the passkey task's own key (records before the payload field have none)
const payloadOf = (r) => r.payload ?? TASK_KEY;

/** Does record r belong to the view `task`, and at which level? (null: not in the view) */
export function levelOf(r, task) {
  if (task === 'length') return r.task === 'passkey' && r.D === CAPACITY_D ? payloadOf(r) : null;
  if (r.task !== task) return null;
  if (task === 'passkey' && payloadOf(r) !== TASK_KEY) return null;
  return task === 'kv' ? r.K : r.D;
}

export function compare(records, task, measure = 'digits') {
  const rows = records.filter((r) => parseModel(r.model) && levelOf(r, task) !== null);
  const level = (r) => levelOf(r, task);
  const levels = [...new Set(rows.map(level))].sort((a, b) => a - b);
  const families = [];
  for (const f of FAMILIES) {
    const mine = rows.filter((r) => parseModel(r.model).family === f.id);
    if (!mine.length) continue;
    const seeds = [...new Set(mine.map((r) => parseModel(r.model).seed))].sort((a, b) => a - b);
    const points = [];
    for (const lv of levels) {
      const at = mine.filter((r) => level(r) === lv);
      if (!at.length) continue;
      const v = at.map((r) => (measure === 'whole' ? r.answer_accuracy : r.accuracy));
      const p = { level: lv, mean: v.reduce((a, b) => a + b, 0) / v.length, min: Math.min(...v), max: Math.max(...v), seeds: at.length };
      if (at.length === 1) {
        p.lo = measure === 'whole' ? at[0].answer_ci_low : at[0].ci_low;
        p.hi = measure === 'whole' ? at[0].answer_ci_high : at[0].ci_high;
      }
      points.push(p);
    }
    families.push({ id: f.id, label: f.label, N: mine[0].condition === 'full' ? null : mine[0].N, seeds, points });
  }
  return { levels, families };
}
