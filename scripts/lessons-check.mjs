#!/usr/bin/env node
// npm run lessons:check — compiles every lesson and exercise and reports every
// authoring problem as 'file:line: message'; exits 1 if there is any.
//   node scripts/lessons-check.mjs [root]   (root holds lessons/; default: the repository)
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileCourse, formatError } from './lessons/course.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const root = path.resolve(process.argv[2] ?? repo);
const { course, errors } = compileCourse({ root });
for (const e of errors) console.log(formatError(e));
const lessons = course.lessons.length;
const exercises = Object.keys(course.exercises).length;
const panes = course.lessons.reduce((n, l) => n + l.panes.length, 0);
if (errors.length) {
  console.log(`lessons:check: ${errors.length} problem${errors.length === 1 ? '' : 's'} in ${lessons} lessons (${panes} panes) and ${exercises} exercises`);
  process.exit(1);
}
console.log(`lessons:check: ${lessons} lessons (${panes} panes) and ${exercises} exercises, no problems`);
