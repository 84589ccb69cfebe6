// A minimal static server for the benchmark page: serves the repository's
// bench/, build/wasm-*/, wasm/bindings/, node_modules/, web/models/, web/compute/ and web/lib/ on 127.0.0.1 with
// cross-origin isolation headers (precise performance.now in Chromium).
import http from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ALLOWED = ['bench/', 'build/wasm-relaxed/', 'build/wasm-simd/', 'build/wasm-scalar/', 'wasm/bindings/', 'node_modules/', 'web/models/', 'web/compute/', 'web/lib/'];
const TYPES = { '.html': 'text/html', '.mjs': 'text/javascript', '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json', '.onnx': 'application/octet-stream' };

export function startStaticServer() {
  const server = http.createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/^\/+/, '');
    const file = path.join(root, rel);
    const ok = ALLOWED.some((p) => rel.startsWith(p)) && file.startsWith(root + path.sep);
    let stat;
    try { stat = ok && statSync(file); } catch { stat = null; }
    if (!stat || !stat.isFile()) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end(`not found: ${rel}`);
      return;
    }
    res.writeHead(200, {
      'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream',
      'Content-Length': stat.size,
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cross-Origin-Resource-Policy': 'same-origin',
      'Cache-Control': 'no-store',
    });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${server.address().port}` })));
}
