// Vite: the site lives in web/, builds to dist/ with relative URLs (any static
// host), and imports the WebAssembly core built by scripts/build-core.sh from
// build/wasm-relaxed/, build/wasm-simd/ and build/wasm-scalar/. The dev and preview servers send
// the cross-origin isolation headers so performance.now() is precise, and the exercise sandbox's
// Content-Security-Policy (scripts/vite-csp-plugin.mjs, which also puts the document's in index.html).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { coursePlugin } from './scripts/lessons/vite-plugin.mjs';
import { offlinePlugin } from './scripts/vite-offline-plugin.mjs';
import { cspPlugin } from './scripts/vite-csp-plugin.mjs';

const repo = path.dirname(fileURLToPath(import.meta.url));
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

// Fails the build (and the dev server) early when the core has not been built.
export function requireCore(root = repo) {
  const wanted = [
    ...['relaxed', 'simd', 'scalar'].flatMap((v) => [`build/wasm-${v}/lml_core.mjs`, `build/wasm-${v}/lml_core.wasm`]),
    ...['relaxed', 'simd'].flatMap((v) => [`build/wasm-${v}/lml_trainer.mjs`, `build/wasm-${v}/lml_trainer.wasm`]),
  ];
  return {
    name: 'lml-require-core',
    buildStart() {
      const missing = wanted.filter((f) => !fs.existsSync(path.join(root, f)));
      if (missing.length) {
        this.error(`missing ${missing.join(', ')}: build the WebAssembly core first with scripts/build-core.sh wasm-relaxed wasm-simd wasm-scalar (or npm run build)`);
      }
    },
  };
}

export default defineConfig({
  root: path.join(repo, 'web'),
  base: './',
  publicDir: false,
  resolve: {
    alias: {
      // import createLmlCore from '@build/wasm-simd/lml_core.mjs'
      '@build': path.join(repo, 'build'),
      // import { wrapCore } from '@wasm/bindings/core.mjs'
      '@wasm': path.join(repo, 'wasm'),
      // import committed from '@results/eval.json' (the evaluation npm run eval commits)
      '@results': path.join(repo, 'bench', 'results'),
    },
  },
  plugins: [requireCore(), coursePlugin({ root: repo }), offlinePlugin(), cspPlugin()],
  worker: { format: 'es' },
  build: {
    outDir: path.join(repo, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1000,
  },
  server: {
    headers: isolation,
    fs: { allow: [repo] },
  },
  preview: { headers: isolation },
});
