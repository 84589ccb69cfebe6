// Markdown → HTML at build time (markdown-it) with the course's additions:
//   $..$ and $$..$$      inline math, rendered with KaTeX (must parse)
//   [@id] / [@id, loc]   citations → links to the lesson's sources list
//   [text](lesson:id/3)  cross-links → '#/id/3' hash links (checked later)
//   [text](glossary:id)  a glossary term → '#/glossary/id' (checked against lessons/glossary.yaml)
// and a per-paragraph check that a figure (a percentage, a perplexity, an
// "N×" ratio) carries a citation.
//
//   renderMarkdown(src, { baseLine, sources }) → { html, errors, links }
//     src       Markdown text whose first line is line `baseLine` of its file
//     sources   [{ id, text }] of the lesson (citations resolve against it)
//     errors    [{ line, message }]
//     links     [{ line, lesson, pane }] lesson: links, for the course-level check
import MarkdownIt from 'markdown-it';
// markdown-it's own link rule, from the package's public files: the lesson: links wrap it.
import linkRule from 'markdown-it/lib/rules_inline/link.mjs';
import katex from 'katex';

export const KATEX_OPTIONS = { throwOnError: true, strict: 'ignore', output: 'htmlAndMathml', trust: false };

/** → { html } or { error } (message without KaTeX's decorations). */
export function renderTex(tex, displayMode) {
  try {
    return { html: katex.renderToString(tex, { ...KATEX_OPTIONS, displayMode }) };
  } catch (err) {
    const raw = err.rawMessage ?? err.message;
    const at = Number.isInteger(err.position) ? ` (at position ${err.position})` : '';
    return { error: `math does not parse: ${raw}${at}`, html: `<code class="math-error">${escapeHtml(tex)}</code>` };
  }
}

export function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

function lineAt(state, pos) {
  const env = state.env;
  let n = 0;
  for (let i = 0; i < pos && i < state.src.length; i++) if (state.src.charCodeAt(i) === 10) n++;
  return env.baseLine + env.blockLine + n;
}

// ---------------------------------------------------------------- inline math
// Pandoc's rule: the opening $ is not followed by a space, the closing $ is not
// preceded by a space nor followed by a digit ("$5 and $6" is not math).
function mathInline(state, silent) {
  const { src, pos } = state;
  if (src.charCodeAt(pos) !== 0x24 /* $ */) return false;
  const display = src.charCodeAt(pos + 1) === 0x24;
  const open = display ? 2 : 1;
  const start = pos + open;
  if (start >= src.length || (!display && /\s/.test(src[start]))) return false;
  let end = start;
  for (;;) {
    end = src.indexOf(display ? '$$' : '$', end);
    if (end < 0) return false;
    if (src[end - 1] === '\\') {
      end += 1;
      continue;
    }
    if (!display && (/\s/.test(src[end - 1]) || /\d/.test(src[end + 1] ?? ''))) {
      end += 1;
      continue;
    }
    break;
  }
  const tex = src.slice(start, end);
  if (tex.trim() === '') return false;
  if (!silent) {
    const token = state.push('math_inline', 'math', 0);
    const r = renderTex(tex, display);
    if (r.error) state.env.errors.push({ line: lineAt(state, pos), message: r.error });
    token.content = tex;
    token.meta = { html: r.html, display };
  }
  state.pos = end + open;
  return true;
}

// ---------------------------------------------------------------- citations
const CITE = /^\[(@[^\]]+)\]/;

function citation(state, silent) {
  const { src, pos } = state;
  if (src.charCodeAt(pos) !== 0x5b /* [ */ || src.charCodeAt(pos + 1) !== 0x40 /* @ */) return false;
  const m = CITE.exec(src.slice(pos));
  if (!m) return false;
  // "[@a, §3; @b, Table 2]" → [{ id: a, locator: §3 }, { id: b, locator: Table 2 }]
  const refs = m[1].split(/;\s*(?=@)/).map((part) => {
    const r = /^@([A-Za-z0-9_:.-]+)\s*(?:,\s*(.*))?$/.exec(part.trim());
    return r ? { id: r[1], locator: (r[2] ?? '').trim() } : null;
  });
  if (refs.some((r) => !r)) return false;
  if (!silent) {
    const line = lineAt(state, pos);
    const { sources, errors } = state.env;
    for (const r of refs) {
      if (!sources.some((s) => s.id === r.id)) {
        const known = sources.map((s) => s.id).join(', ') || 'none';
        errors.push({ line, message: `citation to unknown source '${r.id}' (sources: ${known})` });
      }
    }
    const token = state.push('citation', 'cite', 0);
    token.meta = { refs };
  }
  state.pos = pos + m[0].length;
  return true;
}

