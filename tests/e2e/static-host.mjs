// A static host for dist/ that applies dist/_headers as Netlify and Cloudflare
// Pages read it: a rule is a path (exact, or with * matching any characters)
// and its indented "Name: value" lines; every rule that matches a path adds
// its headers, and a header set by two matching rules gets both values joined
// with ", " (Cloudflare's way, the stricter: two policies would both hold).
// Content-Type comes from the file's extension unless a rule sets it.
//   const host = await startStaticHost();   → { url, origin, rules, headersFor(path), close() }
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { repo, freePort } from './harness.mjs';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.woff2': 'font/woff2', '.woff': 'font/woff', '.ttf': 'font/ttf',
};

/** The rules of a _headers file → [{ pattern, regex, headers: [[name, value]] }]. */
export function parseHeadersFile(text) {
  const rules = [];
  for (const line of text.split('\n')) {
    if (!line.trim() || line.trim().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      const pattern = line.trim();
      const regex = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
      rules.push({ pattern, regex, headers: [] });
    } else {
      const m = /^\s+([^:\s]+):\s*(.*)$/.exec(line);
      if (!m || !rules.length) throw new Error(`_headers: cannot read the line “${line}”`);
      rules.at(-1).headers.push([m[1], m[2]]);
    }
  }
  return rules;
}

export async function startStaticHost({ dir = path.join(repo, 'dist') } = {}) {
  const file = path.join(dir, '_headers');
  if (!fs.existsSync(file)) throw new Error('dist/_headers is missing: build the site first (npx vite build)');
  const rules = parseHeadersFile(fs.readFileSync(file, 'utf8'));
  const headersFor = (pathname) => {
    const out = {};
    for (const r of rules.filter((x) => x.regex.test(pathname))) {
      for (const [k, v] of r.headers) {
        const key = Object.keys(out).find((x) => x.toLowerCase() === k.toLowerCase()) ?? k;
        out[key] = out[key] ? `${out[key]}, ${v}` : v;
      }
    }
    return out;
  };
  const server = http.createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const rel = pathname === '/' ? 'index.html' : pathname.slice(1);
    const full = path.join(dir, rel);
    if (!full.startsWith(dir + path.sep) || rel === '_headers' || !fs.existsSync(full) || !fs.statSync(full).isFile()) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found');
      return;
    }
    const headers = { 'Content-Type': TYPES[path.extname(full)] ?? 'application/octet-stream', ...headersFor(pathname) };
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : fs.readFileSync(full));
  });
  const port = await freePort();
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${port}/`;
  return {
    url,
    origin: new URL(url).origin,
    rules,
    headersFor,
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections?.();
    }),
  };
}
