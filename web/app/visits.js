// Which panes of which lesson the learner has seen, and where they were last.
//   { lessons: { <id>: { seen: [pane numbers] } }, last: { lesson, pane } | null }
// (Exercise results live in the separate progress store.)
import { VISITS_KEY } from '../lib/storage-keys.js';
import { readJson, writeJson } from '../lib/storage.js';

const isPane = (p) => Number.isInteger(p) && p >= 1;

/**
 * The stored visits, validated entry by entry: a lesson whose `seen` is not a
 * list of pane numbers is dropped alone (the rest is kept), a malformed `last`
 * becomes null. Never throws on what another tab or an old version stored.
 */
export function cleanVisits(v) {
  const out = { lessons: {}, last: null };
  if (!v || typeof v !== 'object') return out;
  if (v.lessons && typeof v.lessons === 'object' && !Array.isArray(v.lessons)) {
    for (const [id, entry] of Object.entries(v.lessons)) {
      if (entry && Array.isArray(entry.seen)) out.lessons[id] = { seen: entry.seen.filter(isPane) };
    }
  }
  if (v.last && typeof v.last.lesson === 'string' && isPane(v.last.pane)) out.last = { lesson: v.last.lesson, pane: v.last.pane };
  return out;
}

function load() {
  return cleanVisits(readJson(VISITS_KEY, null));
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
