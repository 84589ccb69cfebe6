// Grading of the exercises without learner code: numeric, choice, experiment.
// Verdicts have the same structure as code verdicts:
//   { status: 'pass' | 'fail' | 'error', message, tests: [{ name, status, message, output }] }
// A wrong numeric or experiment answer is not told the expected value.
import { describeTolerance, formatNumber } from './compare.js';
import { evaluateExpression } from './expression.js';
import { quoteInput } from '../lib/format.js';

export const NUMERIC_DEFAULT_TOLERANCE = Object.freeze({ atol: 1e-6, rtol: 1e-6 });

const verdictOf = (tests) => {
  const bad = tests.filter((t) => t.status !== 'pass');
  const status = bad.some((t) => t.status === 'error') ? 'error' : bad.length ? 'fail' : 'pass';
  return { status, message: bad.length ? bad.map((t) => t.message).join(' ') : 'correct', tests };
};

/**
 * "8", " 8.0 ", "1e-3", "100,000", "40 GB" (with units "GB") → { value } | { error }.
 * A comma is read as a thousands separator only in the 1,234,567 pattern.
 * Simple arithmetic is accepted too: "sqrt(64)", "1/8", "2^10" (expression.js, no eval).
 */
export function parseNumber(text, units = '') {
  let s = String(text ?? '').trim().replace(/\u2212/g, '-');
  if (units && s.toLowerCase().endsWith(units.toLowerCase())) s = s.slice(0, -units.length).trim();
  if (s === '') return { error: 'Type a number first.' };
  if (/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) s = s.replace(/,/g, '');
  else if (s.includes(',')) return { error: `“${quoteInput(text)}” has a comma: write decimals with a point, e.g. 8.2.` };
  if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s)) return { value: Number(s) };
  const e = evaluateExpression(s);
  return e.error ? { error: `“${quoteInput(text)}” is not a number or a simple expression (${e.error}).` } : e;
}

const within = (x, target, { atol = 0, rtol = 0 }) => Math.abs(x - target) <= atol + rtol * Math.abs(target);

/** A numeric exercise: answer within tolerance. */
export function gradeNumeric(exercise, text) {
  const tol = exercise.tolerance ?? NUMERIC_DEFAULT_TOLERANCE;
  const p = parseNumber(text, exercise.units ?? '');
  if (p.error) return verdictOf([{ name: 'your answer', status: 'error', message: p.error, output: '' }]);
  const ok = within(p.value, exercise.answer, tol);
  const units = exercise.units ? ` ${exercise.units}` : '';
  // a common mistake declared in the exercise gets its own message (what that value means)
  const mistake = ok ? null : (exercise.mistakes ?? []).find((m) => within(p.value, m.answer, tol));
  return verdictOf([{
    name: 'your answer',
    status: ok ? 'pass' : 'fail',
    message: ok
      ? `Correct: ${formatNumber(p.value)}${units}.`
      : mistake
        ? `Not yet: ${formatNumber(p.value)}${units} — ${mistake.message}`
        : `Not yet: ${formatNumber(p.value)}${units} is not the expected value (accepted: ${describeTolerance(tol)}).`,
    output: '',
  }]);
}

/** The learner's pick in words (cut to a readable length). */
function nameChoice(exercise, i) {
  const text = String(exercise.choices?.[i] ?? '').replace(/<[^>]*>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&').trim();
  if (!text) return 'that choice';
  return `“${text.length > 80 ? `${text.slice(0, 79)}…` : text}”`;
}

/** Where to look next: the hints, when the exercise has them. */
const hintPointer = (exercise) => (exercise.hints?.length
  ? ` “Show a hint” under the question gives a nudge (${exercise.hints.length} hint${exercise.hints.length === 1 ? '' : 's'}).` : '');

/** A choice exercise: selected indices equal the answer set. */
export function gradeChoice(exercise, selected) {
  const answer = new Set(exercise.answer);
  const chosen = new Set((selected ?? []).filter(Number.isInteger));
  if (chosen.size === 0) {
    return verdictOf([{ name: 'your answer', status: 'error', message: exercise.multiple ? 'Select one or more answers first.' : 'Select an answer first.', output: '' }]);
  }
  const wrong = [...chosen].filter((i) => !answer.has(i)).length;
  const missing = [...answer].filter((i) => !chosen.has(i)).length;
  let message = 'Correct.';
  const why = exercise.explanations;
  if (wrong || missing) {
    if (!exercise.multiple) {
      const pick = [...chosen][0];
      message = why?.[pick] ? `Not yet: ${why[pick]}` : `Not yet: ${nameChoice(exercise, pick)} is not the answer.${hintPointer(exercise)}`;
    }
    else {
      const parts = [];
      if (wrong) {
        const said = why ? [...chosen].filter((i) => !answer.has(i)).map((i) => why[i]).filter(Boolean) : [];
        parts.push(`${wrong} of your choices ${wrong === 1 ? 'is' : 'are'} not right${said.length ? ` (${said.join(' ')})` : ''}`);
      }
      if (missing) parts.push(`${missing} right ${missing === 1 ? 'answer is' : 'answers are'} missing`);
      message = `Not yet: ${parts.join(' and ')}.`;
    }
  }
  return verdictOf([{ name: 'your answer', status: wrong || missing ? 'fail' : 'pass', message, output: '' }]);
}

/**
 * An experiment: every reported field within tolerance of the recomputed value.
 *   fields [{ key, label, units, tolerance? }], measured { key: number }, inputs { key: text }
 * A field's own tolerance wins over the exercise's.
 */
export function gradeExperiment({ fields, measured, inputs, tolerance, note = '' }) {
  const tests = fields.map((f) => {
    const tol = f.tolerance ?? tolerance;
    const p = parseNumber(inputs?.[f.key], f.units ?? '');
    if (p.error) return { name: f.label, status: 'error', message: `${f.label}: ${p.error}`, output: '' };
    const ok = within(p.value, measured[f.key], tol);
    return {
      name: f.label,
      status: ok ? 'pass' : 'fail',
      message: ok
        ? `${f.label}: ${formatNumber(p.value)} matches the recomputed value.`
        : `${f.label}: ${formatNumber(p.value)} does not match the value ${note || 'recomputed from the same seed'} (accepted: ${describeTolerance(tol)}).`,
      output: '',
    };
  });
  return verdictOf(tests);
}
