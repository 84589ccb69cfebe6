// Offline support: after `vite build`, writes dist/sw.js, a service worker that
// precaches every file of the build (HTML, JS, CSS, both .wasm cores) and, of
// the fonts, only the woff2 files: every browser that runs the course (it needs
// WebAssembly SIMD) reads woff2, so KaTeX's .woff and .ttf fallbacks are never fetched
// under a cache named by a hash of the file list and contents, so a learner
// who opened the course once can reload it with no network.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

function listFiles(dir, base = dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? listFiles(p, base) : [path.relative(base, p).split(path.sep).join('/')];
  });
}

const FALLBACK_FONTS = /\.(woff|ttf|otf|eot)$/i;

/** Whether the service worker precaches a built file: everything but the fonts browsers never pick. */
export function precached(file) {
  return !FALLBACK_FONTS.test(file) && file !== '_headers';  // _headers is read by the host, never served
}

export function serviceWorkerSource(files, version) {
  return `// Generated at build time by scripts/vite-offline-plugin.mjs. Do not edit.
const CACHE = 'lml-${version}';
const FILES = ${JSON.stringify(['./', ...files.map((f) => './' + f)], null, 0)};

// A new version installs in the background and waits: the page offers "A new version is
// available — Reload" and posts SKIP_WAITING only when the learner accepts (an open tab is
// never switched under its feet).
self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(FILES)));
});

self.addEventListener('message', (event) => {
  if (event.data?.type === 'SKIP_WAITING') self.skipWaiting();
});

// On activation the previous version's cache is kept (a tab still running it may
// lazily load its own files); only older versions are deleted.
self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => {
        const old = keys.filter((k) => k.startsWith('lml-') && k !== CACHE);
        return caches.open('lml-meta').then((m) => m.match('previous')).then((r) => (r ? r.text() : null)).then((prev) => {
          const keep = new Set(['lml-meta', prev].filter(Boolean));
          return Promise.all(old.filter((k) => !keep.has(k)).map((k) => caches.delete(k)))
            .then(() => caches.open('lml-meta'))
            .then((m) => m.put('previous', new Response(CACHE)));
        });
      })
      .then(() => self.clients.claim()),
  );
});

// Same-origin GETs: the cache first (ignoring the hash/query of navigations),
// then the network; anything else goes to the network untouched.
self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || new URL(req.url).origin !== self.location.origin) return;
  const key = req.mode === 'navigate' ? new URL('./', self.location.href).href : req;
  // this version's cache first, then any version still kept (an older tab's lazily loaded files), then the network
  event.respondWith(
    caches.open(CACHE).then((c) => c.match(key, { ignoreSearch: req.mode === 'navigate', ignoreVary: true }))
      .then((hit) => hit || (req.mode === 'navigate' ? null : caches.match(req, { ignoreVary: true })))
      .then((hit) => hit || fetch(req)),
  );
});
`;
}

export function offlinePlugin() {
  let outDir;
  return {
    name: 'lml-offline',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    closeBundle() {
      const files = listFiles(outDir).filter((f) => f !== 'sw.js' && precached(f)).sort();
      const hash = createHash('sha256');
      for (const f of files) hash.update(f).update(fs.readFileSync(path.join(outDir, f)));
      fs.writeFileSync(path.join(outDir, 'sw.js'), serviceWorkerSource(files, hash.digest('hex').slice(0, 16)));
    },
  };
}
