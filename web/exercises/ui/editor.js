// The code editor: CodeMirror 6 (bundled from npm, nothing fetched at run
// time) with JavaScript highlighting, line numbers, bracket matching and an
// undo history that spans Enter and Tab.
//   Tab / Shift+Tab   indent / outdent (2 spaces)
//   Enter             keeps the indentation (one more level after { [ ( )
//   Ctrl+Z / Ctrl+Y (Ctrl+Shift+Z)   undo / redo   (⌘Z / ⌘⇧Z on a Mac)
//   Escape, then Tab  leaves the editor (Tab is not a trap for keyboard users)
//   Ctrl+Enter        onRun;  Ctrl+Shift+Enter  onSubmit
// The line numbers are the ones error messages refer to; markError(line)
// marks a line from a verdict (a class, and @codemirror/lint's gutter sign and
// underline with the message on hover; its text said in the editor's
// description) until the code changes.
import { EditorState, StateEffect, StateField } from '@codemirror/state';
import {
  EditorView, Decoration, drawSelection, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers,
} from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentLess, indentMore, insertNewlineAndIndent } from '@codemirror/commands';
import { bracketMatching, indentOnInput, indentUnit, syntaxHighlighting } from '@codemirror/language';
import { javascript } from '@codemirror/lang-javascript';
import { lintGutter, setDiagnostics, setDiagnosticsEffect } from '@codemirror/lint';
import { classHighlighter } from '@lezer/highlight';
import { h, uid } from '../../lib/dom.js';

// The verdict's line is one @codemirror/lint diagnostic (its gutter sign, with the message
// on hover, and the underlined range), plus a line class, both dropped by any edit.
const setError = StateEffect.define();

// { line: number | null }: the line a verdict named; cleared by any edit.
const errorLine = StateField.define({
  create: () => null,
  update(line, tr) {
    for (const e of tr.effects) if (e.is(setError)) return e.value;
    return tr.docChanged ? null : line;
  },
  provide: (field) => [
    EditorView.decorations.from(field, (line) => (view) => {
      if (line === null || line > view.state.doc.lines) return Decoration.none;
      const at = view.state.doc.line(line).from;
      return Decoration.set([Decoration.line({ class: 'cm-error-line', attributes: { 'data-error-line': String(line) } }).range(at)]);
    }),
  ],
});

// An edit clears the diagnostic with the line mark (lint would otherwise map it along).
const clearOnEdit = EditorState.transactionExtender.of((tr) => (tr.docChanged && tr.startState.field(errorLine) !== null
  ? { effects: setDiagnosticsEffect.of([]) } : null));

export function createEditor({ value = '', label = 'Your code', onChange, onRun, onSubmit } = {}) {
  const labelId = uid('code-label');
  const helpId = `${labelId}-help`;
  const errorId = `${labelId}-error`;
  const errorNote = h('p', { id: errorId, class: 'editor-error', hidden: true });
  let escaped = false;

  const extensions = [
    lineNumbers(),
    lintGutter(),
    highlightActiveLineGutter(),
    history(),
    drawSelection(),
    indentUnit.of('  '),
    EditorState.tabSize.of(2),
    indentOnInput(),
    bracketMatching(),
    highlightActiveLine(),
    syntaxHighlighting(classHighlighter),
    javascript(),
    errorLine,
    clearOnEdit,
    EditorView.domEventHandlers({
      keydown(ev) {
        if (ev.key === 'Escape') {
          escaped = true;
          return false;
        }
        if (ev.key === 'Tab' && escaped && !ev.ctrlKey && !ev.metaKey && !ev.altKey) {
          escaped = false;
          return true; // handled: the editor leaves it to the browser, which moves the focus
        }
        if (!['Shift', 'Control', 'Meta', 'Alt'].includes(ev.key)) escaped = false;
        return false;
      },
    }),
    keymap.of([
      { key: 'Mod-Enter', run: () => { onRun?.(); return true; } },
      { key: 'Shift-Mod-Enter', run: () => { onSubmit?.(); return true; } },
      { key: 'Enter', run: insertNewlineAndIndent },
      { key: 'Tab', run: indentMore, shift: indentLess },
      ...historyKeymap,
      ...defaultKeymap,
    ]),
    EditorView.contentAttributes.of({
      'aria-labelledby': labelId,
      'aria-describedby': `${helpId} ${errorId}`,
      'aria-multiline': 'true',
      spellcheck: 'false',
      autocapitalize: 'off',
      autocorrect: 'off',
    }),
    EditorView.updateListener.of((u) => {
      if (u.docChanged) {
        onChange?.(u.state.doc.toString());
        if (!errorNote.hidden && u.state.field(errorLine) === null) errorNote.hidden = true;
      }
    }),
  ];
  const view = new EditorView({ state: EditorState.create({ doc: value, extensions }) });

  const el = h('div', { class: 'code-editor-field' },
    h('p', { id: labelId, class: 'code-label' }, label),
    h('div', { class: 'code-editor' }, view.dom),
    errorNote,
    h('p', { id: helpId, class: 'editor-help' },
      'Tab indents. To leave the editor with the keyboard press Esc, then Tab. ',
      'Ctrl+Z undoes, Ctrl+Y redoes. Ctrl+Enter runs the examples; Ctrl+Shift+Enter submits.'));

  return {
    el,
    view,
    get value() { return view.state.doc.toString(); },
    /** Replaces the code (a stored draft, the starter): a fresh history, no onChange. */
    set value(v) {
      view.setState(EditorState.create({ doc: v, extensions }));
      errorNote.hidden = true;
    },
    focus() { view.focus(); },
    /** Selects line n (1-based), scrolls it into view and focuses the editor. */
    goToLine(n) {
      const doc = view.state.doc;
      const line = doc.line(Math.min(Math.max(n, 1), doc.lines));
      view.dispatch({ selection: { anchor: line.from, head: line.to }, scrollIntoView: true });
      view.focus();
    },
    /** Marks line n (1-based) as the one a verdict names, with its message; null clears. */
    markError(n, message = '') {
      const line = n === null || n === undefined ? null : Math.min(Math.max(n, 1), view.state.doc.lines);
      const at = line === null ? null : view.state.doc.line(line);
      const diagnostics = at ? [{ from: at.from, to: at.to, severity: 'error', source: 'verdict', message: message || `Line ${line}` }] : [];
      view.dispatch(setDiagnostics(view.state, diagnostics), { effects: setError.of(line) });
      errorNote.hidden = line === null;
      errorNote.textContent = line === null ? '' : `Line ${line} is marked: ${message}`;
    },
  };
}
