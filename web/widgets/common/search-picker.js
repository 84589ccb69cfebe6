// The "Search made by segment" picker of the HMT widgets: which segment's memory
// search is drawn. Not a registry option: its choices depend on the result, and
// it is hidden while the result has none (a condition without a search).
//   setup: (w) => searchPicker(w)    installs the control; returns the setup hooks
//   w.pickSearch(choices [{ segment, label }], fallback) → the segment to draw
//     (the learner's pick while it is among the choices, else the fallback)
import { h } from '../../lib/dom.js';

export function searchPicker(w) {
  const id = `${w.id}-pick`;
  const pick = h('select', { id });
  const control = h('div', { class: 'control search-pick' }, h('label', { for: id }, 'Search made by segment'), pick);
  control.hidden = true; // until a result has searches to choose from
  w.frame.controls.append(control);
  let shown = null;
  pick.addEventListener('change', () => {
    shown = Number(pick.value);
    w.redraw();
    w.ctx.announce?.(`Showing the search of segment ${shown}.`);
  });
  w.pickSearch = (choices, fallback) => {
    pick.replaceChildren(...choices.map((c) => h('option', { value: String(c.segment) }, c.label)));
    control.hidden = choices.length === 0; // no empty menu where nothing searches
    const segment = choices.some((c) => c.segment === shown) ? shown : fallback;
    pick.value = String(segment);
    return segment;
  };
  return { onChange() { shown = null; } };
}
