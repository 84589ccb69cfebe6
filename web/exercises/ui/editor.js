// A small code editor: a <textarea> with line numbers beside it.
//   Tab / Shift+Tab   indent / outdent the line or the selected lines (2 spaces)
//   Enter             keeps the indentation of the current line
//   Escape, then Tab  leaves the editor (Tab is not a trap for keyboard users)
//   Ctrl+Enter        onRun;  Ctrl+Shift+Enter  onSubmit   (⌘ on a Mac)
// The line numbers are the ones error messages refer to.
import { h, uid } from '../../lib/dom.js';

const INDENT = '  ';

export function createEditor({ value = '', label = 'Your code', onChange, onRun, onSubmit } = {}) {
  const id = uid('code');
  const helpId = `${id}-help`;
  const gutter = h('pre', { class: 'code-gutter', 'aria-hidden': 'true' });
  const area = h('textarea', {
    id, class: 'code-input', spellcheck: 'false', autocapitalize: 'off', autocomplete: 'off',
    autocorrect: 'off', wrap: 'off', rows: '12', 'aria-describedby': helpId, 'data-own-arrows': '',
  });
  area.value = value;
  let escaped = false;

  let shown = 0;
  function renderGutter() {
    const n = area.value.split('\n').length;
    if (shown !== n) {
      gutter.textContent = Array.from({ length: n }, (_, i) => String(i + 1)).join('\n');
      shown = n;
    }
    area.rows = Math.min(Math.max(n + 1, 8), 30);
    gutter.scrollTop = area.scrollTop;
  }

  function replace(start, end, text, selStart, selEnd) {
    area.setRangeText(text, start, end, 'end');
    if (selStart !== undefined) area.setSelectionRange(selStart, selEnd ?? selStart);
    area.dispatchEvent(new Event('input', { bubbles: true }));
  }

  function indent(outdent) {
    const v = area.value;
    let { selectionStart: s, selectionEnd: e } = area;
    if (!outdent && s === e) {
      replace(s, e, INDENT, s + INDENT.length);
      return;
    }
    const lineStart = v.lastIndexOf('\n', s - 1) + 1;
    if (e > s && v[e - 1] === '\n') e -= 1;
    const block = v.slice(lineStart, e);
    const changed = block.split('\n').map((l) => (outdent ? l.replace(/^ {1,2}/, '') : INDENT + l)).join('\n');
    const first = outdent ? -(block.length - block.replace(/^ {1,2}/, '').length) : INDENT.length;
    replace(lineStart, e, changed, Math.max(lineStart, s + first), lineStart + changed.length);
  }

  area.addEventListener('keydown', (ev) => {
    const mod = ev.ctrlKey || ev.metaKey;
    if (ev.key === 'Enter' && mod) {
      ev.preventDefault();
      (ev.shiftKey ? onSubmit : onRun)?.();
      return;
    }
    if (ev.key === 'Escape') {
      escaped = true;
      return;
    }
    if (ev.key === 'Tab' && !mod && !ev.altKey) {
      if (escaped) {
        escaped = false;
        return; // let the browser move the focus
      }
      ev.preventDefault();
      indent(ev.shiftKey);
      return;
    }
    escaped = false;
    if (ev.key === 'Enter' && !ev.shiftKey && !ev.altKey) {
      const v = area.value;
      const s = area.selectionStart;
      const lineStart = v.lastIndexOf('\n', s - 1) + 1;
      const current = v.slice(lineStart, s);
      let pad = current.match(/^ */)[0];
      if (/[{[(]\s*$/.test(current)) pad += INDENT;
      ev.preventDefault();
      replace(s, area.selectionEnd, `\n${pad}`, s + 1 + pad.length);
    }
  });
  area.addEventListener('input', () => {
    renderGutter();
    onChange?.(area.value);
  });
  area.addEventListener('scroll', () => { gutter.scrollTop = area.scrollTop; });

  const el = h('div', { class: 'code-editor-field' },
    h('label', { for: id, class: 'code-label' }, label),
    h('div', { class: 'code-editor' }, gutter, area),
    h('p', { id: helpId, class: 'editor-help' },
      'Tab indents. To leave the editor with the keyboard press Esc, then Tab. ',
      'Ctrl+Enter runs the examples; Ctrl+Shift+Enter submits.'));
  renderGutter();

  return {
    el,
    textarea: area,
    get value() { return area.value; },
    set value(v) {
      area.value = v;
      renderGutter();
    },
    /** Selects line n (1-based) and focuses the editor. */
    goToLine(n) {
      const all = area.value.split('\n');
      const line = Math.min(Math.max(n, 1), all.length);
      const start = all.slice(0, line - 1).reduce((s, l) => s + l.length + 1, 0);
      area.focus();
      area.setSelectionRange(start, start + all[line - 1].length);
      const lh = parseFloat(getComputedStyle(area).lineHeight) || 20;
      area.scrollTop = Math.max(0, (line - 3) * lh);
    },
  };
}
