// Widget settings in the query part of the hash, so a view with changed
// settings is a shareable link: '<key>.<option>=<value>' where key is the
// widget name, or '<name>-2', '<name>-3' for later copies in the same pane.
// Only values that differ from the lesson's settings are written, and never text
// longer than URL_TEXT_MAX characters: a link stays small however much text a
// learner pastes (the widget's text field says so: widgets/common/controls.js).
import { parseOption, URL_TEXT_MAX } from '../widgets/registry.js';

/** Whether a setting is too long to be written into the address. */
export const tooLongForUrl = (value) => typeof value === 'string' && value.length > URL_TEXT_MAX;

/** Keys for the widget blocks of a pane, in order. */
export function widgetKeys(blocks) {
  const count = {};
  return blocks.filter((b) => b.type === 'widget').map((b) => {
    count[b.name] = (count[b.name] ?? 0) + 1;
    return count[b.name] === 1 ? b.name : `${b.name}-${count[b.name]}`;
  });
}

/** The valid settings for one widget found in the query (invalid ones are ignored). */
export function readWidgetState(query, key, name) {
  const out = {};
  for (const [k, v] of query.entries()) {
    if (!k.startsWith(`${key}.`)) continue;
    const r = parseOption(name, k.slice(key.length + 1), v);
    if (!r.error) out[k.slice(key.length + 1)] = r.value;
  }
  return out;
}

/** The settings for one widget in the query that are refused: [{ option, value, error }]. */
export function refusedWidgetState(query, key, name) {
  const out = [];
  for (const [k, v] of query.entries()) {
    if (!k.startsWith(`${key}.`)) continue;
    const r = parseOption(name, k.slice(key.length + 1), v);
    if (r.error) out.push({ option: k.slice(key.length + 1), value: v, error: r.error });
  }
  return out;
}

/** Replaces the settings of one widget in the query with those that differ from base. */
export function writeWidgetState(query, key, values, base) {
  const next = new URLSearchParams();
  for (const [k, v] of query.entries()) if (!k.startsWith(`${key}.`)) next.append(k, v);
  for (const [opt, value] of Object.entries(values)) {
    if (value === undefined || value === base[opt] || tooLongForUrl(value)) continue;
    next.set(`${key}.${opt}`, String(value));
  }
  return next;
}
