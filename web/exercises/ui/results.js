// A verdict on the page: one sentence for the live region, and the list of
// cases with a word (PASS / FAIL / ERROR) beside every colour. For code, the
// first failing case is drawn as expected vs yours (diff-view.js) — its message
// is the live region's sentence, not repeated — every other failure folds into
// one line, and the passing cases into one line together. For experiments the
// list names each field with its word; the fields' messages are the summary
// sentence above it, not repeated.
import { h } from '../../lib/dom.js';
import { diffView } from './diff-view.js';

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

const lineOf = (message) => /(?:^|: )line (\d+):/.exec(message ?? '');
const word = (status) => h('span', { class: 'result-word' }, WORD[status] ?? status.toUpperCase());
const outputOf = (text, label = 'Console output') => (text
  ? h('details', { class: 'result-output' }, h('summary', {}, label), h('pre', {}, text))
  : null);
const goTo = (message, onGoToLine) => {
  const line = lineOf(message);
  return line && onGoToLine
    ? h('button', { type: 'button', class: 'link-button', on: { click: () => onGoToLine(Number(line[1])) } }, `Go to line ${line[1]}`)
    : null;
};

// One line: the case's name and its message without the name in front and without the
// shape-and-tolerance clause (the same for every case, said in the live region), cut at 160 characters.
function folded(t, onGoToLine) {
  let why = (t.message ?? '').startsWith(`${t.name}: `) ? t.message.slice(t.name.length + 2) : t.message ?? '';
  why = why.replace(/ \((?:shape [^;()]*; )?tolerance: [^()]*(?:\([^()]*\)[^()]*)*\)$/, '');
  if (why.length > 160) why = `${why.slice(0, 159)}…`;
  return h('li', { class: ['result', `result-${t.status}`, 'result-folded'] },
    h('p', { class: 'result-head' }, word(t.status), ' ', h('span', { class: 'result-name' }, t.name),
      why ? h('span', { class: 'result-why' }, ` — ${why}`) : null, ' ', goTo(t.message, onGoToLine)));
}

function codeResults(tests, onGoToLine) {
  const bad = tests.filter((t) => t.status !== 'pass');
  const good = tests.filter((t) => t.status === 'pass');
  const items = [];
  const first = bad[0];
  if (first) {
    const diff = first.status === 'fail' && 'expected' in first && 'actual' in first ? diffView(first) : null;
    items.push(h('li', { class: ['result', `result-${first.status}`, 'result-first'] },
      h('p', { class: 'result-head' }, word(first.status), ' ', h('span', { class: 'result-name' }, first.name)),
      diff, goTo(first.message, onGoToLine), outputOf(first.output)));
  }
  for (const t of bad.slice(1)) items.push(folded(t, onGoToLine));
  if (good.length) {
    const names = good.map((t) => t.name.replace(/:.*$/, ''));
    items.push(h('li', { class: ['result', 'result-pass', 'result-folded'] },
      h('p', { class: 'result-head' }, word('pass'), ' ',
        h('span', { class: 'result-name' }, `${good.length === tests.length ? 'all ' : ''}${good.length} case${good.length === 1 ? '' : 's'}: ${names.join(', ')}`))));
  }
  const rest = tests.filter((t) => t !== first && t.output).map((t) => `— ${t.name}\n${t.output}`).join('\n');
  if (rest) items.push(h('li', { class: 'result result-outputs' }, outputOf(rest, first ? 'Console output of the other cases' : 'Console output')));
  return items;
}

/** The list of cases (code) or of checked fields (experiments). */
export function renderResults(list, verdict, { onGoToLine, kind = 'code' } = {}) {
  const tests = verdict.tests ?? [];
  if (kind === 'code' && tests.length) {
    list.replaceChildren(...codeResults(tests, onGoToLine));
    return;
  }
  list.replaceChildren(...tests.map((t) => {
    const line = lineOf(t.message);
    return h('li', { class: ['result', `result-${t.status}`] },
      h('p', { class: 'result-head' },
        h('span', { class: 'result-word' }, WORD[t.status] ?? t.status.toUpperCase()), ' ',
        h('span', { class: 'result-name' }, t.name)),
      // (the messages are the summary sentence above the list: not said twice)
      line && onGoToLine
        ? h('button', { type: 'button', class: 'link-button', on: { click: () => onGoToLine(Number(line[1])) } }, `Go to line ${line[1]}`)
        : null,
      t.output
        ? h('details', { class: 'result-output' }, h('summary', {}, 'Console output'), h('pre', {}, t.output))
        : null);
  }));
}
