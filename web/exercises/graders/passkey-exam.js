// passkey-exam: the training lab's graded exercise. The learner trains a model
// in the lab (lesson 10, "Train it yourself"), keeps it with "Use this model"
// (or loads a weight file with "Load weights…"), and names a distance D ≥ 2.
// The grader examines the weights the lab stored — read in the core worker
// (job 'passkey-exam'), never a number the page reports — on EXAM.docs fresh
// passkey documents at that D, from a seed drawn per submission above every
// seed a widget offers (compute/passkey-exam.js), with the cache N the model
// was trained with. It passes at a digit accuracy of at least EXAM.bar and
// says the measured accuracy with its 95% interval either way.
import { EXAM, examSeed } from '../../compute/passkey-exam.js';
import { parseNumber } from '../grade-answer.js';
import { freshSeed } from './util.js';

const three = (x) => x.toFixed(3);
const verdict = (status, message) => ({ status, message, tests: [{ name: 'your model', status, message, output: '' }] });

/** The verdict's sentences from an examination (the job's result) → { status, message }. */
export function examVerdict(r) {
  const who = r.saved ? `your model${r.saved.step ? ` (saved at step ${r.saved.step.toLocaleString('en-US')})` : ' (a loaded weight file)'}` : 'the model';
  const measured = `${who} answers ${three(r.accuracy)} of the digits right (95% interval ${three(r.low)}–${three(r.high)}) on ${r.docs} fresh passkey documents at D = ${r.D}, with its cache N = ${r.N}`;
  const seeds = `documents from seed ${r.seed.toLocaleString('en-US')} on, which no widget shows`;
  if (r.accuracy >= EXAM.bar) {
    const edge = r.low < EXAM.bar ? ` The interval reaches below ${EXAM.bar.toFixed(2)}: other documents could fail it; a few more training steps make it certain.` : '';
    return { status: 'pass', message: `Correct: ${measured} (${seeds}); the bar is ${EXAM.bar.toFixed(2)}.${edge}` };
  }
  const why = [];
  if (r.D + 1 > r.N) {
    why.push(`At D = ${r.D} the fact's memory sits ${r.D + 1} memories back when the question comes, and this model's cache keeps N = ${r.N}: the search cannot reach it. Train with a larger cache, or choose a smaller D.`);
  } else if (r.high < 0.2) {
    why.push('That is chance (0.10): the memory does not carry the fact yet.');
  }
  if (r.saved?.task === 'kv') why.push('This model was trained on the kv task; the examination asks passkey questions.');
  if (r.high >= EXAM.bar) why.push(`The interval reaches ${EXAM.bar.toFixed(2)}: a few more training steps should pass.`);
  return { status: 'fail', message: `Not yet: ${measured}; the bar is ${EXAM.bar.toFixed(2)}.${why.length ? ` ${why.join(' ')}` : ''}` };
}

export default {
  name: 'passkey-exam',
  kind: 'experiment',
  lead: { use: 'Train with', then: 'keep the model with “Use this model” and name' },
  fields: () => [{ key: 'D', label: `The distance D your model answers at (${EXAM.minD} to ${EXAM.maxD})`, units: '' }],
  /**
   * Examines the learner's stored weights at their D. seed: the first document's seed (a fresh
   * one per submission unless given: the tests fix it); model: 'yours' unless given (the tests).
   */
  async grade(core, { inputs, seed = examSeed(freshSeed()), model = 'yours' } = {}) {
    const p = parseNumber(inputs?.D);
    if (p.error) return verdict('error', `D: ${p.error}`);
    const D = p.value;
    if (!Number.isInteger(D) || D < EXAM.minD || D > EXAM.maxD) {
      return verdict('error', `D must be a whole number from ${EXAM.minD} to ${EXAM.maxD} (the fact D segments before its question), got ${D}.`);
    }
    let r;
    try {
      r = await core.run('passkey-exam', { model, D, docs: EXAM.docs, seed });
    } catch (err) {
      return verdict('error', err?.message ?? String(err));
    }
    const v = examVerdict(r);
    return verdict(v.status, v.message);
  },
};
