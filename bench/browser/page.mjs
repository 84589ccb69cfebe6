// Runs the benchmark suites inside Chromium. bench/chromium.mjs opens this
// page and calls window.runBench({ quick }) which resolves to the records.
import createSimd from '../../build/wasm-simd/lml_core.mjs';
import createScalar from '../../build/wasm-scalar/lml_core.mjs';
import { wrapCore } from '../../wasm/bindings/core.mjs';
import { runSuites } from '../suites/index.mjs';

const logEl = document.getElementById('log');
const log = (msg) => { logEl.textContent += msg + '\n'; console.log(msg); };

window.runBench = async (opts) => {
  const cores = { simd: wrapCore(await createSimd()), scalar: wrapCore(await createScalar()) };
  log(`crossOriginIsolated: ${self.crossOriginIsolated}`);
  return runSuites({ cores, runtime: 'chromium', log, ...opts });
};
window.benchReady = true;
