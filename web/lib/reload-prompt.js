// One banner that asks the learner to reload: a new version of the course is
// ready, or this tab is running files a newer version has replaced (a lazily
// loaded module failed to load). The learner decides; nothing reloads by itself.
//   offerReload(text, onAccept = () => location.reload())
//   isStaleModuleError(err)   true for "Failed to fetch dynamically imported module" and its kin
import { h } from './dom.js';

let banner = null;

export function offerReload(text, onAccept = () => location.reload()) {
  if (typeof document === 'undefined') return;
  if (banner?.isConnected) banner.remove();
  const button = h('button', { type: 'button', class: 'button primary' }, 'Reload');
  button.addEventListener('click', () => {
    button.disabled = true;
    onAccept();
  });
  banner = h('div', { class: 'reload-prompt', role: 'alert' }, h('p', {}, text, ' '), button,
    h('button', { type: 'button', class: 'button', on: { click: () => banner.remove() } }, 'Later'));
  const header = document.querySelector('.site-header');
  if (header) header.after(banner);
  else document.body.prepend(banner);
}

export function isStaleModuleError(err) {
  return /Failed to fetch dynamically imported module|Importing a module script failed|error loading dynamically imported module/i
    .test(String(err?.message ?? err ?? ''));
}
