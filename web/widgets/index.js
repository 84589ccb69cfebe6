// Widget names → lazily loaded modules web/widgets/<name>.js. A module that
// does not exist yet is simply absent from the glob, and its widget shows
// "not available yet" instead of breaking the build or the page.
//   mountWidget(el, name, options, ctx) → Promise<{ update(options), destroy() }>
//   ctx = { core, setUrlState(options), announce(msg), setResult(obj) }
import { widgetNames, widgetSpec, defaultOptions } from './registry.js';
import { h } from '../lib/dom.js';
import { offerReload, isStaleModuleError } from '../lib/reload-prompt.js';

const modules = import.meta.glob(['./*.js', '!./index.js', '!./registry.js']);

/** name → () => import('./<name>.js'), or null while the module does not exist. */
export const widgetModules = Object.fromEntries(widgetNames.map((n) => [n, modules[`./${n}.js`] ?? null]));

const inert = { update() {}, destroy() {} };

function note(el, text) {
  el.replaceChildren(h('p', { class: 'note widget-missing', role: 'note' }, text));
  return inert;
}

export async function mountWidget(el, name, options, ctx) {
  if (!widgetSpec(name)) return note(el, `Widget “${name}” is not available.`);
  const load = widgetModules[name];
  if (!load) return note(el, `The “${name}” widget is not available yet.`);
  try {
    const mod = await load();
    const handle = await mod.mount(el, { ...defaultOptions(name), ...options }, ctx);
    return handle ?? inert;
  } catch (err) {
    console.warn(`widget ${name}:`, err);
    if (isStaleModuleError(err)) offerReload('This page is out of date: a newer version of the course replaced its files.');
    return note(el, `The “${name}” widget could not start: ${err?.message ?? err}`);
  }
}
