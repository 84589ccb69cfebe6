// Registers the service worker written by the build (dist/sw.js) so the whole
// course, wasm included, works offline after the first visit. Not in dev mode.
export function registerOffline() {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('./sw.js').catch((err) => {
    console.warn(`Offline mode unavailable: ${err.message}`);
  });
}
