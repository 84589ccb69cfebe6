// Tensors as the core returns them, { shape: [rows, cols], data: Float32Array }, as plain rows.
/** Rows of a { shape: [r, c], data } tensor as arrays. */
export function rowsOf({ shape: [r, c], data }) {
  return Array.from({ length: r }, (_, i) => Array.from(data.subarray(i * c, (i + 1) * c)));
}

/** Columns [c0, c0 + w) of a [rows, cols] tensor as number[][] (a head's slice). */
export function sliceRows({ shape: [rows, cols], data }, c0, w) {
  return Array.from({ length: rows }, (_, i) => Array.from(data.subarray(i * cols + c0, i * cols + c0 + w)));
}

/** Rows of a tensor as views into its data (no copy): for stacking rows again. */
export function rowViews({ shape: [r, c], data }) {
  return Array.from({ length: r }, (_, i) => data.subarray(i * c, (i + 1) * c));
}
