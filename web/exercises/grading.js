// From an exercise and an answer to a verdict: the one place that knows which
// grader, which cases and which tolerance an exercise uses. A code answer runs
// where its `run` says (the page: the sandbox worker; node tests: a worker
// thread), which gets the cases' inputs only; the expected values stay here
// and judge.js compares, so both grade with the same cases and the same comparison.
import { DEFAULT_TOLERANCE } from './compare.js';
import { graderFor } from './graders/index.js';
import { judge, sandboxJob } from './judge.js';
import { freshSeed } from './graders/util.js';
import { gradeChoice, gradeExperiment, gradeNumeric } from './grade-answer.js';

/** The grader of a code or experiment exercise; throws a clear Error if it is missing. */
export function graderOf(exercise) {
  const g = graderFor(exercise.grader);
  if (!g) throw new Error(`exercise '${exercise.id}' names the grader '${exercise.grader}', which does not exist`);
  return g;
}

/**
 * The cases of one submission: { source, entry, cases, tolerance, withhold, seed }
 * (cases hold the expected values: only sandboxJob(job) leaves the page).
 * hidden = false: the visible examples only (Run); true: plus hidden cases from `seed` (Submit).
 */
export async function codeJob(exercise, core, source, { hidden = true, seed = freshSeed() } = {}) {
  const grader = graderOf(exercise);
  const cases = await grader.cases(core, { seed, params: exercise.params ?? {}, hidden });
  return {
    source,
    entry: exercise.entry,
    cases,
    tolerance: exercise.tolerance ?? grader.tolerance ?? DEFAULT_TOLERANCE,
    withhold: grader.withhold ?? [],
    seed,
  };
}

/**
 * Grades a code answer. run(sandboxJob) → the learner's outputs (the sandbox
 * runner's run; runLearnerCode in node), compared here by judge().
 */
export async function gradeCode(exercise, core, source, run, options = {}) {
  const job = await codeJob(exercise, core, source, options);
  const verdict = judge(job.cases, await run(sandboxJob(job)), job.tolerance);
  return { ...verdict, seed: options.hidden === false ? null : job.seed, cases: job.cases.length };
}

/** The fields an experiment asks for: [{ key, label, units }]. */
export function experimentFields(exercise) {
  return graderOf(exercise).fields(exercise.params ?? {});
}

/**
 * Grades an experiment's reported values { key: text } by recomputing with the core.
 * A grader with its own grade(core, { params, inputs, widgetState, … }) gives the verdict itself
 * (an examination rather than a comparison; options go to it: the tests fix its seed).
 */
export async function gradeExperimentAnswer(exercise, core, inputs, widgetState = null, options = {}) {
  const grader = graderOf(exercise);
  if (grader.grade) return grader.grade(core, { params: exercise.params ?? {}, inputs, widgetState, ...options });
  const { values, note } = await grader.measure(core, { params: exercise.params ?? {}, widgetState });
  return gradeExperiment({
    fields: grader.fields(exercise.params ?? {}),
    measured: values,
    inputs,
    tolerance: exercise.tolerance ?? grader.tolerance ?? { atol: 0.005, rtol: 0 },
    note,
  });
}

/** Grades a numeric or choice answer (no core involved). */
export function gradeAnswer(exercise, answer) {
  if (exercise.kind === 'numeric') return gradeNumeric(exercise, answer);
  if (exercise.kind === 'choice') return gradeChoice(exercise, answer);
  throw new Error(`exercise '${exercise.id}' of kind '${exercise.kind}' is not graded by gradeAnswer`);
}
