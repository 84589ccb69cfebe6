// The learner's progress: one JSON document under one localStorage key.
//
// Key 'lml.progress.v1' (PROGRESS_KEY of web/lib/storage-keys.js) holds (schema version 1):
//   {
//     "schema": "long-memory-lab/progress",
//     "version": 1,
//     "updated": "2026-01-31T12:00:00.000Z",            ISO time of the last change
//     "exercises": {
//       "<exercise id>": {
//         "lesson":   "self-attention",                  the lesson that embeds it
//         "answer":   "function softmax(…) {…}"          code (text), number, [choice indices],
//                     | 8 | [1, 2] | { "unscaled": 0.87 } | null    or { field: number } (experiments)
//         "attempts": 3,                                  submissions so far
//         "hints":    2,                                  hints revealed (nudge, key idea, structure)
//         "partial":  false,                              partial solution revealed
//         "solution": false,                              full solution revealed
//         "solved":   true,                               passed at least once
//         "solvedAt": "2026-…Z" | null,
//         "last":     "pass" | "fail" | "error" | null,   the last verdict
//         "updated":  "2026-…Z"
//       }
//     }
//   }
// Saved after every submission and every revealed hint, merged per exercise with
// what is stored (never a partial state over a fuller one). Export writes what is
// stored merged with this visit's progress; import merges a file in (a bad field
// or an exercise this course does not have is named, the rest imported).
// Reading never depends on writing: stored progress is read first, then a small
// write tells whether saving works; a full store (QuotaExceededError) is named as
// full, with how to free it.
// If the stored value cannot be read at start-up it is copied to
// 'lml.progress.v1.backup' (or 'lml.progress.v1.backup-<time>' if that key is taken),
// the learner is told, and progress starts empty. Nothing here throws.

import { PROGRESS_KEY } from '../lib/storage-keys.js';
import { s, check } from '../lib/schema.js';

export const STORAGE_KEY = PROGRESS_KEY;
export const BACKUP_KEY = `${PROGRESS_KEY}.backup`;
export const SCHEMA = 'long-memory-lab/progress';
export const VERSION = 1;
export const MAX_IMPORT_BYTES = 2_000_000;

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const STATUSES = ['pass', 'fail', 'error'];

export function emptyProgress(now = new Date()) {
  return { schema: SCHEMA, version: VERSION, updated: now.toISOString(), exercises: {} };
}

export function emptyEntry(lesson = null) {
  return { lesson, answer: null, attempts: 0, hints: 0, partial: false, solution: false, solved: false, solvedAt: null, last: null, updated: null };
}

const clip = (text, n) => (text.length > n ? `${text.slice(0, n)}…` : text);
const isPlain = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

function checkAnswer(a) {
  if (a === null) return null;
  if (typeof a === 'string') return a.length <= 200_000 ? null : 'is longer than 200,000 characters';
  if (typeof a === 'number') return Number.isFinite(a) ? null : 'is not a finite number';
  if (Array.isArray(a)) return a.length <= 100 && a.every((x) => Number.isInteger(x) && x >= 0) ? null : 'must be a list of choice indices';
  if (isPlain(a)) {
    for (const [k, v] of Object.entries(a)) {
      if (!/^[\w-]{1,40}$/.test(k)) return `has an invalid field name '${k.slice(0, 40)}'`;
      if (!(typeof v === 'string' && v.length <= 100) && !(typeof v === 'number' && Number.isFinite(v))) {
        return `field '${k}' must be a number or a short text`;
      }
    }
    return null;
  }
  return 'has an unsupported type';
}

// The progress file as a schema (web/lib/schema.js): the same checker reads lessons and exercises.
const at = (path) => `exercise '${path[1]}'`;
const count = (key) => s.int({ min: 0, max: 1e9, message: (v, path) => `${at(path)}: '${key}' must be a whole number ≥ 0` });
const flag = (key) => s.bool({ message: (v, path) => `${at(path)}: '${key}' must be true or false` });
const when = (key) => s.nullable(s.time({ message: (v, path) => `${at(path)}: '${key}' must be a date and time` }));

