// The lesson view: a lesson's header and pane list, the current pane, Prev/Next
// links (ArrowLeft/ArrowRight follow them) and the sources. Moving between
// panes of the same lesson replaces only the pane, so keyboard focus on
// Prev/Next stays where it was.
import { h } from '../lib/dom.js';
import { quoteInput } from '../lib/format.js';
import { lessonHash, parseHash } from './router.js';
import { renderBlocks } from './blocks.js';
import { widgetKeys, readWidgetState, refusedWidgetState, writeWidgetState } from './url-state.js';
import { recordVisit } from './visits.js';
import { announce } from './announce.js';
import { defaultOptions, widgetSpec } from '../widgets/registry.js';

const EDITABLE = 'input, textarea, select, [contenteditable=""], [contenteditable="true"], .cm-editor, '
  + '[role="slider"], [role="grid"], [role="listbox"], [role="tablist"], [role="radiogroup"], [data-own-arrows]';

export function createLessonView({ container, course, core }) {
  const lessons = course.lessons;
  let shell = null; // { lesson, el, paneEl, prev, next, steps, position }
  let current = null; // { lesson, pane, query, handles, states, token }

  const lessonById = (id) => lessons.find((l) => l.id === id);

  /** Where Prev/Next lead from a pane: a neighbouring pane or lesson, or the map. */
  function neighbours(lesson, pane) {
    const i = lessons.indexOf(lesson);
    const prevLesson = lessons[i - 1];
    const nextLesson = lessons[i + 1];
    const prev = pane > 1
      ? { href: lessonHash(lesson.id, pane - 1), label: 'Previous', detail: lesson.panes[pane - 2].title }
      : prevLesson
        ? { href: lessonHash(prevLesson.id, prevLesson.panes.length || 1), label: 'Previous lesson', detail: prevLesson.title }
        : { href: '#/', label: 'Course map', detail: '' };
    const next = pane < lesson.panes.length
      ? { href: lessonHash(lesson.id, pane + 1), label: 'Next', detail: lesson.panes[pane].title }
      : nextLesson
        ? { href: lessonHash(nextLesson.id, 1), label: 'Next lesson', detail: nextLesson.title }
        : { href: '#/', label: 'Course map', detail: '' };
    return { prev, next };
  }

  function buildShell(lesson) {
    const steps = h('ol', { class: 'pane-steps' },
      lesson.panes.map((p, i) => h('li', {},
        h('a', { href: lessonHash(lesson.id, i + 1), 'aria-label': `Pane ${i + 1}: ${p.title}`, title: p.title }, String(i + 1)))));
    const paneEl = h('section', { class: 'pane', 'aria-labelledby': 'pane-title' });
    const prev = h('a', { class: 'button pane-prev', rel: 'prev' });
    const next = h('a', { class: 'button pane-next', rel: 'next' });
    const position = h('span', { class: 'pane-position' });
    const sources = lesson.sources.length
      ? h('footer', { class: 'sources', 'aria-labelledby': 'sources-title' },
        h('h2', { id: 'sources-title' }, 'Sources'),
        h('ol', {}, lesson.sources.map((s) => h('li', { id: `source-${s.id}`, tabindex: '-1' }, s.text))))
      : null;
    const unit = course.units.find((u) => u.lessons.includes(lesson.id));
    const el = h('article', { class: 'lesson', 'aria-labelledby': 'lesson-title' },
      h('header', { class: 'lesson-header' },
        h('p', { class: 'crumbs' }, h('a', { href: '#/' }, 'Course map'), ' › ', unit?.name ?? lesson.unit),
        h('h1', { id: 'lesson-title', tabindex: '-1' }, `${lesson.order}. ${lesson.title}`),
        h('nav', { class: 'pane-steps-nav', 'aria-label': 'Panes of this lesson' }, steps)),
      paneEl,
      h('nav', { class: 'pane-nav', 'aria-label': 'Previous and next' }, prev, position, next),
      sources);
    container.replaceChildren(el);
    return { lesson, el, paneEl, prev, next, steps, position };
  }

  function destroyPane() {
    if (!current) return;
    current.token.cancelled = true;
    for (const handle of current.handles) {
      try {
        handle.destroy?.();
      } catch (err) {
        console.warn(err);
      }
    }
    current = null;
  }

  function objectives(lesson) {
    const prereq = lesson.prerequisites.map(lessonById).filter(Boolean);
    return h('div', { class: 'objectives' },
      h('h3', {}, 'In this lesson you will'),
      h('ul', {}, lesson.objectives.map((o) => h('li', { html: o }))),
      prereq.length
        ? h('p', { class: 'prerequisites' }, 'Builds on: ',
          prereq.flatMap((p, i) => [i ? ', ' : '', h('a', { href: lessonHash(p.id, 1) }, p.title)]))
        : null);
  }

  function renderPane(lesson, pane, query) {
    const p = lesson.panes[pane - 1];
    const state = { lesson, pane, query, handles: [], states: new Map(), token: { cancelled: false } };
    current = state;
    const keys = widgetKeys(p.blocks);

    const setHash = () => history.replaceState(history.state, '', lessonHash(lesson.id, pane, state.query));
    // Settings in the link that a widget refuses are named on the pane, dropped, and the URL rewritten.
    const refused = keys.flatMap((key, i) => refusedWidgetState(query, key, p.blocks.filter((b) => b.type === 'widget')[i].name)
      .map((r) => ({ ...r, key })));
    if (refused.length) {
      const next = new URLSearchParams();
      for (const [k, v] of query.entries()) if (!refused.some((r) => `${r.key}.${r.option}` === k)) next.append(k, v);
      state.query = next;
      setHash();
    }
    const widgetCtx = (block, index) => {
      const key = keys[index];
      const base = { ...defaultOptions(block.name), ...block.options };
      const options = { ...block.options, ...readWidgetState(query, key, block.name) };
      const entry = { name: block.name, key, base, values: { ...base, ...options }, result: null };
      state.states.set(key, entry);
      return {
        options,
        ctx: {
          core,
          key,
          controls: block.controls ?? null,  // the controls this use offers (lesson data), or all
          announce,
          setUrlState(values) {
            if (state !== current) return;
            entry.values = { ...entry.values, ...values };
            state.query = writeWidgetState(state.query, key, entry.values, base);
            setHash();
          },
          setResult(result) {
            entry.result = result;
          },
        },
      };
    };
    const exerciseCtx = {
      core,
      announce,
      lessonId: lesson.id,
      hasWidget: (name) => Boolean(widgetSpec(name)),
      getWidgetState(name) {
        const entry = [...state.states.values()].find((e) => e.name === name);
        return entry ? { options: { ...entry.values }, result: entry.result } : null;
      },
    };

    const heading = h('h2', { id: 'pane-title', tabindex: '-1', html: p.titleHtml });
    const body = h('div', { class: 'pane-body' });
    const urlNote = refused.length
      ? h('p', { class: 'note url-note', role: 'status' }, 'This link asked for settings the widgets cannot use, so they show their defaults instead: ',
        refused.map((r, i) => [i ? '; ' : '', h('code', {}, `${r.key}.${r.option}=${quoteInput(r.value)}`), ` (${r.error})`]), '. The address was corrected.')
      : '';
    shell.paneEl.replaceChildren(heading, pane === 1 ? objectives(lesson) : '', urlNote, body);
    renderBlocks(body, p.blocks, { course, widgetCtx, exerciseCtx }).then((handles) => {
      if (state.token.cancelled) handles.forEach((x) => x.destroy?.());
      else state.handles = handles;
    });
  }

  function updateNav(lesson, pane) {
    const { prev, next } = neighbours(lesson, pane);
    for (const [a, n] of [[shell.prev, prev], [shell.next, next]]) {
      a.href = n.href;
      a.replaceChildren(
        h('span', { class: 'nav-label' }, a === shell.prev ? `← ${n.label}` : `${n.label} →`),
        n.detail ? h('span', { class: 'nav-detail' }, n.detail) : '');
    }
    shell.position.textContent = `${pane} / ${lesson.panes.length}`;
    [...shell.steps.querySelectorAll('a')].forEach((a, i) => {
      if (i + 1 === pane) a.setAttribute('aria-current', 'step');
      else a.removeAttribute('aria-current');
    });
  }

  /** Shows a pane; returns false when the lesson does not exist. */
  function show(lessonId, paneNo, query, { initial = false } = {}) {
    const lesson = lessonById(lessonId);
    if (!lesson) return false;
    const total = lesson.panes.length;
    let pane = Number.isInteger(paneNo) ? paneNo : 1;
    if (total === 0) {
      destroyPane();
      container.replaceChildren(h('p', {}, 'This lesson has no panes yet.'));
      return true;
    }
    if (pane < 1 || pane > total) {
      pane = Math.min(Math.max(pane || 1, 1), total);
      history.replaceState(history.state, '', lessonHash(lesson.id, pane, query));
    }
    const sameLesson = shell?.lesson === lesson && container.contains(shell.el);
    destroyPane();
    if (!sameLesson) shell = buildShell(lesson);
    renderPane(lesson, pane, query);
    updateNav(lesson, pane);
    recordVisit(lesson.id, pane);
    const paneTitle = lesson.panes[pane - 1].title;
    document.title = `${paneTitle} — ${lesson.title} — Long Memory Lab`;
    if (!initial) {
      announce(`Pane ${pane} of ${total}: ${paneTitle}`);
      if (!sameLesson) {
        const title = shell.el.querySelector('#lesson-title');
        title?.focus({ preventScroll: true });
        title?.scrollIntoView({ block: 'start' });
      }
      else shell.paneEl.scrollIntoView({ block: 'nearest' });
    }
    return true;
  }

  function onKey(event) {
    if (!shell || !container.contains(shell.el)) return;
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const target = event.target instanceof Element ? event.target : null;
    if (target?.closest(EDITABLE)) return;
    event.preventDefault();
    // From the pane the URL names now: a second key press may come before the
    // first one's hashchange has been handled.
    const r = parseHash(location.hash);
    const pane = r?.view === 'lesson' && r.lesson === shell.lesson.id && Number.isInteger(r.pane) ? r.pane : current?.pane ?? 1;
    const { prev, next } = neighbours(shell.lesson, Math.min(Math.max(pane, 1), shell.lesson.panes.length));
    location.hash = (event.key === 'ArrowRight' ? next : prev).href;
  }

  function onClick(event) {
    const cite = event.target instanceof Element ? event.target.closest('a.cite') : null;
    if (!cite) return;
    const target = document.getElementById(`source-${cite.dataset.source}`);
    if (!target) return;
    event.preventDefault();
    target.scrollIntoView({ block: 'center' });
    target.focus();
  }
  container.addEventListener('click', onClick);

  return {
    show,
    onKey,
    leave() {
      destroyPane();
      shell = null;
    },
  };
}
