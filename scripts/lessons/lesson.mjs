// One lesson file (lessons/NN-<id>.md) → a lesson object with panes.
//
//   compileLesson(file, text) → { lesson, errors, links, embeds }
//   lesson = { id, title, unit, order, objectives (inline html), prerequisites, sources: [{ id, text }],
//              file, panes: [{ title, titleHtml, blocks }] }
//   block  = { type: 'html', html } | { type: 'math', tex, html }
//          | { type: 'widget', name, options } | { type: 'exercise', id }
//          | { type: 'note' | 'warning', html }
//   links  = lesson: cross-links [{ line, lesson, pane, href }] (checked by the course)
//   embeds = [{ id, line }] of ':::exercise' directives
// errors are { line, message }; widget options are checked against the registry.
import path from 'node:path';
import { splitFrontMatter, parseFrontMatter } from './frontmatter.mjs';
import { splitSections } from './blocks.mjs';
import { renderMarkdown, plainText } from './markdown.mjs';
import { DIRECTIVES, KEBAB, runDirective } from './directives.mjs';
import { s, check } from '../../web/lib/schema.js';

export { DIRECTIVES, KEBAB };

const isText = (v) => typeof v === 'string' && v.trim() !== '';

// A lesson's front matter as a schema (web/lib/schema.js, which also checks
// exercises and imported progress). Messages name the field; lines come from the file.
const field = (key, says) => (v) => `front matter field '${key}' ${typeof says === 'function' ? says(v) : says}`;
export const LESSON_SCHEMA = s.object({
  message: 'front matter must be a map of fields',
  required: ['id', 'title', 'unit', 'order', 'objectives', 'sources'],
  missing: (key) => `missing front matter field '${key}'`,
  unknown: (key) => `unknown front matter field '${key}' (fields: ${LESSON_FIELDS.join(', ')})`,
  fields: {
    id: s.text({ pattern: KEBAB, message: field('id', (v) => `must be kebab-case (a-z, 0-9, '-'), got '${v}'`) }),
    title: s.text({ message: field('title', 'must be non-empty text') }),
    unit: s.text({ message: field('unit', 'must be non-empty text') }),
    order: s.int({ min: 1, message: field('order', (v) => `must be an integer >= 1, got '${v}'`) }),
    objectives: s.list(s.text(), { min: 1, message: field('objectives', 'must be a non-empty list of text') }),
    prerequisites: s.nullable(s.list(s.text(), { message: field('prerequisites', 'must be a list of lesson ids') })),
    sources: s.list(null, { message: field('sources', 'must be a list of { id, text } (or [])') }),
  },
});
const LESSON_FIELDS = Object.keys(LESSON_SCHEMA.fields);

function checkLessonFields(data, lines, file, errors) {
  const at = (key) => lines[key] ?? 1;
  const problems = check(LESSON_SCHEMA, data);
  for (const p of problems) errors.push({ line: p.missing ? 1 : at(p.path[0]), message: p.message });
  const ok = (key) => Object.hasOwn(data, key) && !problems.some((p) => p.path[0] === key);
  const base = path.basename(file, '.md');
  const m = /^(\d\d)-(.+)$/.exec(base);
  if (!m) errors.push({ line: 1, message: `file name must be NN-<id>.md, got '${path.basename(file)}'` });
  if (ok('id') && m && m[2] !== data.id) {
    errors.push({ line: at('id'), message: `id '${data.id}' does not match the file name (expected '${m[2]}')` });
  }
  if (ok('order') && m && Number(m[1]) !== data.order) {
    errors.push({ line: at('order'), message: `order ${data.order} does not match the file name prefix '${m[1]}'` });
  }
  const sources = [];
  if (ok('sources')) {
    const list = data.sources;
    {
      const seen = new Map();
      list.forEach((s, i) => {
        const line = s?.__line ?? list.__lines?.[i] ?? at('sources');
        if (!s || typeof s !== 'object' || Array.isArray(s) || !isText(s.id) || !isText(s.text)) {
          errors.push({ line, message: 'each source needs an id and a text' });
          return;
        }
        const extra = Object.keys(s).filter((k) => k !== 'id' && k !== 'text');
        if (extra.length) errors.push({ line, message: `unknown source field '${extra[0]}' (fields: id, text)` });
        if (seen.has(s.id)) {
          errors.push({ line, message: `duplicate source id '${s.id}' (also on line ${seen.get(s.id)})` });
          return;
        }
        seen.set(s.id, line);
        sources.push({ id: String(s.id), text: String(s.text) });
      });
    }
  }
  return sources;
}

export function compileLesson(file, text) {
  const errors = [];
  const links = [];
  const embeds = [];
  const split = splitFrontMatter(text);
  errors.push(...split.errors);
  const fm = parseFrontMatter(split.header);
  errors.push(...fm.errors);
  const data = fm.data;
  const sources = checkLessonFields(data, fm.lines, file, errors);

  const md = (src, baseLine, opts = {}) => {
    const r = renderMarkdown(src, { baseLine, sources, ...opts });
    errors.push(...r.errors);
    links.push(...r.links);
    return r.html;
  };

  const directiveCtx = {
    md,
    error: (line, message) => errors.push({ line, message }),
    embed: (id, line) => embeds.push({ id, line }),
  };

  const body = splitSections(split.bodyLines, split.bodyStart);
  errors.push(...body.errors);
  if (body.preamble) {
    errors.push({ line: body.preamble.line, message: "text before the first '## ' heading belongs to no pane" });
  }
  if (body.sections.length === 0 && split.errors.length === 0) {
    errors.push({ line: split.bodyStart, message: "the lesson has no panes (each '## ' heading starts one)" });
  }

  const panes = body.sections.map((section) => {
    const blocks = [];
    for (const item of section.items) {
      if (item.kind === 'markdown') {
        blocks.push({ type: 'html', html: md(item.text, item.line) });
        continue;
      }
      const block = runDirective(item, directiveCtx);
      if (block) blocks.push(block);
    }
    if (blocks.length === 0) errors.push({ line: section.line, message: `pane '${section.title}' is empty` });
    return {
      title: plainText(section.title),
      titleHtml: md(section.title, section.line, { inline: true }),
      blocks,
    };
  });

  const lesson = {
    id: String(data.id ?? path.basename(file, '.md').replace(/^\d\d-/, '')),
    title: isText(data.title) ? data.title : '(untitled)',
    unit: isText(data.unit) ? data.unit : '(no unit)',
    order: Number.isInteger(data.order) ? data.order : 999,
    objectives: Array.isArray(data.objectives)
      ? data.objectives.map((o, i) => md(String(o), data.objectives.__lines?.[i] ?? fm.lines.objectives ?? 1, { inline: true }))
      : [],
    prerequisites: Array.isArray(data.prerequisites) ? data.prerequisites.map(String) : [],
    sources,
    file,
    panes,
  };
  return { lesson, errors, links, embeds, lines: fm.lines };
}
