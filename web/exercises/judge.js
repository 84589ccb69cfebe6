// The page side of grading a code answer: compares what the learner's function
// returned (sent back by the sandbox worker as plain data, evaluate.js) with
// the expected values, which never leave the page. The comparison runs in the
// page's realm, so nothing learner code patched in its worker (Math.abs,
// Array.prototype, …) can touch it.
//
//   sandboxJob({ source, entry, cases, withhold }) → what is posted to the sandbox:
//     { source, entry, inputs: [{ name, args }], withhold }   (no expected values)
//   judge(cases, run, tolerance) → verdict
//     cases  [{ name, args, expected, tolerance? }]
//     run    runLearnerCode's result, as received (checked here: it came from learner-controlled code)
//   → { status: 'pass' | 'fail' | 'error', message, tests: [{ name, status, message, output, expected?, actual?, tolerance? }] }
//
// A failing case keeps `expected` and `actual` (the learner's value) so the
// page can draw both side by side (ui/results.js).
import { compareValues, describeShape, DEFAULT_TOLERANCE } from './compare.js';

/** The job for the sandbox worker: the cases' inputs, never their expected values. */
export function sandboxJob({ source, entry, cases, withhold = [] }) {
  return { source, entry, withhold, inputs: cases.map((c) => ({ name: c.name, args: c.args ?? [] })) };
}

const text = (x) => (typeof x === 'string' ? x : '');

function errorVerdict(message, output = '') {
  return { status: 'error', message, tests: [{ name: 'your code', status: 'error', message, output }] };
}

/** Builds the verdict from the learner's outputs (see the top of this file). */
export function judge(cases, run, tolerance = DEFAULT_TOLERANCE) {
  if (!Array.isArray(cases) || cases.length === 0) {
    return { status: 'error', message: 'this exercise produced no test cases', tests: [] };
  }
  if (!run || typeof run !== 'object') return errorVerdict('the sandbox sent no result; run again, or reload the page');
  if (run.status === 'error') return errorVerdict(text(run.message) || 'your code could not be run', text(run.output));
  if (run.status !== 'ran' || !Array.isArray(run.outputs) || run.outputs.length !== cases.length) {
    return errorVerdict('the sandbox sent a result that could not be read; run again, or reload the page');
  }
  const tests = cases.map((c, i) => {
    const out = run.outputs[i];
    const output = text(out?.output);
    const tol = c.tolerance ?? tolerance;
    if (out?.status === 'error') return { name: c.name, status: 'error', message: `${c.name}: ${text(out.message)}`, output };
    if (out?.status === 'unsupported') {
      return {
        name: c.name, status: 'fail', output,
        message: `${c.name}: your function returned ${text(out.what)}; expected ${describeShape(c.expected)} of numbers in plain lists`,
      };
    }
    if (out?.status !== 'returned') return { name: c.name, status: 'error', message: `${c.name}: no result was received for this case`, output };
    const problem = compareValues(c.expected, out.value, tol);
    if (!problem) return { name: c.name, status: 'pass', message: '', output };
    return { name: c.name, status: 'fail', message: `${c.name}: ${problem}`, output, expected: c.expected, actual: out.value, tolerance: tol };
  });
  const failed = tests.filter((t) => t.status !== 'pass');
  return {
    status: failed.length ? 'fail' : 'pass',
    message: failed.length ? `${failed.length} of ${tests.length} cases did not pass` : `all ${tests.length} cases passed`,
    tests,
  };
}
