// Long runs: a widget whose measurement takes seconds runs it as a cancellable
// job in the core worker, with Run / Cancel buttons and a progress bar. Runs
// are kept by settings for the life of the page, and a run keeps going when the
// learner leaves the pane, so coming back (a fresh mount with the same
// settings) shows it, finished or still running. One run at a time per store:
// starting one stops any other still running.
//
// Module level, one store per widget:
//   const runs = runStore({ keyOf, fresh, job, onStart });
//     keyOf(o) → string                     the key a run is kept under
//     fresh(o) → { …fields }                the widget's own fields of a new entry
//     job(entry, { core, o, signal, emit }) → Promise
//                                            fills the entry, calling emit() after each change;
//                                            resolves: done; rejects: stopped (aborted) or error
//     onStart(entry)                        optional, called once the job has started
//   runs.get(o) → entry | null     runs.start(core, o) → entry
//   entry = { state: 'running' | 'done' | 'stopped' | 'error', message (the error's),
//             listeners: Set<(entry) → void>, controller: AbortController, settings, …fresh(o) }
//
// In mount:
//   const panel = runPanel(frame, ctx, runs, {
//     settings: () => o,                    the current settings
//     render,                               redraws from panel.entry and ends with panel.show(e)
//     noun,                                 'Timing' → "Timing started." / "Timing cancelled." /
//                                           "Timing finished. <done text>" (announced)
//     progressLabel, progressMax = 1,       the <progress> bar's aria-label and first max
//     running(e) → status text,  done(e) → { text, result } (result goes to ctx.setResult),
//     stopped: status text,  error(message) → status text,  idle: status text (never run),
//   });
//   panel.entry      the run for the current settings, or null
//   panel.progress   the <progress> element (the widget sets its max and value)
//   panel.attach()   looks the current settings up (after a setting changed) and renders
//   panel.show(e)    the buttons and the status line for e's state
//   panel.destroy()  stops listening (the run goes on, kept for a later mount)
// Run, Cancel and the bar go first in the toolbar; the table toggle re-renders.
import { h } from '../../lib/dom.js';
import { show as showIf } from '../../lib/dom.js';

export function runStore({ keyOf, fresh, job, onStart }) {
  const runs = new Map();
  const emit = (entry) => {
    for (const fn of entry.listeners) fn(entry);
  };
  return {
    get: (o) => runs.get(keyOf(o)) ?? null,
    start(core, o) {
      for (const e of runs.values()) if (e.state === 'running') e.controller.abort();
      const entry = {
        state: 'running', message: '', listeners: new Set(), controller: new AbortController(), settings: { ...o }, ...fresh(o),
      };
      runs.set(keyOf(o), entry);
      const { signal } = entry.controller;
      (async () => {
        try {
          await job(entry, { core, o, signal, emit: () => emit(entry) });
          entry.state = 'done';
        } catch (err) {
          if (err?.name === 'AbortError' || signal.aborted) entry.state = 'stopped';
          else {
            entry.state = 'error';
            entry.message = err?.message ?? String(err);
          }
        }
        emit(entry);
      })();
      onStart?.(entry);
      return entry;
    },
  };
}

export function runPanel(frame, ctx, runs, {
  settings, render, noun, progressLabel, progressMax = 1, running, done, stopped, error, idle,
}) {
  let entry = null;
  let announceDone = false;
  const runButton = h('button', { type: 'button', class: 'button primary widget-run' }, 'Run');
  const cancelButton = h('button', { type: 'button', class: 'widget-cancel' }, 'Cancel');
  const progress = h('progress', { max: progressMax, value: 0, class: 'widget-progress', 'aria-label': progressLabel });
  frame.toolbar.prepend(runButton, cancelButton, progress);

  const onEntry = (e) => {
    if (e === entry) render();
  };

  function attach() {
    entry?.listeners.delete(onEntry);
    entry = runs.get(settings());
    entry?.listeners.add(onEntry);
    render();
  }

  function show(e) {
    const isRunning = e.state === 'running';
    showIf(cancelButton, isRunning);
    showIf(progress, isRunning);
    runButton.disabled = isRunning;
    runButton.textContent = e.state === 'done' || e.state === 'stopped' ? 'Run again' : 'Run';
    if (isRunning) {
      frame.setStatus(running(e));
    } else if (e.state === 'done') {
      const { text, result } = done(e);
      frame.setStatus(text);
      ctx.setResult?.(result);
      if (announceDone) ctx.announce?.(`${noun} finished. ${text}`);
      announceDone = false;
    } else if (e.state === 'stopped') {
      frame.setStatus(stopped);
    } else if (e.state === 'error') {
      frame.setStatus(error(e.message), true);
    } else {
      frame.setStatus(idle);
    }
  }

  runButton.addEventListener('click', () => {
    entry?.listeners.delete(onEntry);
    entry = runs.start(ctx.core, settings());
    entry.listeners.add(onEntry);
    announceDone = true;
    ctx.announce?.(`${noun} started.`);
    render();
  });
  cancelButton.addEventListener('click', () => {
    entry?.controller.abort();
    ctx.announce?.(`${noun} cancelled.`);
  });
  frame.onToggle(render);

  return {
    get entry() { return entry; },
    progress,
    attach,
    show,
    destroy() {
      entry?.listeners.delete(onEntry);
    },
  };
}
