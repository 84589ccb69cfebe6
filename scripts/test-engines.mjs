// npm run test:engines [-- chromium|firefox|webkit ...]
// Runs the cross-engine page checks (tests/engines/) in the engines named, or
// in all three, against the built site in dist/ (build it first: npm run build,
// or npm test). One engine alone is the way to debug it; a failing check leaves
// a screenshot in test-results/engines/.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENGINES } from '../tests/engines/driver.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const asked = process.argv.slice(2);
const unknown = asked.filter((e) => !ENGINES.includes(e));
if (unknown.length) {
  console.error(`unknown engine ${unknown.join(', ')}; usage: npm run test:engines -- ${ENGINES.join('|')}`);
  process.exit(2);
}
if (!fs.existsSync(path.join(repo, 'dist', 'index.html'))) {
  console.error('dist/ is missing: build the site first (npm run build, or npm test which builds it)');
  process.exit(1);
}
const files = (asked.length ? asked : ENGINES).map((e) => path.join('tests', 'engines', `${e}.test.mjs`));
const r = spawnSync(process.execPath, ['--test', '--test-concurrency=1', ...files], { cwd: repo, stdio: 'inherit' });
process.exit(r.status ?? 1);
