// Runs the benchmark suites inside Chromium. bench/chromium.mjs opens this
// page and calls window.runBench({ quick }) which resolves to the records.
import createRelaxed from '../../build/wasm-relaxed/lml_core.mjs';
import createSimd from '../../build/wasm-simd/lml_core.mjs';
import createScalar from '../../build/wasm-scalar/lml_core.mjs';
import createTrainerRelaxed from '../../build/wasm-relaxed/lml_trainer.mjs';
import createTrainerSimd from '../../build/wasm-simd/lml_trainer.mjs';
import { wrapCore } from '../../wasm/bindings/core.mjs';
import { wrapTrainer } from '../../wasm/bindings/trainer.mjs';
import { portHelper } from '../../wasm/bindings/trainer-parallel.mjs';
import { runSuites } from '../suites/index.mjs';

const logEl = document.getElementById('log');
const log = (msg) => { logEl.textContent += msg + '\n'; console.log(msg); };

window.runBench = async (opts) => {
  const cores = { simd: wrapCore(await createSimd()), scalar: wrapCore(await createScalar()) };
  // the relaxed build where this Chromium compiles it (as the course's page decides)
  try { cores.relaxed = wrapCore(await createRelaxed()); } catch (err) { log(`no relaxed build here: ${err.message}`); }
  const trainers = { simd: wrapTrainer(await createTrainerSimd()) };
  try { trainers.relaxed = wrapTrainer(await createTrainerRelaxed()); } catch (err) { log(`no relaxed trainer here: ${err.message}`); }
  log(`crossOriginIsolated: ${self.crossOriginIsolated}`);
  // a helper worker of the training lab's kind, for the two-worker case (train-browser)
  const spawnHelper = (variant) => {
    const worker = new Worker(new URL('./trainer-helper.mjs', import.meta.url), { type: 'module' });
    const { port1, port2 } = new MessageChannel();
    worker.postMessage({ port: port2, variant }, [port2]);
    return { helper: portHelper(port1), stop() { worker.terminate(); } };
  };
  return runSuites({ cores, trainers, spawnHelper, runtime: 'chromium', log, ...opts });
};
window.benchReady = true;
