// A box that scrolls sideways on its own when its content is wider than the
// page (matrices, display math, wide tables), with a visible cue: shaded
// edges where more content hides, and a “scroll sideways” note. While it
// overflows it is focusable (arrow keys scroll it) and named for screen readers.
//   scrollBox(child, label) → <div class="scroll-box">
//   watchScroll(el, label)  makes an existing element behave the same way
import { h } from './dom.js';

// Changes are made in the next frame, never inside the observer's callback: changing
// the page there (even focusability, in WebKit) starts another round of notifications
// ("ResizeObserver loop completed with undelivered notifications", an error event).
const observer = typeof ResizeObserver === 'function'
  ? new ResizeObserver((entries) => {
    // a resized child stands for its box (both are observed)
    const targets = [...new Set(entries.map((e) => (e.target.classList.contains('scroll-box') ? e.target : e.target.parentElement)))]
      .filter((el) => el?.classList.contains('scroll-box'));
    requestAnimationFrame(() => targets.forEach(update));
  })
  : null;

function update(el) {
  const overflows = el.scrollWidth > el.clientWidth;
  if (overflows === (el.dataset.overflows === 'true')) return;
  el.dataset.overflows = String(overflows);
  if (overflows) {
    el.setAttribute('tabindex', '0');
    el.setAttribute('role', 'region');
    el.setAttribute('aria-label', el.dataset.scrollLabel || 'Wide content, scrolls sideways');
  } else {
    el.removeAttribute('tabindex');
    el.removeAttribute('role');
    el.removeAttribute('aria-label');
  }
}

export function watchScroll(el, label = '') {
  el.classList.add('scroll-box');
  if (label) el.dataset.scrollLabel = label;
  observer?.observe(el);
  for (const child of el.children) observer?.observe(child);
  return el;
}

export function scrollBox(child, label = '') {
  return watchScroll(h('div', { class: 'matrix-scroll' }, child), label);
}
