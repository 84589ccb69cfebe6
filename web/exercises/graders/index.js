// Every grader by the name exercise files use in `grader:`.
import cacheSize from './cache-size.js';
import causalMask from './causal-mask.js';
import hmtStream from './hmt-stream.js';
import lm2Update from './lm2-update.js';
import mergeHeads from './merge-heads.js';
import multiHead from './multi-head.js';
import retrieval from './retrieval.js';
import ringBuffer from './ring-buffer.js';
import saturation from './saturation.js';
import scaledDotProduct from './scaled-dot-product.js';
import segmentSensory from './segment-sensory.js';
import softmaxRows from './softmax-rows.js';
import splitHeads from './split-heads.js';
import summaryIndex from './summary-index.js';

export const graders = Object.fromEntries(
  [cacheSize, causalMask, hmtStream, lm2Update, mergeHeads, multiHead, retrieval, ringBuffer, saturation, scaledDotProduct,
    segmentSensory, softmaxRows, splitHeads, summaryIndex].map((g) => [g.name, g]),
);

/** The grader of that name, or undefined. */
export function graderFor(name) {
  return Object.hasOwn(graders, name) ? graders[name] : undefined;
}
