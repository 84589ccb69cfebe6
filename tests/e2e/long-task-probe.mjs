// A long-task probe for the browser tests: a 16 ms interval in the page notes
// how long the main thread went without running it. A gap far above 16 ms is
// the page blocked (a long task): a learner's click or keystroke would wait
// that long.
//   await context.addInitScript({ content: LONG_TASK_PROBE });   (before the page's scripts)
//   await resetGaps(page);  …drive the page…  const { max, at } = await longestGap(page);
export const LONG_TASK_PROBE = `(() => {
  const probe = { max: 0, at: 0, last: performance.now() };
  setInterval(() => {
    const now = performance.now();
    const gap = now - probe.last;
    if (gap > probe.max) { probe.max = gap; probe.at = now; }
    probe.last = now;
  }, 16);
  Object.defineProperty(window, '__longTasks', { value: probe });
})();`;

/** Starts a new measuring window (the longest gap so far is forgotten). */
export function resetGaps(page) {
  return page.evaluate(() => { const p = window.__longTasks; p.max = 0; p.at = 0; p.last = performance.now(); });
}

/** The longest gap since the last reset, in ms, the gap still open included → { max, at }. */
export function longestGap(page) {
  return page.evaluate(() => {
    const p = window.__longTasks;
    return { max: Math.max(p.max, performance.now() - p.last), at: p.at };
  });
}
