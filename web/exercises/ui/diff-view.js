// The first failing case of a code run, drawn as the expected value and the
// learner's value side by side, with every differing cell marked (a <mark>
// and a ≠ sign, not colour alone), and the same differences as text for
// screen readers and for anyone who prefers to read them.
//
//   diffView({ expected, actual, tolerance }) → <div class="diff"> | null
//     null when the values are not lists or numbers (an object, a shape the
//     tables cannot show): the message alone says what is wrong then.
// Matrices are lists of rows; a vector is drawn as one row; a list of
// matrices (heads) as one table per matrix. At most 12 rows and 12 columns
// of each are drawn, the text lists at most 8 differing cells.
import { h } from '../../lib/dom.js';
import { scrollBox } from '../../lib/scroll-box.js';
import { formatNumber, numbersEqual, describeShape } from '../compare.js';

const MAX = 12;
const LISTED = 8;

const isNum = (x) => typeof x === 'number';
const isList = Array.isArray;

// A value as a list of 2-D blocks: [{ label, rows: [[cell]] }]; null if it is not drawable.
function blocks(v) {
  if (isNum(v)) return [{ label: '', rows: [[v]] }];
  if (!isList(v)) return null;
  if (v.every(isNum)) return [{ label: '', rows: [v] }];
  const row = (r) => (r === null ? [] : isList(r) && r.every(isNum) ? r : null);
  if (v.every((r) => row(r) !== null)) return [{ label: '', rows: v.map(row) }];
  if (v.every((m) => isList(m) && m.every((r) => row(r) !== null))) {
    return v.map((m, i) => ({ label: `[${i}]`, rows: m.map(row) }));
  }
  return null;
}

const at = (b, i, j, label) => `${label}[${i}][${j}]`;

function cellOf(list, b, i, j) {
  const r = list[b]?.rows[i];
  return r && j < r.length ? r[j] : undefined;
}

function table(caption, list, other, tolerance, markClass) {
  return h('div', { class: 'diff-side' },
    h('p', { class: 'diff-caption' }, caption),
    ...list.map((blk, b) => {
      const rows = blk.rows.slice(0, MAX);
      return h('table', { class: 'diff-table' },
        blk.label ? h('caption', {}, blk.label) : null,
        h('tbody', {}, ...rows.map((row, i) => h('tr', {},
          ...row.slice(0, MAX).map((x, j) => {
            const o = cellOf(other, b, i, j);
            const same = o !== undefined && numbersEqual(markClass === 'expected' ? x : o, markClass === 'expected' ? o : x, tolerance);
            return h('td', { class: same ? null : 'diff-cell' },
              same ? formatNumber(x) : h('mark', {}, formatNumber(x), h('span', { class: 'diff-sign' }, ' ≠')));
          }),
          row.length > MAX ? h('td', { class: 'diff-more' }, `… ${row.length - MAX} more`) : null)),
        blk.rows.length > MAX ? h('tr', {}, h('td', { class: 'diff-more', colspan: String(MAX) }, `… ${blk.rows.length - MAX} more rows`)) : null));
    }));
}

/** Every differing cell, in reading order: [{ where, expected, actual }]. */
export function differences(exp, act, tolerance) {
  const out = [];
  const n = Math.max(exp.length, act.length);
  for (let b = 0; b < n; b++) {
    const label = exp[b]?.label ?? act[b]?.label ?? '';
    const rows = Math.max(exp[b]?.rows.length ?? 0, act[b]?.rows.length ?? 0);
    for (let i = 0; i < rows; i++) {
      const cols = Math.max(exp[b]?.rows[i]?.length ?? 0, act[b]?.rows[i]?.length ?? 0);
      for (let j = 0; j < cols; j++) {
        const e = cellOf(exp, b, i, j), a = cellOf(act, b, i, j);
        if (e === undefined || a === undefined || !numbersEqual(e, a, tolerance)) out.push({ where: at(b, i, j, label), expected: e, actual: a });
      }
    }
  }
  return out;
}

const show = (x) => (x === undefined ? 'nothing' : formatNumber(x));

export function diffView({ expected, actual, tolerance = {} }) {
  const exp = blocks(expected), act = blocks(actual);
  if (!exp || !act) return null;
  const diffs = differences(exp, act, tolerance);
  const listed = diffs.slice(0, LISTED).map((d) => `${d.where} expected ${show(d.expected)}, yours ${show(d.actual)}`);
  const more = diffs.length > LISTED ? `; and ${diffs.length - LISTED} more` : '';
  const text = `${diffs.length} cell${diffs.length === 1 ? '' : 's'} differ${diffs.length === 1 ? 's' : ''}: ${listed.join('; ')}${more}.`;
  return h('div', { class: 'diff' },
    scrollBox(h('div', { class: 'diff-pair' },
      table(`Expected ${describeShape(expected)}`, exp, act, tolerance, 'expected'),
      table(`Yours ${describeShape(actual)}`, act, exp, tolerance, 'actual')), 'Expected and yours, side by side; scrolls sideways'),
    h('p', { class: 'diff-text' }, text));
}
