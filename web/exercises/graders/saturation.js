// saturation-experiment: how much an unscaled softmax saturates at d_k = 64.
//
// The measured quantity (the scaling-plot widget shows the same):
//   K = randn(seed, keys, d_k)          one set of keys      [keys, d_k]
//   Q = randn(seed + 1, queries, d_k)   the queries          [queries, d_k]
//   W = softmax(Q·Kᵀ·scale)             scale = 1 (unscaled) or 1/√d_k (scaled)
//   saturation = mean over the rows of W of the row's largest weight
// With 8 keys, 0.125 is an even spread and 1 a one-hot choice. Defaults: seed 42,
// d_k = 64, 8 keys, 2000 queries. Computed by the core (randn, attention).

import { meanRowMax } from '../../compute/scaling.js';

export const SATURATION_DEFAULTS = Object.freeze({ seed: 42, dk: 64, keys: 8, queries: 2000 });

/** { unscaled, scaled } mean largest softmax weight per query (see above). */
export async function saturation(core, options = {}) {
  const { seed, dk, keys, queries } = { ...SATURATION_DEFAULTS, ...options };
  const K = await core.call('randn', seed, keys, dk, 1);
  const Q = await core.call('randn', seed + 1, queries, dk, 1);
  const unscaled = await core.call('attention', Q, K, K, { scale: 1 });
  const scaled = await core.call('attention', Q, K, K, {});
  return { unscaled: meanRowMax(unscaled.weights), scaled: meanRowMax(scaled.weights) };
}

export default {
  name: 'saturation',
  kind: 'experiment',
  tolerance: { atol: 0.005, rtol: 0 },
  fields: () => [
    { key: 'unscaled', label: 'Mean largest weight without the scale (scale 1)', units: '' },
    { key: 'scaled', label: 'Mean largest weight with the scale 1/√d_k', units: '' },
  ],
  /**
   * widgetState: the scaling-plot's { options, result } from the lesson view, if
   * any; its seed and samples (= queries) are used so the learner's reading and
   * the recomputation agree. d_k and the number of keys stay the exercise's
   * (params: the values asked for are not the ones the widget starts with);
   * when the widget's keys differ, the note says so.
   */
  async measure(core, { params = {}, widgetState = null } = {}) {
    const opts = { ...SATURATION_DEFAULTS, ...(params ?? {}) };
    const w = { ...(widgetState?.options ?? {}), ...(widgetState?.result ?? {}) };
    if (Number.isInteger(w.seed)) opts.seed = w.seed;
    if (Number.isInteger(w.samples)) opts.queries = w.samples;
    const values = await saturation(core, opts);
    const setTo = Number.isInteger(w.keys) && w.keys !== opts.keys ? ` — the widget is set to ${w.keys} keys; set it to ${opts.keys}` : '';
    return { values, note: `recomputed with seed ${opts.seed}, d_k = ${opts.dk}, ${opts.keys} keys, ${opts.queries} queries${setTo}` };
  },
};
