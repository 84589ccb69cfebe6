// The exercises of the course, as the lesson view and the course map use them:
//
//   mountExercise(container, exercise, ctx) → { destroy }
//     exercise: compiled by the lesson compiler (scripts/lessons/exercise.mjs)
//     ctx: { core, announce, lessonId, hasWidget(name), getWidgetState(name) }
//   mountProgressPanel(el) → { destroy }      export / import / reset of progress
//   lessonProgress(lessonId) → { solved, total }
//   courseProgress() → { solved, total }
//   onProgressChange(fn) → unsubscribe       called after every change (for the course map)
//
// Code runs in a disposable sandbox worker (runner.js) with a 2 s limit; its
// cases come from the graders (graders/) computed by the core; progress lives
// in localStorage (progress.js).
import course from 'virtual:course';
import './exercises.css';
import { progressStore } from './progress.js';
import { sharedRunner } from './runner.js';
import { mountCodeExercise } from './ui/code-view.js';
import { mountChoiceExercise, mountExperimentExercise, mountNumericExercise } from './ui/answer-views.js';
import { mountProgressPanel as mountPanel, showStartupNotice, watchSaveErrors } from './ui/progress-panel.js';

const MOUNT = {
  code: mountCodeExercise,
  numeric: mountNumericExercise,
  choice: mountChoiceExercise,
  experiment: mountExperimentExercise,
};

let watching = null;

export function mountExercise(container, exercise, ctx = {}) {
  const store = progressStore();
  showStartupNotice(store);
  if (!watching) watching = watchSaveErrors(store);
  const mount = MOUNT[exercise?.kind];
  if (!mount) throw new Error(`exercise '${exercise?.id}' has an unknown kind '${exercise?.kind}'`);
  return mount(container, exercise, { ctx, store, runner: sharedRunner() });
}

const exerciseList = () => Object.values(course.exercises ?? {});

export function lessonProgress(lessonId) {
  const ids = exerciseList().filter((e) => e.lesson === lessonId).map((e) => e.id);
  return { solved: progressStore().solvedCount(ids), total: ids.length };
}

export function courseProgress() {
  const ids = exerciseList().map((e) => e.id);
  return { solved: progressStore().solvedCount(ids), total: ids.length };
}

export function onProgressChange(fn) {
  return progressStore().subscribe(fn);
}

export function mountProgressPanel(el) {
  return mountPanel(el, { store: progressStore(), countSolved: courseProgress, knownIds: new Set(Object.keys(course.exercises ?? {})) });
}

export { progressStore };
