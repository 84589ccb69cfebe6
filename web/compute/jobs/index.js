// Long jobs the worker can run with progress reports (client.run(name, args)).
// Each web/compute/jobs/<name>.js exports
//   default async function (core, args, { progress(value) }) → result
// and is picked up here by its file name; adding a job needs no other change.
const modules = import.meta.glob(['./*.js', '!./index.js'], { eager: true });

export const jobs = Object.fromEntries(
  Object.entries(modules).map(([file, mod]) => [file.slice(2, -3), mod.default]),
);
