// The widget skeleton: everything a widget does besides computing and drawing,
// written once. A widget module is
//
//   export const { mount } = defineWidget({
//     name,                      registry name: its options become the controls (data, not code)
//     title,                     the figure's caption
//     controls,                  optional: which options get a control (default: all, in registry order);
//                                a lesson may narrow them per use (`controls: a, b` in its :::widget block → ctx.controls)
//     hiddenControls(o) → keys,  optional: controls that do nothing under these settings (hidden until they do)
//     method,                    optional: "How it is computed" text under the figure
//     check(o) → problem | null, optional: a problem with the settings (text, or { option, message } to mark
//                                that field invalid with the message beside it; text marks the control the
//                                learner changed last); nothing is computed and the last result is greyed out
//     compute(o, job) → result,  optional: job = { core, signal, progress(partial, statusText) }; a widget without it
//                                draws from its settings alone (no core). A result { refused: { option, message } }
//                                is shown as check's problems are (the core refused that setting)
//     cancel,                    optional: 'stop' passes the signal to core.run (a running job is stopped and
//                                the widget offers Stop / Continue); default 'drop': latest wins — while a job
//                                runs, later changes wait and only the last of them is computed after it
//     settle,                    optional: ms a learner's change waits for the next one before it is computed,
//                                and while a pointer holds a control it waits for the release (a slider
//                                dragged sends one job, not one per step); default 0
//     cache(o) → key,            optional: results kept by settings for the life of the page (key null: not kept)
//     busy,                      optional: status text while computing
//     render(result, o, w) → Node | Node[]     the picture
//     table(result, o, w) → Node               the same numbers as a table ("Show as table")
//     describe(result, o, w) → { status, result, announcement }
//                                status line, ctx.setResult (exercises read it), live-region text
//     run,                       optional, instead of compute: a long measurement with Run / Cancel
//                                (common/long-run.js: keyOf, fresh, job, onStart, noun, progressLabel,
//                                progressMax, running(e, o), done(e, o), stopped, error, idle, empty(o) (the entry
//                                drawn before any run), progress(e, o) → [value, max])
//     stoppedText(partial, o),   optional: the status after Stop (cancel: 'stop')
//     responsive,                optional: true redraws when the width changes (charts drawn for w.width)
//     setup(w) → { onChange(key, value), destroy() }   optional: extra parts (step sliders, pickers)
//   });
//
// The skeleton builds the frame and the controls, writes changed settings to
// the URL, recomputes on change (only the latest result is computed and drawn;
// while it is pending the old one is dimmed under "computing…"), shows
// "Loading the WebAssembly core…" in place until the core answers and a clear
// message if it fails, switches to the table view and back, announces results
// of a learner's change, and stops listening on destroy.
//
// w, the live widget, for render/table/describe/setup: { frame, ctx, id, options, result, width,
//   redraw(), recompute({ announce }), set(values) (settings changed by the widget itself), status(text, isError) }
import { h, uid, show } from '../../lib/dom.js';
import { widgetFrame } from './frame.js';
import { buildControls } from './controls.js';
import { runStore, runPanel } from './long-run.js';
import { scrollBox, watchScroll } from '../../lib/scroll-box.js';

export const LOADING_TEXT = 'Loading the WebAssembly core…';

// Pictures wider than a phone scroll in their own box, with a cue, rather than shrink.
function scrollable(node) {
  if (node instanceof SVGElement) return scrollBox(node, 'Picture, scrolls sideways');
  if (node.classList?.contains('plots') || node.classList?.contains('timeline-picture')) return watchScroll(node, 'Plots, scroll sideways');
  return node;
}

function loadingNote() {
  return h('p', { class: 'widget-loading', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), LOADING_TEXT);
}

function failedNote(message) {
  return h('p', { class: 'widget-failed', role: 'alert' },
    `This widget cannot compute: the WebAssembly core did not start (${message}). `,
    'Reloading the page usually helps; the course needs a browser with WebAssembly SIMD.');
}

