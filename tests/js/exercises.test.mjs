// The exercise machinery without a browser: the inventory of exercises and
// their lessons, the comparison and its messages, the evaluation of learner
// code (syntax errors, exceptions, console, isolation between cases), numeric
// and choice grading, and the progress store (schema validation, corrupted
// storage → backup, export/import/reset).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { course, exercise, evaluateSubmission, MemoryStorage } from './exercises-support.mjs';
import { compareValues, shapeOf } from '../../web/exercises/compare.js';
import { OUTPUT_CAP, runLearnerCode } from '../../web/exercises/evaluate.js';
import { importModule } from './fixtures/import-module.mjs';
import { gradeNumeric, gradeChoice, parseNumber } from '../../web/exercises/grade-answer.js';
import { summarize, wellFormed } from '../../web/exercises/ui/results.js';
import { quoteInput, readable } from '../../web/lib/format.js';
import {
  ProgressStore, parseProgress, validateProgress, mergeProgress, STORAGE_KEY, BACKUP_KEY, SCHEMA, VERSION,
} from '../../web/exercises/progress.js';

// id → [lesson, kind]: the course's fixed list of exercises.
const INVENTORY = {
  'notepad-vs-library': ['why-long-memory', 'numeric'],
  'sqrt-dk-numeric': ['self-attention', 'numeric'],
  'softmax-stable': ['self-attention', 'code'],
  'scaled-dot-product': ['self-attention', 'code'],
  'variance-qk': ['why-sqrt-dk', 'numeric'],
  'variance-scaled': ['why-sqrt-dk', 'numeric'],
  'saturation-experiment': ['why-sqrt-dk', 'experiment'],
  'causal-mask': ['heatmaps-masks', 'code'],
  'recency-choice': ['heatmaps-masks', 'choice'],
  'split-heads': ['multi-head', 'code'],
  'merge-heads': ['multi-head', 'code'],
  'multi-head-4': ['multi-head', 'code'],
  'cost-ratio': ['quadratic-wall', 'numeric'],
  'attention-memory': ['quadratic-wall', 'numeric'],
  'lrmt-choice': ['long-memory-family', 'choice'],
  'family-match': ['long-memory-family', 'choice'],
  'segment-sensory': ['hmt-segments', 'code'],
  'summary-index-bug': ['hmt-summary', 'code'],
  'retrieval-pn': ['hmt-retrieval', 'code'],
  'ring-buffer': ['hmt-retrieval', 'code'],
  'passkey-exam': ['hmt-retrieval', 'experiment'],
  'cache-size-experiment': ['hmt-streaming', 'experiment'],
  'hmt-capstone': ['hmt-streaming', 'code'],
  'hmt-segments-count': ['hmt-streaming', 'numeric'],
  'lm2-update': ['lm2-gated-memory', 'code'],
  'claims-quiz': ['applications', 'choice'],
  'length-curve': ['applications', 'numeric'],
  'bptt-depth': ['research-directions', 'numeric'],
};

test('all 28 exercises exist with their lesson and kind, and compile without authoring errors', () => {
  const { course: c, errors } = course();
  for (const [id, [lesson, kind]] of Object.entries(INVENTORY)) {
    const ex = c.exercises[id];
    assert.ok(ex, `missing exercise ${id}`);
    assert.equal(ex.lesson, lesson, id);
    assert.equal(ex.kind, kind, id);
    assert.ok(ex.hints.length >= 3 || ex.kind === 'choice', `${id}: graduated hints (nudge, key idea, structure)`);
    assert.ok(ex.solution || ex.explanation, `${id}: a solution or an explanation`);
  }
  const mine = errors.filter((e) => e.file.startsWith('lessons/exercises/'));
  assert.deepEqual(mine, [], mine.map((e) => `${e.file}:${e.line}: ${e.message}`).join('\n'));
});

test('every exercise is embedded by its lesson (reachable from the lesson)', () => {
  const { course: c } = course();
  for (const id of Object.keys(INVENTORY)) {
    const lesson = c.lessons.find((l) => l.id === INVENTORY[id][0]);
    if (!lesson) continue; // reported by the lesson checker
    const embedded = lesson.panes.some((p) => p.blocks.some((b) => b.type === 'exercise' && b.id === id));
    assert.ok(embedded, `${id} is not embedded in ${lesson.id}`);
  }
});

// ------------------------------------------------------------ comparison

