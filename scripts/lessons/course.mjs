// The whole course: every lessons/NN-*.md and lessons/exercises/*.md under a
// root directory, compiled and cross-checked.
//
//   compileCourse({ root }) → { course, errors, files }
//   course = { units: [{ name, lessons: [id] }], lessons: [lesson], exercises: { id: exercise },
//              glossary: [entry] (lessons/glossary.yaml, see glossary.mjs) }
//   errors = [{ file, line, message }] with file relative to root, in file order
//   formatError(e) → 'lessons/02-self-attention.md:12: message'
// Cross-checks: duplicate lesson/exercise ids and orders, prerequisites and
// lesson: links that name a missing lesson or pane, ':::exercise' ids without a
// file, exercises whose lesson does not embed them, glossary: links to a missing
// term, a glossary term used by a lesson before the one that introduces it, and a
// symbol with two meanings (glossary.mjs, checkSymbolMeanings).
import fs from 'node:fs';
import path from 'node:path';
import { compileLesson } from './lesson.mjs';
import { compileExercise } from './exercise.mjs';
import { compileGlossary, checkGlossaryOrder, checkSymbolMeanings, bodyLines, publicEntry } from './glossary.mjs';
import { GLOSSARY_LABEL } from './markdown.mjs';

export const GLOSSARY_FILE = 'lessons/glossary.yaml';

const rel = (root, p) => path.relative(root, p).split(path.sep).join('/');

function listFiles(dir, pattern) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => pattern.test(f)).sort().map((f) => path.join(dir, f));
}

/** The files the course is made of (for watching in the dev server). */
export function courseFiles(root) {
  const lessonsDir = path.join(root, 'lessons');
  const glossary = path.join(lessonsDir, 'glossary.yaml');
  return [...listFiles(lessonsDir, /^\d\d-.*\.md$/), ...listFiles(path.join(lessonsDir, 'exercises'), /\.md$/),
    ...(fs.existsSync(glossary) ? [glossary] : [])];
}