function renderCitation(tokens, idx, options, env) {
  const parts = tokens[idx].meta.refs.map(({ id, locator }) => {
    const i = env.sources.findIndex((s) => s.id === id);
    if (i < 0) return `<span class="cite cite-missing">${escapeHtml(id)}</span>`;
    const label = locator ? `${i + 1}, ${escapeHtml(locator)}` : `${i + 1}`;
    return `<a class="cite" href="#source-${escapeHtml(id)}" data-source="${escapeHtml(id)}" title="${escapeHtml(env.sources[i].text)}">${label}</a>`;
  });
  return `<span class="citation">[${parts.join('; ')}]</span>`;
}

// ---------------------------------------------------------------- lesson: links
const LESSON_LINK = /^lesson:([a-z0-9-]+)(?:\/(\d+))?$/;
const GLOSSARY_LINK = /^glossary:([a-z0-9-]+)$/;
/** Marks where compileCourse writes a glossary term's name: `${GLOSSARY_LABEL}<id>${GLOSSARY_LABEL}`. */
export const GLOSSARY_LABEL = '@@glossary@@';

function wrapLinkRule(md) {
  md.inline.ruler.at('link', (state, silent) => {
    const pos = state.pos;
    const before = state.tokens.length;
    if (!linkRule(state, silent)) return false;
    if (silent) return true;
    // Pending text is flushed as a token first, so search from `before`.
    const open = state.tokens.slice(before).find((t) => t.type === 'link_open');
    const href = open ? open.attrGet('href') : null;
    if (href && href.startsWith('lesson:')) {
      const line = lineAt(state, pos);
      const m = LESSON_LINK.exec(href);
      if (!m) {
        state.env.errors.push({ line, message: `bad cross-link '${href}' (expected lesson:<id> or lesson:<id>/<pane>)` });
      } else {
        const pane = m[2] ? Number(m[2]) : 1;
        state.env.links.push({ line, lesson: m[1], pane, href });
        open.attrSet('href', `#/${m[1]}/${pane}`);
        open.attrSet('class', 'lesson-link');
      }
    } else if (href && href.startsWith('glossary:')) {
      const line = lineAt(state, pos);
      const m = GLOSSARY_LINK.exec(href);
      if (!m) {
        state.env.errors.push({ line, message: `bad glossary link '${href}' (expected glossary:<term id>)` });
      } else {
        state.env.links.push({ line, glossary: m[1], href });
        open.attrSet('href', `#/glossary/${m[1]}`);
        open.attrSet('class', 'glossary-link');
        // A link whose text is only math has no accessible name of its own (KaTeX's MathML
        // is not read as link text): the course fills in the term's name (GLOSSARY_LABEL).
        const inner = state.tokens.slice(state.tokens.indexOf(open) + 1).filter((t) => t.type !== 'link_close');
        if (inner.every((t) => t.type === 'math_inline' || (t.type === 'text' && !/[A-Za-z0-9]/.test(t.content)))) {
          open.attrSet('aria-label', `${GLOSSARY_LABEL}${m[1]}${GLOSSARY_LABEL}`);
        }
      }
    } else if (href && /^https?:/.test(href)) {
      open.attrSet('rel', 'noopener noreferrer');
    }
    return true;
  });
}

// ---------------------------------------------------------------- figures
// A figure from a paper: 15%, 2.5×, 5x, "PPL 8.20", "perplexity of 4.32".
const FIGURES = [
  /\d(?:[\d.,]*\d)?\s?%/,
  /\d(?:[\d.,]*\d)?\s?×(?!\s?\d)/,
  /\b\d+(?:\.\d+)?x\b/,
  /\b(?:PPL|perplexit(?:y|ies))\b[^.;:\n]{0,40}?\d+\.\d+/i,
  /\d+\.\d+\s*(?:PPL|perplexity)\b/i,
];

