// What memory is worth on some bytes, as a sentence that reads right whether
// it helps, hurts or does nothing (the trained-memory widget's bits per byte).
//   memoryWorth(memory, ablated, what) → text
//     memory, ablated: bits per byte with memory on and with it ablated; what: 'the answer', …
//   |ablated − memory| < 0.05 bits per byte counts as no difference.
import { fmt } from '../../lib/format.js';

export function memoryWorth(memory, ablated, what) {
  const gain = ablated - memory;
  const pair = `${fmt(memory, 2)} bits per byte with memory, ${fmt(ablated, 2)} ablated`;
  if (Math.abs(gain) < 0.05) return `On ${what} memory makes no difference (${pair}).`;
  if (gain > 0) return `On ${what} memory saves ${fmt(gain, 2)} bits per byte (${pair}).`;
  return `On ${what} memory does not help here: the model is ${fmt(-gain, 2)} bits per byte less sure with it (${pair}).`;
}
