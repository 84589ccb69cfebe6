// Boots the site: styles, the compiled course, the core worker, the router.
import 'katex/dist/katex.min.css';
import '../styles/base.css';
import '../styles/layout.css';
import '../styles/lesson.css';
import '../styles/widgets.css';
import '../styles/print.css';
import course from 'virtual:course';
import { createCoreClient } from '../core/client.js';
import { forcedCoreBuild } from '../core/detect.js';
import { parseHash } from './router.js';
import { renderCourseMap } from './course-map.js';
import { createLessonView } from './lesson-view.js';
import { renderGlossary } from './glossary-view.js';
import { initAnnouncer, announce } from './announce.js';
import { initTheme } from './theme.js';
import { h } from '../lib/dom.js';
import { registerOffline } from './offline.js';

registerOffline();
const main = document.getElementById('main');
initTheme(document.getElementById('theme-toggle'));
initAnnouncer(document.getElementById('announcer'));

// The fastest build this browser runs, or the one named by ?core=relaxed|simd|scalar.
const core = createCoreClient({ variant: forcedCoreBuild() ?? 'auto' });
// The core is reachable from the browser console for the curious:
//   await lml.core.call('randn', 1, 2, 3)
globalThis.lml = { core, course };

const status = document.getElementById('core-status');
core.ready.then(
  (info) => {
    const build = {
      relaxed: `relaxed SIMD (fused multiply-add), ${info.lanes} × f32 lanes`,
      simd: `SIMD, ${info.lanes} × f32 lanes`,
    }[info.variant] ?? 'scalar';
    status.textContent = `Core: WebAssembly ${build}.`;
    status.dataset.build = info.variant;
  },
  (err) => {
    status.textContent = `The WebAssembly core did not start: ${err.message}`;
    announce('The WebAssembly core did not start; widgets cannot compute.');
  },
);

const lessonView = createLessonView({ container: main, course, core });
let first = true;

function route() {
  const r = parseHash(location.hash);
  if (!r) return; // an in-page anchor, not a view
  const initial = first;
  first = false;
  if (r.view === 'lesson' && lessonView.show(r.lesson, r.pane, r.query, { initial })) return;
  lessonView.leave();
  if (r.view === 'glossary') {
    renderGlossary(main, course, r.term, { initial });
    return;
  }
  if (r.view === 'lesson') {
    main.replaceChildren(h('div', { class: 'not-found' },
      h('h1', {}, 'No such lesson'),
      h('p', {}, `There is no lesson “${r.lesson}”. `, h('a', { href: '#/' }, 'Back to the course map'), '.')));
    document.title = 'Not found — Long Memory Lab';
    return;
  }
  renderCourseMap(main, course);
  if (!initial) {
    main.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }
}

window.addEventListener('hashchange', route);
document.addEventListener('keydown', (e) => lessonView.onKey(e));
document.querySelector('.skip-link')?.addEventListener('click', (e) => {
  e.preventDefault();
  main.focus();
});
route();
