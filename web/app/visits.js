// Which panes of which lesson the learner has seen, and where they were last.
//   { lessons: { <id>: { seen: [pane numbers] } }, last: { lesson, pane } | null }
// (Exercise results live in the separate progress store.)
import { VISITS_KEY } from '../lib/storage-keys.js';
import { readJson, writeJson } from '../lib/storage.js';

function load() {
  const v = readJson(VISITS_KEY, null);
  return v && typeof v === 'object' && v.lessons ? v : { lessons: {}, last: null };
}

export function recordVisit(lesson, pane) {
  const v = load();
  const entry = (v.lessons[lesson] ??= { seen: [] });
  if (!entry.seen.includes(pane)) entry.seen.push(pane);
  v.last = { lesson, pane };
  writeJson(VISITS_KEY, v);
}

/** → { seen, total } panes of a lesson. */
export function lessonVisits(lesson, total) {
  const seen = load().lessons[lesson]?.seen ?? [];
  return { seen: seen.filter((p) => p >= 1 && p <= total).length, total };
}

export function lastVisit() {
  return load().last;
}
