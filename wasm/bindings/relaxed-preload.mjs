// node --import ./wasm/bindings/relaxed-preload.mjs …  turns on relaxed SIMD
// before anything compiles (node 20 keeps it behind a V8 flag that NODE_OPTIONS refuses).
import v8 from 'node:v8';

v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
