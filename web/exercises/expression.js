// A small safe arithmetic parser for numeric answers (no eval, no names other
// than the few functions below): numbers (1.5, 1e-3), + − * / ^ (right-
// associative, binds tighter than unary minus: -2^2 = -4), parentheses, and
// sqrt, ln, log2, log10, exp of one argument; pi.
//   evaluateExpression("sqrt(64)") → { value: 8 } | { error }
import { quoteInput } from '../lib/format.js';

const FUNCTIONS = { sqrt: Math.sqrt, ln: Math.log, log2: Math.log2, log10: Math.log10, exp: Math.exp };
const CONSTANTS = { pi: Math.PI };

function tokenize(text) {
  const tokens = [];
  const re = /\s*(?:(\d+\.?\d*(?:e[+-]?\d+)?|\.\d+(?:e[+-]?\d+)?)|([a-z][a-z0-9]*)|(\S))/giy;
  let m;
  while (re.lastIndex < text.length && (m = re.exec(text))) {
    if (m[1] !== undefined) tokens.push({ type: 'num', value: Number(m[1]) });
    else if (m[2] !== undefined) tokens.push({ type: 'name', value: m[2].toLowerCase() });
    else if (m[3] !== undefined) tokens.push({ type: 'op', value: m[3] });
    else break;
  }
  return tokens;
}

export function evaluateExpression(text) {
  const tokens = tokenize(String(text ?? '').replace(/\u2212/g, '-').replace(/[×·]/g, '*').replace(/÷/g, '/'));
  let i = 0;
  const peek = () => tokens[i];
  const take = (op) => (peek()?.type === 'op' && peek().value === op ? (i++, true) : false);
  const fail = (msg) => { throw new Error(msg); };

  function primary() {
    const t = tokens[i++];
    if (!t) fail('the expression ends too early');
    if (t.type === 'num') return t.value;
    if (t.type === 'name') {
      if (Object.hasOwn(CONSTANTS, t.value)) return CONSTANTS[t.value];
      if (!Object.hasOwn(FUNCTIONS, t.value)) fail(`“${quoteInput(t.value)}” is not a function this box knows (sqrt, ln, log2, log10, exp)`);
      if (!take('(')) fail(`write ${t.value}(…) with parentheses`);
      const v = sum();
      if (!take(')')) fail('a parenthesis is not closed');
      return FUNCTIONS[t.value](v);
    }
    if (t.value === '(') {
      const v = sum();
      if (!take(')')) fail('a parenthesis is not closed');
      return v;
    }
    return fail(`unexpected “${t.value}”`);
  }
  function power() {
    const base = primary();
    return take('^') ? base ** unary() : base;
  }
  function unary() {
    if (take('-')) return -unary();
    if (take('+')) return unary();
    return power();
  }
  function product() {
    let v = unary();
    for (;;) {
      if (take('*')) v *= unary();
      else if (take('/')) v /= unary();
      else return v;
    }
  }
  function sum() {
    let v = product();
    for (;;) {
      if (take('+')) v += product();
      else if (take('-')) v -= product();
      else return v;
    }
  }

  try {
    if (tokens.length === 0) return { error: 'Type a number first.' };
    const value = sum();
    if (i < tokens.length) return { error: `unexpected “${quoteInput(tokens[i].value)}”` };
    if (!Number.isFinite(value)) return { error: 'the expression has no finite value' };
    return { value };
  } catch (err) {  // RangeError on a deep nesting of parentheses included
    return { error: err.message };
  }
}
