// Tiny DOM helpers: h('p', { class: 'x', on: { click } }, 'text', child) and
// svg('rect', { x: 1 }) for SVG elements, uid(prefix), show(el, on).
const SVG_NS = 'http://www.w3.org/2000/svg';

function apply(el, attrs, children) {
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'on') for (const [ev, fn] of Object.entries(v)) el.addEventListener(ev, fn);
    else if (k === 'html') el.innerHTML = v;
    else if (k === 'text') el.textContent = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'class' && Array.isArray(v)) el.setAttribute('class', v.filter(Boolean).join(' '));
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function h(tag, attrs, ...children) {
  return apply(document.createElement(tag), attrs, children);
}

export function svg(tag, attrs, ...children) {
  return apply(document.createElementNS(SVG_NS, tag), attrs, children);
}

let counter = 0;
/** A document-unique id with a readable prefix. */
export function uid(prefix = 'id') {
  counter += 1;
  return `${prefix}-${counter}`;
}

/** Shows or hides an element (the hidden attribute alone loses to `button { display: … }`). */
export function show(el, on) {
  el.hidden = !on;
  el.style.display = on ? '' : 'none';
}
