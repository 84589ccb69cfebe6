// WebKit's classic WebDriver has no console or network events, so the test
// server puts a probe in the page: an inline script at the top of index.html
// (before the page's Content-Security-Policy <meta>; the same policy sent as a
// header allows it by its hash),
// run before any script of the app, that records
//   errors:   console.error calls, uncaught errors, unhandled rejections, failed loads
//   requests: every URL of another origin the page asks for (resource timing,
//             fetch, XMLHttpRequest, WebSocket, EventSource, sendBeacon)
// in window.__lmlProbe, which the WebKit driver drains. Only the WebKit suite's
// server serves the probe; the site itself never contains it.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { repo } from '../e2e/harness.mjs';

/** Runs in the page, first. Self-contained. */
export function installProbe() {
  if (window.__lmlProbe) return;
  const probe = { errors: [], requests: [] };
  window.__lmlProbe = probe;
  const origin = location.origin;
  const text = (x) => (x instanceof Error ? `${x.name}: ${x.message}` : typeof x === 'string' ? x : (() => {
    try { return JSON.stringify(x); } catch { return String(x); }
  })());
  const request = (u) => {
    try {
      const url = new URL(String(u), location.href);
      if (/^(https?|wss?):$/.test(url.protocol) && url.origin !== origin) probe.requests.push(url.href);
    } catch { /* not a URL */ }
  };

  const consoleError = console.error;
  console.error = function (...args) {
    probe.errors.push(args.map(text).join(' '));
    return consoleError.apply(this, args);
  };
  addEventListener('error', (e) => {
    const t = e.target;
    if (t && t !== window && (t.src || t.href)) probe.errors.push(`failed to load ${t.src || t.href}`);
    else probe.errors.push(`pageerror: ${e.message} @ ${e.filename}:${e.lineno}`);
  }, true);
  addEventListener('unhandledrejection', (e) => probe.errors.push(`unhandled rejection: ${text(e.reason)}`));

  performance.setResourceTimingBufferSize?.(1e5);
  try {
    new PerformanceObserver((list) => list.getEntries().forEach((e) => request(e.name))).observe({ type: 'resource', buffered: true });
  } catch { /* no resource timing: the wrappers below still see requests */ }
  const wrapFn = (obj, name, urlOf) => {
    const orig = obj[name];
    if (typeof orig !== 'function') return;
    obj[name] = function (...args) {
      request(urlOf(args));
      return orig.apply(this, args);
    };
  };
  const wrapCtor = (name) => {
    const Orig = window[name];
    if (typeof Orig !== 'function') return;
    window[name] = new Proxy(Orig, {
      construct(target, args, newTarget) {
        request(args[0]);
        return Reflect.construct(target, args, newTarget);
      },
    });
  };
  wrapFn(window, 'fetch', ([input]) => (input instanceof Request ? input.url : input));
  wrapFn(XMLHttpRequest.prototype, 'open', ([, url]) => url);
  wrapFn(navigator, 'sendBeacon', ([url]) => url);
  ['WebSocket', 'EventSource'].forEach(wrapCtor);
}

const PROBE = `(${installProbe})();`;
const SCRIPT = `<script>${PROBE}</script>`;
/** The probe as a CSP source: the site's header policy allows this one inline script by its hash. */
const PROBE_SOURCE = `'sha256-${createHash('sha256').update(PROBE).digest('base64')}'`;

/**
 * index.html of dist/ with the probe first in <head>: before the page's
 * Content-Security-Policy <meta>, which applies only to what follows it (the
 * policy refuses inline scripts).
 */
function probedIndex() {
  const html = fs.readFileSync(path.join(repo, 'dist', 'index.html'), 'utf8');
  const at = html.search(/<head[^>]*>/i);
  if (at < 0) throw new Error('dist/index.html has no <head>: cannot place the WebKit probe');
  const end = html.indexOf('>', at) + 1;
  return html.slice(0, end) + SCRIPT + html.slice(end);
}

/** A Vite plugin for the preview server: serves index.html with the probe. */
export function probePlugin() {
  return {
    name: 'lml-test-webkit-probe',
    configurePreviewServer(server) {
      const headers = server.config.preview.headers ?? {};
      server.middlewares.use((req, res, next) => {
        const p = new URL(req.url, 'http://x').pathname;
        if (req.method !== 'GET' || (p !== '/' && p !== '/index.html')) return next();
        for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
        // the site's policy, sent as a header before this, refuses inline scripts: it allows the probe by hash
        const policy = res.getHeader('Content-Security-Policy');
        if (policy) res.setHeader('Content-Security-Policy', String(policy).replace("script-src 'self'", `script-src 'self' ${PROBE_SOURCE}`));
        res.setHeader('Content-Type', 'text/html; charset=utf-8');
        res.setHeader('Cache-Control', 'no-cache');
        res.end(probedIndex());
      });
    },
  };
}

/** Runs in the page: hands over (and forgets) what the probe saw; null where there is no probe. */
export function drainProbe() {
  const p = window.__lmlProbe;
  if (!p) return location.protocol.startsWith('http') ? { missing: location.href } : null;
  return { errors: p.errors.splice(0), requests: p.requests.splice(0) };
}
