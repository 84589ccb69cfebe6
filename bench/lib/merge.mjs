// Which records a run replaces in bench/results/latest.json (bench/run.mjs).
// A record belongs to the --only name whose suite makes it (groupOf) and to a
// runtime (node, chromium, native). A run replaces the records of every
// (group, runtime) it ran and keeps all others, so `--only zoo-cost` leaves the
// attention figures of an earlier full run in place, and `--node-only` the
// Chromium ones. With --sizes the attention and phase suites ran only some
// shapes: their records are replaced shape by shape (a record of a shape this
// run did not measure is kept).
//   runPlan({ only, quick, nodeOnly, chromiumOnly, sizes }) → { groups: Set, runtimes: Set, sizes }
//   mergeRecords(previous, fresh, plan) → the records to write: previous minus what
//       the run replaced, in their order, then the fresh records
// Pure: no files, tested in node (tests/js/bench-merge.test.mjs).

/** Every --only name (besides the aliases of ONLY_ALIASES). */
export const GROUPS = ['attention', 'phases', 'onnxruntime', 'tfjs', 'hmt', 'trained', 'train', 'train-browser', 'zoo-cost'];
/** --only names that stand for several groups. */
export const ONLY_ALIASES = { peers: ['onnxruntime', 'tfjs'], attention: ['attention', 'phases'] };

/** The --only name whose run makes record r (peer records share the suite 'attention' with ours). */
export function groupOf(r) {
  if (r.suite === 'attention' && /^onnxruntime-web\b/.test(r.impl)) return 'onnxruntime';
  if (r.suite === 'attention' && /^tfjs-wasm\b/.test(r.impl)) return 'tfjs';
  if (r.suite === 'peak') return 'attention';  // the ceilings are measured by the attention suite
  return r.suite;
}

/** What a run with these arguments measures (mirrors bench/run.mjs's conditions). */
export function runPlan({ only, quick = false, nodeOnly = false, chromiumOnly = false, sizes } = {}) {
  const groups = new Set(only ? only.flatMap((o) => ONLY_ALIASES[o] ?? [o]) : GROUPS);
  const runtimes = new Set();
  if (!chromiumOnly) runtimes.add('node');
  if (!chromiumOnly && !quick) runtimes.add('native');  // train and train-browser's reference
  if (!nodeOnly && (!only || only.some((o) => o !== 'train'))) runtimes.add('chromium');
  return { groups, runtimes, sizes: sizes ?? null };
}

const SIZED = new Set(['attention', 'phases']);
const key = (r) => `${r.suite}\u0000${r.runtime}\u0000${r.shape}`;

export function mergeRecords(previous, fresh, plan) {
  const freshKeys = new Set(fresh.map(key));
  const replaced = (r) => {
    const group = groupOf(r);
    if (!plan.groups.has(group) || !plan.runtimes.has(r.runtime)) return false;
    if (plan.sizes && SIZED.has(group)) return freshKeys.has(key(r));
    return true;
  };
  return [...previous.filter((r) => !replaced(r)), ...fresh];
}
