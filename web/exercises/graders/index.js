// Every grader by the name exercise files use in `grader:`, found by file as
// widgets and jobs are: graders/<name>.js whose default export is the grader
// named <name>. Adding a grader needs no other change; the lesson compiler
// checks every `grader:` against the same files (graderNames, scripts/lessons/
// exercise.mjs). Shared pieces (code-grader.js, util.js, heads.js) have no
// default export and are skipped.
let modules;
try {
  // Vite replaces this call with the folder's modules when it builds the site
  modules = import.meta.glob(['./*.js', '!./index.js'], { eager: true });
} catch {
  // node (the tests): the same files, read from the folder
  modules = await fromFolder();
}

async function fromFolder() {
  const { readdirSync } = await import(/* @vite-ignore */ ['node', 'fs'].join(':'));
  const dir = new URL('./', import.meta.url);
  const files = readdirSync(dir).filter((f) => f.endsWith('.js') && f !== 'index.js').sort();
  return Object.fromEntries(await Promise.all(files.map(async (f) => [`./${f}`, await import(/* @vite-ignore */ new URL(f, dir).href)])));
}

export const graders = Object.fromEntries(Object.entries(modules)
  .filter(([, mod]) => mod.default && typeof mod.default.name === 'string')
  .map(([file, mod]) => {
    const name = file.slice(2, -3);
    if (mod.default.name !== name) throw new Error(`graders/${name}.js holds the grader '${mod.default.name}': a grader is named as its file`);
    return [name, mod.default];
  }));

/** The grader of that name, or undefined. */
export function graderFor(name) {
  return Object.hasOwn(graders, name) ? graders[name] : undefined;
}
