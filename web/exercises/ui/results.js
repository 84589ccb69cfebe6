// A verdict on the page: one sentence for the live region, and the list of
// cases with a word (PASS / FAIL / ERROR) beside every colour.
import { h } from '../../lib/dom.js';

const WORD = { pass: 'PASS', fail: 'FAIL', error: 'ERROR' };

const STATUSES = new Set(['pass', 'fail', 'error']);
const optionalText = (x) => x === undefined || x === null || typeof x === 'string';

/**
 * A verdict as the page will draw it, or an error verdict saying what was wrong
 * with it: status in pass/fail/error, tests a list of { name: string, status,
 * message?: string, output?: string }. Anything else (a grader bug, a sandbox
 * that returned garbage) must end in a clear message, never in a stuck page.
 */
export function wellFormed(verdict) {
  const bad = (why) => ({ status: 'error', message: `the result could not be read (${why}); run again, or reload the page`, tests: [] });
  if (!verdict || typeof verdict !== 'object') return bad('no result');
  if (!STATUSES.has(verdict.status)) return bad('its status is not pass, fail or error');
  if (!optionalText(verdict.message)) return bad('its message is not text');
  const tests = verdict.tests ?? [];
  if (!Array.isArray(tests)) return bad('its cases are not a list');
  for (const [i, t] of tests.entries()) {
    if (!t || typeof t !== 'object' || typeof t.name !== 'string' || !STATUSES.has(t.status) || !optionalText(t.message) || !optionalText(t.output)) {
      return bad(`case ${i + 1} is malformed`);
    }
  }
  return verdict;
}

/** The sentence announced to screen readers (and shown as the summary). */
export function summarize(verdict, { kind = 'code', hidden = true } = {}) {
  const tests = verdict.tests ?? [];
  const bad = tests.filter((t) => t.status !== 'pass');
  if (verdict.status === 'pass') {
    if (kind !== 'code') {
      // a grader's own "Correct: 8." is the sentence; never "Correct. Correct: 8."
      const said = tests.map((t) => t.message).filter(Boolean);
      if (said.length === 1 && /^Correct\b/.test(said[0])) return said[0];
      return `Correct. ${said.filter((m) => !/^Correct\.?$/.test(m)).join(' ')}`.trim();
    }
    return hidden
      ? `Passed: all ${tests.length} cases, examples and hidden cases. Exercise solved.`
      : `Passed: all ${tests.length} examples. Submit to run the hidden cases too.`;
  }
  const first = bad[0];
  if (verdict.status === 'error' && (tests.length <= 1 || !first)) {
    return `Error: ${verdict.message ?? first?.message ?? 'the answer could not be graded'}`;
  }
  if (kind !== 'code') return bad.map((t) => t.message).join(' ');
  return `Failed: ${bad.length} of ${tests.length} cases did not pass. First: ${first.message}`;
}

/** The list of cases (code) or of checked fields (experiments). */
export function renderResults(list, verdict, { onGoToLine } = {}) {
  list.replaceChildren(...(verdict.tests ?? []).map((t) => {
    const line = /(?:^|: )line (\d+):/.exec(t.message ?? '');
    return h('li', { class: ['result', `result-${t.status}`] },
      h('p', { class: 'result-head' },
        h('span', { class: 'result-word' }, WORD[t.status] ?? t.status.toUpperCase()), ' ',
        h('span', { class: 'result-name' }, t.name)),
      t.status !== 'pass' && t.message ? h('p', { class: 'result-message' }, t.message) : null,
      line && onGoToLine
        ? h('button', { type: 'button', class: 'link-button', on: { click: () => onGoToLine(Number(line[1])) } }, `Go to line ${line[1]}`)
        : null,
      t.output
        ? h('details', { class: 'result-output' }, h('summary', {}, 'Console output'), h('pre', {}, t.output))
        : null);
  }));
}
