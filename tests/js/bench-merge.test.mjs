// bench/run.mjs updates bench/results/latest.json instead of overwriting it
// (bench/lib/merge.mjs): a run replaces the records of the suites and runtimes
// it ran and keeps every other record, in its place.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runPlan, mergeRecords, groupOf } from '../../bench/lib/merge.mjs';

const r = (suite, runtime, impl, shape = 's', extra = {}) => ({ suite, runtime, impl, shape, ms_median: 1, ...extra });
const previous = [
  r('peak', 'node', 'mul+add ceiling', 'probe'),
  r('attention', 'node', 'ours-simd-tiled', 'n=1024 d=64'),
  r('attention', 'node', 'ours-simd-tiled', 'n=4096 d=64'),
  r('attention', 'chromium', 'ours-simd-tiled', 'n=1024 d=64'),
  r('attention', 'node', 'onnxruntime-web graph', 'n=1024 d=64'),
  r('attention', 'node', 'tfjs-wasm best', 'n=1024 d=64'),
  r('phases', 'node', 'ours-simd-tiled', 'n=1024 d=64'),
  r('hmt', 'node', 'hmt-stream'),
  r('train', 'native', 'ours-native'),
  r('train-browser', 'native', 'trainer-native-1-thread'),
  r('train-browser', 'chromium', 'trainer-relaxed'),
  r('zoo-cost', 'node', 'hmt-s1', 'passkey D=0'),
  r('zoo-cost', 'chromium', 'hmt-s1', 'passkey D=0'),
];
const names = (records) => records.map((x) => `${x.suite}/${x.runtime}/${x.impl}/${x.shape}${x.fresh ? ' (new)' : ''}`);

test('groupOf: peer records belong to their peer, the ceilings to the attention suite', () => {
  assert.deepEqual(previous.map(groupOf), ['attention', 'attention', 'attention', 'attention', 'onnxruntime', 'tfjs', 'phases', 'hmt', 'train', 'train-browser', 'train-browser', 'zoo-cost', 'zoo-cost']);
});

test('--only zoo-cost replaces the zoo-cost records of node and Chromium and keeps every other record in its place', () => {
  const fresh = [r('zoo-cost', 'node', 'hmt-s1', 'passkey D=0', { fresh: true }), r('zoo-cost', 'chromium', 'full-s1', 'passkey D=0', { fresh: true })];
  const out = mergeRecords(previous, fresh, runPlan({ only: ['zoo-cost'] }));
  assert.deepEqual(names(out), [...names(previous.filter((x) => x.suite !== 'zoo-cost')), ...names(fresh)]);
});

test('--node-only keeps the Chromium records of the suites it ran', () => {
  const fresh = [r('zoo-cost', 'node', 'hmt-s1', 'passkey D=0', { fresh: true })];
  const out = mergeRecords(previous, fresh, runPlan({ only: ['zoo-cost'], nodeOnly: true }));
  assert.ok(out.some((x) => x.suite === 'zoo-cost' && x.runtime === 'chromium' && !x.fresh), 'the Chromium zoo-cost record stays');
  assert.ok(!out.some((x) => x.suite === 'zoo-cost' && x.runtime === 'node' && !x.fresh), 'the old node one goes');
  assert.equal(out.length, previous.length);
});

test('--only peers replaces the peers\' records, not ours (they share the suite name)', () => {
  const fresh = [r('attention', 'node', 'onnxruntime-web graph', 'n=1024 d=64', { fresh: true })];
  const out = mergeRecords(previous, fresh, runPlan({ only: ['peers'] }));
  assert.ok(out.some((x) => x.impl === 'ours-simd-tiled' && x.runtime === 'node' && x.shape === 'n=1024 d=64'));
  assert.ok(!out.some((x) => x.impl === 'tfjs-wasm best'), 'tfjs ran too (peers = onnxruntime + tfjs): its old record goes');
  assert.equal(out.filter((x) => x.impl === 'onnxruntime-web graph').length, 1);
});

test('--only attention --sizes 1024: the attention and phase records of that size go, other sizes stay; the ceilings are replaced', () => {
  const fresh = [
    r('peak', 'node', 'mul+add ceiling', 'probe', { fresh: true }),
    r('attention', 'node', 'ours-simd-tiled', 'n=1024 d=64', { fresh: true }),
    r('phases', 'node', 'ours-simd-tiled', 'n=1024 d=64', { fresh: true }),
  ];
  const out = mergeRecords(previous, fresh, runPlan({ only: ['attention'], sizes: [1024], nodeOnly: true }));
  assert.ok(out.some((x) => x.shape === 'n=4096 d=64' && !x.fresh), 'n = 4096 stays');
  assert.equal(out.filter((x) => x.suite === 'attention' && x.impl === 'ours-simd-tiled' && x.runtime === 'node' && x.shape === 'n=1024 d=64').length, 1);
  assert.equal(out.filter((x) => x.suite === 'peak').length, 1);
  assert.ok(out.some((x) => x.runtime === 'chromium' && x.suite === 'attention'), 'node only: Chromium stays');
});

test('a full run replaces everything it ran; a Chromium-only run keeps node and native; train runs natively only', () => {
  const fresh = [r('hmt', 'node', 'hmt-stream', 's', { fresh: true })];
  assert.deepEqual(names(mergeRecords(previous, fresh, runPlan({}))), names(fresh));
  const chromium = mergeRecords(previous, [], runPlan({ chromiumOnly: true }));
  assert.deepEqual(names(chromium), names(previous.filter((x) => x.runtime !== 'chromium')));
  const plan = runPlan({ only: ['train'] });
  assert.ok(!plan.runtimes.has('chromium'), 'only train: Chromium does not run');
  assert.deepEqual(names(mergeRecords(previous, [], plan)), names(previous.filter((x) => x.suite !== 'train')));
  assert.ok(!runPlan({ quick: true }).runtimes.has('native'), 'quick: no native run');
});
