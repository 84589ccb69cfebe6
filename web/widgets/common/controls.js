// Labelled, keyboard-operable controls generated from a widget's registry
// entry. Values are validated with the registry's parseOption.
//   buildControls(form, widgetName, values, onChange, { uid, keys })
//     → { set(values), hide(keys), invalid(key, message) }   onChange(key, value) fires with a valid,
//       typed value; hide(keys) hides those controls (and shows the others again); invalid(key, message)
//       marks one field invalid with the message beside it (aria-invalid, aria-describedby), or,
//       with key null, clears every such mark
// int/number with a small range → range slider + printed value; wide ints
// (seeds) → number field; bool → checkbox; enum → select; string → text field
// (multiline: a text box), committed as it is typed after a pause of TYPING_PAUSE ms
// and at once on change; its limit (maxLengthOf: maxlength, printed under it, a longer
// paste cut before the browser edits it in, with a note and the count) and a note when
// the text is too long to be written into the page's address.
import { h } from '../../lib/dom.js';
import { limitText } from '../../lib/text-limit.js';
import { widgetSpec, parseOption, maxLengthOf, URL_TEXT_MAX } from '../registry.js';


const fmtCount = (n) => n.toLocaleString('en');

export const TYPING_PAUSE = 350;

export function buildControls(form, widget, values, onChange, { uid, keys } = {}) {
  const spec = widgetSpec(widget).options;
  const setters = {};
  const fields = {}; // key → { input, problem }
  const timers = new Set();
  form.addEventListener('submit', (e) => e.preventDefault());
  for (const key of keys ?? Object.keys(spec)) {
    const o = spec[key];
    const id = `${uid}-${key}`;
    const commit = (raw, input, errorEl) => {
      const r = parseOption(widget, key, raw);
      if (r.error) {
        input.setAttribute('aria-invalid', 'true');
        if (errorEl) errorEl.textContent = `${o.type === 'int' ? 'a whole number' : 'a number'} from ${o.min} to ${o.max}`;
        return;
      }
      input.removeAttribute('aria-invalid');
      if (errorEl) errorEl.textContent = '';
      onChange(key, r.value);
    };
    let el;
    if (o.type === 'bool') {
      const input = h('input', { type: 'checkbox', id, name: key });
      input.checked = Boolean(values[key]);
      input.addEventListener('change', () => commit(input.checked, input));
      setters[key] = (v) => { input.checked = Boolean(v); };
      el = h('div', { class: 'control check' }, input, h('label', { for: id }, o.label ?? key));
    } else if (o.type === 'enum') {
      const select = h('select', { id, name: key }, o.values.map((v) => h('option', { value: String(v) }, String(v))));
      select.value = String(values[key]);
      select.addEventListener('change', () => commit(select.value, select));
      setters[key] = (v) => { select.value = String(v); };
      el = h('div', { class: 'control' }, h('label', { for: id }, o.label ?? key), select);
    } else if (o.type === 'string') {
      const max = maxLengthOf(o);
      const input = o.multiline
        ? h('textarea', { id, name: key, rows: 4, spellcheck: 'false', maxlength: max })
        : h('input', { type: 'text', id, name: key, maxlength: max });
      const count = max >= 100 ? h('span', { class: 'control-count', id: `${id}-count` }) : null;
      let cut = false; // the last paste was longer than the room left
      const counted = () => {
        if (count) count.textContent = `${fmtCount(input.value.length)} of at most ${fmtCount(max)} characters${cut ? ' (what you pasted was cut there)' : ''}`;
      };
      if (count) input.setAttribute('aria-describedby', count.id);
      const { hint, note, explain } = limitText(input, max, {
        id,
        extra: (text) => (text.length > URL_TEXT_MAX
          ? `Kept on this page only: text longer than ${URL_TEXT_MAX.toLocaleString('en-US')} characters is not written into the page's address, so a link to this view does not carry it.`
          : null),
      });
      input.value = values[key] ?? '';
      counted();
      let timer = null;
      let committed = input.value;
      const commitText = () => {
        clearTimeout(timer);
        timers.delete(timer);
        if (input.value === committed) return;
        committed = input.value;
        explain();
        commit(input.value, input);
      };
      // A paste longer than the room left is cut before the browser edits it in (editing megabytes
      // only to drop them would hold the page up); maxlength stops typing; a script's value is cut below.
      {
        input.addEventListener('beforeinput', (e) => {
          const text = e.data ?? e.dataTransfer?.getData('text/plain') ?? null;
          if (text === null || !/^insert/.test(e.inputType)) return;
          const start = input.selectionStart ?? input.value.length;
          const end = input.selectionEnd ?? start;
          const room = max - (input.value.length - (end - start));
          cut = text.length > room;
          if (!cut) return;
          e.preventDefault();
          input.setRangeText(text.slice(0, Math.max(0, room)), start, end, 'end');
          input.dispatchEvent(new Event('input', { bubbles: true }));
        });
      }
      input.addEventListener('input', () => {
        // text set by a script is cut here
        if (input.value.length > max) input.value = input.value.slice(0, max);
        counted();
        clearTimeout(timer);
        timers.delete(timer);
        timer = setTimeout(commitText, TYPING_PAUSE);
        timers.add(timer);
      });
      input.addEventListener('change', commitText);
      if (!o.multiline) input.addEventListener('keydown', (e) => { if (e.key === 'Enter') commitText(); });
      setters[key] = (v) => {
        input.value = v ?? '';
        committed = input.value;
        counted();
        explain();
      };
      el = h('div', { class: ['control', 'control-text', o.multiline && 'control-multiline'] }, h('label', { for: id }, o.label ?? key), input, count, hint, note);
      fields[key] = { input, el };
    } else {
      const slider = o.min !== undefined && o.max !== undefined && (o.type === 'number' || o.max - o.min <= 128);
      const step = o.step ?? (o.type === 'int' ? 1 : 'any');
      const input = h('input', { type: slider ? 'range' : 'number', id, name: key, min: o.min, max: o.max, step });
      input.value = String(values[key]);
      const out = slider ? h('output', { for: id, 'aria-hidden': 'true' }, String(values[key])) : null;
      const err = slider ? null : h('span', { class: 'control-error', 'aria-live': 'polite' });
      input.addEventListener(slider ? 'input' : 'change', () => {
        if (out) out.textContent = input.value;
        commit(input.value, input, err);
      });
      setters[key] = (v) => {
        input.value = String(v);
        if (out) out.textContent = String(v);
      };
      el = h('div', { class: 'control' },
        h('label', { for: id }, o.label ?? key, out ? ' ' : '', out), input, err);
    }
    el.dataset.option = key;
    fields[key] ??= { input: el.querySelector('input, select, textarea'), el };
    form.append(el);
  }
  let marked = null;
  return {
    invalid(key, message) {
      if (marked) {
        const { input, el, problem } = marked;
        input.removeAttribute('aria-invalid');
        const rest = (input.getAttribute('aria-describedby') ?? '').split(' ').filter((x) => x && x !== problem.id);
        if (rest.length) input.setAttribute('aria-describedby', rest.join(' '));
        else input.removeAttribute('aria-describedby');
        el.classList.remove('is-invalid');
        problem.remove();
        marked = null;
      }
      const f = key === null ? null : fields[key];
      if (!f || f.el.hidden) return false;
      const problem = h('span', { class: 'control-problem', id: `${uid}-${key}-problem` }, message);
      f.el.append(problem);
      f.el.classList.add('is-invalid');
      f.input.setAttribute('aria-invalid', 'true');
      f.input.setAttribute('aria-describedby', [problem.id, f.input.getAttribute('aria-describedby')].filter(Boolean).join(' '));
      marked = { ...f, problem };
      return true;
    },
    destroy() {
      for (const t of timers) clearTimeout(t);
    },
    set(next) {
      for (const [k, v] of Object.entries(next)) setters[k]?.(v);
    },
    hide(hidden = []) {
      for (const el of form.querySelectorAll('[data-option]')) el.hidden = hidden.includes(el.dataset.option);
    },
  };
}
