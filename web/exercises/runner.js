// Page side of the sandbox: runs one submission at a time in a fresh module
// Web Worker (sandbox-worker.js) and enforces the time limit.
//
//   const runner = new SandboxRunner();          // time limit 2 s
//   const run = await runner.run({ source, entry, inputs, withhold });   // judge.js's sandboxJob
//   → runLearnerCode's result (evaluate.js), or { status: 'error', message } (time limit, no worker)
//
// A worker is started ahead of time and waits, locked down, for one job. After
// the job (or when the time limit passes) it is terminated and a new one is
// started, so no state leaks from one submission into the next and a learner's
// infinite loop never touches the page.

export const TIME_LIMIT_MS = 2000;
const START_LIMIT_MS = 15000; // a worker that has not started by then is reported

function defaultWorker() {
  return new Worker(new URL('./sandbox-worker.js', import.meta.url), { type: 'module', name: 'exercise-sandbox' });
}

function errorRun(message) {
  return { status: 'error', message, output: '' };
}

export class SandboxRunner {
  constructor({ timeLimitMs = TIME_LIMIT_MS, createWorker = defaultWorker } = {}) {
    this.timeLimitMs = timeLimitMs;
    this.createWorker = createWorker;
    this.queue = Promise.resolve();
    this.nextId = 1;
    this.spare = null;
  }

  /** Starts a worker and resolves with it once it reports 'ready'. */
  start() {
    let worker;
    const ready = new Promise((resolve, reject) => {
      try {
        worker = this.createWorker();
      } catch (e) {
        reject(new Error(`the exercise sandbox could not start: ${e.message}`));
        return;
      }
      const timer = setTimeout(() => {
        worker.terminate();
        reject(new Error('the exercise sandbox did not start in time'));
      }, START_LIMIT_MS);
      const onMessage = (ev) => {
        if (ev.data?.type !== 'ready') return;
        clearTimeout(timer);
        worker.removeEventListener('message', onMessage);
        worker.removeEventListener('error', onError);
        resolve(worker);
      };
      const onError = (ev) => {
        clearTimeout(timer);
        worker.terminate();
        reject(new Error(`the exercise sandbox could not start: ${ev.message || 'script error'}`));
      };
      worker.addEventListener('message', onMessage);
      worker.addEventListener('error', onError);
    });
    ready.catch(() => {}); // reported when used
    return ready;
  }

  /** Starts the next worker now so that the next submission does not wait for it. */
  warm() {
    if (!this.spare) this.spare = this.start();
    return this.spare;
  }

  /** Runs one job; resolves with the learner's outputs or an error (never rejects). Jobs run one after another. */
  run(job) {
    const result = this.queue.then(() => this.runNow(job));
    this.queue = result.catch(() => {});
    return result;
  }

  async runNow(job) {
    let worker;
    try {
      worker = await this.warm();
    } catch (e) {
      this.spare = null;
      return errorRun(e.message);
    }
    this.spare = null;
    const id = this.nextId++;
    const run = await new Promise((resolve) => {
      const seconds = this.timeLimitMs / 1000;
      const timer = setTimeout(() => {
        resolve(errorRun(`timed out after ${seconds} s — the code was stopped. Is there a loop that never ends?`));
      }, this.timeLimitMs);
      worker.addEventListener('message', (ev) => {
        if (ev.data?.type === 'result' && ev.data.id === id) {
          clearTimeout(timer);
          resolve(ev.data.run);
        }
      });
      worker.addEventListener('error', (ev) => {
        clearTimeout(timer);
        ev.preventDefault?.();
        resolve(errorRun(`the exercise sandbox failed: ${ev.message || 'script error'}`));
      });
      worker.postMessage({ type: 'run', id, ...job });
    });
    worker.terminate();
    this.warm();
    return run;
  }

  /** Stops the waiting worker (when the page no longer needs the runner). */
  dispose() {
    const spare = this.spare;
    this.spare = null;
    spare?.then((w) => w.terminate(), () => {});
  }
}

let shared = null;
/** The page's one runner. */
export function sharedRunner() {
  if (!shared) shared = new SandboxRunner();
  return shared;
}
