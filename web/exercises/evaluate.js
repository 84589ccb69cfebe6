// Runs a learner's code on the inputs of graded cases and returns what it
// returned, as plain data. This is the only part of grading that runs in the
// sandbox worker: the expected values never come here. The page compares
// (judge.js), in its own realm, where learner code cannot patch Math.abs or
// Array.prototype.
//
//   await runLearnerCode({ source, entry, inputs, withhold }, { importModule })
//     source    the learner's JavaScript (function declarations, top-level code)
//     entry     the name of the function to call ('softmax')
//     inputs    [{ name, args: [...] }]   one per case, in order
//     withhold  helper names this exercise does not provide
//     importModule(text) → Promise of the module namespace of JavaScript module
//               text: the sandbox worker's imports a blob: URL it makes
//               (sandbox-worker.js), the node tests a data: URL
//   → { status: 'error', message, output }                 the code could not be run at all
//   | { status: 'ran', outputs: [{ status: 'returned', value, output }
//                               | { status: 'unsupported', what, output }
//                               | { status: 'error', message, output }] }
//
// `value` holds only numbers, strings, booleans, null, undefined, lists and
// plain objects of those (structured-clone safe); anything else is reported as
// `unsupported` with a description. Line numbers in messages are lines of the
// learner's editor.
//
// No eval: the learner's code becomes the body of the default export of a
// JavaScript module (moduleText), which is imported. A module is strict-mode
// code. Its text is parsed here first (acorn) exactly as the engine will read
// it, and it is imported only if the learner's code sits inside the wrapper as
// one block and uses no import, import() or import.meta.
import { parse, tokenizer } from 'acorn';
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

// The learner's first line is the module's first line (moduleText), so a line
// in a stack frame of the module is a line of the learner's editor. Frames are
// named by the module's sourceURL comment, or by its blob: address where an
// engine ignores that comment in modules.
const FRAME = new RegExp(`(?:${SOURCE_URL.replace('.', '\\.')}|blob:[^\\s()@]*?):(\\d+):(\\d+)(?=\\)|\\s|$)`, 'm');

/** The learner's line where an exception was thrown, or null. */
export function errorLine(err) {
  const stack = typeof err?.stack === 'string' ? err.stack : '';
  const m = FRAME.exec(stack);
  return m ? Number(m[1]) : null;
}

/** "line 4: TypeError: …" for an exception thrown by learner code. */
export function describeException(err) {
  const line = err && typeof err === 'object' ? errorLine(err) : null;
  const what = err instanceof Error || (err && typeof err.name === 'string' && typeof err.message === 'string')
    ? quoteInput(`${err.name}: ${err.message}`, 300)
    : quoteInput(`threw ${formatArg(err, 1)}`, 300);
  return line !== null && line >= 1 ? `line ${line}: ${what}` : what;
}

const MODULE = { ecmaVersion: 'latest', sourceType: 'module', locations: true };

function syntaxOf(e, line = e.loc.line) {
  return { line, column: e.loc.column + 1, message: e.message.replace(/\s*\(\d+:\d+\)$/, '') };
}

// Parses the learner's code and the module it becomes (moduleText), both as the
// engine will read them (module code: strict mode):
//   → { ok: true }                          the module may be imported
//   | { forbidden: { line, what } }         it uses import() or import.meta
//   | { syntax: { line, column, message, unclosed?, engine } }   it must not be imported;
//       engine: whether the engine may be asked for its own message (syntaxMessage),
//       only when acorn finds the module itself invalid too: learner code that
//       parses once wrapped but not alone closes the wrapper, and a module the
//       engine reads as valid is fetched with its imports before it runs
function inspect(source, mod) {
  const wrapped = (() => {
    try {
      return { ast: parse(mod.text, MODULE) };
    } catch (e) {
      return { error: e };
    }
  })();
  try {
    // the learner's code alone; `return` is allowed (it is a function body)
    parse(source, { ...MODULE, allowReturnOutsideFunction: true });
  } catch (e) {
    const engine = Boolean(wrapped.error);
    if (!e || !e.loc) return { syntax: { line: 1, column: 1, message: String(e?.message ?? e), engine } };
    const syntax = { ...syntaxOf(e), engine };
    if (e.pos >= source.trimEnd().length) {
      const open = unclosedBracket(source);
      if (open) syntax.unclosed = open;
    }
    return { syntax };
  }
  const e = wrapped.error;
  if (e) {
    // what a module's top level may hold but a function body may not (await,
    // import and export declarations); the module's lines are the learner's
    if (!e.loc) return { syntax: { line: 1, column: 1, message: String(e?.message ?? e), engine: true } };
    const syntax = { ...syntaxOf(e, Math.min(e.loc.line, source.split('\n').length)), engine: true };
    if (e.loc.line === 1) syntax.column = Math.max(1, syntax.column - mod.blockStart - 1);
    return { syntax };
  }
  const block = learnerBlock(wrapped.ast, mod);
  if (!block) return { syntax: { line: 1, column: 1, message: 'a closing bracket of your code has no opening bracket', engine: false } };
  const found = findNode(block, (n) => n.type === 'ImportExpression' || n.type === 'MetaProperty' && n.meta?.name === 'import');
  return found ? { forbidden: { line: found.loc.start.line, what: 'import() and import.meta' } } : { ok: true };
}

