// Runs a learner's code on the inputs of graded cases and returns what it
// returned, as plain data. This is the only part of grading that runs in the
// sandbox worker: the expected values never come here. The page compares
// (judge.js), in its own realm, where learner code cannot patch Math.abs or
// Array.prototype.
//
//   runLearnerCode({ source, entry, inputs, withhold })
//     source    the learner's JavaScript (function declarations, top-level code)
//     entry     the name of the function to call ('softmax')
//     inputs    [{ name, args: [...] }]   one per case, in order
//     withhold  helper names this exercise does not provide
//   → { status: 'error', message, output }                 the code could not be run at all
//   | { status: 'ran', outputs: [{ status: 'returned', value, output }
//                               | { status: 'unsupported', what, output }
//                               | { status: 'error', message, output }] }
//
// `value` holds only numbers, strings, booleans, null, undefined, lists and
// plain objects of those (structured-clone safe); anything else is reported as
// `unsupported` with a description. Line numbers in messages are lines of the
// learner's editor.
import { parse, tokenizer } from 'acorn';

// Captured when this module loads: the sandbox then blocks every other way to make code from text.
const FunctionCtor = Function;

import { describeValue, formatNumber } from './compare.js';
import { HELPERS } from './helpers.js';
import { quoteInput } from '../lib/format.js';

export const SOURCE_URL = 'exercise.js';
export const OUTPUT_CAP = 2000; // characters of console output kept per case

// ---------------------------------------------------------------- console capture

