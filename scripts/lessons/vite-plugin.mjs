// Vite plugin: `import course from 'virtual:course'` gives the compiled course
// (lessons, panes, blocks with pre-rendered html and KaTeX, exercises) as JSON.
// The browser never parses Markdown. Authoring problems do not stop the build
// (a missing exercise shows a note on the page); they are counted in a warning
// and listed in full by `npm run lessons:check`.
import path from 'node:path';
import { compileCourse, courseFiles, formatError } from './course.mjs';

const ID = 'virtual:course';
const RESOLVED = '\0virtual:course';

export function coursePlugin({ root }) {
  return {
    name: 'lml-course',
    resolveId(id) {
      return id === ID ? RESOLVED : null;
    },
    load(id) {
      if (id !== RESOLVED) return null;
      const { course, errors } = compileCourse({ root });
      for (const f of courseFiles(root)) this.addWatchFile(f);
      if (errors.length) {
        this.warn(`${errors.length} lesson problem(s), first: ${formatError(errors[0])} — run npm run lessons:check`);
      }
      return `export default ${JSON.stringify(course)};\n`;
    },
    handleHotUpdate({ file, server }) {
      if (!file.startsWith(path.join(root, 'lessons') + path.sep)) return undefined;
      const mod = server.moduleGraph.getModuleById(RESOLVED);
      if (mod) server.moduleGraph.invalidateModule(mod);
      server.ws.send({ type: 'full-reload' });
      return [];
    },
  };
}
