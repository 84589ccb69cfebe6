// training-lab: the learner trains the memory of an HMT in this tab. The
// native trainer's own C++ (wasm/train, compiled to WebAssembly) runs in a
// worker of its own (core/trainer-client.js); the page only draws. A run
// starts from a backbone with the memory parameters (T, P_0, W_q, W_k and the
// write probe) drawn afresh — the trained HMT's (web/models/hmt-memory.lmlw) or
// a byte model that never used memory (web/models/backbone-lm.lmlw) — or from
// random weights. Live: loss,
// answer accuracy on held-out documents (evaluated in the worker every few
// steps), the probe's accuracy, the curriculum level, speed, time left.
// The run is checkpointed to IndexedDB every few seconds and offered for
// resumption after a reload; its weights can be downloaded as a weight file.
// With several cores a step is shared over several workers (labWorkers: one
// per core, at most 4, at most one per group of 8 documents); the weights are
// the same bits whatever their number.
import { h, show } from '../lib/dom.js';
import { fmt } from '../lib/format.js';
import { lineChart } from '../lib/charts.js';
import { idbGet, idbPut, idbDelete } from '../lib/idb.js';
import { labConfig, labWarnings, labWorkers } from '../compute/lab-config.js';
import { YOURS_KEY } from '../compute/trained-model.js';
import { createTrainerClient } from '../core/trainer-client.js';
import { detectCoreBuild } from '../core/detect.js';
import { defineWidget } from './common/define-widget.js';

// The backbones a run can start from (its memory parameters are always drawn afresh).
const BACKBONES = {
  trained: new URL('../models/hmt-memory.lmlw', import.meta.url),
  filler: new URL('../models/backbone-lm.lmlw', import.meta.url),
};
const SAVED_KEY = 'training-lab/run';
const EVAL_DOCS = 32;
const EVAL_SEED = 900001;  // held-out documents (the trainer draws its own from the training split)
const CHANCE = { passkey: 0.1, kv: 0.1 };
const DIVERGED = 3;        // a loss this many times the first step's, after step 5, stops the run
const REDRAW_MS = 500;     // the charts are redrawn at most this often (each redraw is a main-thread task)

// The session lives for the page's life, so leaving the pane keeps the run going.
const session = {
  client: null,
  state: 'idle',        // idle | loading | running | paused | done | error
  settings: null,       // the settings the run was started with
  message: '',
  reports: [],          // [{ step, loss, accuracy, probe, level, tokens, elapsed }]
  evals: [],            // [{ step, accuracy, answerAccuracy }]
  info: null,
  workers: null,        // labWorkers(settings, cores): { workers, groups, cores, why }
  elapsed: 0,
  saved: null,          // a run found in storage: { settings, step, … } (offered for resumption)
  storageNote: '',
  modelNote: '',        // what "Use this model" / "Load weights" did
  wantWeights: [],      // what each requested weight file is for, in order: 'download' | 'use'
  listeners: new Set(),
  lastSave: 0,
};
const notify = () => { for (const fn of session.listeners) fn(); };

function numeric(o) {
  return { ...o, level: Number(o.level), cache: Number(o.cache), lr: Number(o.lr), batch: Number(o.batch),
    steps: Number(o.steps), seed: Number(o.seed) };
}

