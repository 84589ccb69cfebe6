// Content-Security-Policy, in one place.
//
// The document: a <meta http-equiv> put into index.html at build (and in the
// dev server), so it holds on any static host, headers or not. Scripts only
// from the site itself, WebAssembly compiled ('wasm-unsafe-eval'), no eval;
// requests (fetch, fonts, images, workers) only to the site itself. Inline
// style attributes are allowed (KaTeX, the charts and the widgets position
// with them). embind builds its glue with `new Function` — in the core worker,
// whose policy comes with its own script, not from this document.
//
// The exercise sandbox worker (web/exercises/sandbox-worker.js): served with
// its own header, `default-src 'none'; script-src 'self' 'unsafe-eval'` —
// no request of any kind but scripts from the site; 'unsafe-eval' because the
// learner's code is compiled with the Function constructor, which the worker
// then blocks itself. The dev and preview servers (npm start) send it; on a
// host that sets no headers the worker's own lock-down (sandbox-worker.js:
// every network and storage API, FontFace, the Function constructors and eval
// replaced by functions that throw) is the policy that holds.
export const DOCUMENT_CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",   // Vite inlines the smallest KaTeX fonts as data: URLs
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

export const SANDBOX_CSP = "default-src 'none'; script-src 'self' 'unsafe-eval'";

/** The sandbox worker's script, as the dev server (…/sandbox-worker.js?worker_file…) and the build (assets/sandbox-worker-HASH.js) name it. */
export const SANDBOX_SCRIPT = /\/sandbox-worker[-.][^/]*$|\/sandbox-worker\.js$/;

function sandboxHeader(req, res, next) {
  const pathname = (req.url ?? '').split('?')[0];
  if (SANDBOX_SCRIPT.test(pathname)) res.setHeader('Content-Security-Policy', SANDBOX_CSP);
  next();
}

export function cspPlugin() {
  return {
    name: 'lml-csp',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: DOCUMENT_CSP }, injectTo: 'head-prepend' }],
    configureServer(server) { server.middlewares.use(sandboxHeader); },
    configurePreviewServer(server) { server.middlewares.use(sandboxHeader); },
  };
}
