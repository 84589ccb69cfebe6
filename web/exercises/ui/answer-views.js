// Exercises without learner code: numeric (a value and its units), choice
// (a radio or checkbox group in a fieldset), experiment (values measured on a
// widget, graded by recomputing them with the core from the same seed).
import { h, uid } from '../../lib/dom.js';
import { createFrame } from './frame.js';
import { gradeAnswer, experimentFields, gradeExperimentAnswer, graderOf } from '../grading.js';
import { limitText } from '../../lib/text-limit.js';

// The most characters an answer field takes: a number or a short expression ("sqrt(64)");
// an experiment's field as much as progress stores for it (progress.js).
const ANSWER_MAX = 200;
const FIELD_MAX = 100;

function wire({ exercise, ctx, store, container, frame, body, read, write, check }) {
  const lessonId = ctx.lessonId ?? exercise.lesson;
  const button = h('button', { type: 'submit', class: 'button primary check' }, 'Check');
  let busy = false;
  const form = h('form', { class: 'answer-form', novalidate: true, on: {
    async submit(ev) {
      ev.preventDefault();
      if (busy) return;
      busy = true;
      button.disabled = true;
      frame.busy('Checking…');
      const answer = read();
      let verdict;
      try {
        verdict = await check(answer);
      } catch (err) {
        verdict = { status: 'error', message: `the answer could not be checked: ${err?.message ?? err}`, tests: [] };
      }
      if (verdict.status !== 'error') {
        store.recordSubmission(exercise.id, lessonId, { answer, status: verdict.status });
      }
      frame.applyEntry(store.get(exercise.id));
      frame.showVerdict(verdict);
      busy = false;
      button.disabled = false;
    },
  } }, body, h('div', { class: 'exercise-actions' }, button));
  frame.body.append(form);
  const apply = () => {
    const entry = store.get(exercise.id);
    write(entry.answer);
    frame.applyEntry(entry);
  };
  apply();
  const unsubscribe = store.subscribe((why) => {
    if (why === 'import' || why === 'reset') {
      apply();
      frame.clearVerdict();
    } else if (why === 'sync') {
      frame.applyEntry(store.get(exercise.id));  // another tab's solve shows; the answer being typed stays
    }
  });
  container.replaceChildren(frame.el);
  return { destroy: unsubscribe };
}

export function mountNumericExercise(container, exercise, { ctx, store }) {
  const frame = createFrame({ exercise, store, lessonId: ctx.lessonId ?? exercise.lesson });
  const id = uid('answer');
  const input = h('input', { id, type: 'text', inputmode: 'decimal', autocomplete: 'off', class: 'numeric-input', 'aria-describedby': frame.promptId });
  const limit = limitText(input, ANSWER_MAX, { id });
  input.addEventListener('change', limit.explain);
  const body = h('div', { class: 'numeric-field' },
    h('label', { for: id }, 'Your answer'), ' ', input,
    exercise.units ? h('span', { class: 'units' }, ` ${exercise.units}`) : null, ' ', limit.hint, ' ', limit.note);
  return wire({
    exercise, ctx, store, container, frame, body,
    read: () => input.value,
    write: (a) => { input.value = a === null || a === undefined ? '' : String(a); },
    check: async (a) => gradeAnswer(exercise, a),
  });
}

export function mountChoiceExercise(container, exercise, { ctx, store }) {
  const frame = createFrame({ exercise, store, lessonId: ctx.lessonId ?? exercise.lesson });
  const name = uid('choice');
  const type = exercise.multiple ? 'checkbox' : 'radio';
  const inputs = exercise.choices.map((_, i) => h('input', { type, name, value: String(i), id: `${name}-${i}` }));
  const body = h('fieldset', { class: 'choice-group', 'aria-describedby': frame.promptId },
    h('legend', {}, exercise.multiple ? 'Select every answer that applies' : 'Select one answer'),
    exercise.choices.map((html, i) => h('div', { class: 'choice' }, inputs[i], ' ', h('label', { for: inputs[i].id, html }))));
  return wire({
    exercise, ctx, store, container, frame, body,
    read: () => inputs.filter((x) => x.checked).map((x) => Number(x.value)),
    write: (a) => inputs.forEach((x, i) => { x.checked = Array.isArray(a) && a.includes(i); }),
    check: async (a) => gradeAnswer(exercise, a),
  });
}

export function mountExperimentExercise(container, exercise, { ctx, store }) {
  const frame = createFrame({ exercise, store, lessonId: ctx.lessonId ?? exercise.lesson });
  const fields = experimentFields(exercise);
  const inputs = fields.map((f) => {
    const input = h('input', { id: uid(`measure-${f.key}`), type: 'text', inputmode: 'decimal', autocomplete: 'off', class: 'numeric-input', 'data-field': f.key });
    const limit = limitText(input, FIELD_MAX, { id: input.id });
    input.addEventListener('change', limit.explain);
    return { f, input, limit };
  });
  const spec = ctx.hasWidget?.(exercise.widget) ?? true;
  // a grader may word the lead-in for what its widget is for (the training lab's exam: "Train with …, then name:")
  const words = { use: 'Measure with', then: 'then report', ...graderOf(exercise).lead };
  const body = h('div', { class: 'experiment-fields' },
    h('p', { class: 'experiment-widget' }, `${words.use} the `, h('strong', {}, exercise.widget), ' widget in this lesson',
      spec ? '' : ' (not available in this build)', `, ${words.then}:`),
    inputs.map(({ f, input, limit }) => h('div', { class: 'numeric-field' },
      h('label', { for: input.id }, f.label), ' ', input, f.units ? h('span', { class: 'units' }, ` ${f.units}`) : null, ' ', limit.hint, ' ', limit.note)));
  return wire({
    exercise, ctx, store, container, frame, body,
    read: () => Object.fromEntries(inputs.map(({ f, input }) => [f.key, input.value])),
    write: (a) => inputs.forEach(({ f, input }) => { input.value = a && typeof a === 'object' && a[f.key] !== undefined ? String(a[f.key]) : ''; }),
    check: (a) => gradeExperimentAnswer(exercise, ctx.core, a, ctx.getWidgetState?.(exercise.widget) ?? null),
  });
}