const ENTRY_SCHEMA = s.object({
  message: (v, path) => `${at(path)} must be an object`,
  unknown: (key, path) => `${at(path)} has an unknown field '${key}'`,
  fields: {
    lesson: s.nullable(s.text({ pattern: ID, message: (v, path) => `${at(path)}: 'lesson' must be a lesson id` })),
    answer: s.custom((a, path) => {
      const bad = checkAnswer(a ?? null);
      return bad ? `${at(path)}: the answer ${bad}` : null;
    }),
    attempts: count('attempts'),
    hints: count('hints'),
    partial: flag('partial'),
    solution: flag('solution'),
    solved: flag('solved'),
    solvedAt: when('solvedAt'),
    last: s.nullable(s.oneOf(STATUSES, { message: (v, path) => `${at(path)}: 'last' must be pass, fail or error` })),
    updated: when('updated'),
  },
});

export const PROGRESS_SCHEMA = s.object({
  message: 'the file does not contain a JSON object',
  unknown: (key) => `unknown top-level field '${key}'`,
  required: ['schema', 'version', 'exercises'],
  missing: (key) => ({
    schema: `this is not a Long Memory Lab progress file (its "schema" should be "${SCHEMA}")`,
    version: '"version" must be a whole number ≥ 1',
    exercises: '"exercises" must be an object keyed by exercise id',
  }[key]),
  fields: {
    schema: s.oneOf([SCHEMA], { message: `this is not a Long Memory Lab progress file (its "schema" should be "${SCHEMA}")` }),
    version: s.custom((v) => {
      if (!Number.isInteger(v) || v < 1) return '"version" must be a whole number ≥ 1';
      return v > VERSION ? `the file has progress version ${v}, made by a newer version of the course; this page reads version ${VERSION}` : null;
    }),
    updated: s.time({ message: '"updated" must be a date and time' }),
    exercises: s.object({
      message: '"exercises" must be an object keyed by exercise id',
      keys: s.text({ pattern: ID, message: (id) => `'${String(id).slice(0, 60)}' is not an exercise id` }),
      values: ENTRY_SCHEMA,
    }),
  },
});

const FIELDS = Object.keys(emptyEntry());

/** One stored or imported entry checked field by field: a bad field is reset alone. → { entry, repairs } */
function repairEntry(id, e) {
  const entry = emptyEntry();
  const repairs = [];
  let badSolved = false;
  for (const [k, v] of Object.entries(e)) {
    if (!FIELDS.includes(k)) {
      repairs.push(`exercise '${id}' has an unknown field '${clip(k, 40)}' — that field was ignored, the rest of the exercise kept`);
      continue;
    }
    const [bad] = check(PROGRESS_SCHEMA, { schema: SCHEMA, version: VERSION, exercises: { [id]: { [k]: v } } });
    if (!bad) {
      entry[k] = k === 'answer' ? v ?? null : v;
    } else {
      if (k === 'solved') badSolved = true;
      repairs.push(`${bad.message} — ${k === 'answer' ? 'that answer was removed' : 'that field was reset'}, the rest of the exercise kept`);
    }
  }
  // a solve is never lost over a misspelt flag: a pass on record still counts
  if (badSolved && (entry.solvedAt || entry.last === 'pass')) entry.solved = true;
  return { entry, repairs };
}

/**
 * Checks a parsed document (and upgrades older versions when there are any).
 *   → { ok: true, value, repairs } | { ok: false, reason }   (the first problem PROGRESS_SCHEMA finds)
 */
export function validateProgress(doc) {
  // the document itself (schema, version, the exercises object) must be right …
  const top = isPlain(doc) && isPlain(doc.exercises) ? { ...doc, exercises: {} } : doc;
  const [problem] = check(PROGRESS_SCHEMA, top);
  if (problem) return { ok: false, reason: problem.message };
  // … while a bad entry is repaired alone: a field the schema refuses is reset (an answer
  // removed), an unknown field ignored, and only an entry that is no entry at all is dropped.
  const exercises = {};
  const repairs = [];
  for (const [id, e] of Object.entries(doc.exercises)) {
    if (!ID.test(id)) {
      repairs.push(`'${clip(id, 60)}' is not an exercise id — that exercise was left out`);
    } else if (!isPlain(e)) {
      repairs.push(`exercise '${id}' must be an object — that exercise was left out`);
    } else {
      const r = repairEntry(id, e);
      exercises[id] = r.entry;
      repairs.push(...r.repairs);
    }
  }
  return { ok: true, value: { schema: SCHEMA, version: VERSION, updated: doc.updated ?? new Date(0).toISOString(), exercises }, repairs };
}

/** Why an answer cannot be saved (the loader would refuse it), or null. */
export function unsavableAnswer(answer) {
  const bad = checkAnswer(answer ?? null);
  return bad ? `the answer ${bad}` : null;
}

