// Runs a learner's code against graded cases and builds the verdict. This is
// the one evaluation path: the sandbox worker calls it in the browser, the node
// tests call it in-process, so both grade exactly the same way.
//
//   evaluateSubmission({ source, entry, cases, tolerance, withhold })
//     source    the learner's JavaScript (function declarations, top-level code)
//     entry     the name of the function to call ('softmax')
//     cases     [{ name, args: [...], expected }]
//     tolerance { atol, rtol }
//     withhold  helper names this exercise does not provide
//   → { status: 'pass' | 'fail' | 'error', message?, tests: [{ name, status, message, output }] }
//
// Line numbers in messages are lines of the learner's editor.
import { parse, tokenizer } from 'acorn';

// Captured when this module loads: the sandbox then blocks every other way to make code from text.
const FunctionCtor = Function;

import { compareValues, formatNumber, normalize, DEFAULT_TOLERANCE } from './compare.js';
import { HELPERS } from './helpers.js';

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
    ? `${err.name}: ${err.message}`
    : `threw ${formatArg(err, 1)}`;
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

// ---------------------------------------------------------------- the verdict

/** Runs every case and returns the verdict (see the top of this file). */
export function evaluateSubmission({ source, entry, cases, tolerance = DEFAULT_TOLERANCE, withhold = [] }) {
  const capture = captureConsole();
  if (!Array.isArray(cases) || cases.length === 0) {
    return { status: 'error', message: 'this exercise produced no test cases', tests: [] };
  }
  const compiled = compileLearnerCode(source, entry, { withhold, console: capture.console });
  const setupOutput = capture.take();
  if (compiled.error) {
    return {
      status: 'error',
      message: compiled.error,
      tests: [{ name: 'your code', status: 'error', message: compiled.error, output: setupOutput }],
    };
  }
  const tests = [];
  for (const [i, c] of cases.entries()) {
    const tol = c.tolerance ?? tolerance;
    let status = 'pass', message = '';
    try {
      const result = compiled.fn(...(c.args ?? []).map(cloneArg));
      if (result && typeof result.then === 'function') {
        status = 'error';
        message = `${c.name}: your function returned a Promise; write a plain (not async) function that returns the result`;
      } else {
        const problem = compareValues(c.expected, normalize(result), tol);
        if (problem) {
          status = 'fail';
          message = `${c.name}: ${problem}`;
        }
      }
    } catch (e) {
      status = 'error';
      message = `${c.name}: ${describeException(e)}`;
    }
    const output = (i === 0 ? setupOutput : '') + capture.take();
    tests.push({ name: c.name, status, message, output });
  }
  const failed = tests.filter((t) => t.status !== 'pass');
  return {
    status: failed.length ? 'fail' : 'pass',
    message: failed.length ? `${failed.length} of ${tests.length} cases did not pass` : `all ${tests.length} cases passed`,
    tests,
  };
}
