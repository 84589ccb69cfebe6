// Compute on change: a widget whose picture is a function of its settings,
// recomputed by the core every time a setting changes. Only the latest
// computation is shown: one that finishes after a newer one started is
// dropped, and so is everything that arrives after destroy().
//
//   const live = liveCompute(frame, ctx, {
//     settings: () => o,                        the current settings
//     check(o) → problem text | null,           optional: a problem is shown as an error status
//                                               and nothing is computed
//     busy: status text,                         optional: shown while the core works
//     cache: { results: Map, keyOf(o) → key },  optional: results kept by settings for the life of
//                                               the page (module level, shared by every mount)
//     run(o) → result | Promise<result>,        the computation (a core call or job)
//     show(result, o) → { status, result, announcement },
//                                               draws a new result and says what goes to the status
//                                               line, to ctx.setResult, and (after a learner's
//                                               change) to the live region
//   });
//   live.compute({ announce }) → Promise   (re)computes for the current settings; announce: true
//                                          (a learner changed a control) announces the next result shown
//   live.destroy()                         drops whatever arrives later
// A failure shows "The core refused: <message>" as an error status, unless a
// newer computation has started.
export function liveCompute(frame, ctx, { settings, check, busy, cache, run, show }) {
  let seq = 0;
  let destroyed = false;
  let announceNext = false;

  async function compute({ announce = false } = {}) {
    if (announce) announceNext = true;
    const my = ++seq;
    const o = settings();
    const problem = check?.(o);
    if (problem) {
      frame.setStatus(problem, true);
      return;
    }
    try {
      if (busy) frame.setStatus(busy);
      const key = cache?.keyOf(o);
      const r = cache?.results.get(key) ?? await run(o);
      cache?.results.set(key, r);
      if (my !== seq || destroyed) return;
      const shown = show(r, o);
      frame.setStatus(shown.status);
      ctx.setResult?.(shown.result);
      if (announceNext) ctx.announce?.(shown.announcement);
      announceNext = false;
    } catch (err) {
      if (my === seq && !destroyed) frame.setStatus(`The core refused: ${err.message}`, true);
    }
  }

  return {
    compute,
    destroy() {
      destroyed = true;
    },
  };
}
