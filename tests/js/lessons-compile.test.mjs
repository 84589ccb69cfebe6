// The lesson compiler on the real lessons/ and on the clean fixture: structure,
// rendered math, citations, cross-links, widgets and exercises.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileCourse } from '../../scripts/lessons/course.mjs';
import { compileLesson } from '../../scripts/lessons/lesson.mjs';
import { parseFrontMatter, splitFrontMatter } from '../../scripts/lessons/frontmatter.mjs';
import { renderMarkdown } from '../../scripts/lessons/markdown.mjs';
import { coursePlugin } from '../../scripts/lessons/vite-plugin.mjs';
import { widgets, widgetSpec, parseOption, defaultOptions } from '../../web/widgets/registry.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const { course } = compileCourse({ root: repo });
const clean = compileCourse({ root: path.join(here, 'fixtures', 'lessons', 'clean') });

/** html without code, pre and KaTeX's MathML annotations (which hold the TeX source). */
const prose = (html) => html
  .replace(/<pre[\s\S]*?<\/pre>/g, '')
  .replace(/<code[\s\S]*?<\/code>/g, '')
  .replace(/<annotation[\s\S]*?<\/annotation>/g, '');

const htmlOf = (block) => block.html ?? '';

test('every lesson has an id, a title, a unit and panes with content, in course order', () => {
  assert.ok(course.lessons.length >= 1);
  const ids = course.lessons.map((l) => l.id);
  assert.equal(new Set(ids).size, ids.length, 'lesson ids are unique');
  const orders = course.lessons.map((l) => l.order);
  assert.deepEqual(orders, [...orders].sort((a, b) => a - b));
  for (const l of course.lessons) {
    assert.match(l.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    assert.ok(l.title && l.unit, `${l.id}: title and unit`);
    assert.ok(l.panes.length >= 1, `${l.id}: has panes`);
    assert.ok(l.objectives.length >= 1, `${l.id}: has objectives`);
    l.panes.forEach((p, i) => {
      assert.ok(p.title.trim(), `${l.id} pane ${i + 1}: title`);
      assert.ok(p.blocks.length >= 1, `${l.id} pane ${i + 1}: blocks`);
      for (const b of p.blocks) assert.ok(['html', 'math', 'widget', 'exercise', 'code-tabs', 'note', 'warning'].includes(b.type), b.type);
    });
  }
  const inUnits = course.units.flatMap((u) => u.lessons);
  assert.deepEqual([...inUnits].sort(), [...ids].sort(), 'every lesson is in exactly one unit');
});

test('math is rendered by KaTeX at build time and parses everywhere', () => {
  let display = 0;
  let inline = 0;
  for (const l of course.lessons) {
    for (const p of l.panes) {
      for (const b of p.blocks) {
        if (b.type === 'math') {
          display++;
          assert.match(b.html, /class="katex-display"/, `${l.id}: display math rendered`);
          assert.match(b.html, /<math xmlns="http:\/\/www\.w3\.org\/1998\/Math\/MathML"/, 'with MathML for screen readers');
        }
        const html = htmlOf(b) + p.titleHtml;
        assert.doesNotMatch(html, /class="math-error"/, `${l.id}: no math that failed to parse`);
        inline += (html.match(/class="katex"/g) ?? []).length;
        // No $…$ left over in prose: every inline formula became KaTeX.
        assert.doesNotMatch(prose(htmlOf(b)), /\$[^\s$][^$]*[^\s$]\$(?!\d)/, `${l.id}: unrendered $…$`);
      }
    }
  }
  assert.ok(display > 0 && inline > 0);
});

test('citations link to the lesson sources; cross-links become hash routes to existing panes', () => {
  for (const l of course.lessons) {
    const ids = new Set(l.sources.map((s) => s.id));
    for (const p of l.panes) {
      for (const b of p.blocks) {
        for (const [, id] of htmlOf(b).matchAll(/class="cite" href="#source-([^"]+)"/g)) assert.ok(ids.has(id), `${l.id}: cites ${id}`);
        assert.doesNotMatch(htmlOf(b), /href="lesson:/, `${l.id}: lesson: links are rewritten`);
        for (const [, target, pane] of htmlOf(b).matchAll(/href="#\/([a-z0-9-]+)\/(\d+)"/g)) {
          const t = course.lessons.find((x) => x.id === target);
          assert.ok(t && Number(pane) >= 1 && Number(pane) <= t.panes.length, `${l.id}: link to ${target}/${pane}`);
        }
      }
    }
  }
});

test('widget blocks name registered widgets with valid options', () => {
  for (const l of course.lessons) {
    for (const p of l.panes) {
      for (const b of p.blocks.filter((x) => x.type === 'widget')) {
        assert.ok(widgetSpec(b.name), `${l.id}: widget ${b.name} is registered`);
        for (const [k, v] of Object.entries(b.options)) assert.equal(parseOption(b.name, k, v).value, v, `${l.id}: ${b.name}.${k}`);
      }
    }
  }
});

test('a widget use may narrow its controls to the ideas taught so far; unknown names are authoring errors', () => {
  const heat = (id) => course.lessons.find((l) => l.id === id).panes.flatMap((p) => p.blocks).filter((b) => b.name === 'attention-heatmap');
  assert.deepEqual(heat('why-long-memory')[0].controls, ['text', 'seed'], 'lesson 1 offers no mask, temperature or recency yet');
  assert.ok(heat('heatmaps-masks').some((b) => b.controls?.includes('causal')));
  const text = ['---', 'id: t', 'title: T', 'unit: U', 'order: 99', 'objectives: [a]', '---', '## P', ':::widget attention-heatmap', 'controls: tokens, colour', ':::', ''].join('\n');
  const { errors } = compileLesson('t.md', text);
  assert.ok(errors.some((e) => /controls of widget 'attention-heatmap' name unknown options: colour/.test(e.message)), JSON.stringify(errors));
});

test('every embedded exercise resolves to a compiled exercise of that lesson', () => {
  for (const l of course.lessons) {
    for (const p of l.panes) {
      for (const b of p.blocks.filter((x) => x.type === 'exercise')) {
        const ex = course.exercises[b.id];
        assert.ok(ex, `${l.id}: exercise ${b.id} has a file`);
        assert.equal(ex.lesson, l.id, `${b.id} belongs to ${l.id}`);
      }
    }
  }
});

test('compiled exercises have the fields the exercise runner reads', () => {
  const fields = ['id', 'lesson', 'kind', 'title', 'grader', 'entry', 'params', 'tolerance', 'answer', 'choices', 'multiple',
    'units', 'widget', 'prompt', 'starter', 'solution', 'partial', 'hints', 'explanation', 'file'];
  for (const ex of [...Object.values(course.exercises), ...Object.values(clean.course.exercises)]) {
    for (const f of fields) assert.ok(Object.hasOwn(ex, f), `${ex.id}: field ${f}`);
    assert.ok(['numeric', 'choice', 'code', 'experiment'].includes(ex.kind), `${ex.id}: kind`);
    assert.equal(typeof ex.prompt, 'string');
    assert.ok(Array.isArray(ex.hints));
    if (ex.kind === 'code') assert.ok(ex.starter && ex.solution && ex.entry, `${ex.id}: starter, solution, entry`);
  }
  const ex = clean.course.exercises;
  assert.deepEqual(ex['pick-one'].answer, [1]);
  assert.equal(ex['pick-one'].multiple, false);
  assert.equal(ex['pick-one'].choices.length, 2);
  assert.match(ex['pick-one'].choices[1], /class="katex"/, 'choices are inline html with math');
  assert.match(ex['pick-one'].explanation, /The second/);
  assert.equal(ex['square-root'].answer, 8);
  assert.deepEqual(ex['square-root'].tolerance, { atol: 0.01 });
  assert.equal(ex['square-root'].hints.length, 2);
  assert.equal(ex['write-code'].starter, 'function softmax(rows) {\n}');
  assert.match(ex['write-code'].solution, /return rows;/);
  assert.match(ex['write-code'].partial, /\/\/ …/);
  assert.deepEqual(ex['write-code'].params, { rows: 3, cols: [4, 8] });
  assert.deepEqual(ex['write-code'].tolerance, { atol: 1e-5, rtol: 1e-4 });
  assert.equal(ex['write-code'].language, 'js');
  assert.equal(ex['measure-it'].widget, 'attention-heatmap');
  assert.deepEqual(ex['measure-it'].params, { dk: 64 });
  assert.equal(ex['measure-it'].file, 'lessons/exercises/measure-it.md');
});

test('lesson 2 "Self-attention step by step": panes, widgets, exercises, source', () => {
  const l = course.lessons.find((x) => x.id === 'self-attention');
  assert.ok(l);
  assert.equal(l.order, 2);
  assert.equal(l.unit, 'Foundations');
  assert.ok(l.panes.length >= 5 && l.panes.length <= 7, `${l.panes.length} panes`);
  assert.ok(l.sources.some((s) => /1706\.03762/.test(s.text)));
  const blocks = l.panes.flatMap((p) => p.blocks);
  const widgetsUsed = blocks.filter((b) => b.type === 'widget').map((b) => b.name);
  assert.ok(widgetsUsed.includes('equation-stepper'));
  assert.equal(l.panes.at(-1).blocks.filter((b) => b.type === 'widget').at(-1)?.name, 'attention-heatmap', 'ends with the heatmap');
  assert.deepEqual(blocks.filter((b) => b.type === 'exercise').map((b) => b.id), ['sqrt-dk-numeric', 'softmax-stable', 'scaled-dot-product']);
  assert.ok(blocks.some((b) => /§3\.2\.1/.test(htmlOf(b))), 'cites §3.2.1');
});

test('the clean fixture compiles to the expected blocks', () => {
  assert.deepEqual(clean.errors, []);
  const [first] = clean.course.lessons;
  const types = first.panes[0].blocks.map((b) => b.type);
  assert.deepEqual(types, ['html', 'math', 'widget', 'note']);
  const w = first.panes[0].blocks[2];
  assert.deepEqual(w, { type: 'widget', name: 'attention-heatmap', options: { tokens: 6, dk: 8, causal: true, temperature: 0.5 } });
  const html = first.panes[0].blocks[0].html;
  assert.match(html, /href="#\/second\/2"/);
  assert.match(html, /<a class="cite" href="#source-vaswani2017"[^>]*>1, §3\.2\.1<\/a>/);
  assert.match(html, /costs \$5 and \$6/, 'dollar amounts are not math');
  // A code block hides ':::' and '## ' lines.
  assert.equal(first.panes.length, 2);
  assert.match(first.panes[1].blocks[0].html, /## not a pane/);
});

test('front matter: lists, lists of maps, inline maps, comments and quotes', () => {
  const text = [
    '---',
    'id: x   # a comment',
    'title: "HMT I: segments # not a comment"',
    "name: 'it''s'",
    'tags: [a, "b, c", 3]',
    'tol: { atol: 1e-5, rtol: 0.5 }',
    'list:',
    '  - one',
    '  - two',
    'maps:',
    '  - id: a',
    '    text: A',
    '  - id: b',
    '    text: "B: with a colon"',
    'nested:',
    '  n: 4',
    '  shapes: [[1, 2], [3, 4]]',
    'title2: C# basics',
    '---',
    'body',
  ].join('\n');
  const split = splitFrontMatter(text);
  const { data, errors, lines } = parseFrontMatter(split.header);
  assert.deepEqual(errors, []);
  assert.deepEqual(JSON.parse(JSON.stringify(data)), {
    id: 'x',
    title: 'HMT I: segments # not a comment',
    name: "it's",
    tags: ['a', 'b, c', 3],
    tol: { atol: 1e-5, rtol: 0.5 },
    list: ['one', 'two'],
    maps: [{ id: 'a', text: 'A' }, { id: 'b', text: 'B: with a colon' }],
    nested: { n: 4, shapes: [[1, 2], [3, 4]] },
    title2: 'C# basics',
  });
  assert.equal(lines.maps, 10);
  assert.equal(data.maps[1].__line, 13);
  assert.deepEqual(data.list.__lines, [8, 9]);
  assert.equal(split.bodyStart, 20);
});

test('front matter errors are YAML errors at the line of the file they are on', () => {
  const text = ['---', 'id: x', 'title: one', 'title: two', 'note: B: an unquoted colon', 'list:', '\t- tab', '---', 'body'].join('\n');
  const { errors } = parseFrontMatter(splitFrontMatter(text).header);
  const at = (line) => errors.filter((e) => e.line === line).map((e) => e.message).join(' | ');
  assert.match(at(4), /unique/i, JSON.stringify(errors));
  assert.match(at(5), /mapping/i, JSON.stringify(errors));
  assert.match(at(7), /tab/i, JSON.stringify(errors));
  assert.ok(errors.every((e) => e.message.startsWith('front matter: ')));
});

test('markdown: inline math, escaped dollars, citations and errors with their lines', () => {
  const r = renderMarkdown('a $x^2$ b\n\\$5 and $\\bad$\n[@s, p. 3]', { baseLine: 10, sources: [{ id: 's', text: 'S' }] });
  assert.match(r.html, /class="katex"/);
  assert.match(r.html, /\$5/);
  assert.deepEqual(r.errors, [{ line: 11, message: 'math does not parse: Undefined control sequence: \\bad (at position 0)' }]);
  assert.match(r.html, />1, p\. 3<\/a>/);
});

test('registry: every widget has typed options with defaults inside their ranges', () => {
  for (const [name, spec] of Object.entries(widgets)) {
    assert.ok(spec.description, `${name}: description`);
    for (const [k, o] of Object.entries(spec.options)) {
      assert.ok(['int', 'number', 'bool', 'enum', 'string'].includes(o.type), `${name}.${k}: type`);
      assert.equal(parseOption(name, k, o.default).value, o.default, `${name}.${k}: default ${o.default} is valid`);
      if (o.type === 'enum') {
        assert.equal(parseOption(name, k, String(o.values.at(-1))).value, o.values.at(-1));
        assert.ok(parseOption(name, k, '__nope__').error);
      }
      if (o.min !== undefined) assert.ok(parseOption(name, k, String(o.min - 1)).error, `${name}.${k}: below min`);
    }
    assert.deepEqual(Object.keys(defaultOptions(name)), Object.keys(spec.options));
  }
  for (const name of ['equation-stepper', 'attention-heatmap', 'scaling-plot', 'multihead-heatmaps', 'quadratic-timing',
    'model-timeline', 'segment-stream', 'summary-builder', 'retrieval-bars', 'memory-pyramid', 'stream-race', 'lm2-gates', 'kernel-bench']) {
    assert.ok(widgetSpec(name), `${name} is registered`);
  }
});

test('the vite plugin serves the compiled course as a module', () => {
  const plugin = coursePlugin({ root: path.join(here, 'fixtures', 'lessons', 'clean') });
  const id = plugin.resolveId('virtual:course');
  const warnings = [];
  const code = plugin.load.call({ addWatchFile() {}, warn: (w) => warnings.push(w) }, id);
  const json = JSON.parse(code.replace(/^export default /, '').replace(/;\s*$/, ''));
  assert.equal(json.lessons.length, 2);
  assert.deepEqual(Object.keys(json.exercises).sort(), ['measure-it', 'pick-one', 'square-root', 'write-code']);
  assert.deepEqual(warnings, []);
});

test('the site build stops with a clear message when the core has not been built', async () => {
  const { requireCore } = await import('../../vite.config.js');
  const fs = await import('node:fs');
  const os = await import('node:os');
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'lml-no-core-'));
  try {
    let message = null;
    requireCore(empty).buildStart.call({ error: (m) => { message = m; } });
    assert.match(message, /^missing build\/wasm-relaxed\/lml_core\.mjs/);
    for (const v of ['relaxed', 'simd', 'scalar']) assert.ok(message.includes(`build/wasm-${v}/lml_core.wasm`), `${v} named in: ${message}`);
    assert.match(message, /scripts\/build-core\.sh/);
    let ok = true;
    requireCore(repo).buildStart.call({ error: () => { ok = false; } });
    assert.ok(ok, 'the repository has the core built');
  } finally {
    fs.rmSync(empty, { recursive: true, force: true });
  }
});

test('directives are a table of specs: each has a doc, an argument and a body rule; unknown ones and stray arguments are reported at their line', async () => {
  const { DIRECTIVE_SPECS } = await import('../../scripts/lessons/directives.mjs');
  const { compileLesson } = await import('../../scripts/lessons/lesson.mjs');
  assert.deepEqual(DIRECTIVE_SPECS.map((d) => d.name), ['math', 'widget', 'exercise', 'code-tabs', 'note', 'warning']);
  for (const d of DIRECTIVE_SPECS) {
    assert.ok(d.doc && ['none', 'required', 'optional'].includes(d.arg) && ['none', 'text', 'options'].includes(d.body) && typeof d.run === 'function', d.name);
  }
  const text = ['---', 'id: t', 'title: T', 'unit: U', 'order: 1', 'objectives: [o]', 'sources: []', '---', '## One', '', ':::math extra', 'x^2', ':::', '', ':::aside', 'hi', ':::', ''].join('\n');
  const { lesson, errors } = compileLesson('01-t.md', text);
  assert.deepEqual(errors.map((e) => [e.line, e.message]), [
    [11, "':::math' takes no argument, got 'extra'"],
    [15, "unknown directive ':::aside' (known: math, widget, exercise, code-tabs, note, warning)"],
  ]);
  assert.equal(lesson.panes[0].blocks[0].type, 'math');
});

test('code shown to learners: every C++ block is a code-tabs block beside PyTorch-style code, and its C++ is in the core sources', async () => {
  const fs = await import('node:fs');
  const sources = [];
  const walk = (dir) => {
    for (const f of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, f.name);
      if (f.isDirectory()) walk(p);
      else if (/\.(cpp|hpp)$/.test(f.name)) sources.push(fs.readFileSync(p, 'utf8'));
    }
  };
  walk(path.join(repo, 'wasm', 'core'));
  // compare with all whitespace squeezed out: the lessons may break long lines
  const squeeze = (s) => s.replace(/\/\/|\s+/g, '');
  const core = squeeze(sources.join('\n'));
  const decode = (html) => html.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  let tabs = 0;
  for (const l of course.lessons) {
    for (const b of l.panes.flatMap((p) => p.blocks)) {
      if (b.type === 'html') assert.doesNotMatch(b.html, /language-cpp/, `${l.id}: C++ outside ':::code-tabs'`);
      if (b.type !== 'code-tabs') continue;
      tabs++;
      assert.deepEqual(b.tabs.map((t) => [t.lang, t.runs]), [['cpp', true], ['python', false]], `${l.id}: C++ (runs) then PyTorch style`);
      const cpp = decode(b.tabs[0].html);
      // the comment lines a lesson adds ("line breaks added") aside, each line is the core's
      for (const line of cpp.split('\n').filter((x) => x.trim() !== '')) {
        assert.ok(core.includes(squeeze(line)), `${l.id}: '${line.trim()}' is in wasm/core`);
      }
      assert.match(decode(b.tabs[1].html), /torch\./, `${l.id}: the PyTorch tab uses torch`);
    }
  }
  assert.ok(tabs >= 5, `${tabs} code-tabs blocks`);
  const bad = ['---', 'id: t', 'title: T', 'unit: U', 'order: 99', 'objectives: [a]', 'sources: []', '---', '## P',
    ':::code-tabs', '```python', 'x = 1', '```', '```rust', 'fn f() {}', '```', ':::', ''].join('\n');
  const messages = compileLesson('t.md', bad).errors.map((e) => `${e.line}: ${e.message}`);
  assert.ok(messages.some((m) => /^14: ':::code-tabs' knows the languages cpp, python, got 'rust'/.test(m)), messages.join('\n'));
  assert.ok(messages.some((m) => /^10: ':::code-tabs' needs one ```cpp block/.test(m)), messages.join('\n'));
});
