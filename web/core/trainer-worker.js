// The training lab's worker: the trainer module (wasm/train compiled to
// WebAssembly, bindings/trainer.mjs) running a training loop that yields to
// its messages between steps, so Pause is answered within one step. The build
// comes from the worker's name: 'lml-trainer-relaxed' the relaxed-SIMD build,
// otherwise the SIMD one; the rest of the course never downloads this module.
//
// page → worker  { type: 'start', config, start: 'backbone' | 'scratch', weights (Uint8Array, for
//                  'backbone'), checkpoint (Uint8Array, optional: resume it), steps, evalEvery, evalDocs,
//                  evalSeed, evalLevel, task }
//                { type: 'pause' } { type: 'resume' } { type: 'weights' }
// worker → page  { type: 'ready', variant }
//                { type: 'started', info }              the run exists (info: trainer.create's)
//                { type: 'report', report, elapsed, eval }   after each step (eval every evalEvery steps)
//                { type: 'checkpoint', bytes, step }    about every 4 s of training, and on pause
//                { type: 'paused' } { type: 'done', report } { type: 'weights', bytes } { type: 'error', message }
import { wrapTrainer } from '@wasm/bindings/trainer.mjs';

const variant = self.name === 'lml-trainer-relaxed' ? 'relaxed' : 'simd';
const build = variant === 'relaxed'
  ? import('@build/wasm-relaxed/lml_trainer.mjs')
  : import('@build/wasm-simd/lml_trainer.mjs');
const trainerPromise = build.then(({ default: create }) => create()).then(wrapTrainer);

trainerPromise.then(
  () => postMessage({ type: 'ready', variant }),
  (err) => postMessage({ type: 'error', message: `the trainer did not load: ${err?.message ?? err}` }),
);

const CHECKPOINT_MS = 4000;
let run = null;  // { opts, running, elapsed, lastCheckpoint, last }

const yieldToMessages = () => new Promise((resolve) => setTimeout(resolve, 0));

function checkpoint(t) {
  const bytes = t.checkpoint();
  postMessage({ type: 'checkpoint', bytes, step: run.last?.step ?? 0 }, [bytes.buffer]);
  run.lastCheckpoint = performance.now();
}

async function loop(t) {
  const r = run;
  while (r === run && r.running) {
    if (r.last?.finished || (r.last?.step ?? 0) >= r.opts.steps) {
      r.running = false;
      checkpoint(t);
      postMessage({ type: 'done', report: r.last });
      return;
    }
    const t0 = performance.now();
    const report = t.step();
    r.elapsed += (performance.now() - t0) / 1000;
    r.last = report;
    let evaluation = null;
    if (report.step % r.opts.evalEvery === 0 || report.step === r.opts.steps) {
      evaluation = t.evaluate({ task: r.opts.task, level: r.opts.evalLevel, docs: r.opts.evalDocs, seed: r.opts.evalSeed });
      evaluation.step = report.step;
    }
    postMessage({ type: 'report', report, elapsed: r.elapsed, eval: evaluation });
    if (performance.now() - r.lastCheckpoint > CHECKPOINT_MS) checkpoint(t);
    await yieldToMessages();
  }
}

self.onmessage = async ({ data: msg }) => {
  try {
    const t = await trainerPromise;
    if (msg.type === 'start') {
      const info = t.create(msg.config, msg.start === 'backbone' ? { start: 'weights', weights: msg.weights, resetMemory: true } : {});
      const resumed = msg.checkpoint ? t.restore(msg.checkpoint) : info;
      run = { opts: msg, running: true, elapsed: msg.elapsed ?? 0, lastCheckpoint: performance.now(), last: null };
      postMessage({ type: 'started', info: resumed });
      loop(t).catch((err) => postMessage({ type: 'error', message: err?.message ?? String(err) }));
    } else if (msg.type === 'pause') {
      if (run?.running) {
        run.running = false;
        checkpoint(t);
      }
      postMessage({ type: 'paused' });
    } else if (msg.type === 'resume') {
      if (!run) throw new Error('nothing to resume: start a run first');
      if (!run.running) {
        run.running = true;
        loop(t).catch((err) => postMessage({ type: 'error', message: err?.message ?? String(err) }));
      }
    } else if (msg.type === 'weights') {
      const bytes = t.weights();
      postMessage({ type: 'weights', bytes }, [bytes.buffer]);
    } else {
      throw new Error(`unknown message type '${msg.type}'`);
    }
  } catch (err) {
    if (run) run.running = false;
    postMessage({ type: 'error', message: err?.message ?? String(err) });
  }
};