/** Text (an exported file or the stored value) → { ok, value } | { ok: false, reason }. */
export function parseProgress(text) {
  if (typeof text !== 'string') return { ok: false, reason: 'nothing to read' };
  if (text.length > MAX_IMPORT_BYTES) return { ok: false, reason: `the file is larger than ${MAX_IMPORT_BYTES / 1e6} MB` };
  let doc;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { ok: false, reason: `the file is not valid JSON (${e.message})` };
  }
  return validateProgress(doc);
}

const later = (a, b) => (a && b ? (a > b ? a : b) : a ?? b ?? null);
const earlier = (a, b) => (a && b ? (a < b ? a : b) : a ?? b ?? null);

/**
 * Two tabs' progress merged per exercise: solved stays solved (the earliest
 * solvedAt), attempts and hints take the maximum, revealed help stays revealed,
 * and the answer, last verdict and lesson come from the entry changed last.
 */
export function mergeProgress(a, b) {
  const exercises = { ...a.exercises };
  for (const [id, y] of Object.entries(b.exercises)) {
    const x = exercises[id];
    if (!x) {
      exercises[id] = y;
      continue;
    }
    const newer = (y.updated ?? '') > (x.updated ?? '') ? y : x;
    exercises[id] = {
      ...newer,
      attempts: Math.max(x.attempts, y.attempts),
      hints: Math.max(x.hints, y.hints),
      partial: x.partial || y.partial,
      solution: x.solution || y.solution,
      solved: x.solved || y.solved,
      solvedAt: earlier(x.solvedAt, y.solvedAt),
      updated: later(x.updated, y.updated),
    };
  }
  return { ...a, updated: later(a.updated, b.updated), exercises };
}

/** Whether a failed write means the store is full (each engine names it its own way). */
export function isQuotaError(e) {
  return e?.name === 'QuotaExceededError' || e?.name === 'NS_ERROR_DOM_QUOTA_REACHED'
    || e?.code === 22 || e?.code === 1014 || /quota/i.test(String(e?.message ?? ''));
}

/** The biggest entries of other sites' scripts or pages in this origin's storage (not the course's): [{ key, bytes }]. */
function largestOthers(storage, n = 3) {
  const out = [];
  try {
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i);
      if (key === null || key.startsWith('lml.')) continue;
      out.push({ key, bytes: 2 * (key.length + (storage.getItem(key)?.length ?? 0)) });
    }
  } catch { /* listing is a courtesy */ }
  return out.sort((a, b) => b.bytes - a.bytes).slice(0, n);
}

const megabytes = (bytes) => `${(bytes / 1e6).toFixed(bytes < 1e5 ? 2 : 1)} MB`;

/** What to tell the learner when the store is full: that it is, and how to free it. */
export function fullMessage(storage) {
  const others = storage ? largestOthers(storage) : [];
  const named = others.length
    ? ` The largest entries there are not the course's: ${others.map((o) => `“${clip(o.key, 40)}” (${megabytes(o.bytes)})`).join(', ')}.`
    : '';
  return `This browser's storage for this site is full, so what you do now cannot be saved.${named}`
    + ' Your saved progress is still read and shown, and “Export progress” writes all of it, this visit included.'
    + ' To free space: export your progress, clear this site\'s data in the browser\'s settings (site settings → storage), reload, and import the file.';
}

/** A small write and its removal → null if it worked, else the error. Never decides whether to read. */
function probeWrite(storage) {
  const probe = `${STORAGE_KEY}-probe`;
  try {
    storage.setItem(probe, '1');
    storage.removeItem(probe);
    return null;
  } catch (e) {
    try { storage.removeItem(probe); } catch { /* ignore */ }
    return e ?? new Error('the write was refused');
  }
}

