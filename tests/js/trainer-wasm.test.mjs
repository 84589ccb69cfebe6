// The trainer compiled to WebAssembly (lml_trainer, the training lab's module)
// against the native trainer built from the same sources: the same config and
// seed give the same loss curve over 50 steps and the same first gradient,
// within stated bounds (the native build's 6 × 16 AVX2 + FMA tile and the wasm
// builds' 2 × 16 SIMD tile round differently; relaxed_madd may fuse or not).
// Then what the lab relies on: a checkpoint restores a run exactly, a step cut
// over two module instances (two workers) equals one step bit for bit, the
// lab's data parallelism (trainer-parallel.mjs) gives the same parameter bytes
// with 1, 2 or 3 workers — module instances, and worker threads talking over
// MessagePorts as the lab's workers do —, and bad input is refused with a
// message while the module stays usable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker } from 'node:worker_threads';
import { loadTrainerNode } from '../../wasm/bindings/core-node.mjs';
import { parallelStep, portHelper, runShare, shareGroups } from '../../wasm/bindings/trainer-parallel.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CONFIG_PATH = path.join(repo, 'tests/js/fixtures/trainer-50.json');
const CONFIG = readFileSync(CONFIG_PATH, 'utf8');
const STEPS = 50;
// Stated bounds, measured with margin: the per-step loss differs by at most
// LOSS_RTOL relatively over the 50 steps; the first gradient by GRAD_RTOL in
// relative L2 norm.
const LOSS_RTOL = 1e-4;
const GRAD_RTOL = 1e-5;

function native(args) {
  const r = spawnSync(path.join(repo, 'build/native/lml_train'), ['--config', CONFIG_PATH, ...args], { encoding: 'utf8' });
  assert.equal(r.status, 0, `lml_train failed: ${r.stderr}`);
  return r.stdout;
}

