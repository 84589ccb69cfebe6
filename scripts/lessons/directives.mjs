// The ':::name arg' directives a lesson may use, as a table of specs (the
// shape MyST gives its directives): each names its argument and body and how
// it becomes a block. Adding a directive is one entry here.
//
//   spec = { name, doc, arg: 'none' | 'required' | 'optional', body: 'none' | 'text' | 'options',
//            run({ arg, body, line, bodyLine }, ctx) → block | null }
//   ctx = { md(src, line) → html, error(line, message), embed(id, line) }
// run reports problems through ctx.error and returns null when there is no block.
import { renderTex } from './markdown.mjs';
import { widgetSpec, parseOption } from '../../web/widgets/registry.js';
import { CODE_TABS } from '../../web/lib/code-tabs.js';

export const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Widget options body ('key: value' lines) → { options (typed, checked against the registry),
 * controls }. The reserved line `controls: a, b` lists the options this use of the widget offers
 * as controls (the ideas taught so far); without it every option gets one.
 */
function widgetOptions(name, body, bodyLine, error) {
  const options = {};
  let controls = null;
  const seen = new Set();
  body.split('\n').forEach((text, i) => {
    const line = bodyLine + i;
    const t = text.trim();
    if (t === '' || t.startsWith('#')) return;
    const m = /^([A-Za-z_][\w-]*)\s*:\s*(.*)$/.exec(t);
    if (!m) {
      error(line, `expected 'option: value' in ':::widget ${name}', got '${t}'`);
      return;
    }
    const [, key, raw] = m;
    if (seen.has(key)) {
      error(line, `option '${key}' of widget '${name}' is given twice`);
      return;
    }
    seen.add(key);
    if (key === 'controls') {
      const names = raw.replace(/\s+#.*$/, '').split(',').map((x) => x.trim()).filter(Boolean);
      const known = Object.keys(widgetSpec(name).options);
      const bad = names.filter((n) => !known.includes(n));
      if (bad.length) error(line, `controls of widget '${name}' name unknown options: ${bad.join(', ')} (options: ${known.join(', ')})`);
      else controls = names;
      return;
    }
    const r = parseOption(name, key, raw.replace(/\s+#.*$/, ''));
    if (r.error) error(line, r.error);
    else options[key] = r.value;
  });
  return { options, controls };
}

const callout = (type, doc) => ({
  name: type,
  doc,
  arg: 'none',
  body: 'text',
  run: ({ body, bodyLine }, ctx) => ({ type, html: ctx.md(body, bodyLine) }),
});

export const DIRECTIVE_SPECS = [
  {
    name: 'math',
    doc: 'display math: the body is TeX, rendered by KaTeX at build time',
    arg: 'none',
    body: 'text',
    run({ body, line, bodyLine }, ctx) {
      const tex = body.trim();
      if (tex === '') {
        ctx.error(line, "':::math' has no TeX in its body");
        return null;
      }
      const r = renderTex(tex, true);
      if (r.error) ctx.error(bodyLine, r.error);
      return { type: 'math', tex, html: r.html };
    },
  },
  {
    name: 'widget',
    doc: 'a live widget: the argument names it, the body sets its options (one `option: value` a line)',
    arg: 'required',
    body: 'options',
    run({ arg, body, line, bodyLine }, ctx) {
      if (!arg) {
        ctx.error(line, "':::widget' needs a widget name");
        return null;
      }
      if (!widgetSpec(arg)) {
        ctx.error(line, `unknown widget '${arg}'`);
        return { type: 'widget', name: arg, options: {} };
      }
      const { options, controls } = widgetOptions(arg, body, bodyLine, ctx.error);
      return { type: 'widget', name: arg, options, ...(controls ? { controls } : {}) };
    },
  },
  {
    name: 'exercise',
    doc: 'an exercise from lessons/exercises/, by id; no body',
    arg: 'required',
    body: 'none',
    run({ arg, body, line, bodyLine }, ctx) {
      if (!arg || !KEBAB.test(arg)) {
        ctx.error(line, `':::exercise' needs an exercise id, got '${arg}'`);
        return null;
      }
      if (body.trim() !== '') ctx.error(bodyLine, `':::exercise ${arg}' takes no body`);
      ctx.embed(arg, line);
      return { type: 'exercise', id: arg };
    },
  },
  {
    name: 'code-tabs',
    doc: 'the same code in two languages, shown as tabs: a ```cpp block (the core\'s C++, what runs) and a ```python block (PyTorch-style, for reading)',
    arg: 'none',
    body: 'text',
    run({ body, line, bodyLine }, ctx) {
      const tabs = [];
      const lines = body.split('\n');
      for (let i = 0; i < lines.length; i++) {
        const open = /^```\s*([a-z+]+)\s*$/.exec(lines[i]);
        if (!open) {
          if (lines[i].trim() !== '') ctx.error(bodyLine + i, `':::code-tabs' holds only fenced code blocks, got '${lines[i].trim()}'`);
          continue;
        }
        const start = i;
        let end = i + 1;
        while (end < lines.length && lines[end].trim() !== '```') end++;
        if (end >= lines.length) {
          ctx.error(bodyLine + start, 'code block in \':::code-tabs\' is not closed');
          break;
        }
        const lang = open[1];
        const tab = CODE_TABS[lang];
        if (!tab) ctx.error(bodyLine + start, `':::code-tabs' knows the languages ${Object.keys(CODE_TABS).join(', ')}, got '${lang}'`);
        else tabs.push({ lang, ...tab, html: ctx.md(lines.slice(start, end + 1).join('\n'), bodyLine + start) });
        i = end;
      }
      const runs = tabs.filter((t) => t.runs).length;
      if (tabs.length < 2 || runs !== 1) {
        ctx.error(line, "':::code-tabs' needs one ```cpp block (what runs) and at least one ```python block");
        return null;
      }
      return { type: 'code-tabs', tabs };
    },
  },
  callout('note', 'a note beside the text (Markdown body)'),
  callout('warning', 'a warning beside the text (Markdown body)'),
];

const byName = new Map(DIRECTIVE_SPECS.map((d) => [d.name, d]));

export const DIRECTIVES = DIRECTIVE_SPECS.map((d) => d.name);

/** One directive → a block (or null), its problems reported through ctx.error. */
export function runDirective(item, ctx) {
  const spec = byName.get(item.name);
  if (!spec) {
    ctx.error(item.line, `unknown directive ':::${item.name}' (known: ${DIRECTIVES.join(', ')})`);
    return null;
  }
  if (spec.arg === 'none' && item.arg) ctx.error(item.line, `':::${spec.name}' takes no argument, got '${item.arg}'`);
  return spec.run(item, ctx);
}
