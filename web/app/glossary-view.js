// The glossary page (#/glossary, #/glossary/<term>): every symbol and term of
// the course with its meaning, its shape and the lesson that introduces it.
// The entries come from lessons/glossary.yaml, compiled (KaTeX included) at
// build time. Linked from the site header, so it is one step from every pane.
import { h } from '../lib/dom.js';
import { lessonHash } from './router.js';
import { watchScroll } from '../lib/scroll-box.js';

export function renderGlossary(container, course, term, { initial = false } = {}) {
  const lessons = new Map(course.lessons.map((l) => [l.id, l]));
  const rows = (course.glossary ?? []).map((e) => {
    const lesson = lessons.get(e.lesson);
    return h('tr', { id: `term-${e.id}`, tabindex: '-1', class: e.id === term ? 'current' : null },
      h('td', { class: 'glossary-symbol', html: e.symbolHtml || '' }),
      h('th', { scope: 'row' }, e.term),
      h('td', { html: e.meaningHtml }),
      h('td', { html: e.shapeHtml || '—' }),
      h('td', {}, lesson ? h('a', { href: lessonHash(lesson.id, 1) }, `${lesson.order}. ${lesson.title}`) : e.lesson));
  });
  container.replaceChildren(h('article', { class: 'glossary', 'aria-labelledby': 'glossary-title' },
    h('h1', { id: 'glossary-title', tabindex: '-1' }, 'Glossary'),
    h('p', { class: 'lede' },
      'One symbol per meaning, across the lessons, the exercises and the widgets. ',
      'Positions, rows, heads and segments are counted from 0, and a range [a, b) holds a, a+1, …, b−1, as in Python.'),
    watchScroll(h('div', { class: 'table-scroll' },
      h('table', { class: 'glossary-table' },
        h('caption', { class: 'visually-hidden' }, 'Symbols and terms: meaning, shape, and the lesson that introduces each'),
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, 'Symbol'), h('th', { scope: 'col' }, 'Term'), h('th', { scope: 'col' }, 'Meaning'),
          h('th', { scope: 'col' }, 'Shape'), h('th', { scope: 'col' }, 'Introduced in'))),
        h('tbody', {}, rows))), 'Glossary table, scrolls sideways')));
  document.title = 'Glossary — Long Memory Lab';
  const target = term ? container.querySelector(`#term-${CSS.escape(term)}`) : null;
  if (target) {
    target.scrollIntoView({ block: 'center' });
    target.focus({ preventScroll: true });
  } else if (!initial) {
    container.querySelector('#glossary-title').focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }
}
