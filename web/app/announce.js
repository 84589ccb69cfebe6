// One polite live region for the whole page: announce('Pane 2 of 6: …').
import { readable } from '../lib/format.js';

let region = null;
let timer = null;

export function initAnnouncer(el) {
  region = el;
}

export function announce(message) {
  if (!region) return;
  // Clear first so that the same message twice is still read out.
  region.textContent = '';
  clearTimeout(timer);
  timer = setTimeout(() => {
    region.textContent = readable(message);
  }, 50);
}
