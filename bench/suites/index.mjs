// Every suite, in order. Each returns records (see bench/run.mjs for fields).
import { attentionSuite } from './attention.mjs';

export async function runSuites({ cores, runtime, quick, log, only }) {
  const records = [];
  const want = (name) => !only || only.includes(name);
  if (want('attention')) records.push(...(await attentionSuite({ cores, runtime, quick, log })));
  return records;
}
