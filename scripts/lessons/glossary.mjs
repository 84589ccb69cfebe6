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
//   checkSymbolMeanings(entries, lessons, exercises) → errors
// One symbol, one meaning:
//   - in the glossary, two entries may share a symbol (one of the comma-separated
//     parts of `symbol`) only if each names the other in `shares` (a documented
//     overload such as n, which counts tokens in the attention lessons and numbers
//     segments in the HMT lessons); otherwise the symbol is defined twice;
//   - in an exercise, a name listed in an entry's `code` (how code writes the
//     symbol, e.g. Wq for W_q) followed by a shape [a, b] must use the entry's
//     shape: a glossary symbol inside the brackets that the entry's shape does not
//     hold gives the name another meaning (W_q as [d, d_h] makes d_h a search
//     width). A code name belongs to the latest entry that lists it and is
//     introduced no later than the exercise's lesson;
//   - in a lesson or an exercise, a one-letter symbol whose glossary shape is a
//     vector or a matrix must not be used as a count ("T tokens", "⌈T / L⌉").
import { splitFrontMatter, parseFrontMatter } from './frontmatter.mjs';
import { renderMarkdown, renderTex } from './markdown.mjs';
import { KEBAB } from './directives.mjs';

const FIELDS = ['id', 'term', 'symbol', 'meaning', 'shape', 'lesson', 'uses', 'shares', 'code'];
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
    const names = (key) => {
      if (raw[key] === undefined || raw[key] === null) return [];
      if (!Array.isArray(raw[key]) || !raw[key].every(isText)) {
        errors.push({ line, message: `'${key}' of '${raw.id}' must be a list of names` });
        return [];
      }
      return raw[key].map(String);
    };
    entries.push({
      id: raw.id,
      shares: names('shares'),
      code: names('code'),
      shapeText: isText(raw.shape) ? String(raw.shape) : '',
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
  errors.push(...checkSharedSymbols(entries));
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

// ---------------------------------------------------------------- one symbol, one meaning

/** The parts of a glossary symbol: 'Q,\ K,\ V' → ['Q', 'K', 'V']; 'd_\text{model}' → 'd_model'. */
export function symbolAtoms(symbol) {
  return String(symbol).split(',').map(normalizeAtom).filter(Boolean);
}

function normalizeAtom(a) {
  return a.replace(/\\[,;: ]/g, '').replace(/\\(?:text|mathrm)\{([^}]*)\}/g, '$1').replace(/[{}$`\s]/g, '');
}

// Two spellings of one symbol.
const ALIASES = new Map([['d_model', 'd']]);
const canonical = (a) => ALIASES.get(a) ?? a;

function checkSharedSymbols(entries) {
  const errors = [];
  const owners = new Map(); // atom → [entry]
  for (const e of entries) {
    for (const a of new Set(symbolAtoms(e.symbol).map(canonical))) {
      if (!owners.has(a)) owners.set(a, []);
      owners.get(a).push(e);
    }
    for (const other of e.shares) {
      if (!entries.some((x) => x.id === other)) errors.push({ line: e.line, message: `'${e.id}' shares its symbol with '${other}', which is not a glossary entry` });
    }
  }
  for (const [atom, list] of owners) {
    for (let i = 1; i < list.length; i++) {
      for (let k = 0; k < i; k++) {
        const [a, b] = [list[k], list[i]];
        if (a.id === b.id || (a.shares.includes(b.id) && b.shares.includes(a.id))) continue;
        errors.push({ line: b.line, message: `glossary symbol '${atom}' is defined twice: '${a.id}' (line ${a.line}) and '${b.id}'; give it one meaning, or name each entry in the other's 'shares' and say in both meanings where each applies` });
      }
    }
  }
  return errors;
}

/** Atoms inside the brackets of a shape text: '$[d, d_r]$' → ['d', 'd_r']. */
function shapeAtoms(text) {
  const out = [];
  for (const m of String(text).matchAll(/\[([^[\]]*)\]/g)) out.push(...m[1].split(',').map(normalizeAtom).filter(Boolean));
  return out.map(canonical);
}

