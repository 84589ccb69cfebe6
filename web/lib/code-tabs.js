// The same code in two languages as ARIA tabs (WAI-ARIA Authoring Practices,
// "Tabs with automatic activation"): a tablist of buttons, one tabpanel each;
// ArrowLeft/ArrowRight/Home/End move between tabs, only the selected tab is in
// the Tab order, and each panel says whether its code is the one that runs.
//   codeTabs({ tabs: [{ lang, label, runs, caption, html } | { lang, …, text, codeAttrs }] })
// Lessons get their tabs from ':::code-tabs' (html compiled at build time);
// a widget may pass plain text (e.g. source quoted at build time).
import { h, uid } from './dom.js';
import { watchScroll } from './scroll-box.js';

/** The languages shown side by side, and which one the course runs. */
export const CODE_TABS = {
  cpp: { label: 'C++ (the core)', runs: true, caption: 'This is the code that runs: the core, compiled to WebAssembly, computes every number on these pages.' },
  python: { label: 'PyTorch-style', runs: false, caption: 'The same computation in PyTorch style, written for this course to be read beside the C++. It does not run here.' },
};

const codeOf = (tab) => (tab.html !== undefined
  ? h('div', { class: 'code-tab-code', html: tab.html })
  : h('div', { class: 'code-tab-code' }, h('pre', {}, h('code', { class: `language-${tab.lang}`, ...(tab.codeAttrs ?? {}) }, tab.text))));

export function codeTabs(block) {
  const base = uid('code-tabs');
  const buttons = [];
  const panels = [];
  const select = (index, focus) => {
    buttons.forEach((b, i) => {
      const on = i === index;
      b.setAttribute('aria-selected', String(on));
      b.tabIndex = on ? 0 : -1;
      panels[i].hidden = !on;
    });
    if (focus) buttons[index].focus();
  };
  block.tabs.forEach((tab, i) => {
    const tabId = `${base}-tab-${i}`;
    const panelId = `${base}-panel-${i}`;
    buttons.push(h('button', {
      type: 'button', role: 'tab', id: tabId, 'aria-controls': panelId, class: 'code-tab',
      dataset: { lang: tab.lang, runs: String(tab.runs) },
      on: { click: () => select(i, false) },
    }, tab.label, tab.runs ? h('span', { class: 'code-tab-runs' }, ' · runs') : null));
    panels.push(h('div', { role: 'tabpanel', id: panelId, 'aria-labelledby': tabId, class: 'code-tab-panel', tabindex: '0', dataset: { lang: tab.lang } },
      h('p', { class: 'code-tab-caption' }, tab.caption),
      watchScroll(codeOf(tab), 'Code, scrolls sideways')));
  });
  const list = h('div', { role: 'tablist', 'aria-label': 'Show the code as', class: 'code-tablist' }, buttons);
  list.addEventListener('keydown', (e) => {
    const at = buttons.indexOf(document.activeElement);
    if (at < 0) return;
    const last = buttons.length - 1;
    const to = { ArrowRight: at === last ? 0 : at + 1, ArrowLeft: at === 0 ? last : at - 1, Home: 0, End: last }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    e.stopPropagation(); // the arrows move tabs here, not panes
    select(to, true);
  });
  select(Math.max(0, block.tabs.findIndex((t) => t.runs)), false);
  return h('div', { class: 'code-tabs' }, list, panels);
}
