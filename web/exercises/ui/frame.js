// The parts every exercise view shares: title with the solved mark, prompt,
// a live region for verdicts, the result list, the help (hints → solution) and
// the comparison with the reference solution once solved.
import { h, uid } from '../../lib/dom.js';
import { watchScroll } from '../../lib/scroll-box.js';
import { readable } from '../../lib/format.js';

/** Display math inside prose scrolls in its own box on a narrow screen. */
function wideMath(el) {
  el.querySelectorAll('.katex-display').forEach((m) => watchScroll(m, 'Equation, scrolls sideways'));
  return el;
}
import { createTeaching, solutionContent } from './teaching.js';
import { renderResults, summarize } from './results.js';

const KIND_LABEL = { code: 'Code', numeric: 'Numeric answer', choice: 'Choice', experiment: 'Experiment' };

export function createFrame({ exercise, store, lessonId }) {
  const titleId = uid('exercise-title');
  const promptId = uid('exercise-prompt');
  const badge = h('span', { class: 'exercise-badge' });
  const attempts = h('span', { class: 'exercise-attempts' });
  const status = h('p', { class: 'exercise-status', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
  const results = h('ol', { class: 'exercise-results', 'aria-label': 'Results' });
  const compare = h('div', { class: 'exercise-compare' });
  const teaching = createTeaching({
    exercise,
    onReveal: (revealed) => store.update(exercise.id, lessonId, revealed),
  });
  const body = h('div', { class: 'exercise-body' });
  const el = h('div', { class: 'exercise', 'data-kind': exercise.kind, 'data-exercise-id': exercise.id, 'aria-labelledby': titleId },
    h('header', { class: 'exercise-header' },
      h('h3', { id: titleId, class: 'exercise-title' },
        h('span', { class: 'exercise-kind' }, `${KIND_LABEL[exercise.kind] ?? 'Exercise'} exercise: `), exercise.title),
      h('p', { class: 'exercise-meta' }, badge, attempts)),
    wideMath(h('div', { id: promptId, class: 'prose exercise-prompt', html: exercise.prompt })),
    body,
    status,
    results,
    teaching.el,
    compare);

  let clearTimer = null;
  const frame = {
    el, body, status, results, promptId,
    /** Writes the verdict sentence into the live region (re-announced even if unchanged). */
    announce(text, tone = 'info') {
      status.dataset.tone = tone;
      status.textContent = '';
      clearTimeout(clearTimer);
      clearTimer = setTimeout(() => { status.textContent = readable(text); }, 30);
    },
    busy(text) {
      clearTimeout(clearTimer);
      status.dataset.tone = 'busy';
      status.textContent = readable(text);
      el.setAttribute('aria-busy', 'true');
    },
    idle() {
      el.removeAttribute('aria-busy');
    },
    showVerdict(verdict, { kind = exercise.kind, hidden = true, onGoToLine } = {}) {
      frame.idle();
      renderResults(results, verdict, { onGoToLine, kind });
      results.hidden = exercise.kind !== 'code' && exercise.kind !== 'experiment';
      frame.announce(summarize(verdict, { kind, hidden }), verdict.status);
    },
    clearVerdict() {
      results.replaceChildren();
      status.textContent = '';
      delete status.dataset.tone;
    },
    /** Solved mark, attempts, revealed help and the comparison, from a store entry. */
    applyEntry(entry) {
      el.dataset.solved = entry.solved ? 'true' : 'false';
      badge.textContent = entry.solved ? '✓ Solved' : 'Not solved yet';
      badge.className = `exercise-badge ${entry.solved ? 'solved' : 'unsolved'}`;
      attempts.textContent = entry.attempts ? ` · ${entry.attempts} attempt${entry.attempts === 1 ? '' : 's'}` : '';
      teaching.set(entry);
      const showCompare = entry.solved && !entry.solution && (exercise.solution || exercise.explanation);
      compare.replaceChildren(...(showCompare
        ? [h('details', { class: 'reference-solution' },
          h('summary', {}, exercise.kind === 'code' ? 'Compare with the reference solution' : 'Why this is the answer'),
          solutionContent(exercise))]
        : []));
    },
  };
  return frame;
}
