// Bytes as the segment widgets print them.

/** A byte as one visible character: printable ASCII as itself, space as ␣, others as two hex digits. */
export function glyph(b) {
  if (b === 32) return '␣';
  if (b > 32 && b < 127) return String.fromCharCode(b);
  return b.toString(16).padStart(2, '0');
}