function formatArg(v, depth = 0) {
  if (typeof v === 'string') return depth ? JSON.stringify(v) : v;
  if (typeof v === 'number') return formatNumber(v);
  if (v === undefined || v === null || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (typeof v === 'function') return `[function ${v.name || 'anonymous'}]`;
  if (v instanceof Error) return `${v.name}: ${v.message}`;
  if (depth > 4) return Array.isArray(v) ? '[…]' : '{…}';
  if (ArrayBuffer.isView(v)) v = Array.from(v);
  if (Array.isArray(v)) return `[${v.slice(0, 100).map((x) => formatArg(x, depth + 1)).join(', ')}${v.length > 100 ? ', …' : ''}]`;
  try {
    return `{ ${Object.entries(v).slice(0, 30).map(([k, x]) => `${k}: ${formatArg(x, depth + 1)}`).join(', ')} }`;
  } catch {
    return String(v);
  }
}

/** A console whose output goes into a capped buffer. */
export function captureConsole() {
  let text = '';
  let capped = false;
  const write = (prefix) => (...args) => {
    if (capped) return;
    const line = prefix + args.map((a) => formatArg(a)).join(' ') + '\n';
    if (text.length + line.length > OUTPUT_CAP) {
      text += line.slice(0, Math.max(0, OUTPUT_CAP - text.length));
      text += `\n… (output capped at ${OUTPUT_CAP} characters)`;
      capped = true;
    } else {
      text += line;
    }
  };
  const console = {
    log: write(''), info: write(''), debug: write(''), warn: write('warning: '), error: write('error: '),
    table: write(''), dir: write(''), trace: write(''), assert: (c, ...a) => { if (!c) write('assertion failed: ')(...a); },
  };
  return {
    console,
    take() {
      const t = text;
      text = '';
      capped = false;
      return t;
    },
  };
}

// ---------------------------------------------------------------- locating errors

let lineOffset = null;
/** Lines the engine puts before the learner's first line (measured, not assumed). */
function bodyLineOffset() {
  if (lineOffset !== null) return lineOffset;
  try {
    new FunctionCtor('a', `{throw new Error('probe')\n}\n//# sourceURL=${SOURCE_URL}`)();
  } catch (e) {
    const line = learnerFrame(e, 0);
    lineOffset = line === null ? 2 : line - 1;
  }
  return lineOffset;
}

function learnerFrame(err, offset) {
  const stack = typeof err?.stack === 'string' ? err.stack : '';
  const m = stack.match(new RegExp(`${SOURCE_URL.replace('.', '\\.')}:(\\d+):(\\d+)`));
  return m ? Number(m[1]) - offset : null;
}

/** The learner's line where an exception was thrown, or null. */
export function errorLine(err) {
  return learnerFrame(err, bodyLineOffset());
}

/** "line 4: TypeError: …" for an exception thrown by learner code. */
export function describeException(err) {
  const line = err && typeof err === 'object' ? errorLine(err) : null;
  const what = err instanceof Error || (err && typeof err.name === 'string' && typeof err.message === 'string')
    ? quoteInput(`${err.name}: ${err.message}`, 300)
    : quoteInput(`threw ${formatArg(err, 1)}`, 300);
  return line !== null && line >= 1 ? `line ${line}: ${what}` : what;
}

// Parses the learner's code: where a syntax error is, and whether the code
// uses import() / import.meta (module loading is not available in exercises).
function inspect(source) {
  try {
    const ast = parse(source, { ecmaVersion: 'latest', sourceType: 'script', allowReturnOutsideFunction: true, locations: true });
    const found = findNode(ast, (n) => n.type === 'ImportExpression' || n.type === 'MetaProperty' && n.meta?.name === 'import');
    return found ? { forbidden: { line: found.loc.start.line, what: 'import() and import.meta' } } : {};
  } catch (e) {
    if (!e || !e.loc) return {};
    const syntax = { line: e.loc.line, column: e.loc.column + 1, message: e.message.replace(/\s*\(\d+:\d+\)$/, '') };
    if (e.pos >= source.trimEnd().length) {
      const open = unclosedBracket(source);
      if (open) syntax.unclosed = open;
    }
    return { syntax };
  }
}

const OPENERS = { '{': '}', '(': ')', '[': ']', '${': '}' };
// The innermost bracket still open at the end of the code: { char, line } or null.
function unclosedBracket(source) {
  const stack = [];
  try {
    for (const t of tokenizer(source, { ecmaVersion: 'latest', locations: true, allowReturnOutsideFunction: true })) {
      const l = t.type.label;
      if (l in OPENERS) stack.push({ char: l === '${' ? '${' : l, close: OPENERS[l], line: t.loc.start.line });
      else if (l === '}' || l === ')' || l === ']') {
        if (stack.length && stack[stack.length - 1].close === l) stack.pop();
      }
    }
  } catch {
    // the tokenizer stops at the error; what is open so far is the answer
  }
  return stack.length ? stack[stack.length - 1] : null;
}

function findNode(node, pred) {
  const stack = [node];
  while (stack.length) {
    const n = stack.pop();
    if (!n || typeof n !== 'object') continue;
    if (typeof n.type === 'string' && pred(n)) return n;
    for (const k of Object.keys(n)) {
      if (k === 'loc') continue;
      const v = n[k];
      if (Array.isArray(v)) stack.push(...v);
      else if (v && typeof v === 'object') stack.push(v);
    }
  }
  return null;
}

// ---------------------------------------------------------------- compiling

/**
 * Compiles the learner's code with the helpers (minus `withhold`) and a
 * capturing console in scope, runs its top level, and returns the entry function.
 *   → { fn } | { error: 'line 3: SyntaxError: …' }
 */
export function compileLearnerCode(source, entry, { withhold = [], console } = {}) {
  if (typeof source !== 'string') return { error: 'no code was submitted' };
  if (!/^[A-Za-z_$][\w$]*$/.test(entry)) return { error: `the exercise names an invalid function '${entry}'` };
  const info = inspect(source);
  if (info.forbidden) return { error: `line ${info.forbidden.line}: ${info.forbidden.what} are not available in exercises; use the helpers listed below the editor` };
  const names = Object.keys(HELPERS).filter((n) => !withhold.includes(n) && n !== entry);
  const params = [...names, 'console'];
  const values = [...names.map((n) => HELPERS[n]), console];
  // The learner's code sits in a block so that it may redeclare a helper's name
  // (const transpose = …) without clashing with the parameter.
  const body = `{${source}\n;return typeof ${entry} === 'function' ? ${entry} : undefined;\n}\n//# sourceURL=${SOURCE_URL}`;
  let factory;
  try {
    factory = new FunctionCtor(...params, body);
  } catch (e) {
    const syn = info.syntax;
    if (syn?.unclosed) {
      return { error: `line ${syn.line}: SyntaxError: your code ends before the '${syn.unclosed.char}' opened on line ${syn.unclosed.line} is closed` };
    }
    const where = syn ? `line ${syn.line}: ` : '';
    const msg = e instanceof SyntaxError ? `SyntaxError: ${e.message}` : describeException(e);
    const hint = syn && !e.message.startsWith(syn.message) ? ` (${syn.message}, column ${syn.column})` : '';
    return { error: `${where}${msg}${hint}` };
  }
  let fn;
  try {
    fn = factory(...values);
  } catch (e) {
    return { error: `while running the top level of your code: ${describeException(e)}` };
  }
  if (typeof fn !== 'function') {
    return { error: `no function named ${entry} was found — define it as function ${entry}(…) { … }` };
  }
  return { fn };
}

// ---------------------------------------------------------------- cloning inputs

/** Deep copy of case arguments, so a learner's in-place edit cannot touch other cases. */
export function cloneArg(v) {
  if (Array.isArray(v)) return v.map(cloneArg);
  if (ArrayBuffer.isView(v)) return v.slice();
  if (v && typeof v === 'object') {
    const out = {};
    for (const k of Object.keys(v)) out[k] = cloneArg(v[k]);
    return out;
  }
  return v;
}

// ---------------------------------------------------------------- plain data out

export const VALUE_CAP = 1_000_000; // numbers and other leaves in one returned value

/**
 * The learner's return value as plain data: { value } or { what } naming what
 * cannot be sent ("a function at [1]"). Typed arrays become lists; a value with
 * more than VALUE_CAP leaves or nested deeper than 32 levels is refused.
 */
export function toPlain(v) {
  let leaves = 0;
  const where = (path) => (path.length ? ` at ${path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('')}` : '');
  const walk = (x, path) => {
    if (path.length > 32) throw { what: `a value nested more than 32 levels deep${where(path.slice(0, 3))}…` };
    if (++leaves > VALUE_CAP) throw { what: `a value with more than ${VALUE_CAP.toLocaleString('en')} entries` };
    if (x === null || x === undefined || typeof x === 'number' || typeof x === 'boolean') return x;
    if (typeof x === 'string') return x.length > 200 ? `${x.slice(0, 200)}…` : x;
    if (ArrayBuffer.isView(x) && !(x instanceof DataView)) return walk(Array.from(x), path);
    if (Array.isArray(x)) return Array.from(x, (e, i) => walk(e, [...path, i]));
    if (typeof x === 'object' && Object.getPrototypeOf(x) === Object.prototype) {
      const out = {};
      for (const k of Object.keys(x)) out[k] = walk(x[k], [...path, k]);
      return out;
    }
    throw { what: `${typeof x === 'object' ? `an object of type ${x?.constructor?.name ?? 'unknown'}` : describeValue(x)}${where(path)}` };
  };
  try {
    return { value: walk(v, []) };
  } catch (e) {
    if (e && typeof e.what === 'string') return { what: e.what };
    return { what: `a value that could not be read (${describeException(e)})` };
  }
}

// ---------------------------------------------------------------- running

/** Runs every case's inputs through the learner's function (see the top of this file). */
export function runLearnerCode({ source, entry, inputs, withhold = [] }) {
  const capture = captureConsole();
  const compiled = compileLearnerCode(source, entry, { withhold, console: capture.console });
  const setupOutput = capture.take();
  if (compiled.error) return { status: 'error', message: compiled.error, output: setupOutput };
  const outputs = [];
  for (let i = 0; i < inputs.length; i++) {
    const c = inputs[i];
    let out;
    try {
      const result = compiled.fn(...(c.args ?? []).map(cloneArg));
      if (result && typeof result.then === 'function') {
        out = { status: 'error', message: 'your function returned a Promise; write a plain (not async) function that returns the result' };
      } else {
        const plain = toPlain(result);
        out = 'value' in plain ? { status: 'returned', value: plain.value } : { status: 'unsupported', what: plain.what };
      }
    } catch (e) {
      out = { status: 'error', message: describeException(e) };
    }
    out.output = (i === 0 ? setupOutput : '') + capture.take();
    outputs.push(out);
  }
  return { status: 'ran', outputs };
}
