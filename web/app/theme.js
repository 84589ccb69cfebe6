// Dark mode: follows the system (prefers-color-scheme) until the learner uses
// the toggle; the choice is remembered. <html data-theme="light|dark">.
import { THEME_KEY } from '../lib/storage-keys.js';
import { readText, writeText } from '../lib/storage.js';

const media = globalThis.matchMedia?.('(prefers-color-scheme: dark)');

export function currentTheme() {
  return document.documentElement.dataset.theme;
}

function apply(theme, button) {
  document.documentElement.dataset.theme = theme;
  if (button) {
    button.setAttribute('aria-pressed', String(theme === 'dark'));
  }
}

export function initTheme(button) {
  const stored = readText(THEME_KEY);
  const system = () => (media?.matches ? 'dark' : 'light');
  apply(stored === 'dark' || stored === 'light' ? stored : system(), button);
  media?.addEventListener?.('change', () => {
    if (!readText(THEME_KEY)) apply(system(), button);
  });
  button?.addEventListener('click', () => {
    const next = currentTheme() === 'dark' ? 'light' : 'dark';
    writeText(THEME_KEY, next);
    apply(next, button);
  });
}
