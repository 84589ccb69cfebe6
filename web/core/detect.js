// Which build of the core this browser runs: the first it can compile of
//   relaxed  128-bit SIMD + relaxed SIMD (f32x4.relaxed_madd: fused multiply-add)
//   simd     128-bit SIMD (separate multiply and add)
//   scalar   no SIMD at all
// Each test is WebAssembly.validate on a module of a few dozen bytes that holds
// one instruction of the feature; nothing is downloaded to decide.
export const CORE_BUILDS = ['relaxed', 'simd', 'scalar'];

// (func (param v128 v128 v128) (result v128) local.get 0..2  f32x4.relaxed_madd)
const RELAXED_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  0x01, 0x08, 0x01, 0x60, 0x03, 0x7b, 0x7b, 0x7b, 0x01, 0x7b,
  0x03, 0x02, 0x01, 0x00,
  0x0a, 0x0d, 0x01, 0x0b, 0x00, 0x20, 0x00, 0x20, 0x01, 0x20, 0x02, 0xfd, 0x85, 0x02, 0x0b,
]);
// (func (param v128 v128) (result v128) local.get 0 local.get 1 f32x4.add)
const SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  0x01, 0x07, 0x01, 0x60, 0x02, 0x7b, 0x7b, 0x01, 0x7b,
  0x03, 0x02, 0x01, 0x00,
  0x0a, 0x0b, 0x01, 0x09, 0x00, 0x20, 0x00, 0x20, 0x01, 0xfd, 0xe4, 0x01, 0x0b,
]);

function validates(bytes) {
  try {
    return WebAssembly.validate(bytes);
  } catch {
    return false;
  }
}

/** { relaxed, simd }: what this engine can compile. */
export function coreFeatures() {
  return { relaxed: validates(RELAXED_PROBE), simd: validates(SIMD_PROBE) };
}

/** 'relaxed' | 'simd' | 'scalar': the fastest build this engine runs. */
export function detectCoreBuild(features = coreFeatures()) {
  if (features.relaxed && features.simd) return 'relaxed';
  if (features.simd) return 'simd';
  return 'scalar';
}

/** The build asked for in the page's URL (?core=relaxed|simd|scalar), or null. */
export function forcedCoreBuild(search = globalThis.location?.search ?? '') {
  const v = new URLSearchParams(search).get('core');
  return CORE_BUILDS.includes(v) ? v : null;
}