test('compareValues: tolerance, NaN and ±Infinity, shapes, ragged lists', () => {
  const tol = { atol: 1e-5, rtol: 1e-4 };
  assert.equal(compareValues([[1, 2]], [[1 + 1e-6, 2.0001]], tol), null);
  assert.match(compareValues([[1, 2]], [[1, 2.01]], tol), /^at \[0\]\[1\] expected 2, got 2\.01; 1 of 2 entries differ \(shape \[1, 2\] as expected; tolerance: \|actual − expected\| ≤ 1e-5 \+ 1e-4·\|expected\|\)$/);
  assert.equal(compareValues([NaN, -Infinity], [NaN, -Infinity], tol), null);
  assert.match(compareValues([1], [NaN], tol), /expected 1, got NaN/);
  assert.match(compareValues([-Infinity], [-1e30], tol), /expected -Infinity, got -1e\+30/);
  assert.match(compareValues([[1, 2, 3]], [[1], [2], [3]], tol), /^expected shape \[1, 3\], got \[3, 1\] \(transposed\?\)$/);
  assert.match(compareValues([[1, 2]], [[1, 2], [3]], tol), /expected shape \[1, 2\], got a list of 2 whose entries differ in shape — row \[1\] has shape \[1\] but row \[0\] has \[2\]/);
  assert.match(compareValues([[1, 2]], undefined, tol), /returned undefined \(expected \[1, 2\]\)/);
  assert.match(compareValues([[1, 2]], [[1, '2']], tol), /at \[0\]\[1\] found a string|got a string/);
  assert.equal(compareValues([[1, 2], [3]], [[1, 2], [3]], tol), null);
  assert.match(compareValues([[1, 2], [3]], [[1, 2], [3, 4]], tol), /^at \[1\] expected a list of 1 \(shape \[1\]\), got a list of 2 \(shape \[2\]\)/);
  assert.equal(compareValues([[1, 2]], [Float64Array.from([1, 2])], tol), null);
  assert.deepEqual(shapeOf([[[1], [2]], [[3], [4]]]), [2, 2, 1]);
  assert.equal(compareValues([], [], tol), null);
  assert.equal(compareValues([[1]], [[1.5]], { atol: 0, rtol: 0 }).includes('exact match'), true);
});

// ------------------------------------------------------------ evaluation

const evalCode = (source, cases, more = {}) => evaluateSubmission({ source, entry: 'f', cases, tolerance: { atol: 1e-9, rtol: 0 }, ...more });
const one = [{ name: 'case A', args: [[1, 2]], expected: [2, 4] }];

test('syntax errors report the line in the learner\'s editor', async () => {
  let v = await evalCode('function f(x) {\n  const y = ;\n  return y;\n}', one);
  assert.equal(v.status, 'error');
  assert.match(v.message, /^line 2: SyntaxError: Unexpected token ';'/);
  v = await evalCode('function f(x) {\n  if (x) {\n    return x;\n}', one);
  assert.equal(v.message, "line 4: SyntaxError: your code ends before the '{' opened on line 1 is closed");
  v = await evalCode('\n\nfunction f(x) {\n  return x.map((v) => v * 2;\n}', one);
  assert.match(v.message, /^line 4: SyntaxError: missing \) after argument list/);
});

test('exceptions report the learner\'s line, also when thrown inside a helper', async () => {
  let v = await evalCode('function f(x) {\n  const a = 1;\n  return x.foo.bar;\n}', one);
  assert.equal(v.status, 'fail');
  assert.match(v.tests[0].message, /^case A: line 3: TypeError: Cannot read properties of undefined/);
  v = await evalCode('function f(x) {\n  return transpose(x);\n}', one);
  assert.match(v.tests[0].message, /^case A: line 2: Error: transpose: A must be a matrix/);
  v = await evalCode('const z = undefinedThing;\nfunction f(x) { return x; }', one);
  assert.equal(v.status, 'error');
  assert.match(v.message, /top level of your code: line 1: ReferenceError: undefinedThing is not defined/);
  v = await evalCode('function f(x) {\n  throw "plain";\n}', one);
  assert.match(v.tests[0].message, /threw "plain"/);
});

test('missing function, undefined result, Promise, import() are explained', async () => {
  assert.match((await evalCode('function g(x) { return x; }', one)).message, /no function named f was found/);
  assert.match((await evalCode('function f(x) { x; }', one)).tests[0].message, /returned undefined .* does it end with a return statement\?/);
  assert.match((await evalCode('async function f(x) { return x; }', one)).tests[0].message, /returned a Promise/);
  assert.match((await evalCode('function f(x) {\n  return import("./m.js");\n}', one)).message, /^line 2: import\(\) and import\.meta are not available/);
});

