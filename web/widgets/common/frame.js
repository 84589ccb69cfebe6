// The frame every widget shares: a titled <figure>, a form for its controls,
// the picture, a "Show as table" toggle with the table view, a status line.
//   widgetFrame(el, { title, uid }) → { figure, controls, toolbar, view, table, status,
//                                       showTable (bool getter), onToggle(fn), setStatus(text, isError) }
import { h } from '../../lib/dom.js';
import { watchScroll } from '../../lib/scroll-box.js';
import { readable } from '../../lib/format.js';

export function widgetFrame(el, { title, uid }) {
  const titleId = `${uid}-title`;
  const controls = h('form', { class: 'widget-controls', 'aria-label': `${title} settings` });
  const toggle = h('button', { type: 'button', class: 'table-toggle', 'aria-pressed': 'false' }, 'Show as table');
  const toolbar = h('div', { class: 'widget-toolbar' }, toggle);
  const view = h('div', { class: 'widget-view' });
  const table = watchScroll(h('div', { class: 'widget-table', hidden: true }), `${title} as a table, scrolls sideways`);
  const status = h('p', { class: 'widget-status' });
  const figure = h('figure', { class: 'widget', 'aria-labelledby': titleId },
    h('figcaption', { class: 'widget-title', id: titleId }, title),
    controls, toolbar, view, table, status);
  el.replaceChildren(figure);
  let tableMode = false;
  const listeners = [];
  toggle.addEventListener('click', () => {
    tableMode = !tableMode;
    toggle.setAttribute('aria-pressed', String(tableMode));
    view.hidden = tableMode;
    table.hidden = !tableMode;
    listeners.forEach((fn) => fn(tableMode));
  });
  return {
    figure, controls, toolbar, view, table, status, toggle,
    get showTable() { return tableMode; },
    onToggle(fn) { listeners.push(fn); },
    setStatus(text, isError = false) {
      status.textContent = readable(text);
      status.classList.toggle('error', isError);
      if (isError) status.setAttribute('role', 'alert');
      else status.removeAttribute('role');
    },
  };
}
