// The progress panel (export, import, reset with confirmation) and the notice
// shown when saved progress could not be read at start-up.
import { h, uid } from '../../lib/dom.js';
import { readable } from '../../lib/format.js';
import { MAX_IMPORT_BYTES } from '../progress.js';

const clip = (text, n) => (text.length > n ? `${text.slice(0, n)}…` : text);
/** “a”, “b”, “c” (and 4 more): a list of names from a file, each cut short, never the whole list. */
function listNames(items, n = 5, quote = (x) => `“${clip(x, 60)}”`) {
  const shown = items.slice(0, n).map(quote).join(', ');
  return `${shown}${items.length > n ? ` (and ${items.length - n} more)` : ''}`;
}

function download(name, text) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

const today = () => new Date().toISOString().slice(0, 10);

let noticeShown = false;
/** Shows the start-up notice once per page (visible banner + alert), if the store has one. */
export function showStartupNotice(store) {
  if (noticeShown || !store.notice || typeof document === 'undefined') return;
  noticeShown = true;
  const n = store.notice;
  const backup = store.backupText();
  const banner = h('div', { class: ['progress-notice', `progress-notice-${n.kind}`], role: 'alert' },
    h('p', {}, h('strong', {}, {
      corrupted: 'Saved progress could not be read. ',
      repaired: 'Part of your saved progress could not be read. ',
      full: 'Browser storage is full. ',
    }[n.kind] ?? 'Progress is not saved. '), n.message),
    h('p', { class: 'progress-notice-actions' },
      backup !== null
        ? h('button', { type: 'button', class: 'button', on: { click: () => download(`long-memory-lab-progress-backup-${today()}.json`, backup) } }, 'Download the unreadable copy')
        : null,
      ' ',
      n.kind === 'full' || n.kind === 'unavailable'
        ? h('button', { type: 'button', class: 'button progress-notice-export', on: { click: () => download(`long-memory-lab-progress-${today()}.json`, store.exportJSON()) } }, 'Export progress')
        : null,
      ' ',
      h('button', { type: 'button', class: 'button', on: { click: () => banner.remove() } }, 'Dismiss')));
  const header = document.querySelector('.site-header');
  if (header) header.after(banner);
  else document.body.prepend(banner);
}

let saveBanner = null;
/** Shows a banner whenever a save fails ("Progress could not be saved — export it"), updated on each failure. */
export function watchSaveErrors(store) {
  if (typeof document === 'undefined') return () => {};
  return store.subscribe((why) => {
    if (why !== 'save-error' || !store.saveError) return;
    const text = h('p', {}, h('strong', {}, 'Progress could not be saved — export it. '), store.saveError);
    if (saveBanner?.isConnected) {
      saveBanner.firstChild.replaceWith(text);
      return;
    }
    saveBanner = h('div', { class: ['progress-notice', 'progress-notice-save'], role: 'alert' }, text,
      h('p', { class: 'progress-notice-actions' },
        h('button', { type: 'button', class: 'button', on: { click: () => download(`long-memory-lab-progress-${today()}.json`, store.exportJSON()) } }, 'Export progress'),
        ' ',
        h('button', { type: 'button', class: 'button', on: { click: () => saveBanner.remove() } }, 'Dismiss')));
    const header = document.querySelector('.site-header');
    if (header) header.after(saveBanner);
    else document.body.prepend(saveBanner);
  });
}

/**
 * Export / import / reset, mountable anywhere. countSolved() → { solved, total }
 * for the summary line. Returns { destroy }.
 */
