// Every suite, in order. Each returns records (see bench/run.mjs for fields).
// --only names: attention, phases, peers (= onnxruntime + tfjs), onnxruntime, tfjs, hmt, trained, train-browser, zoo-cost
// (train: bench/run.mjs).
// sizes (--sizes 1024,4096): only those n, d = 64, one head, in the attention and phase suites.
import { attentionSuite, phaseSuite, SHAPES, LONG_SHAPE } from './attention.mjs';
import { onnxruntimeSuite, ORT_IMPLS } from './peers-onnxruntime.mjs';
import { tfjsSuite, TFJS_IMPLS } from './peers-tfjs.mjs';
import { oursReference, addPeerRatios } from '../lib/peers.mjs';
import { hmtSuite } from './hmt.mjs';
import { trainedSuite } from './trained.mjs';
import { trainBrowserSuite } from './train-browser.mjs';
import { zooCostSuite } from './zoo-cost.mjs';

export async function runSuites({ cores, trainers = {}, spawnHelper, runtime, quick, log, only, sizes }) {
  const records = [];
  const want = (name) => !only || only.includes(name);
  const picked = sizes ? { shapes: sizes.map((n) => ({ n, d: 64, heads: 1 })), long: false } : {};
  if (want('attention')) records.push(...(await attentionSuite({ cores, runtime, quick, log, ...picked })));
  if (want('attention') || want('phases')) records.push(...(await phaseSuite({ cores, runtime, quick, log, ...(sizes ? { sizes } : {}) })));

  const ort = want('peers') || want('onnxruntime');
  const tfjs = want('peers') || want('tfjs');
  if (ort || tfjs) {
    const peak = records.find((r) => r.suite === 'peak' && r.impl === 'mul+add ceiling' && r.runtime === runtime)?.gflops;
    const common = { cores, runtime, quick, log, peak, reference: oursReference(cores.relaxed ?? cores.simd) };
    // the long shape last, tfjs before onnxruntime-web: a peer that fails there may leave
    // gigabytes of wasm memory behind in this process
    if (ort) records.push(...(await onnxruntimeSuite({ ...common, shapes: SHAPES })));
    if (tfjs) records.push(...(await tfjsSuite({ ...common, shapes: SHAPES })));
    if (tfjs) records.push(...(await tfjsSuite({ ...common, shapes: [LONG_SHAPE] })));
    if (ort) records.push(...(await onnxruntimeSuite({ ...common, shapes: [LONG_SHAPE] })));
    addPeerRatios(records, { 'onnxruntime-web': ORT_IMPLS, 'tfjs-wasm': TFJS_IMPLS });
  }
  if (want('hmt')) records.push(...(await hmtSuite({ core: cores.simd, runtime, quick, log })));
  if (want('trained')) records.push(...(await trainedSuite({ core: cores.simd, runtime, quick, log })));
  if (want('train-browser')) records.push(...(await trainBrowserSuite({ trainers, spawnHelper, runtime, quick, log })));
  // the build the course's page runs where the engine has it (relaxed), as the widgets do
  if (want('zoo-cost')) records.push(...(await zooCostSuite({ core: cores.relaxed ?? cores.simd, runtime, quick, log })));
  return records;
}