function client() {
  if (session.client) return session.client;
  const c = createTrainerClient();
  c.on((msg) => {
    if (msg.type === 'started') {
      session.state = 'running';
      session.info = msg.info;
      if (session.workers) session.workers.workers = msg.workers;
    } else if (msg.type === 'report') {
      const r = msg.report;
      session.elapsed = msg.elapsed;
      const first = session.reports[0]?.loss;
      if (!Number.isFinite(r.loss) || (first !== undefined && r.step > 5 && r.loss > DIVERGED * first)) {
        c.pause();
        session.state = 'error';
        session.message = `The loss became ${Number.isFinite(r.loss) ? fmt(r.loss, 4) : r.loss} at step ${r.step} `
          + `(it started at ${fmt(first ?? NaN, 4)}): the weights diverged. `
          + `At a learning rate of ${session.settings.lr} each update overshoots; try 0.003.`;
      }
      const task = r.tasks[0];
      session.reports.push({ step: r.step, loss: r.loss, accuracy: r.accuracy[0], probe: r.probeAccuracy,
        level: task.levels[task.level], tokens: r.tokens, elapsed: msg.elapsed, planned: r.plannedSteps });
      if (msg.eval) session.evals.push({ step: msg.eval.step, accuracy: msg.eval.accuracy, answerAccuracy: msg.eval.answerAccuracy });
    } else if (msg.type === 'checkpoint') {
      save(msg.bytes, msg.step);
    } else if (msg.type === 'paused') {
      if (session.state === 'running') session.state = 'paused';
    } else if (msg.type === 'done') {
      session.state = 'done';
    } else if (msg.type === 'weights') {
      const purpose = session.wantWeights.shift() ?? 'download';
      if (purpose === 'use') useModel(msg.bytes, session.reports.at(-1)?.step ?? 0);
      else download(msg.bytes);
    } else if (msg.type === 'error') {
      session.state = 'error';
      session.message = msg.message;
    }
    notify();
  });
  session.client = c;
  return c;
}

async function save(bytes, step) {
  try {
    await idbPut(SAVED_KEY, { settings: session.settings, checkpoint: bytes, step, elapsed: session.elapsed,
      reports: session.reports, evals: session.evals, savedAt: Date.now() });
    session.storageNote = `Saved at step ${step}: a reload resumes from here.`;
  } catch (err) {
    session.storageNote = err.name === 'QuotaExceededError'
      ? 'The run cannot be saved: this site\'s storage in the browser is full. It goes on, but a reload would lose it; free space in the browser\'s site settings.'
      : `The run cannot be saved (${err.message}); it goes on, but a reload would lose it.`;
  }
  notify();
}

