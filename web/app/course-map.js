// The course map: units → lessons with panes seen, and "continue where you
// left off".
import { h } from '../lib/dom.js';
import { lessonHash } from './router.js';
import { lessonVisits, lastVisit } from './visits.js';

// The exercises' progress panel (export / import / reset), loaded with the exercise code.
const exerciseModule = import.meta.glob('../exercises/index.js');

function exerciseCount(lesson) {
  return lesson.panes.reduce((n, p) => n + p.blocks.filter((b) => b.type === 'exercise').length, 0);
}

function continueCard(course) {
  const last = lastVisit();
  const lesson = last && course.lessons.find((l) => l.id === last.lesson);
  if (lesson && lesson.panes.length) {
    const pane = Math.min(Math.max(last.pane, 1), lesson.panes.length);
    return h('section', { class: 'continue', 'aria-labelledby': 'continue-title' },
      h('h2', { id: 'continue-title' }, 'Continue where you left off'),
      h('a', { class: 'button primary', href: lessonHash(lesson.id, pane) },
        `${lesson.order}. ${lesson.title} — pane ${pane}: ${lesson.panes[pane - 1].title}`));
  }
  const first = course.lessons[0];
  if (!first) return null;
  return h('section', { class: 'continue', 'aria-labelledby': 'continue-title' },
    h('h2', { id: 'continue-title' }, 'Start here'),
    h('a', { class: 'button primary', href: lessonHash(first.id, 1) }, `${first.order}. ${first.title}`));
}

function lessonCard(lesson) {
  const { seen, total } = lessonVisits(lesson.id, lesson.panes.length);
  const exercises = exerciseCount(lesson);
  const status = total === 0 ? 'no panes yet' : seen === total ? `all ${total} panes seen` : `${seen} of ${total} panes seen`;
  const extra = exercises ? ` · ${exercises} exercise${exercises === 1 ? '' : 's'}` : '';
  // mastery beside panes seen: filled in once the exercise module (and its progress store) has loaded
  const mastery = exercises ? h('span', { class: 'lesson-mastery', dataset: { lesson: lesson.id } }) : null;
  return h('li', { class: ['lesson-card', seen === total && total > 0 ? 'done' : ''] },
    h('a', { class: 'lesson-link', href: lessonHash(lesson.id, 1) },
      h('span', { class: 'lesson-number', 'aria-hidden': 'true' }, String(lesson.order)),
      h('span', { class: 'lesson-name' }, lesson.title)),
    lesson.objectives[0] ? h('p', { class: 'lesson-objective', html: lesson.objectives[0] }) : null,
    h('p', { class: 'lesson-meta' },
      h('progress', { max: String(Math.max(total, 1)), value: String(seen), 'aria-label': `${lesson.title}: ${status}` }),
      h('span', {}, status + extra), mastery));
}

/** "2 of 3 exercises solved" on every card with exercises. */
function showMastery(container, lessonProgress) {
  for (const el of container.querySelectorAll('.lesson-mastery')) {
    const { solved, total } = lessonProgress(el.dataset.lesson);
    el.textContent = ` · ${solved} of ${total} solved`;
    el.classList.toggle('all-solved', total > 0 && solved === total);
  }
}

export function renderCourseMap(container, course) {
  const units = course.units.map((unit, i) => {
    const lessons = unit.lessons.map((id) => course.lessons.find((l) => l.id === id)).filter(Boolean);
    return h('section', { class: 'unit', 'aria-labelledby': `unit-${i}` },
      h('h2', { id: `unit-${i}` }, unit.name),
      h('ol', { class: 'lesson-list' }, lessons.map(lessonCard)));
  });
  const progressHost = h('div', { class: 'progress-panel-host' });
  container.replaceChildren(h('div', { class: 'course-map' },
    h('section', { class: 'intro' },
      h('h1', {}, 'Long Memory Lab'),
      h('p', { class: 'lede' },
        'How transformers remember: self-attention, why it cannot see far, and the memory architectures (HMT, LM2) built to reach further back. '
        + 'Every number on these pages is computed live in your browser by a C++ core compiled to WebAssembly.')),
    continueCard(course),
    units,
    progressHost));
  exerciseModule['../exercises/index.js']?.().then((m) => {
    m.mountProgressPanel(progressHost);
    showMastery(container, m.lessonProgress);
  }, (err) => console.warn('progress panel:', err));
  document.title = 'Long Memory Lab — course map';
}
