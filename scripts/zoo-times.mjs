// node scripts/zoo-times.mjs — the wall-clock time each comparison model's training took,
// from its committed log (bench/results/zoo/<name>.jsonl, in the order of
// wasm/train/configs/zoo/ORDER). A log line's "seconds" counts from the start of the run
// that wrote it; a run resumed from a checkpoint starts again near 0, so a model's time is
// the sum of each run's last "seconds" (the few steps between the last checkpoint and a stop
// are counted twice: an upper bound). Prints one line per model and the total.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The runs of one log: [{ lastStep, seconds }], one per run, in order. */
export function runsOf(text) {
  const runs = [];
  let prev = null;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const r = JSON.parse(line);
    if (!prev || r.seconds < prev.seconds) runs.push({ lastStep: r.step, seconds: r.seconds });
    else Object.assign(runs.at(-1), { lastStep: r.step, seconds: r.seconds });
    prev = r;
  }
  return runs;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const order = fs.readFileSync(path.join(repo, 'wasm/train/configs/zoo/ORDER'), 'utf8').split('\n').filter(Boolean);
  let total = 0;
  console.log('model              steps   runs   wall-clock s');
  for (const name of order) {
    const file = path.join(repo, 'bench/results/zoo', `${name}.jsonl`);
    if (!fs.existsSync(file)) {
      console.log(`${name.padEnd(18)} (not trained yet)`);
      continue;
    }
    const runs = runsOf(fs.readFileSync(file, 'utf8'));
    const s = runs.reduce((a, r) => a + r.seconds, 0);
    total += s;
    console.log(`${name.padEnd(18)} ${String(runs.at(-1).lastStep).padStart(5)}  ${String(runs.length).padStart(5)}  ${s.toFixed(0).padStart(13)}`);
  }
  console.log(`total: ${total.toFixed(0)} s (${(total / 3600).toFixed(2)} h) of training, from the logs' own clocks`);
}
