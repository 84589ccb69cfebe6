// Shared by the exercise and grader tests: the compiled course, the core as the
// async interface graders use, and the runners: a worker thread per submission
// (another realm, as the browser's sandbox worker; runLearnerCode there, the
// comparison here) and, for the tests of messages, the same two steps in-process.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileCourse } from '../../scripts/lessons/course.mjs';
import { loadCoreNode } from '../../wasm/bindings/core-node.mjs';
import { asyncCore } from '../../web/exercises/graders/util.js';
import { Worker } from 'node:worker_threads';
import { runLearnerCode } from '../../web/exercises/evaluate.js';
import { importModule } from './fixtures/import-module.mjs';
import { gradeCode } from '../../web/exercises/grading.js';
import { judge, sandboxJob } from '../../web/exercises/judge.js';
import { DEFAULT_TOLERANCE } from '../../web/exercises/compare.js';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

let courseCache = null;
/** { course, errors } of the repository's lessons (compiled once per process). */
export function course() {
  if (!courseCache) courseCache = compileCourse({ root });
  return courseCache;
}

/** The compiled exercise with that id (throws if missing). */
export function exercise(id) {
  const ex = course().course.exercises[id];
  if (!ex) throw new Error(`no exercise '${id}'`);
  return ex;
}

/**
 * The async core graders use, over the node core: call(method, ...args) as in
 * the browser's worker client, and run(job, args), which runs the worker job
 * web/compute/jobs/<job>.js here in-process on the same synchronous core.
 */
export function nodeCore(sync) {
  return {
    ...asyncCore(sync),
    async run(job, args = {}) {
      const mod = await import(`../../web/compute/jobs/${job}.js`);
      return mod.default(sync, args, { progress() {} });
    },
  };
}

// Jobs load the trained weights with fetch(new URL('../models/…', import.meta.url));
// in node that URL is a file: URL, which node's fetch does not read. The same
// file is read from disk instead; every other URL goes to the real fetch.
const realFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const url = new URL(String(input));
  if (url.protocol !== 'file:') return realFetch(input, init);
  return new Response(await readFile(url));
};

let coreCache = null;
/** { sync: wrapCore object, core: async { call, run } } for the simd build. */
export async function cores() {
  if (!coreCache) {
    coreCache = loadCoreNode('simd').then((sync) => ({ sync, core: nodeCore(sync) }));
  }
  return coreCache;
}

/**
 * Runs a sandbox job (inputs only) in a fresh worker thread and resolves with
 * the learner's outputs as they arrive by structured clone; 5 s time limit.
 */
export function runInThread(job) {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./fixtures/sandbox-thread.mjs', import.meta.url), { workerData: job });
    const timer = setTimeout(() => {
      worker.terminate();
      resolve({ status: 'error', message: 'timed out after 5 s', output: '' });
    }, 5000);
    worker.once('message', (run) => {
      clearTimeout(timer);
      worker.terminate();
      resolve(run);
    });
    worker.once('error', (e) => {
      clearTimeout(timer);
      resolve({ status: 'error', message: `the sandbox thread failed: ${e.message}`, output: '' });
    });
  });
}

/**
 * { source, entry, cases, tolerance?, withhold? } → Promise of the verdict, in-process
 * (one realm: for the tests of messages, never of attacks on the comparison).
 */
export async function evaluateSubmission({ cases, tolerance = DEFAULT_TOLERANCE, ...rest }) {
  if (!Array.isArray(cases) || cases.length === 0) return judge(cases, null, tolerance);
  return judge(cases, await runLearnerCode(sandboxJob({ cases, ...rest }), { importModule }), tolerance);
}

/** Grades source code for an exercise with a given seed (hidden cases included unless hidden: false), in a worker thread. */
export async function grade(id, source, { seed = 12345, hidden = true } = {}) {
  const { core } = await cores();
  return gradeCode(exercise(id), core, source, runInThread, { seed, hidden });
}

/** A Web Storage stand-in for node (localStorage exists only in the browser). */
export class MemoryStorage {
  constructor(entries = {}, { failWrites = false } = {}) {
    this.map = new Map(Object.entries(entries));
    this.failWrites = failWrites;
  }
  getItem(k) { return this.map.has(k) ? this.map.get(k) : null; }
  setItem(k, v) {
    if (this.failWrites) throw new Error('QuotaExceededError: the quota has been exceeded');
    this.map.set(k, String(v));
  }
  removeItem(k) { this.map.delete(k); }
  key(i) { return [...this.map.keys()][i] ?? null; }
  get length() { return this.map.size; }
}