export class ProgressStore {
  /** storage: a Web Storage object (localStorage) or null for memory only. */
  constructor({ storage, now = () => new Date() } = {}) {
    this.now = now;
    this.listeners = new Set();
    this.notice = null;      // start-up problem, shown to the learner
    this.saveError = null;   // last failed save
    this.frozen = false;     // true when the stored value could not be read or backed up: never overwrite it
    if (storage === undefined) {
      try { storage = globalThis.localStorage ?? null; } catch { storage = null; }
    }
    this.storage = storage ?? null;
    if (!this.storage) {
      this.doc = emptyProgress(now());
      this.notice = { kind: 'unavailable', message: 'This browser does not let the course store data, so progress lasts only until the page is closed. Export it to keep it.' };
      return;
    }
    // Read first: whether a write works says nothing about what is stored.
    this.doc = this.loadStored();
    if (!this.notice) {
      const refused = probeWrite(this.storage);
      if (refused && isQuotaError(refused)) {
        this.notice = { kind: 'full', message: fullMessage(this.storage) };
      } else if (refused) {
        this.notice = { kind: 'unavailable', message: `This browser does not let the course save data (${clip(String(refused.message ?? refused), 120)}), so what you do now lasts only until the page is closed. Progress saved earlier is read and shown; export to keep everything.` };
      }
    }
    // another tab saved: take its progress in, per exercise
    if (typeof window !== 'undefined' && window.addEventListener) {
      window.addEventListener('storage', (e) => {
        if (e.key !== STORAGE_KEY || e.newValue === null) return;
        const other = parseProgress(e.newValue);
        if (!other.ok) return;
        this.doc = mergeProgress(this.doc, other.value);
        this.emit('sync');
      });
    }
  }

  /** What is stored now, parsed → { ok, value } | { ok: false, reason, raw } | null when nothing is stored or it cannot be read. */
  readStored() {
    if (!this.storage) return null;
    let raw;
    try { raw = this.storage.getItem(STORAGE_KEY); } catch (e) { return { ok: false, reason: e.message, raw: undefined }; }
    if (raw === null) return null;
    const parsed = parseProgress(raw);
    return parsed.ok ? parsed : { ...parsed, raw };
  }

  loadStored() {
    let raw = null;
    try {
      raw = this.storage.getItem(STORAGE_KEY);
    } catch (e) {
      this.frozen = true;  // what cannot be read is never overwritten
      this.notice = { kind: 'unavailable', message: `Saved progress could not be read (${e.message}), so it is left untouched and nothing new will be saved during this visit. Export to keep this visit's progress.` };
      return emptyProgress(this.now());
    }
    if (raw === null) return emptyProgress(this.now());
    const parsed = parseProgress(raw);
    if (parsed.ok && parsed.repairs.length === 0) return parsed.value;
    if (parsed.ok) {
      // Some entries were repaired or left out: keep a copy of what was stored, say what changed.
      const backupKey = this.backup(raw);
      this.notice = {
        kind: 'repaired', backupKey, reason: parsed.repairs.join('; '),
        message: `Part of your saved progress could not be read and was set aside (${parsed.repairs.join('; ')}). Everything else is kept.`
          + (backupKey ? ` A copy of what was stored is in this browser under the key “${backupKey}”.` : ''),
      };
      if (!backupKey) this.frozen = true;  // never overwrite what could not be copied
      return parsed.value;
    }
    // Corrupted: keep a copy, say so, start clean.
    const backupKey = this.backup(raw);
    if (backupKey) {
      this.notice = {
        kind: 'corrupted', backupKey, reason: parsed.reason,
        message: `Your saved progress could not be read (${parsed.reason}). A copy was kept in this browser under the key “${backupKey}”; the course starts with empty progress.`,
      };
      const fresh = emptyProgress(this.now());
      try { this.storage.setItem(STORAGE_KEY, JSON.stringify(fresh)); } catch { /* saved on the next change */ }
      return fresh;
    }
    this.frozen = true;
    this.notice = {
      kind: 'corrupted', backupKey: null, reason: parsed.reason,
      message: `Your saved progress could not be read (${parsed.reason}) and no copy could be made, so it is left untouched and nothing new will be saved during this visit.`,
    };
    return emptyProgress(this.now());
  }

  backup(raw) {
    let key = BACKUP_KEY;
    try {
      const existing = this.storage.getItem(key);
      if (existing !== null && existing !== raw) key = `${BACKUP_KEY}-${this.now().getTime()}`;
      this.storage.setItem(key, raw);
      return this.storage.getItem(key) === raw ? key : null;
    } catch {
      return null;
    }
  }

  /** The raw text of the backup the start-up notice names (for download), or null. */
  backupText() {
    const key = this.notice?.backupKey;
    if (!key || !this.storage) return null;
    try { return this.storage.getItem(key); } catch { return null; }
  }

