// The trained-memory widget's sentence on bits per byte reads right for every
// sign: memory that helps saves bits, memory that hurts "does not help here",
// and a difference under 0.05 bits per byte is none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoryWorth } from '../../web/widgets/common/memory-worth.js';

test('memory that helps, hurts or does nothing is said so, with both numbers', () => {
  assert.equal(memoryWorth(0.5, 3.25, 'the answer'), 'On the answer memory saves 2.75 bits per byte (0.50 bits per byte with memory, 3.25 ablated).');
  const hurts = memoryWorth(2.31, 2.15, 'the rest of the text');
  assert.equal(hurts, 'On the rest of the text memory does not help here: the model is 0.16 bits per byte less sure with it (2.31 bits per byte with memory, 2.15 ablated).');
  assert.doesNotMatch(hurts, /worth −/, 'never "worth −0.16 bits"');
  assert.match(memoryWorth(2.0, 2.03, 'the answer'), /^On the answer memory makes no difference \(2\.00 bits per byte with memory, 2\.03 ablated\)\.$/);
});
