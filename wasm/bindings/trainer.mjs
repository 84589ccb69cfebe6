// The JavaScript API over the trainer module (lml_trainer.mjs, built from
// wasm/train by bindings_train.cpp). Same in the lab's workers and in node.
// One trainer per module instance. Every call validates in C++; a bad input
// throws an Error with the trainer's message and the module stays usable.
//
//   const t = wrapTrainer(await createLmlTrainer());
//   t.create(configJson, { start: 'weights', weights: bytes, resetMemory: true });
//   const report = t.step();        // { step, loss, accuracy: [per task], tasks: [{ kind, levels, level, ema }], … }
//   t.evaluate({ task: 'passkey', level: 1, docs: 64, seed: 7 });   // held-out documents
//   const bytes = t.weights();      // LMLW weight file (createHmtModel({ weights }) in the core)

function unwrap(result) {
  if (result && typeof result.error === 'string') throw new Error(result.error);
  return result;
}

export function wrapTrainer(mod) {
  const call = (name, ...args) => unwrap(mod[name](...args));
  return {
    /** A new run (replaces any previous one): → { parameters, groups, batch, step, plannedSteps, finished, tasks } */
    create: (configJson, opts = {}) => call('trainerCreate', String(configJson), opts),
    /** One training step (forward, backward, AdamW, curriculum) → the step's report */
    step: () => call('trainerStep'),
    /** Answer accuracy on held-out documents (never trained on): { accuracy, answerAccuracy, chars, docs } */
    evaluate: (opts = {}) => call('trainerEvaluate', opts),
    /** The current weights as a weight file (Uint8Array) */
    weights: () => call('trainerWeights'),
    /** The whole run's state (Uint8Array), and back */
    checkpoint: () => call('trainerCheckpoint'),
    restore: (bytes) => call('trainerRestore', bytes),
    /** The parameters in the trainer's layout (Float32Array) */
    params: () => call('trainerParams'),
    free: () => call('trainerFree'),
    // One step over several workers: helpers sync to the coordinator's state and run groups;
    // the coordinator adds every group's result in group order (finish).
    sync: (params, step, levels) => call('trainerSync', params, step, levels),
    runGroup: (group) => call('trainerRunGroup', group),
    finish: (groups) => call('trainerFinish', groups),
  };
}