// One-letter symbols that are also English words ("A segment is …"): not checked as counts.
const ENGLISH = new Set(['A', 'I', 'a']);
const COUNT_NOUNS = 'tokens?|bytes?|segments?|rows?|steps?|memories|slots?|heads?|layers?|words?|characters?|letters?|facts?|documents?';
const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Paragraphs of body lines (code lines included) joined by spaces, with a way back from an offset to its line. */
function paragraphs(lines) {
  const out = [];
  let cur = null;
  for (const l of lines) {
    const t = l.text.trim();
    if (t === '' || t.startsWith('```') || t.startsWith('#')) { cur = null; continue; }
    if (!cur) { cur = { text: '', starts: [] }; out.push(cur); }
    if (cur.text) cur.text += ' ';
    cur.starts.push([cur.text.length, l.line]);
    cur.text += l.text;
  }
  return out.map((p) => ({ text: p.text, lineAt: (off) => p.starts.filter(([o]) => o <= off).at(-1)[1] }));
}

export function checkSymbolMeanings(entries, lessons, exercises) {
  const errors = [];
  const order = new Map(lessons.map((l) => [l.id, l.order]));
  const symbolOwner = new Map();
  for (const e of entries) for (const a of symbolAtoms(e.symbol).map(canonical)) if (!symbolOwner.has(a)) symbolOwner.set(a, e);
  // one-letter symbols whose shape is a vector or a matrix: never a count
  const countUses = entries.filter((e) => e.shapeText && !/^number/.test(e.shapeText.trim()))
    .flatMap((e) => symbolAtoms(e.symbol).filter((a) => /^[A-Za-z]$/.test(a) && !ENGLISH.has(a)).map((atom) => ({
      atom, entry: e,
      re: new RegExp(`(?<![\\w|\\\\.])\\$?${atom}\\$?\\s+(?:${COUNT_NOUNS})\\b|⌈\\s*\\$?${atom}\\$?\\s*/`),
    })));
  const files = [
    ...lessons.map((l) => ({ file: l.file, order: l.order, lines: l.lines, exercise: false })),
    ...exercises.map((x) => ({ file: x.file, order: order.get(x.lesson), lines: x.lines, exercise: true })),
  ];
  for (const f of files) {
    for (const l of f.lines) {
      for (const c of countUses) {
        if (c.re.test(l.text)) {
          errors.push({ file: f.file, line: l.line, message: `'${c.atom}' used as a count, but the glossary's '${c.atom}' is the ${c.entry.term} (${c.entry.shapeText.replace(/\$/g, '')}), not a number; write another symbol (a text's length is |X|)` });
        }
      }
    }
    if (!f.exercise || f.order === undefined) continue;
    // a code name belongs to the latest entry that lists it, introduced no later than this exercise's lesson
    const owner = new Map();
    for (const e of entries) {
      const at = order.get(e.lesson);
      if (at === undefined || at > f.order) continue;
      for (const name of e.code) {
        const prev = owner.get(name);
        if (!prev || order.get(prev.lesson) <= at) owner.set(name, e);
      }
    }
    if (!owner.size) continue;
    const names = new RegExp(`(?<![\\w])(${[...owner.keys()].map(escapeRe).join('|')})\\b`, 'g');
    for (const p of paragraphs(f.lines)) {
      // clauses end at ';' or at the end of a sentence: a name's shape is the next [...] in its clause
      for (const cl of p.text.matchAll(/[^;]+?(?:;|\.\s|$)/g)) {
        const clause = cl[0];
        for (const m of clause.matchAll(names)) {
          const e = owner.get(m[1]);
          const after = m.index + m[0].length;
          const br = clause.slice(after).match(/\[([^[\]]*)\]/);
          if (!br) continue;
          // the bracket is this name's shape only if nothing but other names and "and", "are", "each" … lie between
          const between = clause.slice(after, after + br.index).replace(names, ' ');
          if (!/^[\s`,:{}()]*(?:(?:and|are|is|each|of|both)\b[\s`,:{}()]*)*$/.test(between)) continue;
          const allowed = new Set(shapeAtoms(e.shapeText));
          for (const a of br[1].split(',').map(normalizeAtom).filter(Boolean).map(canonical)) {
            const other = symbolOwner.get(a);
            if (allowed.has(a) || !other || other === e) continue;
            errors.push({ file: f.file, line: p.lineAt(cl.index + after + br.index), message: `'${a}' in the shape of ${m[1]} gives the ${e.term} another meaning: the glossary's shape is ${e.shapeText.replace(/\$/g, '')}, and '${a}' is the ${other.term}` });
          }
        }
      }
    }
  }
  return errors;
}
