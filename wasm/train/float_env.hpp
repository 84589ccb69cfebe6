// The float environment of the native float trainer.
//
// FlushDenormals: while it lives, the thread's SSE/AVX control register (MXCSR)
// flushes subnormal results to zero (FTZ) and reads subnormal inputs as zero
// (DAZ); its destructor restores the register as it found it.
//
// Why: late in training the softmax of a confident model gives wrong bytes
// probabilities near 1e-38, and a product or sum that lands below the smallest
// normal float (1.18e-38) costs a microcode assist of a hundred cycles or more on
// x86. From the shipped weights one D = 8 step of the bench ran 6× slower without
// the flush (README, training figures). Values that small are far below a
// gradient's rounding, so the flush changed no bit of the gradients we compared
// (README). WebAssembly has no such mode: the browser trainer computes
// subnormals as IEEE says. Elsewhere than x86 this does nothing.
#pragma once
#if defined(__SSE__) && !defined(__EMSCRIPTEN__)
#define LML_HAS_MXCSR 1
#include <xmmintrin.h>
#endif

namespace lml::train {

class FlushDenormals {
 public:
  explicit FlushDenormals(bool on) {
#ifdef LML_HAS_MXCSR
    saved_ = _mm_getcsr();
    if (on) _mm_setcsr(saved_ | kFtz | kDaz);
#else
    (void)on;
#endif
  }
  ~FlushDenormals() {
#ifdef LML_HAS_MXCSR
    _mm_setcsr(saved_);
#endif
  }
  FlushDenormals(const FlushDenormals&) = delete;
  FlushDenormals& operator=(const FlushDenormals&) = delete;

  static constexpr unsigned kFtz = 0x8000, kDaz = 0x0040;  // MXCSR bits 15 and 6

#ifdef LML_HAS_MXCSR
 private:
  unsigned saved_ = 0;
#endif
};

}  // namespace lml::train
