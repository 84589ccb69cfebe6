// One schema checker (web/lib/schema.js) reads a lesson's front matter, an
// exercise's front matter and an imported progress file; each is declared as data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { s, check } from '../../web/lib/schema.js';
import { LESSON_SCHEMA } from '../../scripts/lessons/lesson.mjs';
import { EXERCISE_SCHEMA, compileExercise, graderNames } from '../../scripts/lessons/exercise.mjs';
import { PROGRESS_SCHEMA, validateProgress, emptyProgress } from '../../web/exercises/progress.js';

test('the checker: declared fields in order (missing ones where declared), then unknown keys; nested paths', () => {
  const schema = s.object({
    required: ['id', 'n'],
    fields: { id: s.text({ pattern: /^[a-z]+$/ }), n: s.int({ min: 1 }), tags: s.list(s.text()), m: s.object({ keys: s.text({ pattern: /^x/ }), values: s.bool() }) },
  });
  assert.deepEqual(check(schema, { id: 'ab', n: 2, tags: ['a'], m: { x1: true } }), []);
  const problems = check(schema, { n: 0, tags: ['a', 3], m: { y: true, x2: 'no' }, extra: 1 });
  assert.deepEqual(problems.map((p) => [p.path.join('.'), p.message]), [
    ['id', "missing field 'id'"],
    ['n', 'must be a whole number'],
    ['tags.1', 'must be non-empty text'],
    ['m.y', 'does not have the expected form (/^x/)'],
    ['m.x2', 'must be true or false'],
    ['extra', "unknown field 'extra'"],
  ]);
  assert.deepEqual(check(s.nullable(s.int()), null), []);
  assert.equal(check(s.either([s.int(), s.text()], { message: 'a number or a text' }), true)[0].message, 'a number or a text');
});

test('lessons, exercises and progress are each one declared schema', () => {
  for (const schema of [LESSON_SCHEMA, EXERCISE_SCHEMA, PROGRESS_SCHEMA]) assert.equal(schema.type, 'object');
  const lesson = check(LESSON_SCHEMA, { id: 'Not Kebab', title: 'T', unit: 'U', order: 0, objectives: [], sources: [], colour: 'red' });
  assert.deepEqual(lesson.map((p) => p.message), [
    "front matter field 'id' must be kebab-case (a-z, 0-9, '-'), got 'Not Kebab'",
    "front matter field 'order' must be an integer >= 1, got '0'",
    "front matter field 'objectives' must be a non-empty list of text",
    "unknown front matter field 'colour' (fields: id, title, unit, order, objectives, prerequisites, sources)",
  ]);
  // the schema's message names the bad field; the field is reset alone (the entry and the document are kept)
  const bad = validateProgress({ ...emptyProgress(), exercises: { x: { attempts: 1.5, solved: true } } });
  assert.equal(bad.ok, true);
  assert.deepEqual(bad.repairs, ["exercise 'x': 'attempts' must be a whole number ≥ 0 — that field was reset, the rest of the exercise kept"]);
  assert.equal(bad.value.exercises.x.attempts, 0);
  assert.equal(bad.value.exercises.x.solved, true);
  assert.deepEqual(validateProgress({ ...emptyProgress(), version: 0 }), { ok: false, reason: '"version" must be a whole number ≥ 1' });
});

test('an exercise\'s front matter problems are reported at their lines', () => {
  const text = ['---', 'id: ex', 'lesson: l', 'kind: essay', 'title: T', 'entry: not a name', 'multiple: yes', 'params: 3', '---', '## Prompt', 'Do it.', ''].join('\n');
  const { errors } = compileExercise('ex.md', text);
  const at = (line) => errors.filter((e) => e.line === line).map((e) => e.message);
  assert.deepEqual(at(4), ["front matter field 'kind' must be one of numeric, choice, code, experiment, got 'essay'"]);
  assert.deepEqual(at(6), ["front matter field 'entry' must be a function name, got 'not a name'"]);
  assert.deepEqual(at(7), ["front matter field 'multiple' must be true or false"]);
  assert.deepEqual(at(8), ["front matter field 'params' must be a map"]);
});

test('a `grader:` must name a grader file, as a widget must name a widget; the graders are found by file', async () => {
  const text = (grader) => ['---', 'id: ex', 'lesson: l', 'kind: code', 'title: T', `grader: ${grader}`, 'entry: f', '---', '## Prompt', 'Do it.', ''].join('\n');
  const bad = compileExercise('ex.md', text('causal-masks')).errors.filter((e) => e.line === 6).map((e) => e.message);
  assert.equal(bad.length, 1);
  assert.match(bad[0], /^unknown grader 'causal-masks' \(graders: cache-size, causal-mask, /);
  assert.deepEqual(compileExercise('ex.md', text('causal-mask')).errors.filter((e) => e.line === 6), []);
  // the page's registry (graders/index.js) holds exactly the graders the compiler accepts
  const { graders } = await import('../../web/exercises/graders/index.js');
  assert.deepEqual(Object.keys(graders).sort(), graderNames());
  assert.ok(graderNames().length >= 14);
});