/** The inline text with code spans and math blanked out (newlines kept). */
function proseOnly(content) {
  const blank = (m) => m.replace(/[^\n]/g, ' ');
  return content.replace(/(`+)[\s\S]*?\1/g, blank).replace(/\$\$[\s\S]*?\$\$/g, blank).replace(/\$[^$\n]+\$/g, blank);
}

function findFigure(content) {
  const text = proseOnly(content);
  let best = null;
  for (const re of FIGURES) {
    const m = re.exec(text);
    if (m && (!best || m.index < best.index)) best = m;
  }
  return best;
}

// Units of the figure check: a paragraph or heading on its own; a whole table
// or a whole (outermost) list together with a paragraph just before it that
// ends with ':' (the sentence that introduces it, where the citation sits).
function checkFigures(tokens, env) {
  const units = [];
  let depth = 0;
  let current = null;
  let prevIntro = null;
  for (const tok of tokens) {
    const opensGroup = tok.type === 'table_open' || tok.type === 'bullet_list_open' || tok.type === 'ordered_list_open';
    const closesGroup = tok.type === 'table_close' || tok.type === 'bullet_list_close' || tok.type === 'ordered_list_close';
    if (opensGroup) {
      if (depth === 0) {
        current = prevIntro ?? { inlines: [] };
        if (!prevIntro) units.push(current);
      }
      depth++;
      continue;
    }
    if (closesGroup) {
      depth--;
      if (depth === 0) current = null;
      prevIntro = null;
      continue;
    }
    if (tok.type !== 'inline') continue;
    if (depth > 0) {
      current.inlines.push(tok);
    } else {
      const unit = { inlines: [tok] };
      units.push(unit);
      prevIntro = /:\s*$/.test(tok.content) ? unit : null;
    }
  }
  for (const unit of units) {
    if (unit.inlines.some((t) => t.children?.some((c) => c.type === 'citation'))) continue;
    for (const t of unit.inlines) {
      const m = findFigure(t.content);
      if (m) {
        const newlines = (t.content.slice(0, m.index).match(/\n/g) ?? []).length;
        env.errors.push({
          line: env.baseLine + t.meta_line + newlines,
          message: `figure '${m[0].trim()}' without a citation in the same paragraph`,
        });
        break;
      }
    }
  }
}

// ---------------------------------------------------------------- the instance
function createMarkdown() {
  const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
  md.inline.ruler.before('escape', 'math_inline', mathInline);
  md.inline.ruler.before('link', 'citation', citation);
  wrapLinkRule(md);
  // Parse inline content with the line of its block known (for error lines).
  md.core.ruler.at('inline', (state) => {
    let line = 0;
    for (const tok of state.tokens) {
      if (tok.map) line = tok.map[0];
      if (tok.type !== 'inline') continue;
      tok.meta_line = line;
      state.env.blockLine = line;
      state.md.inline.parse(tok.content, state.md, state.env, tok.children);
    }
  });
  md.renderer.rules.math_inline = (tokens, idx) => tokens[idx].meta.html;
  md.renderer.rules.citation = renderCitation;
  // Tables scroll sideways on small screens instead of widening the page.
  md.renderer.rules.table_open = () => '<div class="table-scroll"><table>\n';
  md.renderer.rules.table_close = () => '</table></div>\n';
  // Code blocks scroll sideways on narrow screens: make them focusable so a
  // keyboard user can scroll them (axe: scrollable-region-focusable).
  const fence = md.renderer.rules.fence;
  md.renderer.rules.fence = (tokens, idx, options, env, self) =>
    fence(tokens, idx, options, env, self).replace(/^<pre>/, '<pre tabindex="0">');
  return md;
}

const md = createMarkdown();

export function renderMarkdown(src, { baseLine = 1, sources = [], inline = false } = {}) {
  const env = { baseLine, blockLine: 0, sources, errors: [], links: [] };
  let html;
  if (inline) {
    const tokens = md.parseInline(src, env);
    for (const t of tokens) t.meta_line = 0;
    html = md.renderer.render(tokens, md.options, env);
    checkFigures(tokens, env);
  } else {
    const tokens = md.parse(src, env);
    html = md.renderer.render(tokens, md.options, env);
    checkFigures(tokens, env);
  }
  return { html, errors: env.errors, links: env.links };
}

/** Plain text of a line of Markdown (for titles in <title> and aria labels). */
export function plainText(src) {
  const tokens = md.parseInline(src, { baseLine: 1, blockLine: 0, sources: [], errors: [], links: [] });
  const out = [];
  const walk = (list) => {
    for (const t of list) {
      if (t.type === 'text' || t.type === 'code_inline') out.push(t.content);
      else if (t.type === 'math_inline') out.push(t.content);
      if (t.children) walk(t.children);
    }
  };
  walk(tokens);
  return out.join('').trim();
}
