// The training lab's run, from its settings: the trainer's config (the same
// JSON format as wasm/train/configs/*.json, so a lab run can be repeated with
// the native trainer: lml_train --config <this> --start-from <backbone>), and
// the checks a learner's setting deserves before it runs.
//   labConfig(o) → JSON text     labWarnings(o) → [text]
//   labWorkers(o, cores) → { workers, groups, cores, why }   how many workers share a step
//   o = { task: 'passkey' | 'kv', level (D or K), cache (N), probe: 'on' | 'off', lr, batch, seed, steps,
//         curriculum: 'on' | 'off', workers: 'auto' | 1 … 4 }
import { GEOMETRY } from './trained-model.js';

// The backbone every lab run starts from (web/models/backbone-lm.lmlw): the
// shipped model's sizes. A run from scratch uses the same sizes.
const MODEL = { dModel: 64, heads: 4, layers: 2, dFF: 256, dRetrieval: 64 };

// Documents per group: a step's documents run in groups of this many, the unit
// a step is shared out in over several workers.
export const LAB_GROUP = 8;
// The most workers a run uses (beyond this, on the lab's batches of at most 32
// documents, there are no groups left to share).
export const MAX_WORKERS = 4;

/**
 * How many workers a run uses: with o.workers 'auto', as many as the cores the
 * browser reports (navigator.hardwareConcurrency), at most MAX_WORKERS; never
 * more than the step has groups (a group is not split). why: the reason, in words.
 */
export function labWorkers(o, cores) {
  const groups = Math.max(1, Math.ceil(o.batch / LAB_GROUP));
  const c = Number.isFinite(cores) && cores >= 1 ? Math.floor(cores) : 1;
  const auto = o.workers === undefined || o.workers === 'auto';
  const asked = auto ? Math.min(c, MAX_WORKERS) : Math.max(1, Math.floor(Number(o.workers)));
  const workers = Math.min(asked, groups);
  const groupsText = `${groups} group${groups === 1 ? '' : 's'} of ${LAB_GROUP} documents`;
  let why;
  if (workers > 1) {
    why = `each runs ${groups === workers ? 'one' : 'a share'} of a step's ${groupsText}; the gradients are added in group order, so the weights are the same bits as with one worker`;
  } else if (groups === 1) {
    why = `a batch of ${o.batch} documents is one group of at most ${LAB_GROUP}, which is not split`;
  } else if (auto) {
    why = `this browser reports ${c} core${c === 1 ? '' : 's'}`;
  } else {
    why = 'as chosen';
  }
  if (workers > 1 && asked > workers) why += ` (${asked} asked for, but there are only ${groupsText})`;
  return { workers, groups, cores: c, why };
}

/** The levels a run trains on: with the curriculum 0 (or 1 for kv) up to the chosen level, doubling. */
export function labLevels(o) {
  const top = Math.max(o.task === 'kv' ? 1 : 0, o.level);
  if (o.curriculum !== 'on') return [top];
  const levels = [];
  for (let v = o.task === 'kv' ? 1 : 0; v < top; v = Math.max(1, v * 2)) levels.push(v);
  return [...levels, top];
}

export function labConfig(o) {
  const config = {
    name: 'lab',
    seed: o.seed,
    init: 'unit',
    model: MODEL,
    hmt: { L: GEOMETRY.segmentLength, j: GEOMETRY.summaryLength, k: GEOMETRY.sensoryLength, N: o.cache, retrieval: true },
    tasks: { [o.task]: labLevels(o) },
    leadMax: 0,
    advance: 0.9,
    emaDecay: 0.9,
    replay: 0.25,
    batch: o.batch,
    group: LAB_GROUP,
    maxSteps: o.steps,
    finalSteps: 0,
    lr: o.lr,
    lrMin: o.lr / 10,
    beta1: 0.9,
    beta2: 0.95,
    eps: 1e-8,
    weightDecay: 0.01,
    clip: 1.0,
    warmup: 20,
    loss: { answer: 1.0, lm: 0.1, probe: o.probe === 'on' ? 1.0 : 0.0, aux: 0.1 },
    probeSteps: 1000000,
    threads: 1,
    checkpointEvery: 50,
    logEvery: 10,
  };
  return JSON.stringify(config, null, 2);
}

/** Settings that will not teach what the learner may expect, in plain words with the numbers. */
export function labWarnings(o) {
  const out = [];
  const back = o.task === 'kv' ? o.level : o.level + 1;  // how many memories back the fact sits at the question
  if (o.cache < back) {
    out.push(`The fact's memory will have left the cache before the question: it sits ${back} memories back and the cache keeps N = ${o.cache}. The search cannot find it, so expect chance.`);
  }
  if (o.lr >= 0.1) out.push(`A learning rate of ${o.lr} is far above the 0.003 the course's models were trained with: expect the loss to jump or become NaN.`);
  return out;
}
