// The "Search made by segment" picker of the HMT widgets: which segment's memory
// search is drawn. Not a registry option: its choices depend on the result.
//   setup: (w) => searchPicker(w)    installs the control; returns the setup hooks
//   w.pickSearch(choices [{ segment, label }], fallback) → the segment to draw
//     (the learner's pick while it is among the choices, else the fallback)
import { h } from '../../lib/dom.js';

export function searchPicker(w) {
  const id = `${w.id}-pick`;
  const pick = h('select', { id });
  w.frame.controls.append(h('div', { class: 'control' }, h('label', { for: id }, 'Search made by segment'), pick));
  let shown = null;
  pick.addEventListener('change', () => {
    shown = Number(pick.value);
    w.redraw();
    w.ctx.announce?.(`Showing the search of segment ${shown}.`);
  });
  w.pickSearch = (choices, fallback) => {
    pick.replaceChildren(...choices.map((c) => h('option', { value: String(c.segment) }, c.label)));
    pick.disabled = choices.length === 0;
    const segment = choices.some((c) => c.segment === shown) ? shown : fallback;
    pick.value = String(segment);
    return segment;
  };
  return { onChange() { shown = null; } };
}
