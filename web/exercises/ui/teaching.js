// Graduated help, each step on request and remembered in the progress store:
// hint 1 (a nudge) → hint 2 (the key idea) → hint 3 (the structure) → the
// partial solution → the full solution.
import { h } from '../../lib/dom.js';

/** The reference solution (or, for a choice, the right answers and why) as DOM. */
export function solutionContent(exercise) {
  if (exercise.kind === 'choice') {
    const right = exercise.answer.map((i) => h('li', { html: exercise.choices[i] }));
    return h('div', { class: 'solution-body' },
      h('p', {}, exercise.answer.length > 1 ? 'The right answers:' : 'The right answer:'),
      h('ul', {}, right),
      exercise.explanation ? h('div', { class: 'prose', html: exercise.explanation }) : null);
  }
  if (exercise.solutionFormat === 'code' || exercise.kind === 'code') {
    return h('pre', { class: 'code-block' }, h('code', {}, exercise.solution ?? ''));
  }
  return h('div', { class: 'prose solution-body', html: exercise.solution ?? exercise.explanation ?? '' });
}

export function createTeaching({ exercise, onReveal }) {
  const hints = exercise.hints ?? [];
  const hasPartial = Boolean(exercise.partial);
  const hasSolution = Boolean(exercise.solution || (exercise.kind === 'choice' && exercise.explanation));
  const list = h('ol', { class: 'hint-list', 'aria-label': 'Hints' });
  const partialHost = h('div', { class: 'partial-host' });
  const solutionHost = h('div', { class: 'solution-host' });
  const button = h('button', { type: 'button', class: 'button reveal-next' });
  let state = { hints: 0, partial: false, solution: false };

  function nextStep() {
    if (state.hints < hints.length) return { kind: 'hint', label: `Show a hint (${state.hints + 1} of ${hints.length})` };
    if (hasPartial && !state.partial) return { kind: 'partial', label: 'Show part of the solution' };
    if (hasSolution && !state.solution) return { kind: 'solution', label: 'Show the full solution' };
    return null;
  }

  function render() {
    list.replaceChildren(...hints.slice(0, state.hints).map((html, i) =>
      h('li', { class: 'hint', tabindex: '-1' }, h('span', { class: 'hint-label' }, ['Nudge', 'Key idea', 'Structure'][i] ?? `Hint ${i + 1}`, ': '), h('span', { class: 'hint-body', html }))));
    list.hidden = state.hints === 0;
    partialHost.replaceChildren(...(hasPartial && state.partial
      ? [h('div', { class: 'reveal-block', tabindex: '-1' }, h('h4', {}, 'Part of the solution'), h('pre', { class: 'code-block' }, h('code', {}, exercise.partial)))]
      : []));
    solutionHost.replaceChildren(...(hasSolution && state.solution
      ? [h('div', { class: 'reveal-block', tabindex: '-1' }, h('h4', {}, exercise.kind === 'choice' ? 'Answer' : 'Solution'), solutionContent(exercise))]
      : []));
    const next = nextStep();
    button.hidden = !next;
    if (next) button.textContent = next.label;
  }

  button.addEventListener('click', () => {
    const next = nextStep();
    if (!next) return;
    if (next.kind === 'hint') state = { ...state, hints: state.hints + 1 };
    if (next.kind === 'partial') state = { ...state, partial: true };
    if (next.kind === 'solution') state = { ...state, solution: true };
    onReveal?.({ hints: state.hints, partial: state.partial, solution: state.solution });
    render();
    const target = next.kind === 'hint' ? list.lastElementChild : (next.kind === 'partial' ? partialHost : solutionHost).firstElementChild;
    target?.focus({ preventScroll: false });
    if (button.hidden) solutionHost.firstElementChild?.focus();
  });

  const el = hints.length || hasPartial || hasSolution
    ? h('div', { class: 'exercise-help' }, list, partialHost, solutionHost, button)
    : h('div', { class: 'exercise-help', hidden: true });
  return {
    el,
    /** Shows what the stored entry says was revealed. */
    set({ hints: n = 0, partial = false, solution = false }) {
      state = { hints: Math.min(n, hints.length), partial, solution };
      render();
    },
  };
}