export function mountProgressPanel(el, { store, countSolved, knownIds = null }) {
  const titleId = uid('progress-title');
  const summary = h('p', { class: 'progress-summary' });
  const status = h('p', { class: 'progress-status', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
  const fileInput = h('input', { type: 'file', accept: 'application/json,.json', class: 'visually-hidden', tabindex: '-1', 'aria-hidden': 'true' });
  const exportButton = h('button', { type: 'button', class: 'button progress-export' }, 'Export progress');
  const importButton = h('button', { type: 'button', class: 'button progress-import' }, 'Import progress…');
  const resetButton = h('button', { type: 'button', class: 'button progress-reset' }, 'Reset progress…');
  const confirmYes = h('button', { type: 'button', class: 'button danger progress-reset-confirm' }, 'Yes, delete my progress');
  const confirmNo = h('button', { type: 'button', class: 'button progress-reset-cancel' }, 'Cancel');
  const confirmText = h('p', { id: uid('reset-warning'), tabindex: '-1' },
    'This deletes every saved answer, attempt, hint and solved mark in this browser. Export first if you may want them back.');
  const confirmBox = h('div', { class: 'progress-confirm', role: 'group', 'aria-labelledby': confirmText.id, hidden: true },
    confirmText, confirmYes, ' ', confirmNo);

  const say = (text) => {
    status.textContent = '';
    setTimeout(() => { status.textContent = readable(text); }, 30);
  };
  const refresh = () => {
    const { solved, total } = countSolved();
    summary.textContent = `${solved} of ${total} exercises solved. Progress is saved in this browser only; export it to keep a copy or to move it to another browser.`;
  };

  exportButton.addEventListener('click', () => {
    download(`long-memory-lab-progress-${today()}.json`, store.exportJSON());
    say('Progress exported as a JSON file.');
  });
  importButton.addEventListener('click', () => fileInput.click());
  fileInput.addEventListener('change', async () => {
    const file = fileInput.files?.[0];
    fileInput.value = '';
    if (!file) return;
    if (file.size > MAX_IMPORT_BYTES) {  // checked before reading a byte of it
      say(`Import rejected: ${file.name} is ${(file.size / 1e6).toFixed(1)} MB, larger than a progress file can be (${MAX_IMPORT_BYTES / 1e6} MB). Nothing was changed.`);
      return;
    }
    let text;
    try {
      text = await file.text();
    } catch (err) {
      say(`Import failed: the file could not be read (${err.message}). Nothing was changed.`);
      return;
    }
    const r = store.importJSON(text, { knownIds });
    if (!r.ok) {
      say(`Import rejected: ${r.reason}. Nothing was changed.`);
      return;
    }
    const parts = [`Imported progress for ${r.count} exercise${r.count === 1 ? '' : 's'} from ${clip(file.name, 80)}, merged with the progress already here (nothing here was lost).`];
    if (r.unknown.length) {
      parts.push(`This course has no exercise ${listNames(r.unknown)} — a typo in the file? ${r.unknown.length === 1 ? 'That entry is' : 'Those entries are'} kept as they are and count for no exercise.`);
    }
    if (r.repairs.length) parts.push(`Set aside: ${listNames(r.repairs, 5, (x) => clip(x, 200))}.`);
    say(parts.join(' '));
  });
  resetButton.addEventListener('click', () => {
    confirmBox.hidden = false;
    resetButton.setAttribute('aria-expanded', 'true');
    confirmNo.focus();
  });
  confirmNo.addEventListener('click', () => {
    confirmBox.hidden = true;
    resetButton.setAttribute('aria-expanded', 'false');
    resetButton.focus();
    say('Reset cancelled.');
  });
  confirmYes.addEventListener('click', () => {
    store.reset();
    confirmBox.hidden = true;
    resetButton.setAttribute('aria-expanded', 'false');
    resetButton.focus();
    say('Progress reset: every exercise is unsolved again.');
  });
  resetButton.setAttribute('aria-expanded', 'false');

  const section = h('section', { class: 'progress-panel', 'aria-labelledby': titleId });
  // The panel may be dropped with its page without destroy(): it then unsubscribes itself.
  const unsubscribe = store.subscribe(() => {
    if (!section.isConnected) unsubscribe();
    else refresh();
  });
  refresh();
  section.append(
    h('h2', { id: titleId }, 'Your progress'),
    summary,
    h('div', { class: 'progress-actions' }, exportButton, ' ', importButton, ' ', resetButton, fileInput),
    confirmBox,
    status);
  el.replaceChildren(section);
  showStartupNotice(store);
  return { destroy: unsubscribe };
}
