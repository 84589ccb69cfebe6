// A text field's limit, where the text is typed: maxlength on the field, the
// limit printed under it, and a polite note when a paste was cut to it (the
// browser keeps a paste within maxlength silently). Shared by the widgets' text
// controls and the exercises' answer fields.
//   const { hint, note, explain } = limitText(input, max, { id, extra })
//     hint, note: nodes to place after the field (the field is described by both);
//     explain(): rewrites the note (call it on change; extra(value) → text adds a sentence).
import { h } from './dom.js';

const count = (n) => n.toLocaleString('en-US');

export function limitText(input, max, { id, extra = null } = {}) {
  input.maxLength = max;
  const hint = h('span', { class: 'field-hint', id: `${id}-limit` }, `At most ${count(max)} characters.`);
  const note = h('span', { class: 'field-note', id: `${id}-note`, 'aria-live': 'polite' });
  const described = input.getAttribute('aria-describedby');
  input.setAttribute('aria-describedby', [described, hint.id, note.id].filter(Boolean).join(' '));
  let pasting = false;  // a paste longer than the room left is under way
  let cut = false;      // the last change of the text was such a paste
  input.addEventListener('paste', (e) => {
    const pasted = e.clipboardData?.getData('text')?.length ?? 0;
    const kept = input.value.length - Math.abs((input.selectionEnd ?? 0) - (input.selectionStart ?? 0));
    pasting = kept + pasted > max;
  });
  const explain = () => {
    const said = [];
    if (cut) said.push(`The pasted text was cut to the limit of ${count(max)} characters.`);
    const more = extra?.(input.value);
    if (more) said.push(more);
    note.textContent = said.join(' ');
  };
  input.addEventListener('input', () => {
    cut = pasting;
    pasting = false;
    if (cut) explain();
  });
  return { hint, note, explain };
}