export function compileCourse({ root }) {
  const lessonsDir = path.join(root, 'lessons');
  const lessonFiles = listFiles(lessonsDir, /\.md$/).filter((f) => path.basename(f) !== 'FORMAT.md' && path.basename(f) !== 'README.md');
  const exerciseFiles = listFiles(path.join(lessonsDir, 'exercises'), /\.md$/);
  const errors = [];
  const add = (file, list) => errors.push(...list.map((e) => ({ file, ...e })));

  // ---------------------------------------------------------- lessons
  const compiled = lessonFiles.map((abs) => {
    const file = rel(root, abs);
    const text = fs.readFileSync(abs, 'utf8');
    const r = compileLesson(file, text);
    add(file, r.errors);
    return { file, body: bodyLines(text), ...r };
  });
  const byId = new Map();
  const byOrder = new Map();
  for (const c of compiled) {
    const { id, order } = c.lesson;
    if (byId.has(id)) {
      errors.push({ file: c.file, line: c.lines.id ?? 1, message: `duplicate lesson id '${id}' (also in ${byId.get(id).file})` });
    } else byId.set(id, c);
    if (order !== 999) {
      if (byOrder.has(order)) {
        errors.push({ file: c.file, line: c.lines.order ?? 1, message: `duplicate lesson order ${order} (also in ${byOrder.get(order).file})` });
      } else byOrder.set(order, c);
    }
  }
  for (const c of compiled) {
    c.lesson.prerequisites.forEach((p) => {
      if (!byId.has(p)) errors.push({ file: c.file, line: c.lines.prerequisites ?? 1, message: `prerequisite '${p}' is not a lesson` });
    });
  }

  // ---------------------------------------------------------- exercises
  const exercises = {};
  const exerciseById = new Map();
  const sourcesOf = (lessonId) => byId.get(lessonId)?.lesson.sources ?? [];
  const compiledExercises = exerciseFiles.map((abs) => {
    const file = rel(root, abs);
    const text = fs.readFileSync(abs, 'utf8');
    const r = compileExercise(file, text, { sourcesOf });
    add(file, r.errors);
    return { file, body: bodyLines(text), ...r };
  });

  // ---------------------------------------------------------- glossary
  const glossaryAbs = path.join(lessonsDir, 'glossary.yaml');
  let glossary = [];
  if (fs.existsSync(glossaryAbs)) {
    const g = compileGlossary(fs.readFileSync(glossaryAbs, 'utf8'));
    add(GLOSSARY_FILE, g.errors);
    glossary = g.entries;
  }
  const glossaryIds = new Set(glossary.map((e) => e.id));
  for (const c of compiledExercises) {
    const { id } = c.exercise;
    if (exerciseById.has(id)) {
      errors.push({ file: c.file, line: c.lines.id ?? 1, message: `duplicate exercise id '${id}' (also in ${exerciseById.get(id).file})` });
      continue;
    }
    exerciseById.set(id, c);
    exercises[id] = c.exercise;
  }

  // ---------------------------------------------------------- cross-checks
  const paneCount = (id) => byId.get(id)?.lesson.panes.length ?? 0;
  const checkLinks = (file, links) => {
    for (const l of links) {
      if (l.glossary) {
        if (!glossaryIds.has(l.glossary)) errors.push({ file, line: l.line, message: `glossary link to missing term '${l.href}'` });
        continue;
      }
      if (!byId.has(l.lesson)) errors.push({ file, line: l.line, message: `cross-link to missing lesson '${l.href}'` });
      else if (l.pane < 1 || l.pane > paneCount(l.lesson)) {
        errors.push({ file, line: l.line, message: `cross-link to missing pane '${l.href}' (lesson '${l.lesson}' has ${paneCount(l.lesson)} panes)` });
      }
    }
  };
  for (const c of compiled) {
    checkLinks(c.file, c.links);
    for (const e of c.embeds) {
      const ex = exerciseById.get(e.id);
      if (!ex) {
        errors.push({ file: c.file, line: e.line, message: `exercise '${e.id}' has no file lessons/exercises/${e.id}.md` });
      } else if (ex.exercise.lesson && ex.exercise.lesson !== c.lesson.id) {
        errors.push({ file: c.file, line: e.line, message: `exercise '${e.id}' belongs to lesson '${ex.exercise.lesson}'` });
      }
    }
  }
  for (const c of compiledExercises) {
    checkLinks(c.file, c.links);
    const { id, lesson } = c.exercise;
    if (!lesson) continue;
    const owner = byId.get(lesson);
    if (!owner) {
      errors.push({ file: c.file, line: c.lines.lesson ?? 1, message: `exercise '${id}' names lesson '${lesson}', which does not exist` });
    } else if (!owner.embeds.some((e) => e.id === id)) {
      errors.push({ file: c.file, line: c.lines.lesson ?? 1, message: `exercise '${id}' names lesson '${lesson}', which does not embed it (add ':::exercise ${id}')` });
    }
  }

  for (const c of compiled) {
    if (c.lesson.id === 'glossary') errors.push({ file: c.file, line: c.lines.id ?? 1, message: "lesson id 'glossary' is reserved for the glossary page" });
  }
  const lessonLines = compiled.map((c) => ({ file: c.file, id: c.lesson.id, order: c.lesson.order, lines: c.body }));
  const exerciseLines = compiledExercises.map((c) => ({ file: c.file, lesson: c.exercise.lesson, lines: c.body }));
  errors.push(...checkGlossaryOrder(glossary, lessonLines, exerciseLines, GLOSSARY_FILE));
  errors.push(...checkSymbolMeanings(glossary, lessonLines, exerciseLines));

  // ---------------------------------------------------------- output
  // glossary links whose text is only math get the term's name as their accessible name
  const termName = new Map(glossary.map((e) => [e.id, e.term]));
  const label = new RegExp(`${GLOSSARY_LABEL}([a-z0-9-]+)${GLOSSARY_LABEL}`, 'g');
  const named = (html) => (html && html.includes(GLOSSARY_LABEL)
    ? html.replace(label, (_, id) => `${(termName.get(id) ?? id).replace(/[&"<>]/g, '')} (glossary)`)
    : html);
  for (const c of compiled) {
    for (const p of c.lesson.panes) for (const b of p.blocks) if (b.html) b.html = named(b.html);
  }
  const lessons = compiled.map((c) => c.lesson).sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
  const units = [];
  for (const l of lessons) {
    let u = units.find((x) => x.name === l.unit);
    if (!u) units.push((u = { name: l.unit, lessons: [] }));
    if (!u.lessons.includes(l.id)) u.lessons.push(l.id);
  }
  const fileOrder = [...compiled.map((c) => c.file), ...compiledExercises.map((c) => c.file), GLOSSARY_FILE];
  errors.sort((a, b) => fileOrder.indexOf(a.file) - fileOrder.indexOf(b.file) || a.line - b.line);
  return { course: { units, lessons, exercises, glossary: glossary.map(publicEntry) }, errors, files: fileOrder };
}

export const formatError = (e) => `${e.file}:${e.line}: ${e.message}`;
