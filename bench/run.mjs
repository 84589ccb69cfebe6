// npm run bench [-- --quick] [--only attention,phases,peers,hmt,trained,train,train-browser,zoo-cost] [--sizes 1024,4096] [--node-only|--chromium-only]
// Runs every suite in node and in Chromium, prints one table and writes
// bench/results/latest.json: an array of records
//   { suite, impl, shape, runtime: node|chromium|native, ms_median, gflops, frac_peak,
//     max_abs_err, ratio_vs: { other impl: time ratio }, tokens_per_s, status, error }
// (zoo-cost adds its own fields: bench/suites/zoo-cost.mjs).
// latest.json is updated, not overwritten: the run replaces the records of the
// suites and runtimes it ran and keeps every other record as it was
// (bench/lib/merge.mjs), so `--only zoo-cost` leaves the other suites' figures
// in place and `--node-only` the Chromium ones; with --sizes, the attention and
// phase records of the sizes it ran. The table and the targets cover this run's
// records only.
// --quick runs every path once (correctness, no figures) for CI and writes
// bench/results/quick.json instead (that file holds the one run, whole).
import { writeFileSync, readFileSync, existsSync, mkdirSync } from 'node:fs';
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
import { runPlan, mergeRecords, GROUPS, ONLY_ALIASES } from './lib/merge.mjs';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyArg = args.find((a) => a.startsWith('--only'));
const only = onlyArg ? (onlyArg.includes('=') ? onlyArg.split('=')[1] : args[args.indexOf(onlyArg) + 1]).split(',') : undefined;
const log = (m) => console.log(m);
const sizesArg = args.find((a) => a.startsWith('--sizes'));
const sizes = sizesArg ? (sizesArg.includes('=') ? sizesArg.split('=')[1] : args[args.indexOf(sizesArg) + 1]).split(',').map(Number) : undefined;
const known = [...new Set([...GROUPS, ...Object.keys(ONLY_ALIASES)])];
const unknown = (only ?? []).filter((o) => !known.includes(o));
if (unknown.length) {
  console.error(`--only: no suite named ${unknown.join(', ')} (known: ${known.join(', ')})`);
  process.exit(2);
}

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
const outName = quick ? 'quick.json' : 'latest.json';
// The records this run keeps from latest.json, read before anything runs (a broken file stops here).
let previous = [];
if (!quick && existsSync(path.join(dir, outName))) {
  try {
    previous = JSON.parse(readFileSync(path.join(dir, outName), 'utf8'));
    if (!Array.isArray(previous)) throw new Error('not an array of records');
  } catch (err) {
    console.error(`bench/results/${outName} cannot be read (${err.message}): repair or remove it; this run would merge into it`);
    process.exit(2);
  }
}

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
mkdirSync(dir, { recursive: true });
// Figures go to latest.json, merged with what this run did not measure; a --quick run
// (single cold runs) never touches it.
const plan = runPlan({ only, quick, nodeOnly: args.includes('--node-only'), chromiumOnly: args.includes('--chromium-only'), sizes });
const written = quick ? records : mergeRecords(previous, records, plan);
writeFileSync(path.join(dir, outName), JSON.stringify(written, null, 2) + '\n');
console.log('\n' + formatTable(records));
const phases = formatPhases(records);
if (phases) console.log('\n' + phases);
const { lines, failed } = checkTargets(records, { quick });
console.log('\n' + lines.join('\n'));
console.log(`\n${records.length} records written to bench/results/${outName}${written.length > records.length ? ` (${written.length - records.length} of other suites or runtimes kept)` : ''}`);
process.exitCode = failed ? 1 : 0;
