// One exercise file (lessons/exercises/<id>.md) → a compiled exercise.
//
//   compileExercise(file, text, { sourcesOf(lessonId) → [{ id, text }] })
//     → { exercise, errors, links, lines }
//   exercise = { id, lesson, kind, title, grader, entry, params, tolerance, answer,
//                choices ([inline html]), multiple, units, widget,
//                mistakes ([{ answer, message (text) }] — numeric: what a common wrong value means),
//                explanations ([text] | null — choice: why each choice is right or wrong; shown in verdicts),
//                prompt (html), starter (code string | null),
//                solution (string | null; code for kind 'code', otherwise html),
//                solutionFormat ('code' | 'html' | null), language (of the code blocks),
//                partial (code string | null), hints ([html]), explanation (html | null), file }
// Citations in an exercise resolve against the sources of the lesson it names.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { splitFrontMatter, parseFrontMatter } from './frontmatter.mjs';
import { splitSections } from './blocks.mjs';
import { renderMarkdown } from './markdown.mjs';
import { widgetSpec } from '../../web/widgets/registry.js';
import { KEBAB } from './lesson.mjs';
import { s, check } from '../../web/lib/schema.js';

export const KINDS = ['numeric', 'choice', 'code', 'experiment'];

const GRADERS = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../web/exercises/graders');
/**
 * The graders a `grader:` may name: web/exercises/graders/<name>.js files whose default export is
 * a grader named <name> (the files web/exercises/graders/index.js finds by glob).
 */
export function graderNames(dir = GRADERS) {
  return fs.readdirSync(dir).filter((f) => f.endsWith('.js') && f !== 'index.js').map((f) => f.slice(0, -3))
    .filter((name) => new RegExp(`export default[\\s\\S]*\\bname:\\s*'${name}'`).test(fs.readFileSync(path.join(dir, `${name}.js`), 'utf8')))
    .sort();
}
let graderList = null; // read once per process
export const SECTIONS = ['Prompt', 'Starter', 'Solution', 'Hints', 'Partial', 'Explanation'];

/** Sections each kind must have (Prompt always). */
export const REQUIRED_SECTIONS = {
  numeric: ['Prompt'],
  choice: ['Prompt', 'Explanation'],
  code: ['Prompt', 'Starter', 'Solution', 'Hints'],
  experiment: ['Prompt'],
};
/** Front matter each kind must have (besides id, lesson, kind, title). */
export const REQUIRED_FIELDS = {
  numeric: ['answer'],
  choice: ['choices', 'answer'],
  code: ['grader', 'entry'],
  experiment: ['grader', 'widget'],
};

const isText = (v) => typeof v === 'string' && v.trim() !== '';
const isMap = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

// An exercise's front matter as a schema (web/lib/schema.js, which also checks
// lessons and imported progress); what depends on the kind is checked below.
const field = (key, says) => (v) => `front matter field '${key}' ${typeof says === 'function' ? says(v) : says}`;
const textField = (key) => s.nullable(s.text({ empty: true, message: field(key, 'must be text') }));
export const EXERCISE_SCHEMA = s.object({
  message: 'front matter must be a map of fields',
  required: ['id', 'lesson', 'kind', 'title'],
  missing: (key) => `missing front matter field '${key}'`,
  unknown: (key) => `unknown front matter field '${key}' (fields: ${FIELDS.join(', ')})`,
  fields: {
    id: s.text({ pattern: KEBAB, message: field('id', (v) => `must be kebab-case, got '${v}'`) }),
    lesson: s.text({ message: field('lesson', 'must be a lesson id') }),
    kind: s.oneOf(KINDS, { message: field('kind', (v) => `must be one of ${KINDS.join(', ')}, got '${v}'`) }),
    title: s.text({ message: field('title', 'must be non-empty text') }),
    grader: textField('grader'),
    entry: s.nullable(s.either([s.text({ pattern: /^[A-Za-z_$][\w$]*$/ }), s.text({ empty: true, pattern: /^\s*$/ })], {
      message: (v) => (typeof v === 'string' ? field('entry', `must be a function name, got '${v}'`)(v) : field('entry', 'must be text')(v)),
    })),
    params: s.nullable(s.object({ open: true, message: field('params', 'must be a map') })),
    tolerance: s.any(),
    answer: s.any(),
    choices: s.any(),
    multiple: s.bool({ message: field('multiple', 'must be true or false') }),
    units: textField('units'),
    widget: textField('widget'),
    mistakes: s.any(),
    explanations: s.any(),
  },
});
const FIELDS = Object.keys(EXERCISE_SCHEMA.fields);

/** The first fenced code block of a section: { code, language } or null. */
function firstFence(text) {
  const m = /^ {0,3}(`{3,}|~{3,})[ \t]*([\w+-]*)[^\n]*\n([\s\S]*?)\n {0,3}\1[`~]*[ \t]*$/m.exec(text);
  return m ? { code: m[3], language: m[2] || null } : null;
}

