// Declarative schemas: what a lesson's front matter, an exercise's front
// matter and an imported progress file may hold, written as data and checked
// by one function. Pure (no DOM): the lesson checker runs it in node, the page
// runs it on an imported file.
//
//   const schema = s.object({
//     fields: { id: s.text({ pattern: KEBAB, message: 'must be kebab-case' }), order: s.int({ min: 1 }) },
//     required: ['id'],
//   });
//   check(schema, value) → [{ path: ['exercises', 'x', 'attempts'], message }]   (empty: valid)
//
// Rules (every one takes an optional `message`: text, or (value, path) → text, used when the value fails):
//   s.text({ pattern, max, empty })   a string (non-empty unless empty: true; pattern: a RegExp)
//   s.number({ min }), s.int({ min, max }), s.bool(), s.time()  (a string Date.parse reads)
//   s.oneOf([values]), s.list(item, { min, max }), s.nullable(rule), s.either([rules]), s.any()
//   s.object({ fields, required, open, keys, values, unknown(key, path) → message, missing(key, path) → message })
//     fields: known keys → rules; open: other keys allowed; keys/values: rules for every other key and value
//   s.custom((value, path) → message | null)
// A failing field reports its own message, prefixed by nothing: messages are written whole by the schema.

const isPlain = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

function says(rule, value, fallback, path) {
  if (typeof rule.message === 'function') return rule.message(value, path);
  return rule.message ?? fallback;
}

const rules = {
  text(rule, v, path) {
    if (typeof v !== 'string' || (!rule.empty && v.trim() === '')) return says(rule, v, 'must be non-empty text', path);
    if (rule.max !== undefined && v.length > rule.max) return says(rule, v, `must be at most ${rule.max} characters`, path);
    if (rule.pattern && !rule.pattern.test(v)) return says(rule, v, `does not have the expected form (${rule.pattern})`, path);
    return null;
  },
  number(rule, v, path) {
    if (typeof v !== 'number' || !Number.isFinite(v) || (rule.min !== undefined && v < rule.min)) return says(rule, v, 'must be a number', path);
    return null;
  },
  int(rule, v, path) {
    if (!Number.isInteger(v) || (rule.min !== undefined && v < rule.min) || (rule.max !== undefined && v > rule.max)) return says(rule, v, 'must be a whole number', path);
    return null;
  },
  bool: (rule, v, path) => (typeof v === 'boolean' ? null : says(rule, v, 'must be true or false', path)),
  time: (rule, v, path) => (typeof v === 'string' && v.length <= 40 && !Number.isNaN(Date.parse(v)) ? null : says(rule, v, 'must be a date and time', path)),
  oneOf: (rule, v, path) => (rule.values.includes(v) ? null : says(rule, v, `must be one of ${rule.values.join(', ')}`, path)),
  any: () => null,
  custom: (rule, v, path) => rule.fn(v, path),
};

function run(rule, v, path, out) {
  if (rule.type === 'nullable') {
    if (v === null || v === undefined) return;
    run(rule.rule, v, path, out);
    return;
  }
  if (rule.type === 'either') {
    for (const r of rule.rules) {
      const inner = [];
      run(r, v, path, inner);
      if (inner.length === 0) return;
    }
    out.push({ path, message: says(rule, v, 'has an unsupported type', path) });
    return;
  }
  if (rule.type === 'list') {
    if (!Array.isArray(v) || (rule.min !== undefined && v.length < rule.min) || (rule.max !== undefined && v.length > rule.max)) {
      out.push({ path, message: says(rule, v, 'must be a list', path) });
      return;
    }
    if (rule.item) {
      const inner = [];
      v.forEach((x, i) => run(rule.item, x, [...path, i], inner));
      // A list reports its own message once when it has one, else each item's.
      if (inner.length && rule.message) out.push({ path, message: says(rule, v, '', path) });
      else out.push(...inner);
    }
    return;
  }
  if (rule.type === 'object') {
    if (!isPlain(v)) {
      out.push({ path, message: says(rule, v, 'must be a map', path) });
      return;
    }
    const fields = rule.fields ?? {};
    const required = rule.required ?? [];
    // The declared fields in order (a missing required one where it is declared), then the others.
    const order = [...Object.keys(fields), ...required.filter((k) => !Object.hasOwn(fields, k))];
    for (const key of order) {
      if (Object.hasOwn(v, key)) {
        if (fields[key]) run(fields[key], v[key], [...path, key], out);
      } else if (required.includes(key)) {
        out.push({ path: [...path, key], missing: true, message: rule.missing?.(key, path) ?? `missing field '${key}'` });
      }
    }
    for (const key of Object.keys(v)) {
      if (Object.hasOwn(fields, key)) continue;
      if (rule.keys) {
        const bad = [];
        run(rule.keys, key, [...path, key], bad);
        if (bad.length) {
          out.push(...bad);
          continue;
        }
      }
      if (rule.values) run(rule.values, v[key], [...path, key], out);
      else if (!rule.open) out.push({ path: [...path, key], unknown: true, message: rule.unknown?.(key, path) ?? `unknown field '${key}'` });
    }
    return;
  }
  const m = rules[rule.type](rule, v, path);
  if (m) out.push({ path, message: m });
}

/** Every problem of value against schema: the declared fields in order (missing ones included), then unknown keys. */
export function check(schema, value) {
  const out = [];
  run(schema, value, [], out);
  return out;
}

const make = (type) => (opts = {}) => ({ type, ...opts });

export const s = {
  text: make('text'),
  number: make('number'),
  int: make('int'),
  bool: make('bool'),
  time: make('time'),
  any: make('any'),
  oneOf: (values, opts = {}) => ({ type: 'oneOf', values, ...opts }),
  list: (item, opts = {}) => ({ type: 'list', item, ...opts }),
  nullable: (rule) => ({ type: 'nullable', rule }),
  either: (list, opts = {}) => ({ type: 'either', rules: list, ...opts }),
  object: (opts = {}) => ({ type: 'object', ...opts }),
  custom: (fn) => ({ type: 'custom', fn }),
};