test('learner code is module code, compiled without eval: strict mode, the learner\'s lines, and code that would close its wrapper is never imported', async () => {
  const imported = [];
  const spy = (text) => { imported.push(text); return importModule(text); };
  const run = (source) => { imported.length = 0; return runLearnerCode({ source, entry: 'f', inputs: [{ name: 'case A', args: [[1, 2]] }] }, { importModule: spy }); };
  // an ordinary answer: one module, imported once, the learner's first line on its first line
  let r = await run('function f(x) {\n  return x.map((v) => 2 * v);\n}');
  assert.deepEqual(r.outputs.map((o) => o.value), [[2, 4]]);
  assert.equal(imported.length, 1);
  assert.match(imported[0], /^export default function \([^)]*\) \{\{function f\(x\) \{\n/);
  // strict mode: an undeclared variable is an error on its line, not a global
  r = await run('function f(x) {\n  n = 3;\n  return x;\n}');
  assert.equal(r.outputs[0].message, 'line 2: ReferenceError: n is not defined');
  // what a module's top level may hold but a function body may not
  r = await run('function f(x) { return x; }\nawait 1;');
  assert.match(r.message, /^line 2: SyntaxError: /);
  r = await run('\nexport function f(x) { return x; }');
  assert.match(r.message, /^line 2: SyntaxError: .*'import' and 'export' may only appear at the top level, column 1\)$/);
  r = await run('function f(x) {\n  return import.meta.url;\n}');
  assert.match(r.message, /^line 2: import\(\) and import\.meta are not available/);
  assert.deepEqual(imported, [], 'code using import.meta is not imported');
  // a syntax error: the engine is asked for its message only behind a leading throw
  r = await run('function f(x) {\n  const y = ;\n}');
  assert.match(r.message, /^line 2: SyntaxError: Unexpected token ';'/);
  assert.ok(imported.length === 1 && imported[0].startsWith('throw 0;'), imported.join('\n'));
  // code that closes the wrapper around it (valid once wrapped, invalid alone): nothing is imported
  for (const source of [
    "}; import('http://127.0.0.1:9/x.js'); {",
    "}} import x from 'http://127.0.0.1:9/y.js'; function g() {{",
    "function f(x) { return x; }\n}}\nexport const u = import.meta.url;\nfunction h() {{",
  ]) {
    r = await run(source);
    assert.equal(r.status, 'error', source);
    assert.match(r.message, /^line \d+: SyntaxError: /, source);
    assert.deepEqual(imported, [], `imported: ${source}`);
  }
});

test('console output is captured per case and capped', async () => {
  const v = await evalCode('console.log("top");\nfunction f(x) { console.log("in", x); return x.map((v) => 2 * v); }',
    [...one, { name: 'case B', args: [[3]], expected: [6] }]);
  assert.equal(v.status, 'pass');
  assert.equal(v.tests[0].output, 'top\nin [1, 2]\n');
  assert.equal(v.tests[1].output, 'in [3]\n');
  const loud = await evalCode('function f(x) { for (let i = 0; i < 5000; i++) console.log("line", i); return [2, 4]; }', one);
  assert.ok(loud.tests[0].output.length <= OUTPUT_CAP + 60);
  assert.match(loud.tests[0].output, /output capped at 2000 characters/);
});

test('cases are isolated: mutating the input does not change other cases or the expected values', async () => {
  const input = [1, 2];
  const cases = [{ name: 'a', args: [input], expected: [2, 4] }, { name: 'b', args: [input], expected: [2, 4] }];
  const v = await evalCode('function f(x) { for (let i = 0; i < x.length; i++) x[i] *= 2; return x; }', cases);
  assert.equal(v.status, 'pass');
  assert.deepEqual(input, [1, 2]);
});

test('a withheld helper is not defined; other helpers are; a learner may redefine a helper name', async () => {
  const v = await evaluateSubmission({ source: 'function f(x) { return softmaxRows([x])[0]; }', entry: 'f', cases: one, withhold: ['softmaxRows'] });
  assert.match(v.tests[0].message, /ReferenceError: softmaxRows is not defined/);
  const w = await evalCode('const transpose = (A) => A;\nfunction f(x) { return transpose(x).map((v) => 2 * v); }', one);
  assert.equal(w.status, 'pass');
});

// ------------------------------------------------------------ numeric and choice

test('numeric answers: every exercise\'s answer passes; off values, commas and blanks are explained', () => {
  const numeric = Object.values(course().course.exercises).filter((e) => e.kind === 'numeric');
  assert.ok(numeric.length >= 7);
  for (const ex of numeric) {
    assert.equal(gradeNumeric(ex, String(ex.answer)).status, 'pass', ex.id);
    const tol = ex.tolerance?.atol ?? 1e-6;
    assert.equal(gradeNumeric(ex, String(ex.answer + 3 * tol + 0.01)).status, 'fail', ex.id);
  }
  const mem = exercise('attention-memory');
  assert.equal(gradeNumeric(mem, '250 GB').status, 'pass');
  assert.equal(gradeNumeric(mem, '232.83').status, 'fail');
  assert.doesNotMatch(gradeNumeric(mem, '232.83').message, /250/, 'a wrong answer is not told the expected value');
  const seg = exercise('hmt-segments-count');
  assert.equal(gradeNumeric(seg, '97.66').status, 'fail');
  assert.equal(gradeNumeric(seg, '98').status, 'pass');
  assert.deepEqual(parseNumber('100,000'), { value: 100000 });
  assert.match(parseNumber('8,2').error, /decimals with a point/);
  assert.match(parseNumber('').error, /Type a number/);
  assert.match(parseNumber('eight').error, /not a number/);
  assert.deepEqual(parseNumber('−1e-3'), { value: -0.001 });
});

test('a correct answer is said once ("Correct: 8.", not "Correct. Correct: 8.")', () => {
  const numeric = summarize(gradeNumeric(exercise('sqrt-dk-numeric'), '8'), { kind: 'numeric' });
  assert.equal(numeric, 'Correct: 8.');
  const choiceEx = exercise('family-match');
  const choice = summarize(gradeChoice(choiceEx, choiceEx.answer), { kind: 'choice' });
  assert.equal(choice, 'Correct.');
  assert.equal((choice.match(/Correct/g) ?? []).length, 1);
});

test('a malformed verdict becomes a clear error verdict instead of a stuck page', () => {
  const good = { status: 'fail', message: 'x', tests: [{ name: 'case 1', status: 'fail', message: 'expected 1, got 2', output: '' }] };
  assert.equal(wellFormed(good), good);
  for (const [bad, why] of [
    [null, /no result/],
    [{ status: 'ok' }, /status/],
    [{ status: 'pass', tests: [{ name: 'a', status: 7 }] }, /case 1 is malformed/],
    [{ status: 'fail', tests: [{ name: 'a', status: 'fail' }, { name: 2, status: 'fail' }] }, /case 2 is malformed/],
    [{ status: 'fail', tests: 'all' }, /not a list/],
    [{ status: 'fail', message: { toString: () => 'x' } }, /message is not text/],
  ]) {
    const v = wellFormed(bad);
    assert.equal(v.status, 'error');
    assert.match(v.message, why);
    assert.doesNotThrow(() => summarize(v));
  }
});

test('feedback that teaches: a declared common mistake gets its own message; a wrong choice its own explanation', () => {
  const mem = exercise('attention-memory');
  assert.match(gradeNumeric(mem, '232.83').message, /GiB/);
  assert.match(gradeNumeric(mem, '125 GB').message, /factor of two/);
  assert.match(gradeNumeric(mem, '40').message, /is not the expected value/, 'other wrong values keep the plain message');
  assert.match(gradeNumeric(exercise('variance-qk'), '32').message, /variance 4/);
  assert.equal(gradeNumeric(exercise('variance-qk'), '256').status, 'pass');
  assert.equal(gradeNumeric(exercise('variance-scaled'), '256/32').status, 'pass');
  assert.match(gradeNumeric(exercise('bptt-depth'), '1.16').message, /percent/);
  assert.match(gradeNumeric(exercise('sqrt-dk-numeric'), '64').message, /d_k itself/);
  const lrmt = exercise('lrmt-choice');
  assert.match(gradeChoice(lrmt, [2]).message, /HMT is a real paper/);
  assert.match(gradeChoice(lrmt, [0]).message, /no published model/);
  assert.equal(gradeChoice(lrmt, [1]).status, 'pass');
});

test('numeric answers accept simple expressions through a safe parser (no eval)', () => {
  assert.deepEqual(parseNumber('sqrt(64)'), { value: 8 });
  assert.deepEqual(parseNumber('1/8'), { value: 0.125 });
  assert.deepEqual(parseNumber('2^10'), { value: 1024 });
  assert.deepEqual(parseNumber('2 * (3 + 4)'), { value: 14 });
  assert.deepEqual(parseNumber('-2^2'), { value: -4 });
  assert.deepEqual(parseNumber('2^3^2'), { value: 512 }, '^ is right-associative');
  assert.deepEqual(parseNumber('log2(1024)'), { value: 10 });
  assert.deepEqual(parseNumber('100000 / 256 GB', 'GB'), { value: 390.625 });
  for (const bad of ['2^', 'sqrt 64', '(1 + 2', 'alert(1)', 'constructor(1)', '1/0', '__proto__', '2 3']) {
    assert.match(parseNumber(bad).error, /not a number or a simple expression/, bad);
  }
  const rootExercise = exercise('sqrt-dk-numeric');
  assert.equal(gradeNumeric(rootExercise, 'sqrt(64)').status, 'pass');
});

test('echoes of learner input are cut: a 200,000-character answer gives a one-line message that says how long it was', () => {
  const long = '12a'.repeat(66_667);
  for (const text of [long, `1,${long}`, `sqrt(${long})`, `${'('.repeat(100_000)}1`]) {
    const { error } = parseNumber(text);
    assert.ok(error.length <= 300, `${error.length} characters: ${error.slice(0, 80)}`);
  }
  assert.match(parseNumber(long).error, /^“12a12a.*… \(200,001 characters\)” is not a number/);
  assert.equal(quoteInput('short'), 'short');
  assert.equal(quoteInput('😀'.repeat(40), 61).endsWith('😀… (80 characters)'), true, 'never half a surrogate pair');
  assert.equal(readable('x'.repeat(700)).length, 601);
});

test('choice answers: exact set needed; partial multiple-choice answers say how many are off', () => {
  for (const ex of Object.values(course().course.exercises).filter((e) => e.kind === 'choice')) {
    assert.equal(gradeChoice(ex, ex.answer).status, 'pass', ex.id);
    const wrong = ex.choices.map((_, i) => i).filter((i) => !ex.answer.includes(i)).slice(0, 1);
    assert.equal(gradeChoice(ex, wrong).status, 'fail', ex.id);
    assert.equal(gradeChoice(ex, []).status, 'error', ex.id);
  }
  const fam = exercise('family-match');
  assert.equal(gradeChoice(fam, [0, 2]).message, 'Not yet: 1 right answer is missing.');
  assert.equal(gradeChoice(fam, [0, 1, 2, 4]).message, `Not yet: 1 of your choices is not right (${fam.explanations[1]}).`);
  // a single choice without its own explanation: "Not yet" names the pick and where to look next
  const recency = exercise('recency-choice');
  assert.ok(!recency.explanations, 'this exercise explains no choice on its own');
  const told = gradeChoice(recency, [0]).message;
  assert.match(told, /^Not yet: “The model cannot use tokens far in the past\.” is not the answer\./);
  assert.match(told, /“Show a hint” under the question gives a nudge \(3 hints\)/);
});

// ------------------------------------------------------------ progress store

const clock = () => { let t = Date.parse('2026-01-01T00:00:00Z'); return () => new Date((t += 1000)); };

test('progress: submissions, hints and drafts are saved under one versioned key and survive a reload', () => {
  const storage = new MemoryStorage();
  const a = new ProgressStore({ storage, now: clock() });
  assert.equal(a.notice, null);
  a.recordSubmission('softmax-stable', 'self-attention', { answer: 'function softmax() {}', status: 'fail' });
  a.update('softmax-stable', 'self-attention', { hints: 2 });
  a.recordSubmission('softmax-stable', 'self-attention', { answer: 'function softmax() { /* fixed */ }', status: 'pass' });
  a.recordSubmission('cost-ratio', 'quadratic-wall', { answer: '4', status: 'pass' });
  const doc = JSON.parse(storage.getItem(STORAGE_KEY));
  assert.equal(doc.schema, SCHEMA);
  assert.equal(doc.version, VERSION);
  const b = new ProgressStore({ storage });
  const e = b.get('softmax-stable');
  assert.equal(e.attempts, 2);
  assert.equal(e.hints, 2);
  assert.equal(e.solved, true);
  assert.equal(e.last, 'pass');
  assert.match(e.answer, /fixed/);
  assert.equal(b.solvedCount(['softmax-stable', 'cost-ratio', 'variance-qk']), 2);
  b.recordSubmission('softmax-stable', 'self-attention', { answer: 'broken', status: 'error' });
  assert.equal(b.get('softmax-stable').solved, true, 'a later failure does not unsolve');
});

test('progress: import validation rejects bad files with a reason and changes nothing', () => {
  const storage = new MemoryStorage();
  const store = new ProgressStore({ storage, now: clock() });
  store.recordSubmission('cost-ratio', 'quadratic-wall', { answer: '4', status: 'pass' });
  const before = storage.getItem(STORAGE_KEY);
  const good = JSON.parse(store.exportJSON());
  const bad = [
    ['not json {', /not valid JSON/],
    [JSON.stringify([1, 2]), /does not contain a JSON object/],
    [JSON.stringify({ ...good, schema: 'something-else' }), /not a Long Memory Lab progress file/],
    [JSON.stringify({ ...good, version: 2 }), /version 2, made by a newer version/],
    [JSON.stringify({ ...good, exercises: [] }), /"exercises" must be an object/],
    [JSON.stringify({ ...good, extra: 1 }), /unknown top-level field 'extra'/],
  ];
  for (const [text, reason] of bad) {
    const r = store.importJSON(text);
    assert.equal(r.ok, false, text);
    assert.match(r.reason, reason);
    assert.equal(storage.getItem(STORAGE_KEY), before, 'a rejected import changes nothing');
    assert.equal(store.get('cost-ratio').solved, true);
  }
  assert.equal(validateProgress(good).ok, true);
});

test('progress: a bad field is reset alone, never the whole entry or document; the import says which', () => {
  const storage = new MemoryStorage();
  const store = new ProgressStore({ storage, now: clock() });
  store.recordSubmission('cost-ratio', 'quadratic-wall', { answer: '4', status: 'pass' });
  const good = JSON.parse(store.exportJSON());
  const entryLevel = [
    [{ 'Bad Id': {} }, /'Bad Id' is not an exercise id — that exercise was left out/],
    [{ x: { attempts: -1 } }, /'attempts' must be a whole number.* that field was reset, the rest of the exercise kept/],
    [{ x: { solved: 'yes' } }, /'solved' must be true or false/],
    [{ x: { last: 'great' } }, /'last' must be pass, fail or error/],
    [{ x: { color: 'red' } }, /unknown field 'color' — that field was ignored/],
    [{ x: { lesson: 'Self-Attention', solved: true } }, /'lesson' must be a lesson id — that field was reset/],
    [{ x: 7 }, /exercise 'x' must be an object — that exercise was left out/],
    [{ x: { answer: { a: [1] } } }, /field 'a' must be a number or a short text — that answer was removed, the rest of the exercise kept/],
    [{ x: { answer: 'y'.repeat(200_001), solved: true } }, /longer than 200,000 characters — that answer was removed/],
  ];
  for (const [extra, reason] of entryLevel) {
    const r = store.importJSON(JSON.stringify({ ...good, exercises: { ...good.exercises, ...extra } }));
    assert.equal(r.ok, true, JSON.stringify(extra).slice(0, 80));
    assert.equal(r.repairs.length, 1);
    assert.match(r.repairs[0], reason);
    assert.equal(store.get('cost-ratio').solved, true, 'the good entry is kept');
  }
  assert.equal(store.get('x').solved, true, 'a trimmed entry keeps its progress');
  assert.equal(store.get('x').answer, null);
});

test('progress: an answer the loader would refuse is never saved, and the rest survives a reload', () => {
  const storage = new MemoryStorage();
  const store = new ProgressStore({ storage, now: clock() });
  store.recordSubmission('cost-ratio', 'quadratic-wall', { answer: '4', status: 'pass' });
  let told = 0;
  store.subscribe((why) => { if (why === 'save-error') told++; });
  store.saveDraft('softmax-rows', 'self-attention', 'x'.repeat(200_001));
  store.recordSubmission('cache-size-experiment', 'hmt-streaming', { answer: { n300: 'z'.repeat(101) }, status: 'fail' });
  assert.equal(told, 2);
  assert.match(store.saveError, /not saved: the answer/);
  const again = new ProgressStore({ storage, now: clock() });
  assert.equal(again.notice, null, 'the stored document loads cleanly');
  assert.equal(again.get('cost-ratio').solved, true);
  assert.equal(again.get('cache-size-experiment').attempts, 1);
  assert.equal(again.get('softmax-rows').answer, null);
});

test('progress: export, reset, import restores the same progress', () => {
  const storage = new MemoryStorage();
  const store = new ProgressStore({ storage, now: clock() });
  let events = [];
  store.subscribe((why) => events.push(why));
  store.recordSubmission('family-match', 'long-memory-family', { answer: [0, 2, 4], status: 'pass' });
  store.update('lm2-update', 'lm2-gated-memory', { hints: 3, partial: true });
  store.recordSubmission('saturation-experiment', 'why-sqrt-dk', { answer: { unscaled: '0.868', scaled: '0.350' }, status: 'pass' });
  const file = store.exportJSON();
  store.reset();
  assert.equal(store.get('family-match').solved, false);
  assert.deepEqual(JSON.parse(storage.getItem(STORAGE_KEY)).exercises, {});
  const r = store.importJSON(file);
  assert.equal(r.ok, true);
  assert.equal(r.count, 3);
  assert.deepEqual(store.get('family-match').answer, [0, 2, 4]);
  assert.equal(store.get('lm2-update').partial, true);
  assert.deepEqual(store.get('saturation-experiment').answer, { unscaled: '0.868', scaled: '0.350' });
  assert.deepEqual(JSON.parse(storage.getItem(STORAGE_KEY)).exercises, JSON.parse(file).exercises);
  assert.ok(events.includes('reset') && events.includes('import'));
});

test('progress: a corrupted stored value is backed up, reported, and progress starts clean (never throws)', () => {
  for (const raw of ['{"schema": "long-memory-lab/progress", "version": 1, "exer', '"just a string"', JSON.stringify({ schema: SCHEMA, version: 1, exercises: [] })]) {
    const storage = new MemoryStorage({ [STORAGE_KEY]: raw });
    const store = new ProgressStore({ storage, now: clock() });
    assert.equal(store.notice.kind, 'corrupted');
    assert.equal(store.notice.backupKey, BACKUP_KEY);
    assert.equal(storage.getItem(BACKUP_KEY), raw, 'the raw value is kept');
    assert.equal(store.backupText(), raw);
    assert.match(store.notice.message, /could not be read .* A copy was kept in this browser under the key “lml\.progress\.v1\.backup”/);
    assert.deepEqual(store.get('x').attempts, 0);
    assert.deepEqual(JSON.parse(storage.getItem(STORAGE_KEY)).exercises, {});
  }
  // An older backup is not overwritten by a second, different corruption.
  const storage = new MemoryStorage({ [STORAGE_KEY]: 'second{', [BACKUP_KEY]: 'first{' });
  const store = new ProgressStore({ storage, now: () => new Date(1234) });
  assert.equal(store.notice.backupKey, `${BACKUP_KEY}-1234`);
  assert.equal(storage.getItem(BACKUP_KEY), 'first{');
  assert.equal(storage.getItem(`${BACKUP_KEY}-1234`), 'second{');
});

test('progress: two tabs merge per exercise — a draft saved in one never erases a solve in the other', () => {
  const storage = new MemoryStorage();
  const tick = clock();  // one clock for both tabs
  const a = new ProgressStore({ storage, now: tick });
  const b = new ProgressStore({ storage, now: tick });  // opened before a's solve
  a.recordSubmission('cost-ratio', 'quadratic-wall', { answer: '4', status: 'pass' });
  a.recordSubmission('cost-ratio', 'quadratic-wall', { answer: '5', status: 'fail' });
  b.saveDraft('cost-ratio', 'quadratic-wall', '3');
  b.recordSubmission('softmax-rows', 'self-attention', { answer: 'function f() {}', status: 'fail' });
  const c = new ProgressStore({ storage, now: tick });
  const e = c.get('cost-ratio');
  assert.equal(e.solved, true, 'solved stays solved');
  assert.equal(e.attempts, 2, 'attempts take the maximum');
  assert.equal(e.answer, '3', 'the newest draft wins');
  assert.equal(c.get('softmax-rows').attempts, 1, "the other tab's own entry is kept");
  // reset and import replace on purpose
  c.reset();
  assert.deepEqual(JSON.parse(storage.getItem(STORAGE_KEY)).exercises, {});
});

test('progress: a stored document with one bad entry keeps the others, backs up what was stored, and says so', () => {
  const raw = JSON.stringify({ schema: SCHEMA, version: 1, exercises: {
    'cost-ratio': { lesson: 'quadratic-wall', answer: 4, attempts: 1, solved: true, last: 'pass' },
    x: { attempts: 'many' },
  } });
  const storage = new MemoryStorage({ [STORAGE_KEY]: raw });
  const store = new ProgressStore({ storage, now: clock() });
  assert.equal(store.notice.kind, 'repaired');
  assert.equal(storage.getItem(BACKUP_KEY), raw, 'what was stored is kept');
  assert.match(store.notice.message, /'attempts' must be a whole number.* Everything else is kept/);
  assert.equal(store.get('cost-ratio').solved, true);
  assert.equal(store.get('x').attempts, 0);
});

test('progress: if the backup cannot be written, the stored value is left untouched and nothing is saved', () => {
  class NoBackup extends MemoryStorage {
    setItem(k, v) {
      if (k.startsWith(BACKUP_KEY)) throw new Error('QuotaExceededError');
      super.setItem(k, v);
    }
  }
  const storage = new NoBackup({ [STORAGE_KEY]: 'broken{' });
  const store = new ProgressStore({ storage });
  assert.equal(store.notice.backupKey, null);
  assert.match(store.notice.message, /left untouched/);
  store.recordSubmission('cost-ratio', 'quadratic-wall', { answer: '4', status: 'pass' });
  assert.equal(storage.getItem(STORAGE_KEY), 'broken{');
});

test('progress: storage that refuses writes gives a notice and an in-memory store', () => {
  const store = new ProgressStore({ storage: new MemoryStorage({}, { failWrites: true }) });
  assert.equal(store.notice.kind, 'full');
  store.recordSubmission('cost-ratio', 'quadratic-wall', { answer: '4', status: 'pass' });
  assert.equal(store.get('cost-ratio').solved, true);
  assert.equal(parseProgress(store.exportJSON()).ok, true);
});

/** A store filled to its quota by something else: reads work, every write throws QuotaExceededError. */
class FullStorage extends MemoryStorage {
  setItem() { throw Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError', code: 22 }); }
}

test('progress: a full store is read all the same, named full with how to free it, and never overwritten', () => {
  const storage = new MemoryStorage();
  const before = new ProgressStore({ storage, now: clock() });
  before.recordSubmission('cost-ratio', 'quadratic-wall', { answer: '4', status: 'pass' });
  const stored = storage.getItem(STORAGE_KEY);
  const full = new FullStorage({ [STORAGE_KEY]: stored, 'other-app-cache': 'z'.repeat(5000) });
  const store = new ProgressStore({ storage: full, now: clock() });
  assert.equal(store.get('cost-ratio').solved, true, 'what is stored is read although writes fail');
  assert.equal(store.notice.kind, 'full');
  assert.match(store.notice.message, /storage for this site is full.*“other-app-cache” \(0\.01 MB\).*To free space: export your progress, clear this site's data/);
  let alerts = 0;
  store.subscribe((why) => { if (why === 'save-error') alerts++; });
  store.recordSubmission('variance-qk', 'why-sqrt-dk', { answer: '256', status: 'pass' });
  assert.equal(alerts, 0, 'the start-up notice already says the store is full');
  assert.match(store.saveError, /could not be saved: This browser's storage for this site is full/);
  assert.equal(full.getItem(STORAGE_KEY), stored, 'nothing stored was overwritten');
  const exported = JSON.parse(store.exportJSON());
  assert.equal(exported.exercises['cost-ratio'].solved, true, 'export holds what is stored');
  assert.equal(exported.exercises['variance-qk'].solved, true, "export holds this visit's solve");
});

test('progress: export merges what another tab stored since; a stored value this page cannot read is never replaced', () => {
  const storage = new MemoryStorage();
  const tick = clock();
  const a = new ProgressStore({ storage, now: tick });
  const b = new ProgressStore({ storage, now: tick });
  b.recordSubmission('cost-ratio', 'quadratic-wall', { answer: '4', status: 'pass' });
  a.doc.exercises['variance-qk'] = { ...a.get('variance-qk'), solved: true };  // solved in a, not yet saved
  const exported = JSON.parse(a.exportJSON());
  assert.deepEqual(Object.keys(exported.exercises).sort(), ['cost-ratio', 'variance-qk']);
  storage.setItem(STORAGE_KEY, '{"schema": "long-memory-lab/progress", "vers');
  a.recordSubmission('variance-qk', 'why-sqrt-dk', { answer: '256', status: 'pass' });
  assert.equal(storage.getItem(STORAGE_KEY), '{"schema": "long-memory-lab/progress", "vers');
  assert.match(a.saveError, /what is stored could not be read/);
});

test('progress: an import merges (nothing stored is lost) and names exercises this course does not have', () => {
  const storage = new MemoryStorage();
  const store = new ProgressStore({ storage, now: clock() });
  store.recordSubmission('cost-ratio', 'quadratic-wall', { answer: '4', status: 'pass' });
  const file = { schema: SCHEMA, version: 1, exercises: {
    'variance-qk': { lesson: 'why-sqrt-dk', answer: 256, attempts: 1, solved: true, last: 'pass' },
    'sofmax-stable': { lesson: 'self-attention', attempts: 2, solved: true, last: 'pass' },
  } };
  const r = store.importJSON(JSON.stringify(file), { knownIds: new Set(['cost-ratio', 'variance-qk', 'softmax-stable']) });
  assert.equal(r.ok, true);
  assert.equal(r.count, 1);
  assert.deepEqual(r.unknown, ['sofmax-stable']);
  const again = new ProgressStore({ storage, now: clock() });
  assert.equal(again.get('cost-ratio').solved, true, 'what was stored before the import is kept');
  assert.equal(again.get('variance-qk').solved, true, 'the file is imported');
  assert.equal(again.get('sofmax-stable').solved, true, 'the unknown entry is kept, not lost');
});

// ------------------------------------------------------------ answers that cannot be copied

// The visible text of the pane that embeds an exercise, without the exercise itself (its prompt included).
function paneText(id) {
  for (const l of course().course.lessons) {
    const pane = l.panes.find((p) => p.blocks.some((b) => b.type === 'exercise' && b.id === id));
    if (pane) {
      const ex = course().course.exercises[id];
      return [...pane.blocks.filter((b) => b.type !== 'exercise').map((b) => b.html ?? ''), ex.prompt]
        .join(' ').replace(/<[^>]+>/g, ' ').replace(/&[a-z#0-9]+;/g, ' ');
    }
  }
  throw new Error(`no pane embeds ${id}`);
}
// Whether a text prints the number x ("8.20" prints 8.2; "2,500", "1.25" and "4n" do not print 250, 1 or 4).
const mentions = (text, x) => (text.match(/(?<![\w.,])\d+(?:\.\d+)?(?![\w]|[.,]\d)/g) ?? []).some((t) => Number(t) === x);

// The numeric exercises whose answer used to be printed on their own pane.
const ONCE_COPYABLE = ['attention-memory', 'bptt-depth', 'variance-qk', 'variance-scaled'];

test('no numeric answer that used to be printed on its pane can be copied from it any more', () => {
  for (const ex of ONCE_COPYABLE.map(exercise)) {
    const text = paneText(ex.id);
    assert.ok(!mentions(text, ex.answer), `${ex.id}: its answer ${ex.answer} is printed on its pane`);
  }
  assert.ok(mentions('a matrix of 40 GB', 40) && !mentions('4,000 or 1.25', 1) && mentions('= 8.20 here', 8.2) && !mentions('400 GB', 40) && mentions('is 64.', 64), 'the check itself');
});

// The visible text of every pane of the lesson that embeds an exercise (exercise blocks left out), with its prompt.
function lessonText(id) {
  const ex = course().course.exercises[id];
  const l = course().course.lessons.find((x) => x.id === ex.lesson);
  return [...l.panes.flatMap((p) => p.blocks.filter((b) => b.type !== 'exercise').map((b) => b.html ?? '')), ex.prompt]
    .join(' ').replace(/<annotation[\s\S]*?<\/annotation>/g, ' ').replace(/<[^>]+>/g, ' ').replace(/&[a-z#0-9]+;/g, ' ');
}
const words = (t) => t.toLowerCase().replace(/[^a-z0-9.,–-]+/g, ' ').replace(/[.,](?!\d)/g, ' ').split(/\s+/).filter(Boolean);
// Whether a text prints x with thousands separators ("12,288").
const mentionsGrouped = (text, x) => new RegExp(`(?<![\\w.,])${x.toLocaleString('en-US').replace(/[.,]/g, '\\$&')}(?![\\w]|[.,]\\d)`).test(text);
// Whether `a` and `b` share a run of `k` consecutive words.
function sharesRun(a, b, k = 6) {
  const wa = words(a), wb = ` ${words(b).join(' ')} `;
  for (let i = 0; i + k <= wa.length; i++) if (wb.includes(` ${wa.slice(i, i + k).join(' ')} `)) return true;
  return false;
}

// Reworked into transfer questions: the answer is printed on no pane of the lesson — a numeric answer
// nowhere in it, and no right choice sharing six consecutive words with it.
const TRANSFER = ['notepad-vs-library', 'cost-ratio', 'family-match', 'claims-quiz', 'length-curve'];

test('transfer questions: no pane of their lesson prints the answer', () => {
  for (const ex of TRANSFER.map(exercise)) {
    const text = lessonText(ex.id);
    if (ex.kind === 'numeric') {
      assert.ok(!mentions(text, ex.answer) && !mentionsGrouped(text, ex.answer), `${ex.id}: its answer ${ex.answer} is printed in lesson ${ex.lesson}`);
      for (const m of ex.mistakes ?? []) assert.ok(Number.isFinite(m.answer), `${ex.id}: a mistake with a number`);
    } else {
      assert.equal(ex.kind, 'choice', ex.id);
      for (const i of ex.answer) assert.ok(!sharesRun(ex.choices[i], text), `${ex.id}: right choice ${i} is printed in lesson ${ex.lesson}: "${ex.choices[i]}"`);
    }
  }
  assert.ok(mentionsGrouped('a window of 9,800 tokens', 9800) && mentions('is 9800.', 9800) && !mentionsGrouped('19,800 or 9,8000', 9800), 'the check itself: 9800 and 9,800 are found, 19,800 is not');
  assert.ok(sharesRun('LM2 is evaluated on BABILong and MMLU only, says the paper', 'we read that LM2 is evaluated on BABILong and MMLU only'), 'the check itself: a copied choice is found');
  assert.ok(!sharesRun('LM2 scores lower at 4K than at 0K', 'LM2 is evaluated on BABILong and MMLU only'), 'the check itself: a new sentence is not');
});

test('"What is LRMT?" is asked before the pane that answers it; the summary exercise is not the fix the lesson prints', () => {
  const lesson = course().course.lessons.find((l) => l.id === 'long-memory-family');
  const at = lesson.panes.findIndex((p) => p.blocks.some((b) => b.type === 'exercise' && b.id === 'lrmt-choice'));
  const told = lesson.panes.findIndex((p) => p.blocks.some((b) => /No paper describing a model named/.test(b.html ?? '')));
  assert.ok(at >= 0 && told > at, `the exercise is on pane ${at + 1}, the answer on pane ${told + 1}`);
  const starter = exercise('summary-index-bug').starter;
  assert.match(starter, /H\.slice\(1, j \+ 1\)/, 'the starter has a bug of its own besides the printed index');
});
