// The phone check, run in the page (page.evaluate(phoneProblems, minPx)):
//   text drawn smaller than minPx CSS pixels at 1× zoom (HTML text, and SVG
//   <text> scaled by its SVG's size on screen), and elements wider than the
//   viewport that do not sit inside a box that scrolls on its own.
// → [{ kind: 'small-text' | 'too-wide' | 'page-scrolls', where, detail }]
export function phoneProblems(minPx) {
  const vw = document.documentElement.clientWidth;
  const out = [];
  const describe = (el) => {
    const host = el.closest('[data-widget], [data-exercise], .math-block, .prose, header, footer, nav');
    const tag = el.tagName.toLowerCase();
    const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
    const owner = host ? (host.dataset.widget ? `widget ${host.dataset.widget}` : host.dataset.exercise ? `exercise ${host.dataset.exercise}` : host.className || host.tagName.toLowerCase()) : 'page';
    return `${owner}: ${tag}${cls}`;
  };
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return false;
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      const cs = getComputedStyle(e);
      if (cs.display === 'none' || cs.visibility === 'hidden') return false;
      if (e.hidden) return false;
      if (cs.position === 'absolute' && cs.clip && cs.clip !== 'auto') return false; // visually hidden
      if (e.classList?.contains('visually-hidden')) return false;
    }
    return true;
  };
  // Inside a box that scrolls (or clips) within the viewport: wide content there is not the page's problem.
  const scrollsItself = (el) => {
    for (let e = el.parentElement; e; e = e.parentElement) {
      const cs = getComputedStyle(e);
      if (cs.overflowX !== 'visible' && e.getBoundingClientRect().right <= vw + 1) return true;
    }
    return false;
  };
  const seen = new Set();
  // HTML text: every element that directly holds visible text.
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!n.textContent.replace(/[\u200b\s]/g, '')) continue; // zero-width spacers (KaTeX) are not text
    const el = n.parentElement;
    if (!el || seen.has(el) || el.closest('svg, script, style, noscript, .katex-mathml')) continue;
    seen.add(el);
    if (!visible(el)) continue;
    const px = parseFloat(getComputedStyle(el).fontSize);
    if (px < minPx) out.push({ kind: 'small-text', where: describe(el), detail: `${px.toFixed(1)} px: “${n.textContent.trim().slice(0, 30)}”` });
  }
  // SVG text, as drawn: font size × the SVG's scale on screen.
  for (const t of document.querySelectorAll('svg text')) {
    if (!t.textContent.trim() || !visible(t)) continue;
    const m = t.getScreenCTM();
    const scale = m ? Math.hypot(m.a, m.b) : 1;
    const px = parseFloat(getComputedStyle(t).fontSize) * scale;
    if (px < minPx) out.push({ kind: 'small-text', where: describe(t), detail: `${px.toFixed(1)} px: “${t.textContent.trim().slice(0, 30)}”` });
  }
  // Elements wider than the viewport, or reaching past its right edge, outside a scrolling box.
  for (const el of document.querySelectorAll('main *')) {
    if (el.closest('.katex-mathml')) continue; // MathML for screen readers, drawn 1 px wide
    const r = el.getBoundingClientRect();
    if (r.width === 0 || (r.right <= vw + 1 && r.left >= -1)) continue;
    if (!visible(el) || scrollsItself(el)) continue;
    out.push({ kind: 'too-wide', where: describe(el), detail: `${Math.round(r.left)}…${Math.round(r.right)} px of ${vw}` });
  }
  if (document.documentElement.scrollWidth > vw + 1) out.push({ kind: 'page-scrolls', where: 'page', detail: `${document.documentElement.scrollWidth} px wide, viewport ${vw}` });
  // One line per place and kind is enough to act on.
  const unique = new Map();
  for (const p of out) {
    const key = `${p.kind} ${p.where}`;
    if (!unique.has(key)) unique.set(key, { ...p, count: 0 });
    unique.get(key).count += 1;
  }
  return [...unique.values()];
}
