// A code exercise: editor, Run (visible examples) and Submit (plus hidden
// cases from a fresh seed). The learner's code runs in the sandbox worker on the
// cases' inputs; the page compares its outputs with the core's expected values.
import { h } from '../../lib/dom.js';
import { createEditor } from './editor.js';
import { createFrame } from './frame.js';
import { wellFormed } from './results.js';
import { HELPER_DOCS } from '../helpers.js';
import { gradeCode, graderOf } from '../grading.js';

function helperList(exercise) {
  const withheld = graderOf(exercise).withhold ?? [];
  const docs = HELPER_DOCS.filter(([sig]) => !withheld.some((w) => sig.startsWith(`${w}(`)));
  return h('details', { class: 'helper-list' },
    h('summary', {}, 'Helpers you can call'),
    h('p', {}, 'Matrices are plain nested arrays: a [rows, cols] matrix is a list of rows. ',
      withheld.length ? `Not available in this exercise: ${withheld.join(', ')}.` : ''),
    h('dl', {}, docs.flatMap(([sig, text]) => [h('dt', {}, h('code', {}, sig)), h('dd', {}, text)])));
}

// The first learner line a verdict names ("line 3: TypeError: …"), with its message.
function errorLineOf(verdict) {
  const messages = [verdict.message, ...(verdict.tests ?? []).filter((t) => t.status !== 'pass').map((t) => t.message)];
  for (const m of messages) {
    const hit = /(?:^|: )line (\d+):/.exec(m ?? '');
    if (hit) return { line: Number(hit[1]), message: m };
  }
  return null;
}

async function withCore(fn) {
  try {
    return await fn();
  } catch (err) {
    if (err?.name === 'AbortError') return fn(); // the core was restarted by a widget: try once more
    throw err;
  }
}

export function mountCodeExercise(container, exercise, { ctx, store, runner }) {
  const lessonId = ctx.lessonId ?? exercise.lesson;
  const frame = createFrame({ exercise, store, lessonId });
  let saveTimer = null;
  let running = false;
  let undoValue = null;

  const editor = createEditor({
    label: `Your code — define function ${exercise.entry}`,
    onChange(value) {
      clearTimeout(saveTimer);
      saveTimer = setTimeout(() => store.saveDraft(exercise.id, lessonId, value), 400);
    },
    onRun: () => go(false),
    onSubmit: () => go(true),
  });
  const runButton = h('button', { type: 'button', class: 'button run' }, 'Run examples');
  const submitButton = h('button', { type: 'button', class: 'button primary submit' }, 'Submit');
  const restore = h('button', { type: 'button', class: 'link-button restore-starter' }, 'Start over from the starter code');
  const undo = h('button', { type: 'button', class: 'link-button undo-restore', hidden: true }, 'Undo start over');
  const seedNote = h('p', { class: 'seed-note' });

  async function go(hidden) {
    if (running) return;
    running = true;
    runButton.disabled = submitButton.disabled = true;
    clearTimeout(saveTimer);
    const source = editor.value;
    frame.busy(hidden ? 'Submitting: running the examples and hidden cases… (stopped after 2 s)' : 'Running the examples… (stopped after 2 s)');
    let verdict;
    let seed = null;
    try {
      try {
        const graded = await withCore(() => gradeCode(exercise, ctx.core, source, (job) => runner.run(job), { hidden }));
        seed = graded.seed;
        verdict = wellFormed(graded);
      } catch (err) {
        verdict = { status: 'error', message: `the cases could not be prepared: ${err?.message ?? err}`, tests: [] };
      }
      if (hidden) {
        store.recordSubmission(exercise.id, lessonId, { answer: source, status: verdict.status });
      } else {
        store.saveDraft(exercise.id, lessonId, source);
      }
      // said only when it helps: hidden cases failed, and the next submission will draw others
      seedNote.textContent = seed !== null && verdict.status !== 'pass'
        ? `The hidden cases are random inputs drawn anew for each submission (this one from seed ${seed}), so a fix is checked on cases it has not seen.`
        : '';
      frame.applyEntry(store.get(exercise.id));
      frame.showVerdict(verdict, { hidden, onGoToLine: (n) => editor.goToLine(n) });
      const named = errorLineOf(verdict);
      editor.markError(named?.line ?? null, named?.message);
    } catch (err) {
      // every run ends in a verdict or a clear error, and the buttons come back
      frame.showVerdict({ status: 'error', message: `the result could not be shown: ${err?.message ?? err}`, tests: [] }, { hidden });
    } finally {
      running = false;
      runButton.disabled = submitButton.disabled = false;
    }
  }

  runButton.addEventListener('click', () => go(false));
  submitButton.addEventListener('click', () => go(true));
  restore.addEventListener('click', () => {
    undoValue = editor.value;
    editor.value = exercise.starter ?? '';
    store.saveDraft(exercise.id, lessonId, editor.value);
    undo.hidden = false;
    editor.focus();
  });
  undo.addEventListener('click', () => {
    if (undoValue === null) return;
    editor.value = undoValue;
    store.saveDraft(exercise.id, lessonId, undoValue);
    undoValue = null;
    undo.hidden = true;
    editor.focus();
  });

  frame.body.append(
    editor.el,
    helperList(exercise),
    h('div', { class: 'exercise-actions' }, runButton, submitButton, restore, undo),
    seedNote);

  function applyStored() {
    const entry = store.get(exercise.id);
    editor.value = typeof entry.answer === 'string' ? entry.answer : exercise.starter ?? '';
    frame.applyEntry(entry);
  }
  applyStored();
  const unsubscribe = store.subscribe((why) => {
    if (why === 'import' || why === 'reset') {
      applyStored();
      frame.clearVerdict();
      seedNote.textContent = '';
    } else if (why === 'sync') {
      frame.applyEntry(store.get(exercise.id));  // another tab's solve shows; the code being edited stays
    }
  });
  runner.warm();
  container.replaceChildren(frame.el);
  return {
    destroy() {
      clearTimeout(saveTimer);
      const stored = store.get(exercise.id).answer;
      const unchanged = editor.value === (typeof stored === 'string' ? stored : exercise.starter ?? '');
      if (!unchanged) store.saveDraft(exercise.id, lessonId, editor.value);
      unsubscribe();
    },
  };
}