function nativeLosses() {
  const dir = mkdtempSync(path.join(tmpdir(), 'lml-trainer-'));
  try {
    native(['--out', dir, '--fresh', '--stop-after', String(STEPS), '--threads', '1']);
    return readFileSync(path.join(dir, 'trainer-50.log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).loss);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function nativeGradient() {
  const dir = mkdtempSync(path.join(tmpdir(), 'lml-trainer-'));
  try {
    native(['--out', dir, '--export-grad', path.join(dir, 'grad.f32')]);
    return new Float32Array(readFileSync(path.join(dir, 'grad.f32')).buffer.slice(0));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function relL2(a, b) {
  let num = 0, den = 0;
  for (let i = 0; i < b.length; i++) num += (a[i] - b[i]) ** 2, den += b[i] ** 2;
  return Math.sqrt(num / den);
}

/** The batch-mean gradient of step 0 from the wasm trainer: every group's sum, added in order, / batch. */
function wasmGradient(t) {
  const info = t.create(CONFIG);
  const sum = new Float32Array(info.parameters);
  for (let g = 0; g < info.groups; g++) {
    const { grad } = t.runGroup(g);
    for (let i = 0; i < sum.length; i++) sum[i] += grad[i];
  }
  return sum.map((x) => x / info.batch);
}

const ref = { losses: null, grad: null };

for (const variant of ['simd', 'relaxed']) {
  test(`${variant}: 50 steps follow the native trainer's loss curve (relative difference <= ${LOSS_RTOL})`, async () => {
    ref.losses ??= nativeLosses();
    assert.equal(ref.losses.length, STEPS);
    const t = await loadTrainerNode(variant);
    t.create(CONFIG);
    let worst = 0;
    for (let s = 0; s < STEPS; s++) {
      const r = t.step();
      assert.equal(r.step, s + 1);
      const d = Math.abs(r.loss - ref.losses[s]) / Math.abs(ref.losses[s]);
      worst = Math.max(worst, d);
      assert.ok(d <= LOSS_RTOL, `step ${s + 1}: wasm ${r.loss} vs native ${ref.losses[s]} (relative ${d.toExponential(2)})`);
    }
    assert.ok(ref.losses[STEPS - 1] < ref.losses[0], 'the run learns (its loss falls)');
    console.log(`# ${variant}: largest relative loss difference over ${STEPS} steps ${worst.toExponential(2)}`);
  });

  test(`${variant}: the first step's gradient equals the native one (relative L2 <= ${GRAD_RTOL})`, async () => {
    ref.grad ??= nativeGradient();
    const g = wasmGradient(await loadTrainerNode(variant));
    assert.equal(g.length, ref.grad.length);
    const e = relL2(g, ref.grad);
    assert.ok(e <= GRAD_RTOL, `relative L2 ${e}`);
    console.log(`# ${variant}: gradient relative L2 ${e.toExponential(2)}`);
  });
}

test('a checkpoint restores the run exactly: the same next steps, bit for bit', async () => {
  const t = await loadTrainerNode('simd');
  t.create(CONFIG);
  for (let s = 0; s < 10; s++) t.step();
  const saved = t.checkpoint();
  const after = Array.from({ length: 5 }, () => t.step().loss);
  const p1 = t.params();
  t.create(CONFIG);
  const info = t.restore(saved);
  assert.equal(info.step, 10);
  const again = Array.from({ length: 5 }, () => t.step().loss);
  assert.deepEqual(again, after);
  assert.deepEqual(t.params(), p1);
});

test('a step cut over two module instances (two workers) equals one step, bit for bit', async () => {
  const [one, coord, helper] = await Promise.all([loadTrainerNode('simd'), loadTrainerNode('simd'), loadTrainerNode('simd')]);
  one.create(CONFIG);
  let state = coord.create(CONFIG);
  helper.create(CONFIG);
  assert.ok(state.groups >= 2, 'the fixture has several groups');
  for (let s = 0; s < 4; s++) {
    const a = one.step();
    // the helper takes the coordinator's parameters, step and curriculum levels, and plans the same step
    helper.sync(coord.params(), state.step, state.tasks.map((t) => t.level));
    const results = [];
    for (let g = 0; g < state.groups; g++) results.push(g % 2 ? helper.runGroup(g) : coord.runGroup(g));
    state = coord.finish(results);
    assert.equal(state.loss, a.loss, `step ${s + 1}`);
  }
  assert.deepEqual(coord.params(), one.params());
});

test('shareGroups deals the groups round-robin, never more workers than groups', () => {
  assert.deepEqual(shareGroups(3, 1), [[0, 1, 2]]);
  assert.deepEqual(shareGroups(3, 2), [[0, 2], [1]]);
  assert.deepEqual(shareGroups(3, 3), [[0], [1], [2]]);
  assert.deepEqual(shareGroups(2, 4), [[0], [1]]);
  assert.deepEqual(shareGroups(4, 2), [[0, 2], [1, 3]]);
});

const bytesOf = (f32) => Buffer.from(f32.buffer, f32.byteOffset, f32.byteLength);
const STEPS_PARALLEL = 5;

/** STEPS_PARALLEL steps with W instances (helpers: W − 1 handles with run(); none: step() itself, as the lab's one worker) → { losses, params, state }. */
async function runWith(coord, helpers) {
  let state = coord.create(CONFIG);
  await Promise.all(helpers.map((h) => h.create?.(CONFIG)));
  const losses = [];
  for (let s = 0; s < STEPS_PARALLEL; s++) {
    state = await parallelStep(coord, state, helpers);
    losses.push(state.loss);
  }
  return { losses, params: coord.params(), state };
}

test(`data parallel: 1, 2 and 3 module instances give the same parameter bytes over ${STEPS_PARALLEL} steps`, async () => {
  const [a, b, c] = await Promise.all([loadTrainerNode('simd'), loadTrainerNode('simd'), loadTrainerNode('simd')]);
  const local = (t) => ({ create: async (config) => t.create(config), run: async (request) => runShare(t, request) });
  const one = await runWith(a, []);
  assert.equal(one.state.groups, 3, 'the fixture has 3 groups');
  for (const helpers of [[local(b)], [local(b), local(c)]]) {
    const w = await runWith(a, helpers);
    assert.deepEqual(w.losses, one.losses, `${helpers.length + 1} instances: the losses`);
    assert.ok(bytesOf(w.params).equals(bytesOf(one.params)), `${helpers.length + 1} instances: the parameters differ`);
    assert.deepEqual(w.state.tasks, one.state.tasks, 'the curriculum');
  }
});

test(`data parallel over worker threads and MessagePorts (as the lab's workers): 1, 2 and 3 workers, the same bytes over ${STEPS_PARALLEL} steps`, async () => {
  const coord = await loadTrainerNode('simd');
  const one = await runWith(coord, []);
  for (const W of [2, 3]) {
    const threads = [];
    const helpers = [];
    for (let i = 1; i < W; i++) {
      const { port1, port2 } = new MessageChannel();
      threads.push(new Worker(new URL('./fixtures/trainer-helper-thread.mjs', import.meta.url),
        { workerData: { port: port2, variant: 'simd' }, transferList: [port2] }));
      helpers.push(portHelper(port1));
    }
    try {
      const w = await runWith(coord, helpers);
      assert.deepEqual(w.losses, one.losses, `${W} workers: the losses`);
      assert.ok(bytesOf(w.params).equals(bytesOf(one.params)), `${W} workers: the parameters differ`);
      // a helper's failure reaches the coordinator as an Error naming it
      await assert.rejects(helpers[0].run({ params: new Float32Array(3), step: 0, levels: [0, 0, 0], groups: [1] }),
        /a helper worker failed: trainerSync: params must be a Float32Array of \d+ values/);
    } finally {
      for (const h of helpers) h.close();
      await Promise.all(threads.map((t) => t.terminate()));
    }
  }
});

test('bad input is refused with a message and the module stays usable', async () => {
  const t = await loadTrainerNode('simd');
  assert.throws(() => t.step(), /no trainer/);
  assert.throws(() => t.create('{"name": 1}'), /"name" must be a non-empty string/);
  assert.throws(() => t.create(CONFIG.replace('"batch": 6', '"batch": 0')), /batch/);
  assert.throws(() => t.create(CONFIG, { start: 'weights' }), /needs weights/);
  assert.throws(() => t.create(CONFIG, { start: 'weights', weights: new Uint8Array([1, 2, 3]) }), /weight file|LMLW|magic|truncated/i);
  assert.throws(() => t.create(CONFIG, { begin: 'scratch' }), /begin/);
  t.create(CONFIG);
  assert.throws(() => t.restore(new Uint8Array(64)), /not a checkpoint/);
  const damaged = t.checkpoint();
  damaged[damaged.length - 10] ^= 0xff;
  assert.throws(() => t.restore(damaged), /checksum/);
  assert.throws(() => t.evaluate({ task: 'nonsense' }), /task/);
  assert.throws(() => t.runGroup(99), /group must be in/);
  assert.equal(t.step().step, 1, 'still usable');
});
