// The training lab's worker: the trainer module (wasm/train compiled to
// WebAssembly, bindings/trainer.mjs) running a training loop that yields to
// its messages between steps, so Pause is answered within one step. The build
// comes from the worker's name: 'lml-trainer-relaxed' the relaxed-SIMD build,
// otherwise the SIMD one; the rest of the course never downloads this module.
//
// With several workers (trainer-client.js starts them) one coordinates: it runs
// the loop, takes a share of each step's document groups and finishes the step
// (the groups' gradients added in group order, then AdamW), so the weights are
// the same bits whatever the number of workers; the others only answer it on
// a MessagePort each (bindings/trainer-parallel.mjs), never the page.
//
// page → worker  { type: 'start', config, start: 'backbone' | 'scratch', weights (Uint8Array, for
//                  'backbone'), checkpoint (Uint8Array, optional: resume it), steps, evalEvery, evalDocs,
//                  evalSeed, evalLevel, task, ports (MessagePort per helper worker, transferred) }
//                { type: 'pause' } { type: 'resume' } { type: 'weights' }
//                { type: 'serve', port }                this worker helps the coordinator at the port's other end
// worker → page  { type: 'ready', variant }
//                { type: 'started', info, workers }     the run exists (info: trainer.create's); workers in all
//                { type: 'report', report, elapsed, eval }   after each step (eval every evalEvery steps)
//                { type: 'checkpoint', bytes, step }    about every 4 s of training, and on pause
//                { type: 'paused' } { type: 'done', report } { type: 'weights', bytes } { type: 'error', message }
import { wrapTrainer } from '@wasm/bindings/trainer.mjs';
import { parallelStep, portHelper, serveHelper } from '@wasm/bindings/trainer-parallel.mjs';

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
// { opts, helpers, running, stepping, elapsed, lastCheckpoint, last, state }
// state: the trainer's step and curriculum levels (the last report, or the info of create/restore)
let run = null;

const yieldToMessages = () => new Promise((resolve) => setTimeout(resolve, 0));
const fail = (err) => postMessage({ type: 'error', message: err?.message ?? String(err) });

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
    r.stepping = true;
    let report;
    try {
      report = await parallelStep(t, r.state, r.helpers, { abandoned: () => r !== run });
    } finally {
      r.stepping = false;
    }
    if (r !== run || !report) return;  // a new run was started while the helpers worked: this step is void
    r.elapsed += (performance.now() - t0) / 1000;
    r.last = report;
    r.state = report;
    let evaluation = null;
    if (report.step % r.opts.evalEvery === 0 || report.step === r.opts.steps) {
      evaluation = t.evaluate({ task: r.opts.task, level: r.opts.evalLevel, docs: r.opts.evalDocs, seed: r.opts.evalSeed });
      evaluation.step = report.step;
    }
    postMessage({ type: 'report', report, elapsed: r.elapsed, eval: evaluation });
    if (!r.running) {  // Pause arrived while the helpers worked: the step is done, now stop
      checkpoint(t);
      postMessage({ type: 'paused' });
      return;
    }
    if (performance.now() - r.lastCheckpoint > CHECKPOINT_MS) checkpoint(t);
    await yieldToMessages();
  }
}

function startLoop(t) {
  const r = run;
  loop(t).catch((err) => {
    if (r !== run) return;  // an old run's helpers were stopped by a new start
    r.running = false;
    fail(err);
  });
}

self.onmessage = async ({ data: msg }) => {
  if (msg.type === 'serve') {
    serveHelper(msg.port, trainerPromise);
    return;
  }
  try {
    const t = await trainerPromise;
    if (msg.type === 'start') {
      for (const h of run?.helpers ?? []) h.close();
      run = null;
      const helpers = (msg.ports ?? []).map(portHelper);
      const info = t.create(msg.config, msg.start === 'backbone' ? { start: 'weights', weights: msg.weights, resetMemory: true } : {});
      const resumed = msg.checkpoint ? t.restore(msg.checkpoint) : info;
      await Promise.all(helpers.map((h) => h.create(msg.config)));
      run = { opts: msg, helpers, running: true, stepping: false, elapsed: msg.elapsed ?? 0, lastCheckpoint: performance.now(),
        last: null, state: resumed };
      postMessage({ type: 'started', info: resumed, workers: helpers.length + 1 });
      startLoop(t);
    } else if (msg.type === 'pause') {
      if (run?.running) {
        run.running = false;
        if (run.stepping) return;  // the loop checkpoints and says 'paused' once the step in flight is done
        checkpoint(t);
      }
      postMessage({ type: 'paused' });
    } else if (msg.type === 'resume') {
      if (!run) throw new Error('nothing to resume: start a run first');
      if (!run.running) {
        run.running = true;
        if (!run.stepping) startLoop(t);  // with a step in flight its loop simply goes on
      }
    } else if (msg.type === 'weights') {
      const bytes = t.weights();
      postMessage({ type: 'weights', bytes }, [bytes.buffer]);
    } else {
      throw new Error(`unknown message type '${msg.type}'`);
    }
  } catch (err) {
    if (run) run.running = false;
    fail(err);
  }
};
