// Loads a built module in node (tests, benchmarks, the README example).
//   const core = await loadCoreNode('simd');   // or 'scalar'
// The module is built for the web; node gets the .wasm bytes directly.
import { readFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import { wrapCore } from './core.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function buildDir(variant) {
  if (variant !== 'simd' && variant !== 'scalar') throw new Error(`unknown variant '${variant}' (simd | scalar)`);
  return path.join(root, 'build', `wasm-${variant}`);
}

export async function loadModuleNode(variant = 'simd') {
  const dir = buildDir(variant);
  const { default: factory } = await import(pathToFileURL(path.join(dir, 'lml_core.mjs')).href);
  const wasmBinary = await readFile(path.join(dir, 'lml_core.wasm'));
  return factory({ wasmBinary });
}

export async function loadCoreNode(variant = 'simd') {
  return wrapCore(await loadModuleNode(variant));
}
