// cache-size-experiment: the cheat sheet's exercise 3, N = 300 against N = 1000,
// measured on the stream-race widget (the paper never tested N = 1000).
//
// The measured quantity is the widget's reach probe (compute/reach-probe.js): the race text of `tokens`
// bytes (a planted passage in segment 0, unrelated filler, the passage repeated
// at the end) streamed through HMT with the untrained bag-of-words encoder,
// segment length L and cache size N. After the last segment:
//   oldest = the oldest segment whose memory is still in the cache
//   weight = the retrieval weight the last segment gives the memory of segment 0
//            (0 when that memory has left the cache)
// Computed in the core worker by the job 'cache-probe' (compute/reach-probe.js).

export const CACHE_DEFAULTS = Object.freeze({ tokens: 100000, segment: 256, small: 300, large: 1000 });

export default {
  name: 'cache-size',
  kind: 'experiment',
  fields: () => [
    { key: 'oldest300', label: 'N = 300: the oldest segment still in the cache', units: '', tolerance: { atol: 0, rtol: 0 } },
    { key: 'weight1000', label: 'N = 1000: the retrieval weight on the planted passage (segment 0)', units: '', tolerance: { atol: 0.005, rtol: 0 } },
  ],
  /**
   * Recomputes both runs in the core worker with the exercise's settings
   * (params). widgetState: the stream-race widget's { options, result }; when
   * its tokens or segment length differ from the exercise's, the note says so.
   */
  async measure(core, { params = {}, widgetState = null } = {}) {
    const o = { ...CACHE_DEFAULTS, ...(params ?? {}) };
    const small = await core.run('cache-probe', { tokens: o.tokens, segment: o.segment, cache: o.small });
    const large = await core.run('cache-probe', { tokens: o.tokens, segment: o.segment, cache: o.large });
    const w = { ...(widgetState?.options ?? {}) };
    const off = [];
    if (Number.isInteger(w.tokens) && w.tokens !== o.tokens) off.push(`tokens ${w.tokens.toLocaleString('en')}`);
    if (Number.isInteger(w.segment) && w.segment !== o.segment) off.push(`L = ${w.segment}`);
    const setTo = off.length ? ` — the widget is set to ${off.join(' and ')}; set it to ${o.tokens.toLocaleString('en')} tokens and L = ${o.segment}` : '';
    return {
      values: { oldest300: small.oldest, weight1000: large.weight },
      note: `recomputed for ${o.tokens.toLocaleString('en')} tokens, L = ${o.segment}, N = ${o.small} and N = ${o.large}${setTo}`,
    };
  },
};
