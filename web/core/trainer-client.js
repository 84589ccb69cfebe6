// The page's handle on the training lab's worker (trainer-worker.js).
//
//   const lab = createTrainerClient();               // relaxed SIMD where the browser has it, else SIMD
//   lab.on((msg) => …);                              // every message of the worker (its protocol)
//   lab.start({ config, start, weights, checkpoint, steps, … });
//   lab.pause(); lab.resume(); lab.requestWeights(); lab.terminate();
// The worker starts on the first call, so a page without the lab never loads the trainer.
import { detectCoreBuild } from './detect.js';

export function trainerWorkerName(variant = detectCoreBuild()) {
  return variant === 'relaxed' ? 'lml-trainer-relaxed' : 'lml-trainer';
}

export function createTrainerClient({ spawn = () => new Worker(new URL('./trainer-worker.js', import.meta.url),
  { type: 'module', name: trainerWorkerName() }) } = {}) {
  let worker = null;
  const listeners = new Set();
  const send = (msg, transfer = []) => {
    if (!worker) {
      worker = spawn();
      worker.onmessage = ({ data }) => { for (const fn of listeners) fn(data); };
      worker.onerror = (e) => { for (const fn of listeners) fn({ type: 'error', message: `the trainer worker failed: ${e.message ?? 'unknown error'}` }); };
    }
    worker.postMessage(msg, transfer);
  };
  return {
    on(fn) { listeners.add(fn); return () => listeners.delete(fn); },
    start: (opts) => send({ type: 'start', ...opts }),
    pause: () => send({ type: 'pause' }),
    resume: () => send({ type: 'resume' }),
    requestWeights: () => send({ type: 'weights' }),
    terminate() {
      worker?.terminate();
      worker = null;
    },
    get started() { return worker !== null; },
  };
}
