// The glossary: lessons/glossary.yaml, one entry per symbol or term, compiled
// into the page at #/glossary and checked against the lessons.
//
//   compileGlossary(file, text) → { entries, errors }
//   entry = { id, term, symbol (TeX or ''), symbolHtml, meaningHtml, shapeHtml,
//             lesson (the lesson that introduces it), uses: [RegExp], line }
//   checkGlossaryOrder(entries, lessons, exercises) → errors
//     lessons   = [{ file, id, order, lines: [{ text, line }] }] (body lines)
//     exercises = [{ file, lesson, lines }]
// The rule: a lesson (or an exercise of it) whose text matches one of a term's
// `uses` patterns must not come before the lesson that introduces the term,
// and the introducing lesson must itself use the term.
import { splitFrontMatter, parseFrontMatter } from './frontmatter.mjs';
import { renderMarkdown, renderTex } from './markdown.mjs';
import { KEBAB } from './directives.mjs';

const FIELDS = ['id', 'term', 'symbol', 'meaning', 'shape', 'lesson', 'uses'];
const isText = (v) => typeof v === 'string' && v.trim() !== '';

export function compileGlossary(text) {
  const errors = [];
  // The whole file is YAML: parse it as a header that starts on line 1.
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const fm = parseFrontMatter(lines.map((t, i) => ({ text: t, line: i + 1 })));
  errors.push(...fm.errors.map((e) => ({ ...e, message: e.message.replace(/^front matter: /, 'glossary: ') })));
  const list = fm.data.terms;
  if (!fm.errors.length && !Array.isArray(list)) {
    errors.push({ line: 1, message: "the glossary must be a map with a list 'terms'" });
    return { entries: [], errors };
  }
  const entries = [];
  const seen = new Map();
  (list ?? []).forEach((raw, i) => {
    const line = list.__lines?.[i] ?? 1;
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
      errors.push({ line, message: 'each glossary entry is a map of id, term, meaning, lesson (and symbol, shape, uses)' });
      return;
    }
    const extra = Object.keys(raw).filter((k) => !FIELDS.includes(k));
    if (extra.length) errors.push({ line, message: `unknown glossary field '${extra[0]}' (fields: ${FIELDS.join(', ')})` });
    for (const key of ['id', 'term', 'meaning', 'lesson']) {
      if (!isText(raw[key])) errors.push({ line, message: `glossary entry needs a '${key}'` });
    }
    if (!isText(raw.id)) return;
    if (!KEBAB.test(raw.id)) errors.push({ line, message: `glossary id must be kebab-case, got '${raw.id}'` });
    if (seen.has(raw.id)) {
      errors.push({ line, message: `duplicate glossary id '${raw.id}' (also on line ${seen.get(raw.id)})` });
      return;
    }
    seen.set(raw.id, line);
    const md = (src) => {
      const r = renderMarkdown(String(src), { baseLine: line, inline: true });
      errors.push(...r.errors.map((e) => ({ ...e, line })));
      return r.html;
    };
    let symbolHtml = '';
    if (isText(raw.symbol)) {
      const r = renderTex(String(raw.symbol), false);
      if (r.error) errors.push({ line, message: `glossary symbol of '${raw.id}': ${r.error}` });
      else symbolHtml = r.html;
    }
    const uses = [];
    if (raw.uses !== undefined && raw.uses !== null) {
      if (!Array.isArray(raw.uses)) errors.push({ line, message: `'uses' of '${raw.id}' must be a list of patterns` });
      else {
        for (const p of raw.uses) {
          try {
            uses.push(new RegExp(String(p), 'i'));
          } catch (e) {
            errors.push({ line, message: `'uses' pattern '${p}' of '${raw.id}' is not a regular expression: ${e.message}` });
          }
        }
      }
    }
    entries.push({
      id: raw.id,
      term: isText(raw.term) ? raw.term : raw.id,
      symbol: isText(raw.symbol) ? raw.symbol : '',
      symbolHtml,
      meaningHtml: isText(raw.meaning) ? md(raw.meaning) : '',
      shapeHtml: isText(raw.shape) ? md(raw.shape) : '',
      lesson: isText(raw.lesson) ? raw.lesson : '',
      uses,
      line,
    });
  });
  return { entries, errors };
}

/** The first body line of `lines` that matches one of the patterns, or null. */
function firstUse(lines, patterns) {
  for (const l of lines) if (patterns.some((p) => p.test(l.text))) return l;
  return null;
}

export function checkGlossaryOrder(entries, lessons, exercises, glossaryFile) {
  const errors = [];
  const byId = new Map(lessons.map((l) => [l.id, l]));
  for (const e of entries) {
    const intro = byId.get(e.lesson);
    if (!intro) {
      if (e.lesson) errors.push({ file: glossaryFile, line: e.line, message: `glossary term '${e.id}' names lesson '${e.lesson}', which does not exist` });
      continue;
    }
    if (!e.uses.length) continue;
    if (!firstUse(intro.lines, e.uses)) {
      errors.push({ file: glossaryFile, line: e.line, message: `glossary term '${e.id}': lesson '${e.lesson}' never uses it, so it cannot introduce it` });
    }
    for (const l of lessons) {
      if (l.order >= intro.order) continue;
      const hit = firstUse(l.lines, e.uses);
      if (hit) errors.push({ file: l.file, line: hit.line, message: `'${e.term}' is used before it is introduced (glossary: lesson '${e.lesson}', order ${intro.order})` });
    }
    for (const x of exercises) {
      const owner = byId.get(x.lesson);
      if (!owner || owner.order >= intro.order) continue;
      const hit = firstUse(x.lines, e.uses);
      if (hit) errors.push({ file: x.file, line: hit.line, message: `'${e.term}' is used before it is introduced (glossary: lesson '${e.lesson}', order ${intro.order})` });
    }
  }
  return errors;
}

/** The body lines of a lesson or exercise file (front matter left out, objectives kept). */
export function bodyLines(text) {
  const split = splitFrontMatter(text);
  const out = split.bodyLines.map((t, i) => ({ text: t, line: split.bodyStart + i }));
  // objectives are shown on the course map: they count as use
  let inObjectives = false;
  for (const h of split.header) {
    if (/^objectives:/.test(h.text)) { inObjectives = true; continue; }
    if (inObjectives && /^\s+-/.test(h.text)) out.unshift({ text: h.text, line: h.line });
    else if (inObjectives && /^\S/.test(h.text)) inObjectives = false;
  }
  return out.sort((a, b) => a.line - b.line);
}

/** What the page needs (patterns and lines stay at build time). */
export const publicEntry = ({ id, term, symbol, symbolHtml, meaningHtml, shapeHtml, lesson }) =>
  ({ id, term, symbol, symbolHtml, meaningHtml, shapeHtml, lesson });
