// The floors of wasm/ (ARCHITECTURE.md, "wasm/ in parts"), guarded as
// tests/js/layers.test.mjs guards web/'s: a file includes only from its own
// part or the parts below it, never upward and never sideways.
//   base        0  core/ error, tensor, simd, rng, attention_options (types and checks)
//   kernels     1  core/kernels/  gemm, softmax, exp, peak, the naive references
//   attention   2  core/ attention, multihead
//   model tasks 3  core/model/ (the backbone), core/tasks/ (documents): side by side
//   hmt lm2     4  core/hmt/, core/lm2/: side by side
//   train       5  train/: the trainer and evaluator (native programs, and the library the lab's module links)
//   bindings    6  bindings/ (embind): the core's module and the trainer's (bindings_train.cpp wraps train/)
// Includes are read from the source text ("…" only; <…> are the system's and
// packages'), resolved from the including file's folder, then from wasm/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const wasm = path.join(repo, 'wasm');

export const PARTS = { base: 0, kernels: 1, attention: 2, model: 3, tasks: 3, hmt: 4, lm2: 4, train: 5, bindings: 6 };

/** The part of a path relative to wasm/ ('core/kernels/gemm.hpp' → 'kernels'), or null. */
export function partOf(rel) {
  const [top, second, third] = rel.split('/');
  if (top === 'bindings' || top === 'train') return top;
  if (top !== 'core') return null;
  if (third !== undefined) return Object.hasOwn(PARTS, second) ? second : null;
  return /^(attention|multihead)\.(hpp|cpp)$/.test(second) ? 'attention' : 'base';
}

/** Every quoted include of a source text. */
export function includes(source) {
  return [...source.matchAll(/^\s*#\s*include\s+"([^"]+)"/gm)].map((m) => m[1]);
}

/** Where an include of `spec` from `from` (both relative to wasm/) lands: its folder first, then wasm/. */
export function resolveInclude(from, spec, exists = (rel) => fs.existsSync(path.join(wasm, rel))) {
  const local = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
  if (!local.startsWith('..') && exists(local)) return local;
  const rooted = path.posix.normalize(spec);
  return exists(rooted) ? rooted : local;
}

/** A message when `from` including `target` (both relative to wasm/) breaks a floor, else null. */
export function includeProblem(from, target) {
  if (target.startsWith('..')) return `${from} includes ${target}, outside wasm/`;
  const here = partOf(from);
  const there = partOf(target);
  if (!here || !there || here === there) return null;
  if (PARTS[there] < PARTS[here]) return null;
  const way = PARTS[there] === PARTS[here] ? 'sideways' : 'upward';
  return `${from} includes ${target} (${way}: ${here} is floor ${PARTS[here]}, ${there} is floor ${PARTS[there]})`;
}

function sources(dir = wasm) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.(hpp|cpp|h)$/.test(e.name) ? [path.relative(wasm, p).split(path.sep).join('/')] : [];
  });
}

const files = sources();

test('the checker itself: it refuses upward and sideways includes and accepts downward ones', () => {
  const all = new Set(files);
  const exists = (rel) => all.has(rel);
  const check = (from, spec) => includeProblem(from, resolveInclude(from, spec, exists));
  assert.match(check('core/kernels/reference.hpp', '../attention.hpp'), /upward: kernels is floor 1, attention is floor 2/);
  assert.match(check('core/tensor.hpp', 'kernels/gemm.hpp'), /upward/);
  assert.match(check('core/model/backbone.cpp', '../hmt/model.hpp'), /upward/);
  assert.match(check('core/hmt/stream.cpp', '../lm2/memory.hpp'), /sideways/);
  assert.match(check('core/tasks/tasks.cpp', '../model/json.hpp'), /sideways/);
  assert.match(check('core/hmt/answer.cpp', 'bindings/convert.hpp'), /upward/);
  assert.equal(check('core/kernels/reference.hpp', '../attention_options.hpp'), null);
  assert.equal(check('core/hmt/answer.hpp', '../tasks/tasks.hpp'), null);
  assert.equal(check('bindings/bindings_model.cpp', 'core/hmt/answer.hpp'), null);
  assert.equal(check('core/hmt/stream.cpp', 'passes.hpp'), null);
  assert.deepEqual(includes('#include "a.hpp"\n#include <vector>\n  #  include "../b.hpp"\n// #include "c.hpp" in a comment\n'), ['a.hpp', '../b.hpp']);
});

test('every source folder under wasm/ is a part of the floors', () => {
  const unplaced = files.filter((f) => !partOf(f));
  assert.deepEqual(unplaced, []);
  assert.ok(files.length > 40, `only ${files.length} sources found under wasm/`);
});

test('no file under wasm/ includes upward or sideways', () => {
  const problems = [];
  for (const f of files) {
    for (const spec of includes(fs.readFileSync(path.join(wasm, f), 'utf8'))) {
      const target = resolveInclude(f, spec);
      assert.ok(fs.existsSync(path.join(wasm, target)), `${f} includes "${spec}", which is not under wasm/`);
      const p = includeProblem(f, target);
      if (p) problems.push(p);
    }
  }
  assert.deepEqual(problems, []);
});

test('the bindings stay in small parts: no source file in wasm/bindings is 20 kB or more', () => {
  const big = files.filter((f) => f.startsWith('bindings/'))
    .map((f) => ({ f, bytes: fs.statSync(path.join(wasm, f)).size }))
    .filter(({ bytes }) => bytes >= 20 * 1024)
    .map(({ f, bytes }) => `${f}: ${bytes} bytes`);
  assert.deepEqual(big, []);
});
