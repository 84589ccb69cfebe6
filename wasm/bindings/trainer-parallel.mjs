// One training step over several trainer instances — the training lab's
// workers, or module instances in node — with the same bits whatever their
// number. A step's documents run in groups (Trainer::plan / run_group /
// finish); each instance runs some of the groups and the coordinator adds the
// groups' gradients in group order (trainerFinish), so W workers give exactly
// the weights of one. Nothing is shared: the parameters go out as a copy (a
// structured clone), each group's gradient comes back in an ArrayBuffer that
// is transferred, not copied; no SharedArrayBuffer, so the page needs no
// cross-origin isolation.
//
//   shareGroups(groups, W) → [[group, …] per instance]   instance 0 (the coordinator) first
//   parallelStep(t, state, helpers, { abandoned }) → the step's report
//       t: the coordinator's trainer (wrapTrainer); state: its last report, or create()'s /
//       restore()'s info (step and curriculum levels); helpers: handles with run(request);
//       abandoned(): true once the result is no longer wanted (→ null, nothing applied)
//   runShare(t, { params, step, levels, groups }) → [{ group, grad, stats }]   a helper's part
//   serveHelper(port, trainer)   a helper answers the coordinator on a MessagePort
//   portHelper(port) → { create(config), run(request), close() }   the coordinator's handle on it
//
// Messages on a helper's port (each request has an id; the reply names it):
//   coordinator → helper  { id, type: 'create', config }   { id, type: 'run', params, step, levels, groups }
//   helper → coordinator  { id, value }   { id, error }

/** Groups 0 … groups − 1 dealt round-robin to W instances: instance w gets w, w + W, … */
export function shareGroups(groups, workers) {
  const W = Math.max(1, Math.min(workers, groups));
  const share = Array.from({ length: W }, () => []);
  for (let g = 0; g < groups; g++) share[g % W].push(g);
  return share;
}

/** A helper's part of a step: sync to the coordinator's state, run the groups it was given. */
export function runShare(t, { params, step, levels, groups }) {
  t.sync(params, step, levels);
  return groups.map((group) => ({ group, ...t.runGroup(group) }));
}

/**
 * One step: the coordinator's share runs here while the helpers run theirs;
 * then every group's result, in group order, goes to finish (AdamW, curriculum).
 */
export async function parallelStep(t, state, helpers, { abandoned = () => false } = {}) {
  if (helpers.length === 0) return t.step();
  const share = shareGroups(state.groups, helpers.length + 1);
  const request = { params: t.params(), step: state.step, levels: state.tasks.map((x) => x.level) };
  const pending = share.slice(1).map((groups, i) => helpers[i].run({ ...request, groups }));
  const results = new Array(state.groups);
  for (const g of share[0]) results[g] = t.runGroup(g);
  for (const part of await Promise.all(pending)) for (const r of part) results[r.group] = r;
  if (abandoned()) return null;
  return t.finish(results);
}

const transferOf = (results) => results.flatMap((r) => [r.grad.buffer, r.stats.buffer]);

/** The helper side: answers 'create' and 'run' requests on port with trainer (a promise of wrapTrainer). */
export function serveHelper(port, trainer) {
  port.onmessage = async ({ data: msg }) => {
    try {
      const t = await trainer;
      if (msg.type === 'create') {
        t.create(msg.config);  // the parameters come with every step, so where they start does not matter
        port.postMessage({ id: msg.id, value: true });
      } else if (msg.type === 'run') {
        const results = runShare(t, msg);
        port.postMessage({ id: msg.id, value: results }, transferOf(results));
      } else {
        throw new Error(`unknown request '${msg.type}'`);
      }
    } catch (err) {
      port.postMessage({ id: msg.id, error: err?.message ?? String(err) });
    }
  };
}

/** The coordinator's handle on a helper at the other end of port. */
export function portHelper(port) {
  let next = 0;
  const pending = new Map();
  port.onmessage = ({ data }) => {
    const p = pending.get(data.id);
    if (!p) return;
    pending.delete(data.id);
    if (data.error !== undefined) p.reject(new Error(`a helper worker failed: ${data.error}`));
    else p.resolve(data.value);
  };
  const ask = (msg) => new Promise((resolve, reject) => {
    const id = next++;
    pending.set(id, { resolve, reject });
    port.postMessage({ ...msg, id });
  });
  return {
    create: (config) => ask({ type: 'create', config }),
    run: (request) => ask({ type: 'run', ...request }),
    close() {
      port.onmessage = null;
      port.close();
      for (const p of pending.values()) p.reject(new Error('the helper worker was stopped'));
      pending.clear();
    },
  };
}
