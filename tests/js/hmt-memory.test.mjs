// HMT streaming keeps memory flat: with the default sizes (d_model 64, 4 heads,
// 2 layers, L 128, j 64, k 16, N 300), the wasm heap after 100k tokens is the
// same as after 10k, within one segment's worth of bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { core } from './core-helpers.mjs';

test('the heap high-water mark after 100k tokens equals the one after 10k (within one segment)', async () => {
  const c = await core('simd');
  const model = c.createHmtModel({ seed: 1 });
  const s = c.createHmtStream({ model });
  const chunk = new Uint8Array(1000);
  for (let i = 0; i < chunk.length; i++) chunk[i] = 97 + ((i * 7) % 26);
  const feed = (tokens) => {
    for (let done = 0; done < tokens; done += chunk.length) s.feed(chunk);
  };
  feed(10_000);
  const at10k = c.memory();
  feed(90_000);
  const at100k = c.memory();
  const stats = s.stats();
  assert.equal(stats.tokens, 99_968); // 781 full segments of 128; 32 bytes pending
  assert.equal(stats.cached, 300);
  // One segment's worth: its L × d_model float32 token embeddings.
  const segmentBytes = 128 * 64 * 4;
  assert.equal(at100k.heap, at10k.heap, `wasm memory grew from ${at10k.heap} to ${at100k.heap}`);
  assert.ok(at100k.footprint - at10k.footprint <= segmentBytes,
    `malloc's high-water mark grew by ${at100k.footprint - at10k.footprint} bytes (> ${segmentBytes})`);
  assert.ok(at100k.inUse - at10k.inUse <= segmentBytes, `bytes in use grew by ${at100k.inUse - at10k.inUse}`);
  s.delete();
  model.delete();
});
