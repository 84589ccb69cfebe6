// passkey-exam: the graded exercise's examination (compute/passkey-exam.js) of
// the learner's own model — the weight file the training lab keeps when they
// press "Use this model" (or load with "Load weights…") — or of a shipped one.
//   args: { model: 'yours' | 'hmt-memory' | …, D, docs, seed }
//   → { D, N, docs, seed, correct, chars, whole, accuracy, low, high, saved: { step, task } | null }
// The weights are read here, in the core worker, from the browser's storage:
// nothing the page reports is trusted.
import { trainedModel, yourModelEntry } from '../trained-model.js';
import { examModel } from '../passkey-exam.js';

export default async function passkeyExam(core, args, { progress }) {
  const { model: name = 'yours', D, docs, seed } = args;
  const entry = name === 'yours' ? await yourModelEntry(core) : { model: await trainedModel(core, name), step: null, task: null };
  const result = examModel(core, entry.model, { D, docs, seed, progress });
  return { ...result, saved: name === 'yours' ? { step: entry.step ?? null, task: entry.task ?? null } : null };
}
