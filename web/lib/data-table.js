// A real <table> for the “Show as table” views and screen readers.
import { h } from './dom.js';

/** A real <table>: table(caption, ['col', …], [[cell, …], …], { rowHeaders: true }). */
export function table(caption, head, rows, { rowHeaders = true } = {}) {
  return h('table', { class: 'matrix-table data-table' },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, head.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c, i) => (i === 0 && rowHeaders ? h('th', { scope: 'row' }, c) : h('td', {}, c)))))));
}
