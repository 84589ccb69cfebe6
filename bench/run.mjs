// npm run bench [-- --quick] [--only attention,phases,peers,hmt,trained,train,train-browser] [--sizes 1024,4096] [--node-only|--chromium-only]
// Runs every suite in node and in Chromium, prints one table and writes
// bench/results/latest.json: an array of records
//   { suite, impl, shape, runtime: node|chromium, ms_median, gflops, frac_peak,
//     max_abs_err, ratio_vs: { other impl: time ratio }, tokens_per_s, status, error }
// --quick runs every path once (correctness, no figures) for CI and writes
// bench/results/quick.json instead.
import { writeFileSync, mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { MessageChannel, Worker } from 'node:worker_threads';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCoreNode, loadTrainerNode } from '../wasm/bindings/core-node.mjs';
import { portHelper } from '../wasm/bindings/trainer-parallel.mjs';
import { runSuites } from './suites/index.mjs';
import { runInChromium } from './chromium.mjs';
import { formatTable } from './lib/table.mjs';
import { formatPhases } from './suites/attention.mjs';
import { checkTargets } from './targets.mjs';
import { trainSuite } from './suites/train.mjs';
import { trainNativeLab, addNativeRatios } from './suites/train-browser.mjs';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyArg = args.find((a) => a.startsWith('--only'));
const only = onlyArg ? (onlyArg.includes('=') ? onlyArg.split('=')[1] : args[args.indexOf(onlyArg) + 1]).split(',') : undefined;
const log = (m) => console.log(m);
const sizesArg = args.find((a) => a.startsWith('--sizes'));
const sizes = sizesArg ? (sizesArg.includes('=') ? sizesArg.split('=')[1] : args[args.indexOf(sizesArg) + 1]).split(',').map(Number) : undefined;

const records = [];
if (!args.includes('--chromium-only')) {
  log('==> node');
  const cores = { relaxed: await loadCoreNode('relaxed'), simd: await loadCoreNode('simd'), scalar: await loadCoreNode('scalar') };
  const trainers = { relaxed: await loadTrainerNode('relaxed'), simd: await loadTrainerNode('simd') };
  // a helper worker thread for the two-worker case (train-browser)
  const spawnHelper = (variant) => {
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(new URL('./lib/trainer-helper-thread.mjs', import.meta.url),
      { workerData: { port: port2, variant }, transferList: [port2] });
    const helper = portHelper(port1);
    return { helper, stop() { helper.close(); worker.terminate(); } };
  };
  records.push(...(await runSuites({ cores, trainers, spawnHelper, runtime: 'node', quick, log, only, sizes })));
}
// The wasm trainer's reference: the native trainer on one thread, same config (not in --quick).
if (!quick && !args.includes('--chromium-only') && (!only || only.includes('train-browser'))) {
  const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  records.push(await trainNativeLab({ log, repo, spawnSync, writeFileSync, tmpdir }));
}
// Training throughput is native (C++ trainer vs PyTorch on CPU); not in --quick.
if (!quick && !args.includes('--chromium-only') && (!only || only.includes('train'))) {
  log('==> native training (C++ trainer vs PyTorch)');
  records.push(...(await trainSuite({ log })));
}
if (!args.includes('--node-only') && (!only || only.some((o) => o !== 'train'))) {
  log('==> chromium');
  records.push(...(await runInChromium({ quick, only, sizes, log })));
}

addNativeRatios(records);
const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
mkdirSync(dir, { recursive: true });
// Figures go to latest.json; a --quick run (single cold runs) never overwrites them.
const outName = quick ? 'quick.json' : 'latest.json';
writeFileSync(path.join(dir, outName), JSON.stringify(records, null, 2) + '\n');
console.log('\n' + formatTable(records));
const phases = formatPhases(records);
if (phases) console.log('\n' + phases);
const { lines, failed } = checkTargets(records, { quick });
console.log('\n' + lines.join('\n'));
console.log(`\nrecords written to bench/results/${outName}`);
process.exitCode = failed ? 1 : 0;
