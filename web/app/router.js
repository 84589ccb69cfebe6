// Hash routes: any view is a shareable link.
//   #/                                  the course map
//   #/glossary  #/glossary/<term>        the glossary, scrolled to a term
//   #/<lesson>/<pane>?<widget settings>  a pane (numbered from 1) with widget state
//   e.g. #/self-attention/6?attention-heatmap.causal=true
// Hashes that do not start with '#/' (in-page anchors) are not routes.

/** decodeURIComponent that never throws: a malformed escape ("%E0%A4%A") stays as typed. */
function decodePart(part) {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** → { view: 'map' } | { view: 'glossary', term } | { view: 'lesson', lesson, pane, query } | null (not a route) */
export function parseHash(hash) {
  const h = hash.startsWith('#') ? hash.slice(1) : hash;
  if (h === '' || h === '/') return { view: 'map' };
  if (!h.startsWith('/')) return null;
  const q = h.indexOf('?');
  const pathPart = q < 0 ? h : h.slice(0, q);
  const query = new URLSearchParams(q < 0 ? '' : h.slice(q + 1));
  const parts = pathPart.split('/').filter(Boolean).map(decodePart);
  if (parts.length === 0) return { view: 'map' };
  if (parts[0] === 'glossary') return { view: 'glossary', term: parts[1] ?? null };
  const pane = parts[1] === undefined ? 1 : Number(parts[1]);
  return { view: 'lesson', lesson: parts[0], pane: Number.isInteger(pane) ? pane : NaN, query };
}

export function lessonHash(lesson, pane, query) {
  const qs = query && [...query.keys()].length ? `?${query.toString()}` : '';
  return `#/${encodeURIComponent(lesson)}/${pane}${qs}`;
}
