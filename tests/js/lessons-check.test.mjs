// The lesson checker on fixtures: tests/js/fixtures/lessons/<case>/ holds a
// lessons/ tree and expected.txt, the exact 'file:line: message' lines the
// checker must print (empty for the clean case). One case per kind of error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { compileCourse, formatError } from '../../scripts/lessons/course.mjs';
import { compileGlossary } from '../../scripts/lessons/glossary.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.join(here, 'fixtures', 'lessons');
const checker = path.join(here, '..', '..', 'scripts', 'lessons-check.mjs');
const cases = fs.readdirSync(fixtures).filter((d) => fs.existsSync(path.join(fixtures, d, 'expected.txt'))).sort();

const expectedLines = (dir) => fs.readFileSync(path.join(dir, 'expected.txt'), 'utf8').split('\n').filter((l) => l.trim() !== '');

test('there is a fixture for every kind of error and a clean one', () => {
  for (const c of ['clean', 'front-matter', 'duplicate-ids', 'unknown-directive', 'unknown-widget', 'widget-options',
    'cross-links', 'katex', 'citations', 'figures', 'exercise-missing', 'exercise-not-embedded', 'exercise-sections',
    'glossary', 'symbol-meanings']) {
    assert.ok(cases.includes(c), `missing fixture ${c}`);
  }
  assert.deepEqual(expectedLines(path.join(fixtures, 'clean')), []);
});

for (const c of cases) {
  test(`fixture ${c}: the checker reports exactly the expected lines`, () => {
    const dir = path.join(fixtures, c);
    const { errors } = compileCourse({ root: dir });
    assert.deepEqual(errors.map(formatError), expectedLines(dir));
  });
}

test('one symbol, one meaning: each rule fails on the bad fixture, and what is allowed passes', () => {
  const dir = path.join(fixtures, 'symbol-meanings');
  const lines = compileCourse({ root: dir }).errors.map(formatError);
  const has = (re, what) => assert.ok(lines.some((l) => re.test(l)), `${what}:\n${lines.join('\n')}`);
  // a symbol defined twice in the glossary (no 'shares'), and a 'shares' that only one side declares
  has(/^lessons\/glossary\.yaml:8: glossary symbol 'n' is defined twice: 'tokens' \(line 2\) and 'segment-number'/, 'n twice');
  has(/^lessons\/glossary\.yaml:35: glossary symbol 't' is defined twice: 'horizon' \(line 28\) and 'step'/, 'a one-sided share');
  assert.ok(!lines.some((l) => /symbol 'j'/.test(l)), 'j is shared on both sides: allowed');
  // a glossary symbol used in an exercise with another meaning: W_q given the head width d_h
  has(/^lessons\/exercises\/search\.md:13: 'd_h' in the shape of Wq gives the search projections another meaning/, 'd_h as a search width');
  assert.ok(!lines.some((l) => /heads\.md/.test(l)), 'lesson 1\'s Wq are the attention projections, whose shape holds d_h');
  assert.ok(!lines.some((l) => /search\.md:1[4-9]/.test(l)), 'the right shape, [d, d_r], and a shape that describes Q, not Wq, pass');
  // a vector symbol used as a count
  has(/^lessons\/01-first\.md:13: 'T' used as a count/, '⌈T / 4⌉');
  has(/^lessons\/01-first\.md:14: 'T' used as a count/, 'T tokens');
  assert.equal(lines.length, 6, lines.join('\n'));
});

test('the command prints every problem and exits 1; a clean course exits 0', () => {
  const bad = spawnSync(process.execPath, [checker, path.join(fixtures, 'widget-options')], { encoding: 'utf8' });
  assert.equal(bad.status, 1);
  const lines = bad.stdout.trim().split('\n');
  assert.deepEqual(lines.slice(0, -1), expectedLines(path.join(fixtures, 'widget-options')));
  assert.match(lines.at(-1), /^lessons:check: 9 problems in 1 lessons/);
  const good = spawnSync(process.execPath, [checker, path.join(fixtures, 'clean')], { encoding: 'utf8' });
  assert.equal(good.status, 0, good.stdout);
  assert.match(good.stdout, /no problems/);
});

