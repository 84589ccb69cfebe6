// Front matter: the YAML header between two '---' lines of a lesson or
// exercise file, parsed by the `yaml` package (YAML 1.2, core schema; the
// subset in use is described in lessons/FORMAT.md). Every map and list carries
// the line it starts on as a non-enumerable `__line` (lists also `__lines`,
// one per item), so later checks can point at the file's own lines.
//
//   splitFrontMatter(text) → { header: [{ text, line }], bodyLines, bodyStart, errors }
//   parseFrontMatter(header) → { data, lines: { key: line }, errors }
// errors are { line, message } with the line in the file; nothing throws.
import { LineCounter, parseDocument, isMap, isSeq, isScalar, isAlias } from 'yaml';

function tag(obj, line, lines) {
  Object.defineProperty(obj, '__line', { value: line, enumerable: false, configurable: true });
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

/** The plain value of a YAML node, its maps and lists tagged with their lines. */
function toValue(node, lineOf) {
  if (!node) return null;
  if (isScalar(node)) return node.value;
  if (isAlias(node)) return null;
  if (isSeq(node)) {
    const items = node.items.map((item) => toValue(item, lineOf));
    return tag(items, lineOf(node), node.items.map((item) => lineOf(item)));
  }
  if (isMap(node)) {
    const obj = tag({}, lineOf(node));
    for (const pair of node.items) obj[String(isScalar(pair.key) ? pair.key.value : pair.key)] = toValue(pair.value, lineOf);
    return obj;
  }
  return null;
}

/** A YAML error as the checker reports it: the file's line, and the parser's first sentence. */
function reported(err, offset) {
  const line = (err.linePos?.[0]?.line ?? 1) + offset;
  const message = String(err.message).split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  return { line, message: `front matter: ${message}` };
}

/** Parses the header lines into a plain object. */
export function parseFrontMatter(header) {
  const offset = (header[0]?.line ?? 2) - 1;
  const lineCounter = new LineCounter();
  const doc = parseDocument(header.map((h) => h.text).join('\n'), { lineCounter, prettyErrors: true, uniqueKeys: true, strict: true });
  const lineOf = (node) => (node?.range ? lineCounter.linePos(node.range[0]).line + offset : offset + 1);
  const errors = [...doc.errors, ...doc.warnings].map((e) => reported(e, offset));
  const lines = {};
  let data = tag({}, 1);
  if (doc.contents && !errors.length) {
    if (!isMap(doc.contents)) {
      errors.push({ line: lineOf(doc.contents), message: 'front matter must be a map of \'key: value\' lines' });
    } else {
      data = toValue(doc.contents, lineOf);
      Object.defineProperty(data, '__line', { value: 1, enumerable: false });
      for (const pair of doc.contents.items) lines[String(pair.key?.value ?? pair.key)] = lineOf(pair.key);
    }
  }
  return { data, lines, errors };
}
