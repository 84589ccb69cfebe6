// Registers the service worker written by the build (dist/sw.js) so the whole
// course, wasm included, works offline after the first visit. Not in dev mode.
// Updates never break an open tab: a new version installs in the background and
// waits; the page says "A new version is available — Reload", and only when the
// learner accepts does it tell the waiting worker to take over, then reloads.
import { offerReload, isStaleModuleError } from '../lib/reload-prompt.js';

const NEW_VERSION = 'A new version of the course is available.';

function offer(worker) {
  offerReload(NEW_VERSION, () => {
    navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), { once: true });
    worker.postMessage({ type: 'SKIP_WAITING' });
  });
}

export function registerOffline() {
  // a lazily loaded module of an older deploy is gone: offer a reload instead of an empty widget
  window.addEventListener('unhandledrejection', (e) => {
    if (isStaleModuleError(e.reason)) offerReload('This page is out of date: part of it could not be loaded.');
  });
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('./sw.js').then((reg) => {
    // an update installed while no page was open, or on a previous visit
    if (reg.waiting && navigator.serviceWorker.controller) offer(reg.waiting);
    reg.addEventListener('updatefound', () => {
      const fresh = reg.installing;
      fresh?.addEventListener('statechange', () => {
        if (fresh.state === 'installed' && navigator.serviceWorker.controller) offer(fresh);
      });
    });
  }).catch((err) => {
    console.warn(`Offline mode unavailable: ${err.message}`);
  });
}
