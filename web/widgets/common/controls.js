// Labelled, keyboard-operable controls generated from a widget's registry
// entry. Values are validated with the registry's parseOption.
//   buildControls(form, widgetName, values, onChange, { uid, keys })
//     → { set(values), hide(keys) }   onChange(key, value) fires with a valid, typed value;
//       hide(keys) hides those controls (and shows the others again)
// int/number with a small range → range slider + printed value; wide ints
// (seeds) → number field; bool → checkbox; enum → select; string → text field
// with its limit (maxlength, printed under it; a paste cut to it says so) and a
// note when the text is too long to be written into the page's address.
import { h } from '../../lib/dom.js';
import { limitText } from '../../lib/text-limit.js';
import { widgetSpec, parseOption, maxLengthOf, URL_TEXT_MAX } from '../registry.js';


/** A text field that takes at most maxLengthOf(o) characters and says what happens to long text. */
function textControl(o, id, key, value, commit) {
  const input = h('input', { type: 'text', id, name: key });
  input.value = value ?? '';
  const { hint, note, explain } = limitText(input, maxLengthOf(o), {
    id,
    extra: (text) => (text.length > URL_TEXT_MAX
      ? `Kept on this page only: text longer than ${URL_TEXT_MAX.toLocaleString('en-US')} characters is not written into the page's address, so a link to this view does not carry it.`
      : null),
  });
  input.addEventListener('change', () => {
    explain();
    commit(input.value, input);
  });
  explain();
  const el = h('div', { class: 'control control-text' }, h('label', { for: id }, o.label ?? key), input, hint, note);
  return { el, set: (v) => { input.value = v ?? ''; explain(); } };
}

export function buildControls(form, widget, values, onChange, { uid, keys } = {}) {
  const spec = widgetSpec(widget).options;
  const setters = {};
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
      const text = textControl(o, id, key, values[key], commit);
      setters[key] = text.set;
      el = text.el;
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
    form.append(el);
  }
  return {
    set(next) {
      for (const [k, v] of Object.entries(next)) setters[k]?.(v);
    },
    hide(hidden = []) {
      for (const el of form.querySelectorAll('[data-option]')) el.hidden = hidden.includes(el.dataset.option);
    },
  };
}
