// ring-buffer: read HMT's long-term cache, a ring buffer of N slots, in order.
//   readRing(slots [N] of memories (or null when empty), next, size) → [size] memories, oldest first
//   memory number t (from 0) is written to slot t mod N; `next` is the slot the
//   next memory goes to; size = min(memories written, N). The oldest memory is
//   in slot (next − size) mod N.
// Expected values: the memories as they were pushed, the last N of them — the
// list the ring buffer stands for (no core function is involved).
import { codeCase, codeGrader } from './code-grader.js';
import { randn } from './util.js';

/** Writes `memories` one by one into a ring of N slots: { slots, next, size, lastN }. */
export function fillRing(memories, N) {
  const slots = new Array(N).fill(null);
  let next = 0, size = 0;
  for (const m of memories) {
    slots[next] = m;
    next = (next + 1) % N;
    size = Math.min(size + 1, N);
  }
  return { slots, next, size, lastN: memories.slice(Math.max(0, memories.length - N)) };
}

/** The reference read, as a learner would write it. */
export function readRingRef(slots, next, size) {
  const N = slots.length;
  return Array.from({ length: size }, (_, i) => slots[(next - size + i + N) % N]);
}

function caseOf(label, memories, N) {
  const r = fillRing(memories, N);
  return codeCase(label, [r.slots, r.next, r.size], r.lastN);
}

const seq = (count, d) => Array.from({ length: count }, (_, t) => Array.from({ length: d }, (_, c) => 10 * (t + 1) + c));

export default codeGrader({
  name: 'ring-buffer',
  tolerance: { atol: 0, rtol: 0 },
  count: 7,
  makeVisible: async () => [
    caseOf('N = 4, 3 memories written (not full)', seq(3, 2), 4),
    caseOf('N = 3, 5 memories written (wrapped)', seq(5, 2), 3),
  ],
  makeHidden: async (core, rng, i) => {
    const N = [1, rng.int(2, 6), rng.int(2, 6), rng.int(2, 6), rng.int(2, 8), rng.int(2, 8), rng.int(2, 8)][i];
    const count = [rng.int(3, 6), 0, N, 2 * N, N + 1, rng.int(1, N), rng.int(N + 1, 4 * N)][i];
    const d = rng.int(1, 4);
    const memories = count ? await randn(core, rng.seed(), count, d) : [];
    return caseOf(`N = ${N}, ${count} memories written`, memories, N);
  },
});