/** "1. a\n2. b" (or "- a") → ['a', 'b'] with the line of each item; otherwise null. */
function listItems(text, line) {
  const items = [];
  text.split('\n').forEach((l, i) => {
    const m = /^(?:\d+[.)]|[-*+])\s+(.*)$/.exec(l);
    if (m) items.push({ text: m[1], line: line + i });
    else if (l.trim() !== '' && items.length) items.at(-1).text += `\n${l.trim()}`;
    else if (l.trim() !== '') items.push(null);
  });
  return items.length && items.every(Boolean) ? items : null;
}

function checkTolerance(tol, line, errors) {
  if (tol === undefined || tol === null) return null;
  if (!isMap(tol)) {
    errors.push({ line, message: "front matter field 'tolerance' must be a map like { atol: 1e-5, rtol: 1e-4 }" });
    return null;
  }
  for (const [k, v] of Object.entries(tol)) {
    if (k !== 'atol' && k !== 'rtol') errors.push({ line, message: `unknown tolerance '${k}' (atol, rtol)` });
    else if (typeof v !== 'number' || !(v >= 0)) errors.push({ line, message: `tolerance '${k}' must be a number >= 0, got '${v}'` });
  }
  return { ...tol };
}

export function compileExercise(file, text, { sourcesOf = () => [] } = {}) {
  const errors = [];
  const links = [];
  const split = splitFrontMatter(text);
  errors.push(...split.errors);
  const { data, lines, errors: fmErrors } = parseFrontMatter(split.header);
  errors.push(...fmErrors);
  const at = (key) => lines[key] ?? 1;

  const problems = check(EXERCISE_SCHEMA, data);
  for (const p of problems) errors.push({ line: p.missing ? 1 : at(p.path[0]), message: p.message });
  const ok = (key) => Object.hasOwn(data, key) && !problems.some((p) => p.path[0] === key);
  const base = path.basename(file, '.md');
  if (ok('id') && data.id !== base) errors.push({ line: at('id'), message: `id '${data.id}' does not match the file name (expected '${base}')` });
  const kind = data.kind;
  const known = KINDS.includes(kind);
  if (known) {
    for (const key of REQUIRED_FIELDS[kind]) {
      if (!Object.hasOwn(data, key) || data[key] === null) {
        errors.push({ line: 1, message: `exercise of kind '${kind}' is missing the front matter field '${key}'` });
      }
    }
  }
  const tolerance = checkTolerance(data.tolerance, at('tolerance'), errors);
  if (isText(data.widget) && !widgetSpec(data.widget)) errors.push({ line: at('widget'), message: `unknown widget '${data.widget}'` });
  if (isText(data.grader)) {
    graderList ??= graderNames();
    if (!graderList.includes(data.grader)) {
      errors.push({ line: at('grader'), message: `unknown grader '${data.grader}' (graders: ${graderList.join(', ')}; a grader is web/exercises/graders/<name>.js)` });
    }
  }
  if (kind === 'numeric' && Object.hasOwn(data, 'answer') && typeof data.answer !== 'number') {
    errors.push({ line: at('answer'), message: `the answer of a numeric exercise must be a number, got '${data.answer}'` });
  }
  // numeric: common wrong values with what each one means; choice: one explanation per choice
  const mistakesOk = !Object.hasOwn(data, 'mistakes') || (kind === 'numeric' && Array.isArray(data.mistakes)
    && data.mistakes.every((m) => isMap(m) && typeof m.answer === 'number' && isText(m.message)));
  if (!mistakesOk) errors.push({ line: at('mistakes'), message: "front matter field 'mistakes' (numeric exercises only) must be a list of { answer: number, message: text }" });
  const explanationsOk = !Object.hasOwn(data, 'explanations') || (kind === 'choice' && Array.isArray(data.explanations)
    && Array.isArray(data.choices) && data.explanations.length === data.choices.length && data.explanations.every((e) => isText(String(e ?? ''))));
  if (!explanationsOk) errors.push({ line: at('explanations'), message: "front matter field 'explanations' (choice exercises only) must give one text per choice" });
  let multiple = typeof data.multiple === 'boolean' ? data.multiple : null;
  if (kind === 'choice') {
    const choices = data.choices;
    const okChoices = Array.isArray(choices) && choices.length >= 2 && choices.every((c) => isText(String(c ?? '')));
    if (Object.hasOwn(data, 'choices') && !okChoices) {
      errors.push({ line: at('choices'), message: "front matter field 'choices' must be a list of at least two texts" });
    }
    const answer = Array.isArray(data.answer) ? data.answer : Number.isInteger(data.answer) ? [data.answer] : null;
    if (Object.hasOwn(data, 'answer')) {
      if (!answer || answer.length === 0 || !answer.every(Number.isInteger)) {
        errors.push({ line: at('answer'), message: 'the answer of a choice exercise must be a list of 0-based choice indices, e.g. [1]' });
      } else if (okChoices && answer.some((a) => a < 0 || a >= choices.length)) {
        errors.push({ line: at('answer'), message: `answer index out of range (there are ${choices.length} choices: 0 to ${choices.length - 1})` });
      } else if (multiple === false && answer.length > 1) {
        errors.push({ line: at('answer'), message: "the answer has several indices but 'multiple' is false" });
      }
    }
    if (multiple === null && answer) multiple = answer.length > 1;
  }

  // ------------------------------------------------------------ sections
  const body = splitSections(split.bodyLines, split.bodyStart);
  errors.push(...body.errors);
  if (body.preamble) errors.push({ line: body.preamble.line, message: "text before the first '## ' section" });
  const sections = {};
  for (const s of body.sections) {
    if (!SECTIONS.includes(s.title)) {
      errors.push({ line: s.line, message: `unknown section '## ${s.title}' (sections: ${SECTIONS.join(', ')})` });
      continue;
    }
    if (sections[s.title]) {
      errors.push({ line: s.line, message: `section '## ${s.title}' is given twice` });
      continue;
    }
    for (const item of s.items) {
      if (item.kind === 'directive') errors.push({ line: item.line, message: `directives are not allowed in an exercise (':::${item.name}')` });
    }
    const mdItems = s.items.filter((i) => i.kind === 'markdown');
    sections[s.title] = { text: mdItems.map((i) => i.text).join('\n'), line: mdItems[0]?.line ?? s.line + 1, heading: s.line };
  }
  if (known) {
    for (const name of REQUIRED_SECTIONS[kind]) {
      if (!sections[name] || sections[name].text.trim() === '') {
        errors.push({ line: 1, message: `exercise of kind '${kind}' is missing the section '## ${name}'` });
      }
    }
  }

  const sources = isText(data.lesson) ? sourcesOf(data.lesson) : [];
  const md = (src, baseLine, opts = {}) => {
    const r = renderMarkdown(src, { baseLine, sources, ...opts });
    errors.push(...r.errors);
    links.push(...r.links);
    return r.html;
  };
  const html = (name) => (sections[name] && sections[name].text.trim() ? md(sections[name].text, sections[name].line) : null);
  const code = (name, required) => {
    const s = sections[name];
    if (!s || !s.text.trim()) return null;
    const f = firstFence(s.text);
    if (!f && required) errors.push({ line: s.heading, message: `section '## ${name}' needs a fenced code block` });
    return f;
  };

  const isCode = kind === 'code';
  const starter = code('Starter', true);
  const partial = code('Partial', true);
  let solution = null;
  let solutionFormat = null;
  if (sections.Solution?.text.trim()) {
    // Kind 'code': the first code block. Others: code if the section is only a
    // code block, otherwise the worked solution as html.
    const f = code('Solution', isCode);
    const onlyCode = f && /^(`{3,}|~{3,})[^\n]*\n[\s\S]*\n\1[`~]*$/.test(sections.Solution.text.trim());
    if (isCode || onlyCode) {
      solution = f?.code ?? null;
      solutionFormat = f ? 'code' : null;
    } else {
      solution = html('Solution');
      solutionFormat = 'html';
    }
  }
  let hints = [];
  if (sections.Hints?.text.trim()) {
    const items = listItems(sections.Hints.text, sections.Hints.line);
    hints = items ? items.map((i) => md(i.text, i.line)) : [html('Hints')];
  }
  const choices = kind === 'choice' && Array.isArray(data.choices)
    ? data.choices.map((c, i) => md(String(c), data.choices.__lines?.[i] ?? at('choices'), { inline: true }))
    : null;

  const mistakes = mistakesOk && Array.isArray(data.mistakes)
    ? data.mistakes.map((m) => ({ answer: m.answer, message: String(m.message).trim() }))
    : [];
  const explanations = explanationsOk && Array.isArray(data.explanations)
    ? data.explanations.map((e) => String(e).trim())
    : null;

  const exercise = {
    id: String(data.id ?? base),
    lesson: isText(data.lesson) ? data.lesson : null,
    kind: known ? kind : null,
    title: isText(data.title) ? data.title : '(untitled)',
    grader: data.grader ?? null,
    entry: data.entry ?? null,
    params: isMap(data.params) ? data.params : null,
    tolerance,
    answer: data.answer ?? null,
    choices,
    mistakes,
    explanations,
    multiple,
    units: data.units ?? null,
    widget: data.widget ?? null,
    prompt: html('Prompt') ?? '',
    starter: starter?.code ?? null,
    solution,
    solutionFormat,
    language: starter?.language ?? (solutionFormat === 'code' ? firstFence(sections.Solution.text)?.language ?? null : null),
    partial: partial?.code ?? null,
    hints,
    explanation: html('Explanation'),
    file,
  };
  return { exercise, errors, links, lines };
}