// The block that holds the learner's code in the parsed module, or null unless
// the module is exactly the wrapper of moduleText around it: one default-export
// function whose body is that block, from the wrapper's '{' to its '}', ending
// with the wrapper's return.
function learnerBlock(ast, mod) {
  const exp = ast.body.length === 1 ? ast.body[0] : null;
  const fn = exp?.type === 'ExportDefaultDeclaration' ? exp.declaration : null;
  if (fn?.type !== 'FunctionDeclaration' || fn.async || fn.generator || fn.body.body.length !== 1) return null;
  const block = fn.body.body[0];
  const last = block.type === 'BlockStatement' ? block.body[block.body.length - 1] : null;
  const ok = block.start === mod.blockStart && block.end === mod.blockEnd && last?.type === 'ReturnStatement' && last.start === mod.returnAt;
  return ok ? block : null;
}

const OPENERS = { '{': '}', '(': ')', '[': ']', '${': '}' };
// The innermost bracket still open at the end of the code: { char, line } or null.
function unclosedBracket(source) {
  const stack = [];
  try {
    for (const t of tokenizer(source, { ...MODULE, allowReturnOutsideFunction: true })) {
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
 * The module the learner's code becomes: its default export takes the helpers
 * and the console as parameters and returns the entry function. The learner's
 * first line is the module's first line. The code sits in a block so that it
 * may redeclare a helper's name (const transpose = …) without clashing with
 * the parameter; the return is inside the block, where a function declared in
 * it is in scope (module code is strict: a block's functions are its own).
 *   → { text, blockStart, blockEnd, returnAt }   offsets into text (see learnerBlock)
 */
export function moduleText(source, entry, params) {
  const head = `export default function (${params.join(', ')}) {{`;
  const ret = `return typeof ${entry} === 'function' ? ${entry} : undefined;`;
  const text = `${head}${source}\n;${ret}\n}}\n//# sourceURL=${SOURCE_URL}\n`;
  const returnAt = head.length + source.length + 2;
  return { text, blockStart: head.length - 1, blockEnd: returnAt + ret.length + 2, returnAt };
}

/**
 * The message for code that does not parse. The engine's own wording
 * ("missing ) after argument list") where it has one: the module is imported
 * behind a leading `throw`, so even if the engine read it as valid, none of it
 * would run. Lines are acorn's, of the learner's code.
 */
async function syntaxMessage(syn, mod, importModule) {
  if (syn.unclosed) {
    return `line ${syn.line}: SyntaxError: your code ends before the '${syn.unclosed.char}' opened on line ${syn.unclosed.line} is closed`;
  }
  let engine = null;
  if (syn.engine) {
    try {
      await importModule(`throw 0;${mod.text}`);
    } catch (e) {
      if (e?.name === 'SyntaxError' && typeof e.message === 'string') engine = e.message;
    }
  }
  if (!engine) return `line ${syn.line}: SyntaxError: ${syn.message}`;
  const hint = !engine.startsWith(syn.message) ? ` (${syn.message}, column ${syn.column})` : '';
  return `line ${syn.line}: SyntaxError: ${quoteInput(engine, 300)}${hint}`;
}

/**
 * Compiles the learner's code with the helpers (minus `withhold`) and a
 * capturing console in scope, as a module imported by `importModule` (see the
 * top of this file), runs its top level, and returns the entry function.
 *   → Promise of { fn } | { error: 'line 3: SyntaxError: …' }
 */
export async function compileLearnerCode(source, entry, { withhold = [], console, importModule } = {}) {
  if (typeof source !== 'string') return { error: 'no code was submitted' };
  if (!/^[A-Za-z_$][\w$]*$/.test(entry)) return { error: `the exercise names an invalid function '${entry}'` };
  if (typeof importModule !== 'function') throw new TypeError('compileLearnerCode: importModule is required');
  const names = Object.keys(HELPERS).filter((n) => !withhold.includes(n) && n !== entry);
  const params = [...names, 'console'];
  const values = [...names.map((n) => HELPERS[n]), console];
  const mod = moduleText(source, entry, params);
  const info = inspect(source, mod);
  if (info.forbidden) return { error: `line ${info.forbidden.line}: ${info.forbidden.what} are not available in exercises; use the helpers listed below the editor` };
  if (!info.ok) return { error: await syntaxMessage(info.syntax, mod, importModule) };
  let factory;
  try {
    factory = (await importModule(mod.text))?.default;
  } catch (e) {
    // acorn read the code as valid and the engine did not: its message, without a line
    if (e?.name === 'SyntaxError') return { error: `SyntaxError: ${quoteInput(String(e.message), 300)}` };
    return { error: `your code could not be loaded in the sandbox: ${quoteInput(String(e?.message ?? e), 300)}` };
  }
  if (typeof factory !== 'function') return { error: 'your code could not be loaded in the sandbox' };
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
export async function runLearnerCode({ source, entry, inputs, withhold = [] }, { importModule } = {}) {
  const capture = captureConsole();
  const compiled = await compileLearnerCode(source, entry, { withhold, console: capture.console, importModule });
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
