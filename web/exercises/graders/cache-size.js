// cache-size-experiment: the cheat sheet's exercise 3 ("N = 1000 vs 300 — impact
// on perplexity?"), which the paper never measured, made into a measurement the
// learner runs on this course's trained HMT (widget memory-sweep) and the
// grader repeats.
//
// The measured quantity: passkey digit accuracy at D = 8 (the fact's memory is
// D + 1 = 9 segments back) for cache sizes N = 8, 16 and 64, over `docs`
// held-out documents with seeds seed … seed + docs − 1 — the learner's own
// sweep settings (the widget's "Documents per point" and "First document"),
// recomputed in the core worker by the job 'trained-sweep'. The same seeds give
// the same documents and the same answers, so the learner's three numbers must
// match to the three decimals they are asked for.

export const SWEEP_DEFAULTS = Object.freeze({ D: 8, docs: 40, seed: 5000, sizes: Object.freeze([8, 16, 64]) });
const TOL = Object.freeze({ atol: 0.0005, rtol: 0 });

const fieldKey = (N) => `acc${N}`;

export default {
  name: 'cache-size',
  kind: 'experiment',
  fields: () => SWEEP_DEFAULTS.sizes.map((N) => ({
    key: fieldKey(N),
    label: `N = ${N}: digit accuracy at D = ${SWEEP_DEFAULTS.D}`,
    units: '',
    tolerance: TOL,
  })),
  /**
   * Recomputes the three points with the learner's sweep settings.
   * widgetState: the memory-sweep widget's { options, result }; without it, the
   * widget's defaults (40 documents from seed 5000).
   */
  async measure(core, { widgetState = null } = {}) {
    const w = widgetState?.options ?? {};
    const docs = Number.isInteger(w.docs) ? w.docs : SWEEP_DEFAULTS.docs;
    const seed = Number.isInteger(w.seed) ? w.seed : SWEEP_DEFAULTS.seed;
    const { points } = await core.run('trained-sweep', {
      axis: 'N', values: [...SWEEP_DEFAULTS.sizes], D: SWEEP_DEFAULTS.D, docs, seed,
    });
    const values = {};
    for (const p of points) values[fieldKey(p.x)] = p.chars ? p.correct / p.chars : NaN;
    const axisNote = w.axis === 'D' ? ' (the widget is set to sweep D: switch it to N)' : '';
    return {
      values,
      note: `re-measured by the grader on your settings: ${docs} documents per point from seed ${seed}, D = ${SWEEP_DEFAULTS.D}${axisNote}`,
    };
  },
};
