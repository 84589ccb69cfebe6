// Training curves of the comparison models (bench/results/zoo/<name>.jsonl: one
// JSON record per logged step, written by lml_train):
//   { step, loss, answer_nats, lm_nats, probe_nats, grad_norm, lr, probe, top1, seconds,
//     accuracy: [passkey, kv, copy] (the step's batch, per task), levels: [passkey, kv, copy] }
//   parseLog(text) → records in step order; a step logged twice (a run resumed from a
//     checkpoint repeats the steps since it) keeps its last record
//   curve(records, quantity, task, { smooth }) → [{ x: step, y }]
//     quantity 'accuracy' (the task's batch answer accuracy, exponentially smoothed:
//     y_i = smooth·y_{i−1} + (1 − smooth)·a_i), 'level' (the task's curriculum level as a
//     value: D for passkey and copy, K for kv, from LEVELS), 'loss' (the total loss,
//     smoothed the same way), 'probe' (the write probe's accuracy; −1 when off → omitted)
//   firstStepAt(records, task, value) → the first step whose level reached `value`, or null
// Pure: no DOM; tested in node against the committed logs.
export const TASKS = ['passkey', 'kv', 'copy'];
// the level lists every zoo config trains (wasm/train/configs/zoo/*.json "tasks")
export const LEVELS = { passkey: [0, 1, 3, 8], kv: [1, 2, 4, 8], copy: [0, 1, 3, 8] };

export function parseLog(text) {
  const byStep = new Map();
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const r = JSON.parse(line);
    byStep.set(r.step, r);
  }
  return [...byStep.values()].sort((a, b) => a.step - b.step);
}

export function curve(records, quantity, task = 'passkey', { smooth = 0.9 } = {}) {
  const t = TASKS.indexOf(task);
  if (t < 0) throw new Error(`training-curves: unknown task '${task}'`);
  const out = [];
  let ema = null;
  for (const r of records) {
    let v;
    if (quantity === 'level') v = LEVELS[task][r.levels[t]];
    else if (quantity === 'probe') v = r.probe < 0 ? null : r.probe;
    else if (quantity === 'loss') v = r.loss;
    else if (quantity === 'accuracy') v = r.accuracy[t];
    else throw new Error(`training-curves: unknown quantity '${quantity}'`);
    if (v === null || !Number.isFinite(v)) continue;
    if (quantity !== 'level') {
      ema = ema === null ? v : smooth * ema + (1 - smooth) * v;
      v = ema;
    }
    out.push({ x: r.step, y: v });
  }
  return out;
}

export function firstStepAt(records, task, value) {
  const t = TASKS.indexOf(task);
  const r = records.find((x) => LEVELS[task][x.levels[t]] >= value);
  return r ? r.step : null;
}
