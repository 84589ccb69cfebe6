// Colour scales for matrices. Colour is never the only channel: every cell
// also prints its number. The text colour is picked for contrast with the fill.

// Sequential (0 → 1): light to dark blue.
const BLUES = [[247, 251, 255], [198, 219, 239], [107, 174, 214], [33, 113, 181], [8, 48, 107]];
// Diverging (−1 → 0 → 1): blue, near-white, red.
const DIVERGING = [[33, 102, 172], [146, 197, 222], [247, 247, 247], [244, 165, 130], [178, 24, 43]];

function interpolate(stops, t) {
  const x = Math.min(Math.max(t, 0), 1) * (stops.length - 1);
  const i = Math.min(Math.floor(x), stops.length - 2);
  const f = x - i;
  return stops[i].map((a, k) => Math.round(a + (stops[i + 1][k] - a) * f));
}

const hex = (rgb) => `#${rgb.map((v) => v.toString(16).padStart(2, '0')).join('')}`;

function luminance([r, g, b]) {
  const lin = (v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** → { fill, text } for a value; kind 'weights' (0..1) or 'diverging' (|v| ≤ max). */
export function cellColour(v, kind, max = 1) {
  if (!Number.isFinite(v)) return { fill: '#8c959f', text: '#000000' };
  const rgb = kind === 'weights' ? interpolate(BLUES, v) : interpolate(DIVERGING, max > 0 ? 0.5 + v / (2 * max) : 0.5);
  return { fill: hex(rgb), text: luminance(rgb) > 0.179 ? '#000000' : '#ffffff' };
}

/** The colour ramp of a kind as CSS colours, low to high (for legends): 'weights' 0 → 1, 'diverging' −max → +max. */
export function rampStops(kind) {
  return (kind === 'weights' ? BLUES : DIVERGING).map(hex);
}