function download(bytes) {
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
  const a = h('a', { href: url, download: `lab-${session.settings?.task ?? 'model'}-step${session.reports.at(-1)?.step ?? 0}.lmlw` });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// The weight file the trained-memory widget loads as "yours" (compute/trained-model.js reads it in the core worker).
async function useModel(bytes, step, from = null) {
  try {
    await idbPut(YOURS_KEY, { bytes, step, task: session.settings?.task ?? null, savedAt: Date.now() });
    session.modelNote = from
      ? `Loaded ${from}: choose Model “yours” in the trained-memory widget (this lesson, “A trained HMT”) to run it.`
      : `Your model at step ${step} is ready: choose Model “yours” in the trained-memory widget (this lesson, “A trained HMT”) to run it.`;
  } catch (err) {
    session.modelNote = `Your model could not be kept (${err.message}).`;
  }
  notify();
}

const LMLW = [0x4c, 0x4d, 0x4c, 0x57];  // "LMLW", the weight files' first bytes

async function loadWeightsFile(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (bytes.length < 12 || LMLW.some((b, i) => bytes[i] !== b)) {
    session.modelNote = `${file.name.slice(0, 60)} is not a weight file of this course (it does not start with “LMLW”).`;
    notify();
    return;
  }
  await useModel(bytes, null, file.name.slice(0, 60));
}

async function start(o, resume = null) {
  const s = numeric(resume?.settings ?? o);
  session.settings = s;
  session.state = 'loading';
  session.message = '';
  session.reports = resume?.reports ?? [];
  session.evals = resume?.evals ?? [];
  session.elapsed = resume?.elapsed ?? 0;
  session.saved = null;
  session.workers = labWorkers(s, globalThis.navigator?.hardwareConcurrency);
  notify();
  let weights = null;
  if (Object.hasOwn(BACKBONES, s.start)) {
    const r = await fetch(BACKBONES[s.start]);
    if (!r.ok) throw new Error(`the backbone could not be loaded (HTTP ${r.status})`);
    weights = new Uint8Array(await r.arrayBuffer());
  }
  client().start({ config: labConfig(s), start: weights ? 'backbone' : 'scratch', weights, checkpoint: resume?.checkpoint ?? null,
    elapsed: session.elapsed, steps: s.steps, workers: session.workers.workers, evalEvery: 10, evalDocs: EVAL_DOCS, evalSeed: EVAL_SEED,
    evalLevel: s.task === 'kv' ? Math.max(1, s.level) : s.level, task: s.task });
}

function reset() {
  session.client?.terminate();
  session.client = null;
  Object.assign(session, { state: 'idle', settings: null, message: '', reports: [], evals: [], info: null, workers: null, elapsed: 0 });
  idbDelete(SAVED_KEY).catch(() => {});
  notify();
}

// ------------------------------------------------------------------ drawing

function chart(width) {
  const s = session.settings;
  const loss = session.reports.map((r) => ({ x: r.step, y: r.loss }));
  const acc = session.evals.map((e) => ({ x: e.step, y: e.accuracy }));
  const probe = session.reports.filter((r) => r.probe >= 0).map((r) => ({ x: r.step, y: r.probe }));
  const maxStep = Math.max(10, s?.steps ?? 10);
  const plots = [
    lineChart({
      kind: 'lab-accuracy',
      title: `Answer accuracy on ${EVAL_DOCS} held-out documents (per character) and the write probe's accuracy, against the training step. Chance is ${CHANCE[s?.task ?? 'passkey']}.`,
      width, height: 220,
      x: { label: 'step →', domain: [0, maxStep] },
      y: { label: '↑ accuracy', domain: [0, 1], ticks: [0, 0.25, 0.5, 0.75, 1], format: (t) => t.toFixed(2) },
      rules: [{ y: CHANCE[s?.task ?? 'passkey'] }],
      series: [
        { key: 'heldout', label: 'answer accuracy, held-out documents', style: 'a', points: acc,
          tag: (d) => ({ class: 'lab-eval-point', data: { step: d.x, accuracy: d.y } }) },
        ...(probe.length ? [{ key: 'probe', label: 'write probe (training documents)', style: 'b', points: probe, markers: false }] : []),
      ],
      tipFormat: (d) => `${d.series}\nstep ${d.x}\naccuracy ${fmt(d.y)}`,
    }),
    lineChart({
      kind: 'lab-loss',
      title: 'Training loss (answer + 0.1 × filler + probe + 0.1 × search), against the step.',
      width, height: 180,
      x: { label: 'step →', domain: [0, maxStep] },
      y: { label: '↑ loss (nats)' },
      series: [{ key: 'loss', label: 'training loss', style: 'c', points: loss.filter((p) => Number.isFinite(p.y)),
        tag: (d) => ({ class: 'lab-loss-point', data: { step: d.x, loss: d.y } }) }],
      tipFormat: (d) => `step ${d.x}\nloss ${fmt(d.y)}`,
    }),
  ];
  return h('div', { class: 'plots lab-plots' }, plots);
}

function timeText(seconds) {
  if (!Number.isFinite(seconds)) return '–';
  return seconds >= 60 ? `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s` : `${seconds.toFixed(0)} s`;
}

function stats() {
  const last = session.reports.at(-1);
  const ev = session.evals.at(-1);
  if (!last) return h('p', { class: 'lab-stats' }, session.state === 'loading' ? 'Loading the trainer and the backbone…' : 'No run yet.');
  const recent = session.reports.slice(-10);
  const dt = recent.length > 1 ? recent.at(-1).elapsed - recent[0].elapsed : NaN;
  const stepsPerS = recent.length > 1 ? (recent.length - 1) / dt : NaN;
  const tokPerS = recent.length > 1 ? recent.slice(1).reduce((a, r) => a + r.tokens, 0) / dt : NaN;
  const left = (session.settings.steps - last.step) / stepsPerS;
  const items = [
    ['Step', `${last.step} of ${session.settings.steps}`],
    ['Held-out accuracy', ev ? `${fmt(ev.accuracy, 3)} per character, ${fmt(ev.answerAccuracy, 3)} whole answers (step ${ev.step})` : 'not measured yet'],
    ['Training accuracy', fmt(last.accuracy, 3)],
    ['Write probe', last.probe >= 0 ? fmt(last.probe, 3) : 'off'],
    [session.settings.task === 'kv' ? 'Level K' : 'Level D', String(last.level)],
    ['Speed', `${fmt(stepsPerS, 2)} steps/s, ${Math.round(tokPerS).toLocaleString('en')} tokens/s`],
    ['Workers', workersText()],
    ['Time', `${timeText(session.elapsed)} elapsed${session.state === 'running' ? `, about ${timeText(left)} left` : ''}`],
  ];
  return h('dl', { class: 'lab-stats' }, items.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

function workersText() {
  const w = session.workers;
  return w ? `${w.workers}: ${w.why}` : '–';
}

const workersNote = () => (session.workers ? ` (${session.workers.workers} worker${session.workers.workers === 1 ? '' : 's'})` : '');

function statusText() {
  const last = session.reports.at(-1);
  switch (session.state) {
    case 'loading': return 'Starting the trainer…';
    case 'running': return `Training: step ${last?.step ?? 0} of ${session.settings.steps}${workersNote()}.`;
    case 'paused': return `Paused at step ${last?.step ?? 0}.`;
    case 'done': {
      const ev = session.evals.at(-1);
      return `Finished ${last?.step ?? 0} steps${ev ? `: held-out accuracy ${fmt(ev.accuracy, 3)}` : ''}.`;
    }
    case 'error': return `Stopped: ${session.message}`;
    default: return session.saved ? `A saved run (step ${session.saved.step}) can be resumed.` : 'Press Start to train.';
  }
}

export const { mount } = defineWidget({
  name: 'training-lab',
  title: 'Training lab: make memory learn',
  method: 'The trainer is the course\'s own C++ trainer compiled to WebAssembly (the same sources as npm run train), in a worker of its own; one step = forward and backward through every segment of the batch\'s documents (full backpropagation through time), gradient clipping at 1 and AdamW. With several workers each runs a share of the step\'s groups of 8 documents and one adds their gradients in group order before AdamW, so the weights are the same bits as with one. Held-out accuracy: the answer\'s characters predicted right (the true answer before each one, as in the committed evaluation) on documents the trainer never draws.',
  responsive: true,
  render: (_result, o, w) => {
    const warnings = labWarnings(numeric(o)).map((t) => h('p', { class: 'warning lab-warning', role: 'note' }, t));
    const progress = h('progress', { class: 'lab-progress', max: session.settings?.steps ?? 1, value: session.reports.at(-1)?.step ?? 0,
      'aria-label': 'Training progress (steps)' });
    const store = session.storageNote ? h('p', { class: 'lab-storage' }, session.storageNote) : null;
    const model = session.modelNote ? h('p', { class: 'lab-model', role: 'status' }, session.modelNote) : null;
    return [...warnings, progress, stats(), store, model, chart(w.width ?? 560)].filter(Boolean);
  },
  table: () => h('table', { class: 'data-table' },
    h('thead', {}, h('tr', {}, ['step', 'loss', 'training accuracy', 'held-out accuracy', 'probe'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, session.reports.filter((r) => r.step % 10 === 0).map((r) => {
      const ev = session.evals.find((e) => e.step === r.step);
      return h('tr', {}, [r.step, fmt(r.loss, 4), fmt(r.accuracy, 3), ev ? fmt(ev.accuracy, 3) : '–', r.probe >= 0 ? fmt(r.probe, 3) : 'off']
        .map((v) => h('td', {}, String(v))));
    }))),
  describe: () => ({ status: statusText(), result: { state: session.state, step: session.reports.at(-1)?.step ?? 0,
    heldOut: session.evals.at(-1)?.accuracy ?? null, workers: session.workers?.workers ?? null } }),
  setup: (w) => {
    const simdOk = detectCoreBuild() !== 'scalar';
    const startB = h('button', { type: 'button', class: 'button primary lab-start' }, 'Start');
    const pauseB = h('button', { type: 'button', class: 'lab-pause' }, 'Pause');
    const resumeB = h('button', { type: 'button', class: 'lab-resume' }, 'Resume');
    const resetB = h('button', { type: 'button', class: 'lab-reset' }, 'Reset');
    const weightsB = h('button', { type: 'button', class: 'lab-download' }, 'Download weights');
    const useB = h('button', { type: 'button', class: 'lab-use' }, 'Use this model');
    const fileIn = h('input', { type: 'file', accept: '.lmlw,application/octet-stream', class: 'visually-hidden lab-load-file',
      id: `${w.id}-load`, tabindex: '-1', 'aria-hidden': 'true' });
    const loadB = h('button', { type: 'button', class: 'lab-load' }, 'Load weights…');
    const savedB = h('button', { type: 'button', class: 'lab-resume-saved' }, 'Resume the saved run');
    // the live region; its data-step is the last step reported, current even between (throttled) redraws
    const live = h('p', { class: 'visually-hidden lab-live', 'aria-live': 'polite', 'data-step': '0' });
    w.frame.toolbar.prepend(startB, pauseB, resumeB, savedB, resetB, weightsB, useB, loadB, fileIn);
    w.frame.toolbar.append(live);
    let lastState = session.state;
    let pending = false;
    const sync = () => {
      const st = session.state;
      live.dataset.step = String(session.reports.at(-1)?.step ?? 0);
      live.dataset.workers = String(session.workers?.workers ?? 0);
      show(startB, st === 'idle' || st === 'done' || st === 'error');
      startB.disabled = !simdOk;
      show(pauseB, st === 'running');
      show(resumeB, st === 'paused');
      show(savedB, st === 'idle' && Boolean(session.saved));
      show(resetB, st !== 'idle' || Boolean(session.saved));
      show(weightsB, session.reports.length > 0 && st !== 'loading');
      show(useB, session.reports.length > 0 && st !== 'loading');
      if (st !== lastState) {
        live.textContent = statusText();
        lastState = st;
      }
      w.status(simdOk ? statusText() : 'The training lab needs WebAssembly SIMD, which this browser does not offer.', st === 'error');
    };
    let lastDraw = 0;
    const redraw = () => {  // at most one redraw per REDRAW_MS, however fast reports come; the last one always drawn
      sync();
      if (pending) return;
      pending = true;
      setTimeout(() => requestAnimationFrame(() => {
        pending = false;
        lastDraw = performance.now();
        w.redraw();
      }), Math.max(0, REDRAW_MS - (performance.now() - lastDraw)));
    };
    session.listeners.add(redraw);
    startB.addEventListener('click', () => {
      start(w.options).catch((err) => { session.state = 'error'; session.message = err.message; notify(); });
    });
    pauseB.addEventListener('click', () => session.client?.pause());
    resumeB.addEventListener('click', () => { session.state = 'running'; session.client?.resume(); notify(); });
    resetB.addEventListener('click', reset);
    weightsB.addEventListener('click', () => { session.wantWeights.push('download'); session.client?.requestWeights(); });
    useB.addEventListener('click', () => { session.wantWeights.push('use'); session.client?.requestWeights(); });
    loadB.addEventListener('click', () => fileIn.click());
    fileIn.addEventListener('change', () => {
      const f = fileIn.files?.[0];
      if (f) loadWeightsFile(f).catch((err) => { session.modelNote = err.message; notify(); });
      fileIn.value = '';
    });
    savedB.addEventListener('click', () => {
      const saved = session.saved;
      start(saved.settings, saved).catch((err) => { session.state = 'error'; session.message = err.message; notify(); });
    });
    if (session.state === 'idle' && !session.saved) {
      idbGet(SAVED_KEY).then((saved) => {
        if (saved?.checkpoint && session.state === 'idle') {
          session.saved = saved;
          notify();
        }
      }).catch((err) => { session.storageNote = `Saved runs cannot be read (${err.message}).`; notify(); });
    }
    sync();
    return { onChange() { sync(); }, destroy() { session.listeners.delete(redraw); } };
  },
});