test('the course glossary: compiled with KaTeX, every term introduced by an existing lesson, and links render as #/glossary/<id>', () => {
  const repoRoot = path.join(here, '..', '..');
  const { course } = compileCourse({ root: repoRoot });
  assert.ok(course.glossary.length >= 30, `a glossary of ${course.glossary.length} terms`);
  const ids = new Set(course.lessons.map((l) => l.id));
  for (const e of course.glossary) {
    assert.ok(ids.has(e.lesson), `${e.id}: introduced by lesson '${e.lesson}'`);
    assert.ok(e.meaningHtml.length > 0, `${e.id}: has a meaning`);
    if (e.symbol) assert.match(e.symbolHtml, /class="katex"/, `${e.id}: its symbol is KaTeX`);
    const visible = (e.meaningHtml + e.shapeHtml).replace(/<annotation[\s\S]*?<\/annotation>/g, '').replace(/<[^>]+>/g, '');
    assert.doesNotMatch(visible, /\$|\\[a-zA-Z]+|_\{/, `${e.id}: no raw TeX left in its meaning or shape`);
  }
  // one symbol per meaning: no two entries share a symbol — except n, which counts tokens in the
  // attention lessons and numbers segments in the HMT lessons (the paper's H_n, S_n, P_n, M_n);
  // the HMT lessons write a text's length |X| so the two never meet, and both entries say so.
  const symbols = course.glossary.filter((e) => e.symbol).map((e) => e.symbol);
  assert.deepEqual(symbols.filter((s, i) => symbols.indexOf(s) !== i), ['n'], 'no symbol appears twice but n');
  // the checker enforces it part by part (lessons:check); the two shared letters are declared on both sides
  const { entries } = compileGlossary(fs.readFileSync(path.join(repoRoot, 'lessons', 'glossary.yaml'), 'utf8'));
  const shared = entries.filter((e) => e.shares.length).map((e) => `${e.id}→${e.shares.join(',')}`).sort();
  assert.deepEqual(shared, ['indices→summary-length', 'n→segment-index', 'segment-index→n', 'summary-length→indices']);
  for (const id of ['distance', 'step', 'initial-memory']) assert.ok(course.glossary.some((e) => e.id === id), `${id} is in the glossary`);
  for (const id of ['n', 'segment-index']) {
    assert.match(course.glossary.find((e) => e.id === id).meaningHtml, /segment/, `${id} says where the other n applies`);
  }
  const html = course.lessons.flatMap((l) => l.panes).flatMap((p) => p.blocks).map((b) => b.html ?? '').join('\n');
  const linked = [...html.matchAll(/href="#\/glossary\/([a-z0-9-]+)"/g)].map((m) => m[1]);
  assert.ok(linked.length >= 10, `lessons link ${linked.length} glossary terms`);
  for (const id of linked) assert.ok(course.glossary.some((e) => e.id === id), `link to ${id}`);
  // a link that shows only math is named by its term (for screen readers), no placeholder left
  assert.doesNotMatch(html, /@@glossary@@/);
  assert.match(html, /<a href="#\/glossary\/dk" class="glossary-link" aria-label="query\/key width \(glossary\)">/);
});

test('course-map objectives render their math: no raw TeX such as "H_{n-1}" or "\\sqrt" reaches a card', () => {
  const { course } = compileCourse({ root: path.join(here, '..', '..') });
  for (const l of course.lessons) {
    for (const o of l.objectives) {
      const text = o.replace(/<annotation[\s\S]*?<\/annotation>/g, '').replace(/<[^>]+>/g, '');
      assert.doesNotMatch(text, /_\{|\\[a-zA-Z]+|\^\{/, `${l.id}: objective "${text}"`);
    }
    // titles are plain text (cards, <title>, the pane list): no TeX subscripts such as "d_k"
    for (const t of [l.title, ...l.panes.map((p) => p.title)]) assert.doesNotMatch(t, /[A-Za-z]_[A-Za-z{]|\\[a-zA-Z]+\{/, `${l.id}: title "${t}"`);
  }
});

test('lesson prose renders its symbols with KaTeX: no raw "d_model", "d_h", "H_{n-1}" or "M_{t+1}" outside code, math and quotations', () => {
  const { course } = compileCourse({ root: path.join(here, '..', '..') });
  const found = [];
  for (const l of course.lessons) {
    l.panes.forEach((p, i) => {
      for (const b of p.blocks) {
        if (!b.html || b.type === 'math' || b.type === 'code-tabs') continue;
        const text = b.html
          .replace(/<annotation[\s\S]*?<\/annotation>/g, '')
          .replace(/<(pre|code)[\s\S]*?<\/\1>/g, '')
          .replace(/<[^>]+>/g, '')
          .replace(/&quot;/g, '"')
          .replace(/"[^"]*"|“[^”]*”/g, ''); // the cheat sheet quoted verbatim
        const m = text.match(/[^\s]*(?:_\{|\^\{|\bd_(?:model|h|r|v)\b|\b[HSMP]_[nt]\b)[^\s]*/g);
        if (m) found.push(`${l.id}/${i + 1}: ${m.join(' ')}`);
      }
    });
  }
  assert.deepEqual(found, []);
});
