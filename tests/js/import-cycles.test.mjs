// No import cycles in the JavaScript of bench/, scripts/ and web/: a module
// that two others share lives below both (bench/lib/shapes.mjs holds what the
// attention suite and the peers both need). Relative static imports are
// followed; packages and generated modules are not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The relative modules a source imports statically (import … from, export … from, import '…'). */
const specifiers = (source) => [...source.matchAll(/\b(?:import|export)\s+(?:[\w*{}\s,$]+\s+from\s+)?['"]([^'"]+)['"]/g)].map((m) => m[1]);

function sources(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'results' ? [] : sources(p);
    return /\.m?js$/.test(e.name) ? [p] : [];
  });
}

/** The cycles of a graph { file: [files] }, each as a path that returns to its start. */
export function cycles(graph) {
  const found = [];
  const state = new Map(); // file → 'open' | 'done'
  const stack = [];
  const visit = (f) => {
    state.set(f, 'open');
    stack.push(f);
    for (const t of graph[f] ?? []) {
      if (state.get(t) === 'open') found.push([...stack.slice(stack.indexOf(t)), t]);
      else if (!state.has(t)) visit(t);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of Object.keys(graph)) if (!state.has(f)) visit(f);
  return found;
}

test('the cycle finder finds a cycle and accepts a tree', () => {
  assert.deepEqual(cycles({ a: ['b'], b: ['c'], c: ['a'] }), [['a', 'b', 'c', 'a']]);
  assert.deepEqual(cycles({ a: ['b', 'c'], b: ['c'], c: [] }), []);
});

test('bench/, scripts/ and web/ import without cycles', () => {
  const graph = {};
  for (const dir of ['bench', 'scripts', 'web']) {
    for (const file of sources(path.join(repo, dir))) {
      const rel = path.relative(repo, file);
      graph[rel] = specifiers(fs.readFileSync(file, 'utf8'))
        .filter((s) => s.startsWith('.') && !s.includes('*') && /\.m?js$/.test(s))
        .map((s) => path.relative(repo, path.resolve(path.dirname(file), s)));
    }
  }
  assert.ok(Object.keys(graph).length > 100);
  assert.deepEqual(cycles(graph).map((c) => c.join(' → ')), []);
});
