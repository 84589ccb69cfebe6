// The page's handle on the core worker (protocol.js).
//
//   const core = createCoreClient();                       // the fastest build this browser runs
//   const core = createCoreClient({ variant: 'scalar' });  // or force one: 'relaxed' | 'simd' | 'scalar'
//   const info = await core.ready;                         // { arch, lanes, variant, … }
//   const Q = await core.call('randn', 1, 4, 8);           // any wrapCore method by name
//   const { out, weights } = await core.call('attention', Q, Q, Q, { causal: true });
//   const rows = await core.run('time-attention', { sizes: [256, 512] },
//                               { onProgress: (p) => …, signal });
//
// Errors from the core reject with an Error carrying the core's message.
// Aborting a job's signal terminates the worker (the only way to stop running
// wasm), rejects that job with Error('cancelled') (name 'AbortError'), starts a
// fresh worker and sends it every other pending request again, so a widget's
// call queued behind someone else's job still gets its answer. core.cancel()
// stops everything: every pending request is rejected. Results' Float32Arrays
// are transferred from the worker; arguments are copied, so the caller's arrays
// stay usable.
import { cancelledError } from './protocol.js';
import { CORE_BUILDS, detectCoreBuild } from './detect.js';

// variant 'auto' (the default: relaxed, else simd, else scalar, by feature
// detection, detect.js) or one build by name. The worker's name says which
// build it loads: lml-core (simd), lml-core-relaxed, lml-core-scalar.
export function workerName(variant) {
  if (!CORE_BUILDS.includes(variant)) throw new Error(`unknown core variant '${variant}' (auto | ${CORE_BUILDS.join(' | ')})`);
  return variant === 'simd' ? 'lml-core' : `lml-core-${variant}`;
}

function startWorker(variant = 'auto') {
  const name = workerName(variant === 'auto' ? detectCoreBuild() : variant);
  return new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name });
}

export function createCoreClient({ variant = 'auto', spawn = () => startWorker(variant) } = {}) {
  if (variant !== 'auto') workerName(variant); // an unknown name throws here, not in the worker
  let worker = null;
  let nextId = 1;
  const pending = new Map(); // id → { resolve, reject, onProgress, message }
  let readyResolve;
  let readyReject;
  let fatal = null;
  const client = {};

  const rejectAll = (err) => {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };

  function boot() {
    fatal = null;
    client.ready = new Promise((res, rej) => {
      readyResolve = res;
      readyReject = rej;
    });
    client.ready.catch(() => {});
    worker = spawn();
    worker.onmessage = ({ data: msg }) => {
      if (msg.type === 'ready') {
        client.info = msg.info;
        readyResolve(msg.info);
        return;
      }
      if (msg.type === 'fatal') {
        fatal = new Error(msg.message);
        readyReject(fatal);
        rejectAll(fatal);
        return;
      }
      const p = pending.get(msg.id);
      if (!p) return;
      if (msg.type === 'progress') {
        p.onProgress?.(msg.value);
        return;
      }
      pending.delete(msg.id);
      if (msg.type === 'result') p.resolve(msg.value);
      else p.reject(new Error(msg.message));
    };
    worker.onerror = (event) => {
      event.preventDefault?.();
      fatal = new Error(`the core worker failed: ${event.message || 'could not start'}`);
      readyReject(fatal);
      rejectAll(fatal);
    };
  }

  function send(message, onProgress) {
    if (fatal) return Promise.reject(fatal);
    const id = nextId++;
    const promise = new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject, onProgress, message });
      post(id);
    });
    promise.id = id;
    return promise;
  }

  function post(id) {
    const p = pending.get(id);
    try {
      worker.postMessage({ id, ...p.message });
    } catch (err) {
      pending.delete(id);
      p.reject(new Error(`cannot send to the core: ${err.message}`));
    }
  }

  /** Calls a core method by name → Promise of its result. */
  client.call = (method, ...args) => send({ type: 'call', method, args });

  /** Runs a long job (web/compute/jobs/<job>.js) with progress and cancellation. */
  client.run = (job, args = {}, { onProgress, signal } = {}) => {
    if (signal?.aborted) return Promise.reject(cancelledError());
    const promise = send({ type: 'run', job, args }, onProgress);
    if (signal) {
      const abort = () => restartWithout(promise.id);
      signal.addEventListener('abort', abort, { once: true });
      promise.then(
        () => signal.removeEventListener('abort', abort),
        () => signal.removeEventListener('abort', abort),
      );
    }
    return promise;
  };

  // Stops the job `id` by replacing the worker; the other pending requests are
  // sent again to the fresh one.
  function restartWithout(id) {
    const job = pending.get(id);
    if (!job) return;
    pending.delete(id);
    worker?.terminate();
    job.reject(cancelledError());
    boot();
    for (const other of [...pending.keys()].sort((a, b) => a - b)) post(other);
  }

  /** Stops everything: a fresh worker replaces the current one; every pending request is rejected. */
  client.cancel = () => {
    worker?.terminate();
    rejectAll(cancelledError());
    boot();
  };

  /** Ends the worker for good. */
  client.terminate = () => {
    worker?.terminate();
    rejectAll(cancelledError());
    fatal = new Error('the core client was terminated');
  };

  boot();
  return client;
}
