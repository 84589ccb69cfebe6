// The page's handle on the training lab's workers (trainer-worker.js).
//
//   const lab = createTrainerClient();               // relaxed SIMD where the browser has it, else SIMD
//   lab.on((msg) => …);                              // every message of the coordinating worker (its protocol)
//   lab.start({ config, start, weights, checkpoint, steps, workers, … });
//   lab.pause(); lab.resume(); lab.requestWeights(); lab.terminate();
// The coordinating worker starts on the first call, so a page without the lab never loads the trainer.
// workers (default 1): with W > 1, W − 1 helper workers are started for the run, each tied to the
// coordinator by a MessageChannel of its own: the steps' parameters and gradients go between the
// workers, never through the page (its main thread only draws). A new start replaces the helpers.
import { detectCoreBuild } from './detect.js';

export function trainerWorkerName(variant = detectCoreBuild()) {
  return variant === 'relaxed' ? 'lml-trainer-relaxed' : 'lml-trainer';
}

export function createTrainerClient({ spawn = () => new Worker(new URL('./trainer-worker.js', import.meta.url),
  { type: 'module', name: trainerWorkerName() }) } = {}) {
  let worker = null;
  let helpers = [];
  const listeners = new Set();
  const emit = (msg) => { for (const fn of listeners) fn(msg); };
  const send = (msg, transfer = []) => {
    if (!worker) {
      worker = spawn();
      worker.onmessage = ({ data }) => emit(data);
      worker.onerror = (e) => emit({ type: 'error', message: `the trainer worker failed: ${e.message ?? 'unknown error'}` });
    }
    worker.postMessage(msg, transfer);
  };
  const stopHelpers = () => {
    for (const w of helpers) w.terminate();
    helpers = [];
  };
  return {
    on(fn) { listeners.add(fn); return () => listeners.delete(fn); },
    start({ workers = 1, ...opts }) {
      stopHelpers();
      const ports = [];
      for (let i = 1; i < workers; i++) {
        const w = spawn();
        // a helper talks to the page only if it fails (its trainer did not load, or it crashed)
        w.onmessage = ({ data }) => { if (data?.type === 'error') emit({ type: 'error', message: `a helper worker: ${data.message}` }); };
        w.onerror = (e) => emit({ type: 'error', message: `a helper worker failed: ${e.message ?? 'unknown error'}` });
        const channel = new MessageChannel();
        w.postMessage({ type: 'serve', port: channel.port2 }, [channel.port2]);
        ports.push(channel.port1);
        helpers.push(w);
      }
      send({ type: 'start', ...opts, ports }, ports);
    },
    pause: () => send({ type: 'pause' }),
    resume: () => send({ type: 'resume' }),
    requestWeights: () => send({ type: 'weights' }),
    terminate() {
      worker?.terminate();
      worker = null;
      stopHelpers();
    },
    get started() { return worker !== null; },
    /** How many workers the current run has (the coordinator and its helpers). */
    get workers() { return worker ? helpers.length + 1 : 0; },
  };
}
