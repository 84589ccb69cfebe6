// multihead-example: multi-head attention of the seeded example
// (compute/multihead-example.js), generated in the worker.
//   args: { tokens, dModel, heads, causal, seed }
//   → { q, concat, out, weights: heads × [n, n] }   (what the widget draws; X and W stay here)
import { multiHeadExample } from '../multihead-example.js';

export default function multiheadExampleJob(core, args) {
  const { q, concat, out, weights } = multiHeadExample(core, args);
  return { q, concat, out, weights };
}
