// Front matter: the YAML-like header between two '---' lines of a lesson or
// exercise file. Supported (lessons/FORMAT.md): `key: value`, inline lists
// `[a, b]`, inline maps `{ atol: 1e-5 }`, block lists (`  - item`), lists of
// maps (`  - id: x` / `    text: y`) and nested block maps. Comments start
// with ' #'. Every map and list carries its line as a non-enumerable `__line`
// (lists of scalars also `__lines`), so later checks can point at it.
//
//   splitFrontMatter(text) → { header: [{ text, line }], bodyLines, bodyStart, errors }
//   parseFrontMatter(header) → { data, lines: { key: line }, errors }
// errors are { line, message }; nothing throws.

const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?$/i;

function tag(obj, line, lines) {
  Object.defineProperty(obj, '__line', { value: line, enumerable: false });
  if (lines) Object.defineProperty(obj, '__lines', { value: lines, enumerable: false });
  return obj;
}

/** Separates the header lines from the body. Lines are numbered from 1. */
export function splitFrontMatter(text) {
  const all = text.replace(/\r\n?/g, '\n').split('\n');
  if (all[0]?.trim() !== '---') {
    return {
      header: [], bodyLines: all, bodyStart: 1,
      errors: [{ line: 1, message: "missing front matter (the file must start with a line '---')" }],
    };
  }
  const end = all.findIndex((l, i) => i > 0 && l.trim() === '---');
  if (end < 0) {
    return {
      header: all.slice(1).map((t, i) => ({ text: t, line: i + 2 })), bodyLines: [], bodyStart: all.length + 1,
      errors: [{ line: 1, message: "front matter is not closed by a line '---'" }],
    };
  }
  return {
    header: all.slice(1, end).map((t, i) => ({ text: t, line: i + 2 })),
    bodyLines: all.slice(end + 1),
    bodyStart: end + 2,
    errors: [],
  };
}

/** Removes a trailing ' # comment' that is outside quotes. */
function stripComment(s) {
  let quote = null;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '#' && (i === 0 || /\s/.test(s[i - 1]))) {
      return s.slice(0, i).trimEnd();
    }
  }
  return s;
}

function scalar(s, line, errors) {
  const t = s.trim();
  if (t === '') return null;
  if (t.startsWith('"')) {
    try {
      return JSON.parse(t);
    } catch {
      errors.push({ line, message: `bad quoted string ${t}` });
      return t;
    }
  }
  if (t.startsWith("'")) {
    if (!t.endsWith("'") || t.length < 2) errors.push({ line, message: `bad quoted string ${t}` });
    return t.slice(1, -1).replace(/''/g, "'");
  }
  if (NUMBER.test(t)) return Number(t);
  if (t === 'true') return true;
  if (t === 'false') return false;
  if (t === 'null' || t === '~') return null;
  return t;
}

