// The floors of web/ (ARCHITECTURE.md): each folder imports only from the
// floors below it, never upward and never sideways.
//   app/                   4  shell, router, lesson view, course map
//   widgets/  exercises/   3  side by side: neither imports the other
//   core/                  2  worker client, protocol, the worker
//   compute/               1  pure computations run as worker jobs (no DOM)
//   lib/                   0  DOM helpers, storage, formatting, drawing pieces
// Imports are read from the source text: static and dynamic import, export … from,
// import.meta.glob patterns and new URL('…', import.meta.url) (workers).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const web = path.join(repo, 'web');

export const FLOORS = { lib: 0, compute: 1, core: 2, widgets: 3, exercises: 3, app: 4 };

/** Every module specifier in a source text. */
export function specifiers(source) {
  const out = [];
  const patterns = [
    /\bimport\s+(?:[\w*{}\s,$]+\s+from\s+)?['"]([^'"]+)['"]/g,
    /\bexport\s+[\w*{}\s,$]+\s+from\s+['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"`]([^'"`]+)['"`]/g,
    /\bnew\s+URL\(\s*['"]([^'"]+\.m?js)['"]\s*,\s*import\.meta\.url/g,
  ];
  for (const re of patterns) for (const m of source.matchAll(re)) out.push(m[1]);
  for (const m of source.matchAll(/import\.meta\.glob\(\s*(\[[^\]]*\]|['"][^'"]+['"])/g)) {
    for (const s of m[1].matchAll(/['"]([^'"]+)['"]/g)) if (!s[1].startsWith('!')) out.push(s[1]);
  }
  return out;
}

/** The floor folder of a path relative to web/ ('widgets/common/frame.js' → 'widgets'), or null. */
function folderOf(rel) {
  const top = rel.split('/')[0];
  return Object.hasOwn(FLOORS, top) ? top : null;
}

/**
 * Problems with one import: from file `from` (relative to web/) to specifier `spec`.
 * → a message, or null when the import looks down (or stays in its folder).
 */
export function importProblem(from, spec) {
  const here = folderOf(from);
  if (spec.startsWith('@build/') || spec.startsWith('@wasm/bindings/')) {
    return here === 'core' ? null : `${from} loads the WebAssembly module (${spec}); only core/ may`;
  }
  if (!spec.startsWith('.')) return null; // a package, or source text (@wasm/…?raw)
  const target = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
  if (target.startsWith('..')) return `${from} imports ${spec}, outside web/`;
  const there = folderOf(target);
  if (!here || !there || here === there) return null;
  if (FLOORS[there] < FLOORS[here]) return null;
  const way = FLOORS[there] === FLOORS[here] ? 'sideways' : 'upward';
  return `${from} imports ${target} (${way}: ${here}/ is floor ${FLOORS[here]}, ${there}/ is floor ${FLOORS[there]})`;
}

function sources(dir = web) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.m?js$/.test(e.name) ? [path.relative(web, p).split(path.sep).join('/')] : [];
  });
}

const files = sources();
const importsOf = new Map(files.map((f) => [f, specifiers(fs.readFileSync(path.join(web, f), 'utf8'))]));

test('the checker itself: it refuses upward and sideways imports and accepts downward ones', () => {
  assert.match(importProblem('lib/dom.js', '../widgets/registry.js'), /upward/);
  assert.match(importProblem('compute/jobs/cache-probe.js', '../../exercises/graders/cache-size.js'), /upward/);
  assert.match(importProblem('exercises/ui/answer-views.js', '../../widgets/registry.js'), /sideways/);
  assert.match(importProblem('widgets/attention-heatmap.js', '../exercises/index.js'), /sideways/);
  assert.match(importProblem('widgets/kernel-bench.js', '@build/wasm-simd/lml_core.mjs'), /only core/);
  assert.equal(importProblem('widgets/attention-heatmap.js', '../lib/dom.js'), null);
  assert.equal(importProblem('core/worker.js', '../compute/jobs/index.js'), null);
  assert.equal(importProblem('app/main.js', '../core/client.js'), null);
  assert.equal(importProblem('widgets/common/frame.js', '../registry.js'), null);
  assert.deepEqual(specifiers(`import a from './a.js';\nimport { b,\n c } from "../b.js";\nexport { d } from './d.js';\n`
    + `const m = import.meta.glob(['./*.js', '!./index.js']);\nimport('./lazy.js');\nnew Worker(new URL('./w.js', import.meta.url));\nimport './x.css';`),
  ['./a.js', '../b.js', './x.css', './d.js', './lazy.js', './w.js', './*.js']);
});

test('every web/ folder is a floor: lib, compute, core, widgets, exercises, app (and styles/)', () => {
  const tops = new Set(files.map((f) => f.split('/')[0]).filter((t) => t.includes('.') === false));
  for (const t of tops) assert.ok(Object.hasOwn(FLOORS, t), `web/${t}/ holds scripts but is not a floor of ARCHITECTURE.md`);
  assert.ok(files.length > 50, `only ${files.length} scripts found under web/`);
});

test('no file under web/ imports upward or sideways', () => {
  const problems = [];
  for (const [f, specs] of importsOf) for (const s of specs) {
    const p = importProblem(f, s);
    if (p) problems.push(p);
  }
  assert.deepEqual(problems, []);
});

test('the core worker never reaches widget, grader or app code (transitively)', () => {
  const seen = new Set();
  const visit = (f) => {
    if (seen.has(f)) return;
    seen.add(f);
    for (const s of importsOf.get(f) ?? []) {
      if (!s.startsWith('.')) continue;
      const t = path.posix.normalize(path.posix.join(path.posix.dirname(f), s));
      if (t.includes('*')) {
        const dir = path.posix.dirname(t);
        files.filter((x) => path.posix.dirname(x) === dir && x !== f).forEach(visit);
      } else visit(t);
    }
  };
  visit('core/worker.js');
  const reached = [...seen];
  assert.ok(reached.some((f) => f.startsWith('compute/jobs/')), 'the worker should reach the jobs in compute/jobs/');
  assert.deepEqual(reached.filter((f) => /^(widgets|exercises|app)\//.test(f)), []);
});

test('compute/ is pure: no DOM, and it imports no DOM helper', () => {
  const offenders = [];
  for (const [f, specs] of importsOf) {
    if (!f.startsWith('compute/')) continue;
    const src = fs.readFileSync(path.join(web, f), 'utf8').replace(/\/\/.*$/gm, '');
    if (/\b(document|window|localStorage)\./.test(src)) offenders.push(`${f} touches the DOM`);
    for (const s of specs) if (/lib\/(dom|data-table|plot-parts|colors)\.js$/.test(s)) offenders.push(`${f} imports ${s}`);
  }
  assert.deepEqual(offenders, []);
});
