// C++ source text, as the course quotes it.

/**
 * The text of one C++ function, cut from a source file: from the line that
 * declares it to the closing brace at the start of a line.
 * → the exact lines of the file, or '' when the function is not found.
 */
export function cppFunction(source, name) {
  const lines = source.split('\n');
  const start = lines.findIndex((l) => new RegExp(`^\\S.*\\b${name}\\(`).test(l));
  if (start < 0) return '';
  const end = lines.findIndex((l, i) => i > start && l === '}');
  return end < 0 ? '' : lines.slice(start, end + 1).join('\n');
}
