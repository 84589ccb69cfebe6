// The sandbox: a disposable module Web Worker in which learner code runs.
// No DOM exists here; before any learner code is evaluated, every way out to
// storage or the network is replaced by a function that throws a clear error.
// The learner's code is compiled without eval: evaluate.js turns it into the
// text of a module, which this worker imports from a blob: URL it makes (the
// worker's policy allows scripts from the site and blob: only, and no eval).
//
// Protocol:  worker → page  { type: 'ready' }               once, when locked down
//            page → worker  { type: 'run', id, source, entry, inputs, withhold }
//            worker → page  { type: 'result', id, run }        runLearnerCode's result (evaluate.js)
// Only the cases' inputs come here, never their expected values: the page
// compares (judge.js). The page enforces the time limit by terminating this
// worker (runner.js).
import { runLearnerCode } from './evaluate.js';

const post = self.postMessage.bind(self);
const listen = self.addEventListener.bind(self);

// Captured before the lock-down and before any learner code runs.
const BlobCtor = Blob;
const makeUrl = URL.createObjectURL.bind(URL);
const dropUrl = URL.revokeObjectURL.bind(URL);

/** Imports JavaScript module text (evaluate.js's importModule) from a blob: URL of this worker. */
async function importModule(text) {
  const url = makeUrl(new BlobCtor([text], { type: 'text/javascript' }));
  try {
    return await import(/* @vite-ignore */ url);
  } finally {
    dropUrl(url);
  }
}

const BLOCKED = [
  'fetch', 'XMLHttpRequest', 'WebSocket', 'WebSocketStream', 'WebTransport', 'EventSource',
  'importScripts', 'indexedDB', 'caches', 'localStorage', 'sessionStorage', 'BroadcastChannel',
  'Worker', 'SharedWorker', 'postMessage', 'close', 'requestFileSystem', 'webkitRequestFileSystem',
  'FontFace', 'fonts',  // new FontFace('x', 'url(http://…)').load() sends a request
];

function blocker(name) {
  return function blocked() {
    throw new Error(`${name} is not available in exercises: exercise code has no storage and no network`);
  };
}

// Shadows `name` on the object and on every prototype that defines it, so that
// neither `fetch(…)` nor `WorkerGlobalScope.prototype.fetch.call(self, …)` works.
function shadow(root, name) {
  const fn = blocker(name);
  for (let o = root; o; o = Object.getPrototypeOf(o)) {
    if (!Object.prototype.hasOwnProperty.call(o, name)) continue;
    try {
      Object.defineProperty(o, name, { get: () => fn(), set() {}, configurable: false });
    } catch {
      try { o[name] = fn; } catch { /* not writable either: nothing reachable to replace */ }
    }
  }
  if (!(name in root)) {
    try {
      Object.defineProperty(root, name, { get: () => fn(), set() {}, configurable: false });
    } catch { /* ignore */ }
  }
}

// No new code at run time: Function('return import("http://…")')() or
// setTimeout('import("http://…")') would reach the network past the static
// check of the learner's source (evaluate.js rejects import() there). The
// worker's policy (no 'unsafe-eval') refuses all of them; on a host that sends
// no policy, this does: the Function constructors and eval throw, and the
// timers take functions only.
function lockTimers() {
  for (const name of ['setTimeout', 'setInterval']) {
    const native = self[name];
    const guarded = function timer(handler, ...rest) {
      if (typeof handler !== 'function') throw new Error(`${name} with code in a string is not available in exercises: pass a function`);
      return native.call(self, handler, ...rest);
    };
    for (let o = self; o; o = Object.getPrototypeOf(o)) {
      if (!Object.prototype.hasOwnProperty.call(o, name)) continue;
      try { Object.defineProperty(o, name, { value: guarded, writable: false, configurable: false }); } catch { /* ignore */ }
    }
  }
}

function lockCodeGeneration() {
  const blocked = blocker('Function');
  const ctors = [Function, (async () => {}).constructor, function* gen() {}.constructor, async function* agen() {}.constructor];
  for (const C of ctors) {
    try { Object.defineProperty(C.prototype, 'constructor', { value: blocked, writable: false, configurable: false }); } catch { /* ignore */ }
  }
  for (const name of ['Function', 'eval']) {
    try { Object.defineProperty(self, name, { value: blocker(name), writable: false, configurable: false }); } catch { /* ignore */ }
  }
}

function lockDown() {
  for (const name of BLOCKED) shadow(self, name);
  if (self.navigator) {
    for (const name of ['storage', 'sendBeacon', 'serviceWorker', 'locks']) shadow(self.navigator, name);
  }
  lockCodeGeneration();
  lockTimers();
}

lockDown();

listen('message', async (ev) => {
  const job = ev.data;
  if (!job || job.type !== 'run') return;
  let run;
  try {
    run = await runLearnerCode(job, { importModule });
  } catch (e) {
    run = { status: 'error', message: `your code could not be run: ${e?.message ?? e}`, output: '' };
  }
  try {
    post({ type: 'result', id: job.id, run });
  } catch (e) {
    // learner code broke the conversion to plain data: say so rather than stay silent
    post({ type: 'result', id: job.id, run: { status: 'error', message: `the result could not be sent to the page (${String(e?.name ?? 'error')})`, output: '' } });
  }
});

post({ type: 'ready' });
