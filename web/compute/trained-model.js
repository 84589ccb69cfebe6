// The trained HMT in the core worker: the weight files in web/models/ (made by
// `npm run train`, evaluated by `npm run eval`), fetched from this site once per
// worker and turned into core models; and the learner's own model, which the
// training lab keeps in IndexedDB (YOURS_KEY) when they press "Use this model".
//   trainedModel(core, name) → Promise<model>   name: 'hmt-memory' | 'hmt-retrieval-off' | 'recurrent-s1' |
//                                               'hmt-s1' | 'full-s1' (comparison models, web/models/zoo/) | 'yours'
//   yourModelEntry(core) → Promise<{ model, step, task, savedAt }>   'yours' with what the lab kept beside it
//   segmentGeometry(model) → { segmentLength, summaryLength, sensoryLength }   read from the weight file
//   GEOMETRY   the segment geometry the shipped models were trained with (L, j, k), for code that
//              needs it before a model is loaded (the training lab's config); the tests check it
//              against the weight files
//   TRAINED_N  the cache size they were trained with
// Documents come from core.makeTaskDocument / model.answer with these sizes, so
// the page, the native evaluation and the tests make the same bytes from a seed.
import { idbGet } from '../lib/idb.js';

export const GEOMETRY = { segmentLength: 64, summaryLength: 32, sensoryLength: 8 };
export const TRAINED_N = 12;

const URLS = {
  'hmt-memory': new URL('../models/hmt-memory.lmlw', import.meta.url),
  'hmt-retrieval-off': new URL('../models/hmt-retrieval-off.lmlw', import.meta.url),
  'hmt-s1': new URL('../models/zoo/hmt-s1.lmlw', import.meta.url),
  'recurrent-s1': new URL('../models/zoo/recurrent-s1.lmlw', import.meta.url),
  'full-s1': new URL('../models/zoo/full-s1.lmlw', import.meta.url),
};

/**
 * The segment geometry a trained model was trained with, from its weight file. A file without it
 * (a learner's weights saved before files recorded their geometry) was made by the lab, which
 * trains with the shipped geometry: GEOMETRY.
 */
export function segmentGeometry(model) {
  const g = model.geometry;
  if (!g) return { ...GEOMETRY };
  return { segmentLength: g.segmentLength, summaryLength: g.summaryLength, sensoryLength: g.sensoryLength };
}

const loading = new Map();

/** Where the training lab keeps the model the learner chose: { bytes (a weight file), step, task, savedAt }. */
export const YOURS_KEY = 'training-lab/weights';
let yours = null;  // { savedAt, step, task, model }

async function yourModel(core) {
  return (await yourModelEntry(core)).model;
}

/** The learner's model with what the lab kept beside it: { model, step (null for a loaded file), task, savedAt }. */
export async function yourModelEntry(core) {
  const saved = await idbGet(YOURS_KEY);
  if (!saved?.bytes) {
    throw new Error('No model of yours yet: train one in the training lab (lesson 10, “Train it yourself”) and press “Use this model”.');
  }
  if (yours?.savedAt !== saved.savedAt) {
    const model = core.createHmtModel({ weights: saved.bytes });  // a refused file leaves the previous model in place
    yours?.model.delete();
    yours = { savedAt: saved.savedAt, step: saved.step ?? null, task: saved.task ?? null, model };
  }
  return yours;
}

export function trainedModel(core, name = 'hmt-memory') {
  if (name === 'yours') return yourModel(core);
  if (!Object.hasOwn(URLS, name)) throw new Error(`no trained model named '${name}' (known: ${Object.keys(URLS).join(', ')})`);
  if (!loading.has(name)) {
    const p = fetch(URLS[name])
      .then((r) => {
        if (!r.ok) throw new Error(`the trained weights ${name}.lmlw could not be loaded (HTTP ${r.status})`);
        return r.arrayBuffer();
      })
      .then((buf) => core.createHmtModel({ weights: new Uint8Array(buf) }));
    p.catch(() => loading.delete(name));  // a failed load is tried again next time
    loading.set(name, p);
  }
  return loading.get(name);
}
