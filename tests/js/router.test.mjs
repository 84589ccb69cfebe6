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
