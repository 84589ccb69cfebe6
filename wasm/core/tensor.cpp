#include "tensor.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <new>

#include "simd.hpp"

namespace lml {

// Vectorised: every call validates its inputs, often twice (the binding's copy, then the
// kernel's own check), and a scalar loop with a test per element was a visible part of a
// small attention call. The scalar loop runs only to name the first bad element.
float require_finite(const float* data, std::size_t n, const char* name) {
  using simd::vf;
  const vf inf(std::numeric_limits<float>::infinity());
  vf vmax(0.f);
  auto finite = vmax < inf;  // all lanes true
  std::size_t i = 0;
  for (; i + simd::W <= n; i += simd::W) {
    const vf a = xsimd::abs(vf::load_unaligned(data + i));
    finite = finite & (a < inf);  // NaN compares false
    vmax = xsimd::max(vmax, a);
  }
  float max_abs = xsimd::all(finite) ? xsimd::reduce_max(vmax) : 0.f;
  if (!xsimd::all(finite)) i = 0;
  for (; i < n; ++i) {
    if (!std::isfinite(data[i])) {
      fail(name, " contains ", std::isnan(data[i]) ? "NaN" : "Inf", " at flat index ", i,
           "; inputs must be finite numbers");
    }
    max_abs = std::max(max_abs, std::fabs(data[i]));
  }
  return max_abs;
}

void require_shape(std::size_t rows, std::size_t cols, const char* name) {
  require(rows >= 1 && cols >= 1, name, " must have at least one row and one column, got ",
          shape_str(rows, cols));
  require(rows <= kMaxElements / cols, name, " of shape ", shape_str(rows, cols),
          " is too large (limit ", kMaxElements, " elements = 1 GiB)");
}

AlignedBuffer::AlignedBuffer(std::size_t count) {
  require(count <= kMaxElements, "cannot allocate ", count, " floats (limit ", kMaxElements, ")");
  if (count == 0) return;
  const std::size_t bytes = ((count * sizeof(float) + 63) / 64) * 64;
  void* p = std::aligned_alloc(64, bytes);
  if (!p) fail("out of memory allocating ", bytes, " bytes");
  std::memset(p, 0, bytes);
  data_ = static_cast<float*>(p);
  size_ = count;
}

AlignedBuffer::~AlignedBuffer() { std::free(data_); }

AlignedBuffer& AlignedBuffer::operator=(AlignedBuffer&& o) noexcept {
  if (this != &o) {
    std::free(data_);
    data_ = std::exchange(o.data_, nullptr);
    size_ = std::exchange(o.size_, 0);
  }
  return *this;
}

Tensor::Tensor(std::size_t rows, std::size_t cols) {
  require_shape(rows, cols, "tensor");
  buf_ = AlignedBuffer(rows * cols);
  rows_ = rows;
  cols_ = cols;
}

Tensor Tensor::from(const float* src, std::size_t rows, std::size_t cols) {
  Tensor t(rows, cols);
  std::memcpy(t.data(), src, rows * cols * sizeof(float));
  return t;
}


}  // namespace lml
