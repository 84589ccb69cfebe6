// The core worker: instantiates one WebAssembly build of the core, chosen by
// the worker's name (client.js): 'lml-core-relaxed' the relaxed-SIMD build,
// 'lml-core-scalar' the scalar build, otherwise the SIMD build. Each build is
// its own dynamic import, so a browser downloads only the one it runs. It
// answers the messages of protocol.js; the page never runs wasm on its main thread.
import { wrapCore } from '@wasm/bindings/core.mjs';
import { jobs } from '../compute/jobs/index.js';
import { callable, transferables } from './protocol.js';

const build = self.name === 'lml-core-scalar'
  ? import('@build/wasm-scalar/lml_core.mjs')
  : self.name === 'lml-core-relaxed'
    ? import('@build/wasm-relaxed/lml_core.mjs')
    : import('@build/wasm-simd/lml_core.mjs');
const corePromise = build.then(({ default: createLmlCore }) => createLmlCore()).then(wrapCore);

corePromise.then(
  (core) => postMessage({ type: 'ready', info: core.info }),
  (err) => postMessage({ type: 'fatal', message: `the WebAssembly core did not load: ${err?.message ?? err}` }),
);

function dispatch(core, method, args) {
  if (!callable(core, method)) throw new Error(`unknown core method '${method}'`);
  const member = core[method];
  return typeof member === 'function' ? member(...(args ?? [])) : member;
}

async function runJob(core, name, args, id) {
  const job = Object.hasOwn(jobs, name) ? jobs[name] : null;
  if (!job) throw new Error(`unknown job '${name}' (jobs: ${Object.keys(jobs).join(', ') || 'none'})`);
  const progress = (value) => postMessage({ id, type: 'progress', value });
  return job(core, args ?? {}, { progress });
}

self.onmessage = async ({ data: msg }) => {
  const { id, type } = msg ?? {};
  try {
    const core = await corePromise;
    let value;
    if (type === 'call') value = dispatch(core, msg.method, msg.args);
    else if (type === 'run') value = await runJob(core, msg.job, msg.args, id);
    else throw new Error(`unknown message type '${type}'`);
    postMessage({ id, type: 'result', value }, [...transferables(value)]);
  } catch (err) {
    postMessage({ id, type: 'error', message: err?.message ?? String(err) });
  }
};