/** Splits "a, [b, c], {d: e}" at top-level commas. */
function splitTop(s) {
  const parts = [];
  let depth = 0;
  let quote = null;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(s.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(s.slice(start));
  return parts.map((p) => p.trim());
}

/** An inline value: scalar, [list] or {map}, nested. */
export function parseFlow(text, line, errors) {
  const s = stripComment(text).trim();
  if (s.startsWith('[')) {
    if (!s.endsWith(']')) {
      errors.push({ line, message: `unclosed inline list ${s}` });
      return tag([], line);
    }
    const inner = s.slice(1, -1).trim();
    return tag(inner === '' ? [] : splitTop(inner).map((p) => parseFlow(p, line, errors)), line);
  }
  if (s.startsWith('{')) {
    if (!s.endsWith('}')) {
      errors.push({ line, message: `unclosed inline map ${s}` });
      return tag({}, line);
    }
    const inner = s.slice(1, -1).trim();
    const obj = tag({}, line);
    if (inner === '') return obj;
    for (const part of splitTop(inner)) {
      const m = /^([^:]+?)\s*:\s*(.*)$/.exec(part);
      if (!m) {
        errors.push({ line, message: `expected 'key: value' in inline map, got '${part}'` });
        continue;
      }
      obj[m[1].trim()] = parseFlow(m[2], line, errors);
    }
    return obj;
  }
  return scalar(s, line, errors);
}

const KEY = /^([A-Za-z_][\w-]*)\s*:(?:\s+(.*))?$/;

/** Parses the header lines into a plain object. */
export function parseFrontMatter(header) {
  const errors = [];
  const entries = [];
  for (const { text, line } of header) {
    if (text.trim() === '' || /^\s*#/.test(text)) continue;
    if (/\t/.test(text.match(/^\s*/)[0])) {
      errors.push({ line, message: 'front matter must be indented with spaces, not tabs' });
    }
    entries.push({ indent: text.match(/^ */)[0].length, text: stripComment(text.trim()), line });
  }
  const state = { entries, i: 0, errors };
  const lines = {};
  const data = tag({}, 1);
  if (entries.length) {
    if (entries[0].indent !== 0) {
      errors.push({ line: entries[0].line, message: 'front matter must start at column 1' });
    }
    parseMap(state, entries[0].indent, data, lines);
  }
  while (state.i < entries.length) {
    const e = entries[state.i++];
    errors.push({ line: e.line, message: `unexpected line '${e.text}'` });
  }
  return { data, lines, errors };
}

function parseBlock(state, indent) {
  const e = state.entries[state.i];
  if (/^-(\s|$)/.test(e.text)) return parseList(state, indent);
  const obj = tag({}, e.line);
  parseMap(state, indent, obj);
  return obj;
}

function parseMap(state, indent, obj, lines) {
  const { entries, errors } = state;
  while (state.i < entries.length) {
    const e = entries[state.i];
    if (e.indent < indent) return;
    if (e.indent > indent) {
      errors.push({ line: e.line, message: `unexpected indentation: '${e.text}'` });
      state.i++;
      continue;
    }
    const m = KEY.exec(e.text);
    if (!m) {
      if (/^-(\s|$)/.test(e.text)) errors.push({ line: e.line, message: `list item '${e.text}' has no key above it` });
      else errors.push({ line: e.line, message: `expected 'key: value', got '${e.text}'` });
      state.i++;
      continue;
    }
    const [, key, rest] = m;
    if (Object.hasOwn(obj, key)) errors.push({ line: e.line, message: `front matter field '${key}' is given twice` });
    if (lines) lines[key] = e.line;
    state.i++;
    if (rest !== undefined && rest.trim() !== '') {
      obj[key] = parseFlow(rest, e.line, errors);
    } else {
      const next = entries[state.i];
      // A block list may sit at the same indent as its key (YAML allows it).
      if (next && (next.indent > indent || (next.indent === indent && /^-(\s|$)/.test(next.text)))) {
        obj[key] = parseBlock(state, next.indent);
      } else {
        obj[key] = null;
      }
    }
  }
}

function parseList(state, indent) {
  const { entries, errors } = state;
  const list = [];
  const itemLines = [];
  tag(list, entries[state.i].line, itemLines);
  while (state.i < entries.length) {
    const e = entries[state.i];
    if (e.indent !== indent || !/^-(\s|$)/.test(e.text)) {
      if (e.indent > indent) {
        errors.push({ line: e.line, message: `unexpected indentation: '${e.text}'` });
        state.i++;
        continue;
      }
      break;
    }
    const rest = e.text.slice(1).trimStart();
    const contentIndent = indent + (e.text.length - rest.length);
    itemLines.push(e.line);
    if (rest === '') {
      state.i++;
      const next = entries[state.i];
      list.push(next && next.indent > indent ? parseBlock(state, next.indent) : null);
    } else if (KEY.test(rest) && !/^["'[{]/.test(rest)) {
      // "- id: x" starts a map whose other keys sit at contentIndent.
      entries[state.i] = { indent: contentIndent, text: rest, line: e.line };
      const obj = tag({}, e.line);
      parseMap(state, contentIndent, obj);
      list.push(obj);
    } else {
      list.push(parseFlow(rest, e.line, errors));
      state.i++;
    }
  }
  return list;
}
