// Loads a built module in node (tests, benchmarks, the README example).
//   const core = await loadCoreNode('simd');   // or 'relaxed', 'scalar'
// The module is built for the web; node gets the .wasm bytes directly.
// node 20 compiles relaxed SIMD only behind a V8 flag, which NODE_OPTIONS does
// not accept: loading the relaxed build sets it first (relaxed-preload.mjs does
// the same for `node --import`).
import { readFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import v8 from 'node:v8';
import { wrapCore } from './core.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const VARIANTS = ['relaxed', 'simd', 'scalar'];

export function buildDir(variant) {
  if (!VARIANTS.includes(variant)) throw new Error(`unknown variant '${variant}' (${VARIANTS.join(' | ')})`);
  return path.join(root, 'build', `wasm-${variant}`);
}

// A module holding one f32x4.relaxed_madd: valid only where relaxed SIMD is on.
export const RELAXED_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  0x01, 0x08, 0x01, 0x60, 0x03, 0x7b, 0x7b, 0x7b, 0x01, 0x7b,
  0x03, 0x02, 0x01, 0x00,
  0x0a, 0x0d, 0x01, 0x0b, 0x00, 0x20, 0x00, 0x20, 0x01, 0x20, 0x02, 0xfd, 0x85, 0x02, 0x0b,
]);

/** Turns on relaxed SIMD in this node process (node 20: behind a flag; later: already on). */
export function enableRelaxedSimd() {
  if (!WebAssembly.validate(RELAXED_PROBE)) v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
  return WebAssembly.validate(RELAXED_PROBE);
}

export async function loadModuleNode(variant = 'simd') {
  const dir = buildDir(variant);
  if (variant === 'relaxed' && !enableRelaxedSimd()) {
    throw new Error('this node cannot compile relaxed SIMD (node 20 needs --experimental-wasm-relaxed-simd)');
  }
  const { default: factory } = await import(pathToFileURL(path.join(dir, 'lml_core.mjs')).href);
  const wasmBinary = await readFile(path.join(dir, 'lml_core.wasm'));
  return factory({ wasmBinary });
}

export async function loadCoreNode(variant = 'simd') {
  return wrapCore(await loadModuleNode(variant));
}

/** The trainer module (SIMD builds only) in node: wrapTrainer over lml_trainer.mjs. */
export async function loadTrainerNode(variant = 'simd') {
  if (variant === 'scalar') throw new Error('the trainer module is built for the SIMD builds only (relaxed, simd)');
  const dir = buildDir(variant);
  if (variant === 'relaxed' && !enableRelaxedSimd()) {
    throw new Error('this node cannot compile relaxed SIMD (node 20 needs --experimental-wasm-relaxed-simd)');
  }
  const { default: factory } = await import(pathToFileURL(path.join(dir, 'lml_trainer.mjs')).href);
  const wasmBinary = await readFile(path.join(dir, 'lml_trainer.wasm'));
  const { wrapTrainer } = await import('./trainer.mjs');
  return wrapTrainer(await factory({ wasmBinary }));
}