  subscribe(fn) {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  emit(reason) {
    for (const fn of [...this.listeners]) {
      try { fn(reason); } catch (e) { console.error(e); }
    }
  }

  /** merge = false only for reset, which replaces the progress on purpose. */
  save({ merge = true } = {}) {
    this.doc.updated = this.now().toISOString();
    if (!this.storage || this.frozen) return false;
    try {
      if (merge) {
        // another tab may have written since we read: merge per exercise, never last-writer-wins;
        // a stored value this page cannot read is never replaced by what this page holds
        const stored = this.readStored();
        if (stored?.ok) this.doc = mergeProgress(this.doc, stored.value);
        else if (stored) throw new Error(`what is stored could not be read (${stored.reason}), so it was left as it is`);
      }
      this.storage.setItem(STORAGE_KEY, JSON.stringify(this.doc));
      this.saveError = null;
      return true;
    } catch (e) {
      const full = isQuotaError(e);
      this.saveError = full
        ? `Progress could not be saved: ${fullMessage(this.storage)}`
        : `Progress could not be saved (${clip(String(e.message), 200)}). Export it to keep it.`;
      // the start-up notice already says so: no second alert for the same cause
      if (!(full && this.notice?.kind === 'full') && this.notice?.kind !== 'unavailable') this.emit('save-error');
      return false;
    }
  }

  /** The entry of an exercise (a copy; defaults when there is none). */
  get(id) {
    const e = this.doc.exercises[id];
    return e ? { ...emptyEntry(), ...e, answer: structuredCopy(e.answer) } : emptyEntry();
  }

  /** Merges fields into an exercise's entry and saves. */
  update(id, lesson, patch) {
    const prev = this.doc.exercises[id] ?? emptyEntry(lesson);
    // Saving and loading use one schema: an answer the loader would refuse is not stored.
    const refused = 'answer' in patch ? unsavableAnswer(patch.answer) : null;
    if (refused) patch = { ...patch, answer: prev.answer ?? null };
    this.doc.exercises[id] = { ...prev, ...patch, lesson: lesson ?? prev.lesson, updated: this.now().toISOString() };
    this.save();
    if (refused) {
      this.saveError = `This answer is not saved: ${refused}. The rest of your progress is.`;
      this.emit('save-error');
    }
    this.emit('update');
    return this.get(id);
  }

  /** One submission: its answer and verdict status. Counts the attempt; a pass marks the exercise solved. */
  recordSubmission(id, lesson, { answer, status }) {
    const prev = this.get(id);
    const solved = prev.solved || status === 'pass';
    return this.update(id, lesson, {
      answer: structuredCopy(answer),
      attempts: prev.attempts + 1,
      last: STATUSES.includes(status) ? status : 'error',
      solved,
      solvedAt: prev.solvedAt ?? (status === 'pass' ? this.now().toISOString() : null),
    });
  }

  /** Keeps a draft answer without counting an attempt. */
  saveDraft(id, lesson, answer) {
    return this.update(id, lesson, { answer: structuredCopy(answer) });
  }

  /** How many of these exercise ids are solved. */
  solvedCount(ids) {
    return ids.filter((id) => this.doc.exercises[id]?.solved).length;
  }

  /** Everything stored merged with this visit's progress, as pretty JSON (what export downloads). */
  exportJSON() {
    const stored = this.readStored();
    const doc = stored?.ok ? mergeProgress(this.doc, stored.value) : this.doc;
    return JSON.stringify(doc, null, 2);
  }

  /**
   * Merges a valid exported document into the progress (per exercise, as two tabs do:
   * nothing already here is lost); an invalid one changes nothing. knownIds: the course's
   * exercise ids — entries for others are kept and named in `unknown`.
   *   → { ok, count, repairs, unknown } | { ok: false, reason }
   */
  importJSON(text, { knownIds = null } = {}) {
    const parsed = parseProgress(text);
    if (!parsed.ok) return parsed;
    const ids = Object.keys(parsed.value.exercises);
    const unknown = knownIds ? ids.filter((id) => !knownIds.has(id)) : [];
    this.doc = mergeProgress(this.doc, parsed.value);
    this.save();
    this.emit('import');
    return { ok: true, count: ids.length - unknown.length, repairs: parsed.repairs, unknown };
  }

  /** Deletes all progress (the caller asks for confirmation first). */
  reset() {
    this.doc = emptyProgress(this.now());
    this.frozen = false;
    this.save({ merge: false });
    this.emit('reset');
  }
}

function structuredCopy(v) {
  return v === undefined ? null : JSON.parse(JSON.stringify(v ?? null));
}

let shared = null;
/** The page's store over localStorage (created on first use). */
export function progressStore() {
  if (!shared) shared = new ProgressStore();
  return shared;
}
