// Splits a Markdown body into sections at '## ' headings and, inside each
// section, into Markdown chunks and ':::name arg' … ':::' directives.
// Fenced code (``` or ~~~) is opaque: headings and ':::' lines inside it do
// not count.
//
//   splitSections(lines, firstLine) → {
//     preamble: { lines, line } | null,          text before the first heading
//     sections: [{ title, line, items }],
//     errors }
//   items: { kind: 'markdown', text, line } | { kind: 'directive', name, arg, body, line, bodyLine }
// Lines are numbered from 1 in the original file.

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const OPEN = /^:::\s*([A-Za-z][\w-]*)?\s*(.*?)\s*$/;

export function splitSections(lines, firstLine) {
  const errors = [];
  const sections = [];
  let preamble = null;
  let section = null;
  let chunk = null; // markdown lines being collected
  let directive = null;
  let fenceOpen = null;

  const flushChunk = () => {
    if (chunk && chunk.lines.some((l) => l.trim() !== '')) {
      const item = { kind: 'markdown', text: chunk.lines.join('\n'), line: chunk.line };
      if (section) section.items.push(item);
      else preamble = item;
    }
    chunk = null;
  };
  const closeDirective = (unclosedAt) => {
    if (!directive) return;
    if (unclosedAt !== undefined) {
      errors.push({ line: directive.line, message: `':::${directive.name ?? ''}' is not closed by a line ':::'` });
    }
    const item = { kind: 'directive', name: directive.name, arg: directive.arg, body: directive.body.join('\n'), line: directive.line, bodyLine: directive.line + 1 };
    if (section) section.items.push(item);
    else errors.push({ line: directive.line, message: `':::${directive.name ?? ''}' appears before the first '## ' heading` });
    directive = null;
  };

  lines.forEach((text, i) => {
    const line = firstLine + i;
    const fence = FENCE.exec(text);
    if (fenceOpen) {
      if (fence && fence[1][0] === fenceOpen[0] && fence[1].length >= fenceOpen.length && text.trim() === fence[1]) fenceOpen = null;
      (directive ? directive.body : chunk.lines).push(text);
      return;
    }
    if (fence) {
      fenceOpen = fence[1];
      if (directive) directive.body.push(text);
      else {
        chunk ??= { lines: [], line };
        chunk.lines.push(text);
      }
      return;
    }
    if (directive) {
      if (text.trim() === ':::') {
        closeDirective();
        return;
      }
      if (/^## /.test(text)) closeDirective(line);
      else {
        directive.body.push(text);
        return;
      }
    }
    if (/^## /.test(text)) {
      flushChunk();
      section = { title: text.slice(3).trim(), line, items: [] };
      sections.push(section);
      return;
    }
    if (text.startsWith(':::')) {
      flushChunk();
      const m = OPEN.exec(text);
      if (text.trim() === ':::' || !m?.[1]) {
        errors.push({ line, message: "a line ':::' closes nothing (a directive opens with ':::name')" });
        return;
      }
      directive = { name: m[1], arg: m[2], body: [], line };
      return;
    }
    chunk ??= { lines: [], line };
    chunk.lines.push(text);
  });
  if (fenceOpen) errors.push({ line: firstLine + lines.length - 1, message: `code block opened with ${fenceOpen} is not closed` });
  if (directive) closeDirective(firstLine + lines.length);
  flushChunk();
  return { preamble, sections, errors };
}
