// Hash routes (web/app/router.js) in node: malformed percent-escapes never throw.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHash, lessonHash } from '../../web/app/router.js';

test('a broken percent-escape in the hash is kept as typed instead of throwing "URI malformed"', () => {
  const pane = parseHash('#/self-attention/%E0%A4%A');
  assert.equal(pane.view, 'lesson');
  assert.equal(pane.lesson, 'self-attention');
  assert.ok(Number.isNaN(pane.pane), 'an unreadable pane number is NaN (the lesson view shows pane 1)');
  const lesson = parseHash('#/%E0%A4%A/2');
  assert.equal(lesson.lesson, '%E0%A4%A', 'an unreadable lesson id reaches the not-found page as typed');
  assert.equal(parseHash('#/caf%C3%A9/1').lesson, 'café', 'valid escapes still decode');
  assert.equal(lessonHash('self-attention', 3, new URLSearchParams('a.b=1')), '#/self-attention/3?a.b=1');
});

test('#/glossary is the glossary, #/glossary/<term> the glossary at a term; other first parts stay lessons', () => {
  assert.deepEqual(parseHash('#/glossary'), { view: 'glossary', term: null });
  assert.deepEqual(parseHash('#/glossary/perplexity'), { view: 'glossary', term: 'perplexity' });
  assert.equal(parseHash('#/glossary-of-terms/1').view, 'lesson');
});

test('widget settings in the address stay small: text past URL_TEXT_MAX is not written, text past a field\'s limit is refused', async () => {
  const { writeWidgetState, readWidgetState, refusedWidgetState } = await import('../../web/app/url-state.js');
  const { URL_TEXT_MAX, maxLengthOf, widgetSpec } = await import('../../web/widgets/registry.js');
  const max = maxLengthOf(widgetSpec('attention-heatmap').options.text);
  const base = { text: '', seed: 1 };
  const short = writeWidgetState(new URLSearchParams(), 'attention-heatmap', { text: 'a b c', seed: 2 }, base);
  assert.equal(short.get('attention-heatmap.text'), 'a b c');
  const long = writeWidgetState(short, 'attention-heatmap', { text: 'w '.repeat(URL_TEXT_MAX), seed: 3 }, base);
  assert.equal(long.get('attention-heatmap.text'), null, 'long text is left out (and the short one it replaced is gone)');
  assert.equal(long.get('attention-heatmap.seed'), '3');
  const q = new URLSearchParams({ 'attention-heatmap.text': 'x'.repeat(max + 1) });
  assert.deepEqual(readWidgetState(q, 'attention-heatmap', 'attention-heatmap'), {});
  assert.match(refusedWidgetState(q, 'attention-heatmap', 'attention-heatmap')[0].error, new RegExp(`takes at most ${max} characters, got ${max + 1}`));
});
