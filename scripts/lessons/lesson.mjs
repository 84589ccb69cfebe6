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

export { DIRECTIVES, KEBAB };
const LESSON_FIELDS = ['id', 'title', 'unit', 'order', 'objectives', 'prerequisites', 'sources'];

const isText = (v) => typeof v === 'string' && v.trim() !== '';

function checkLessonFields(data, lines, file, errors) {
  const at = (key) => lines[key] ?? 1;
  for (const key of Object.keys(data)) {
    if (!LESSON_FIELDS.includes(key)) {
      errors.push({ line: at(key), message: `unknown front matter field '${key}' (fields: ${LESSON_FIELDS.join(', ')})` });
    }
  }
  for (const key of ['id', 'title', 'unit', 'order', 'objectives', 'sources']) {
    if (!Object.hasOwn(data, key)) errors.push({ line: 1, message: `missing front matter field '${key}'` });
  }
  const base = path.basename(file, '.md');
  const m = /^(\d\d)-(.+)$/.exec(base);
  if (!m) errors.push({ line: 1, message: `file name must be NN-<id>.md, got '${path.basename(file)}'` });
  if (Object.hasOwn(data, 'id')) {
    if (!isText(data.id) || !KEBAB.test(data.id)) {
      errors.push({ line: at('id'), message: `front matter field 'id' must be kebab-case (a-z, 0-9, '-'), got '${data.id}'` });
    } else if (m && m[2] !== data.id) {
      errors.push({ line: at('id'), message: `id '${data.id}' does not match the file name (expected '${m[2]}')` });
    }
  }
  for (const key of ['title', 'unit']) {
    if (Object.hasOwn(data, key) && !isText(data[key])) {
      errors.push({ line: at(key), message: `front matter field '${key}' must be non-empty text` });
    }
  }
  if (Object.hasOwn(data, 'order')) {
    if (!Number.isInteger(data.order) || data.order < 1) {
      errors.push({ line: at('order'), message: `front matter field 'order' must be an integer >= 1, got '${data.order}'` });
    } else if (m && Number(m[1]) !== data.order) {
      errors.push({ line: at('order'), message: `order ${data.order} does not match the file name prefix '${m[1]}'` });
    }
  }
  if (Object.hasOwn(data, 'objectives')) {
    if (!Array.isArray(data.objectives) || data.objectives.length === 0 || !data.objectives.every(isText)) {
      errors.push({ line: at('objectives'), message: "front matter field 'objectives' must be a non-empty list of text" });
    }
  }
  if (Object.hasOwn(data, 'prerequisites') && data.prerequisites !== null) {
    if (!Array.isArray(data.prerequisites) || !data.prerequisites.every(isText)) {
      errors.push({ line: at('prerequisites'), message: "front matter field 'prerequisites' must be a list of lesson ids" });
    }
  }
  const sources = [];
  if (Object.hasOwn(data, 'sources')) {
    const list = data.sources;
    if (!Array.isArray(list)) {
      errors.push({ line: at('sources'), message: "front matter field 'sources' must be a list of { id, text } (or [])" });
    } else {
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
