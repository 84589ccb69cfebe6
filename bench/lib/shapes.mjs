// The attention shapes every suite measures, their names and FLOP counts, and
// the inputs drawn for them: shared by our suite (suites/attention.mjs) and the
// peers (lib/peers.mjs, suites/peers-*.mjs), which therefore import this file
// rather than each other.
export const SINGLE_HEAD_SHAPES = [256, 1024, 4096].map((n) => ({ n, d: 64, heads: 1 }));
export const SHAPES = [
  ...SINGLE_HEAD_SHAPES,
  { n: 512, d: 256, heads: 4 },
  { n: 1000, d: 48, heads: 1 },
  { n: 77, d: 64, heads: 1 },
];
export const LONG_SHAPE = { n: 16384, d: 64, heads: 1 };

export const shapeName = ({ n, d, heads }) => (heads > 1 ? `n=${n} d_model=${d} h=${heads}` : `n=${n} d=${d}`);
export const attentionFlops = ({ n, d }) => 4 * n * n * d;

/** Q, K, V for a shape from fixed seeds (identical in every runtime). */
export function inputs(core, { n, d }) {
  return { Q: core.randn(101, n, d), K: core.randn(102, n, d), V: core.randn(103, n, d) };
}