export function defineWidget(spec) {
  const { name, title, controls: keys, hiddenControls, method, check, compute, cancel = 'drop', settle = 0, cache, busy, render, table, describe, run, setup } = spec;
  const results = cache ? new Map() : null;
  const runs = run ? runStore(run) : null;

  async function mount(el, options, ctx) {
    const id = uid(name);
    let o = { ...options };
    let last = null;
    let seq = 0;
    let destroyed = false;
    let controller = null;
    let announceNext = false;
    let hooks = {};
    let running = false; // a job is with the core
    let queued = false; // a change arrived while it ran: compute again when it returns
    let settleTimer = null;
    let held = false; // a pointer is down on a control (a slider being dragged)
    let release = null; // the pending change, computed at once when the pointer lets go

    const frame = widgetFrame(el, { title, uid: id });
    el.dataset.state = 'loading';
    const setState = (state) => { el.dataset.state = state; };

    const w = {
      frame,
      ctx,
      id,
      get options() { return o; },
      get result() { return last; },
      /** The width pictures may use, in CSS pixels (charts are drawn for it). */
      get width() { return Math.max(260, Math.floor(frame.view.clientWidth || frame.figure.clientWidth || 560)); },
      redraw: () => draw(),
      recompute: (opts) => recompute(opts),
      set(values) {
        o = { ...o, ...values };
        controlsApi.set(o);
        hideIdle();
        ctx.setUrlState?.(values);
      },
      status: (text, isError = false) => frame.setStatus(text, isError),
    };

    let lastChanged = null; // the control the learner moved last (where a text problem is shown)
    const controlsApi = buildControls(frame.controls, name, o, (key, value) => {
      lastChanged = key;
      o = { ...o, [key]: value };
      hideIdle();
      ctx.setUrlState?.({ [key]: value });
      hooks.onChange?.(key, value);
      if (panel) panel.attach();
      else recompute({ announce: true, settle: true });
    }, { uid: id, keys: ctx.controls ? (keys ?? ctx.controls).filter((k) => ctx.controls.includes(k)) : keys });

    const hideIdle = () => controlsApi.hide(hiddenControls?.(o) ?? []);
    // While a pointer holds a control the settle pause lasts until it lets go.
    const letGo = () => {
      if (!held) return;
      held = false;
      const go = release;
      release = null;
      go?.();
    };
    if (settle > 0) {
      frame.controls.addEventListener('pointerdown', () => { held = true; });
      frame.controls.addEventListener('keydown', () => { held = false; });
      window.addEventListener('pointerup', letGo);
      window.addEventListener('pointercancel', letGo);
    }
    hideIdle();

    if (method) frame.figure.append(h('p', { class: 'widget-method' }, method));

    function draw() {
      const current = panel ? panel.entry ?? run.empty(o) : last;
      if (current === null || destroyed) return;
      if (frame.showTable) frame.table.replaceChildren(...[table(current, o, w)].flat().filter(Boolean));
      else frame.view.replaceChildren(...[render(current, o, w)].flat().filter(Boolean).map(scrollable));
      if (panel) {
        const [value, max] = run.progress?.(current, o) ?? [0, 1];
        panel.progress.max = max;
        panel.progress.value = value;
        panel.show(current);
      }
    }
    frame.onToggle(draw);
    // Charts are drawn for the width they have: redraw when it changes (a phone turned, a window resized).
    let drawnWidth = 0;
    // (redrawn in the next frame, not inside the callback: see lib/scroll-box.js)
    const resize = typeof ResizeObserver === 'function' ? new ResizeObserver(() => requestAnimationFrame(() => {
      const width = w.width;
      if (Math.abs(width - drawnWidth) < 24) return;
      drawnWidth = width;
      if (!frame.showTable && (last !== null || panel)) draw();
    })) : null;
    if (spec.responsive) resize?.observe(frame.figure);

    // --- Stop / Continue for computations that can be stopped (cancel: 'stop')
    const stopButton = h('button', { type: 'button', class: 'widget-stop' }, 'Stop');
    const continueButton = h('button', { type: 'button', class: 'widget-run' }, 'Continue');
    if (compute && cancel === 'stop') {
      [stopButton, continueButton].forEach((b) => show(b, false));
      frame.toolbar.append(stopButton, continueButton);
      stopButton.addEventListener('click', () => {
        controller?.abort();
        ctx.announce?.('Stopped.');
      });
      continueButton.addEventListener('click', () => recompute({ announce: true }));
    }

    // --- What is on screen: pending (dimmed, "computing…" above it) or invalid (greyed, the message by its field)
    // (the old picture is inert meanwhile: it is not what the settings say)
    const pendingNote = h('p', { class: 'pending-note' }, h('span', { class: 'pending-badge' },
      h('span', { class: 'spinner', 'aria-hidden': 'true' }), 'computing…'));
    const stale = (on) => {
      for (const el of [frame.view, frame.table]) el.inert = on || el.dataset.invalid === 'true' || el.dataset.pending === 'true';
    };
    function markPending(on) {
      if (on && last !== null) {
        frame.view.dataset.pending = 'true';
        frame.table.dataset.pending = 'true';
        if (!pendingNote.isConnected) frame.view.before(pendingNote);
      } else {
        delete frame.view.dataset.pending;
        delete frame.table.dataset.pending;
        pendingNote.remove();
      }
      stale(false);
    }
    function markInvalid(problem) {
      if (!problem) {
        delete frame.view.dataset.invalid;
        delete frame.table.dataset.invalid;
        stale(false);
        controlsApi.invalid(null);
        return;
      }
      const message = typeof problem === 'string' ? problem : problem.message;
      markPending(false);
      if (last !== null) {
        frame.view.dataset.invalid = 'true';
        frame.table.dataset.invalid = 'true';
        stale(true);
      }
      controlsApi.invalid(typeof problem === 'string' ? lastChanged : problem.option, message);
      frame.setStatus(message, true);
    }

    function finish(r) {
      if (r?.refused) {
        markInvalid(r.refused);
        return;
      }
      markInvalid(null);
      markPending(false);
      last = r;
      draw();
      setState('ready');
      const said = describe?.(r, o, w) ?? {};
      frame.setStatus(said.status ?? '');
      if (said.result !== undefined) ctx.setResult?.(said.result);
      if (announceNext && said.announcement) ctx.announce?.(said.announcement);
      announceNext = false;
    }

    async function recompute({ announce = false, settle: wait = false } = {}) {
      if (!compute) {
        if (announce) announceNext = true;
        finish(o);
        return;
      }
      if (announce) announceNext = true;
      const my = ++seq;
      clearTimeout(settleTimer);
      settleTimer = null;
      if (cancel === 'stop') controller?.abort();
      const problem = check?.(o);
      if (problem) {
        markInvalid(problem);
        return;
      }
      markInvalid(null);
      const key = cache?.(o);
      if (key !== null && results?.has(key)) {
        finish(results.get(key));
        return;
      }
      markPending(true);
      if (cancel !== 'stop') {
        // latest wins: a change waits out the settle pause, and while a job runs only the last change is kept
        if (wait && settle > 0) {
          const fire = () => {
            clearTimeout(settleTimer);
            settleTimer = null;
            release = null;
            if (my !== seq || destroyed) return;
            if (held) release = fire; // still dragging: compute on release
            else start(my, key);
          };
          release = fire; // a release computes at once, without waiting out the pause
          settleTimer = setTimeout(fire, settle);
          return;
        }
        if (running) {
          queued = true;
          return;
        }
      }
      await start(my, key);
    }

    async function start(my, key) {
      if (running && cancel !== 'stop') {
        queued = true;
        return;
      }
      running = true;
      controller = new AbortController();
      const { signal } = controller;
      try {
        if (el.dataset.state === 'loading' || el.dataset.state === 'failed') {
          if (!frame.showTable) frame.view.replaceChildren(loadingNote());
          try {
            await ctx.core.ready;
          } catch (err) {
            if (my !== seq || destroyed) return;
            frame.view.replaceChildren(failedNote(err?.message ?? String(err)));
            frame.table.replaceChildren();
            setState('failed');
            frame.setStatus('The WebAssembly core did not start.', true);
            return;
          }
          if (my !== seq || destroyed) return;
          setState('computing');
        }
        if (busy) frame.setStatus(busy);
        if (cancel === 'stop') {
          show(stopButton, true);
          show(continueButton, false);
        }
        const settings = { ...o };
        const r = await compute(settings, {
          core: ctx.core,
          signal: cancel === 'stop' ? signal : undefined,
          progress(partial, statusText) {
            if (my !== seq || destroyed) return;
            markPending(false);
            last = partial;
            setState('partial');
            draw();
            if (statusText) frame.setStatus(statusText);
          },
        });
        if (results && key !== null && !r?.refused) results.set(key, r);
        if (my !== seq || destroyed) return;
        show(stopButton, false);
        finish(r);
      } catch (err) {
        if (my !== seq || destroyed) return;
        markPending(false);
        show(stopButton, false);
        if (err?.name === 'AbortError') {
          show(continueButton, true);
          frame.setStatus(spec.stoppedText?.(last, o) ?? 'Stopped. Continue computes the rest.');
          setState('stopped');
          return;
        }
        frame.setStatus(`The core refused: ${err?.message ?? err}`, true);
      } finally {
        running = false;
        if (queued && !destroyed) {
          queued = false;
          recompute();
        }
      }
    }

    // --- Long runs (Run / Cancel, kept by settings for the page's life)
    // While a measurement runs, progress redraws at most every 250 ms: drawing a chart
    // on the page competes for the processor with the worker being timed.
    let pending = null;
    let lastDraw = 0;
    const drawSoon = () => {
      const e = panel?.entry;
      if (!e || e.state !== 'running') {
        clearTimeout(pending);
        pending = null;
        lastDraw = performance.now();
        draw();
        return;
      }
      if (pending) return;
      pending = setTimeout(() => {
        pending = null;
        lastDraw = performance.now();
        draw();
      }, Math.max(0, 250 - (performance.now() - lastDraw)));
    };
    const panel = runs ? runPanel(frame, ctx, runs, {
      ...run,
      settings: () => o,
      render: drawSoon,
      running: (e) => run.running(e, o),
      done: (e) => run.done(e, o),
    }) : null;

    hooks = setup?.(w) ?? {};
    if (panel) {
      setState('ready');
      panel.attach();
    } else {
      await recompute();
    }

    return {
      update(next) {
        o = { ...o, ...next };
        controlsApi.set(o);
        hideIdle();
        hooks.onChange?.(null, null);
        if (panel) panel.attach();
        else recompute();
      },
      destroy() {
        destroyed = true;
        clearTimeout(settleTimer);
        window.removeEventListener('pointerup', letGo);
        window.removeEventListener('pointercancel', letGo);
        controlsApi.destroy();
        if (cancel === 'stop') controller?.abort();
        panel?.destroy();
        clearTimeout(pending);
        hooks.destroy?.();
        resize?.disconnect();
      },
    };
  }

  return { mount };
}
