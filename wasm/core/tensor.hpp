// Row-major 2-D float tensors.
//   AlignedBuffer  owning, 64-byte aligned, zero-initialised storage
//   Tensor         AlignedBuffer + shape [rows, cols]
//   View/ConstView non-owning (pointer, rows, cols, row stride) over any buffer
// Shapes are checked when tensors are made and when kernels are called.
#pragma once
#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>
#include <utility>

#include "error.hpp"

namespace lml {

// A shape for messages: streams as "[rows, cols]". Cheap to build, so checks
// on hot paths (require(ok, ..., shape_str(r, c))) cost nothing when they pass.
struct ShapeText {
  std::size_t rows, cols;
};
inline std::ostream& operator<<(std::ostream& os, ShapeText s) { return os << '[' << s.rows << ", " << s.cols << ']'; }

class AlignedBuffer {
 public:
  AlignedBuffer() = default;
  explicit AlignedBuffer(std::size_t count);  // zero-filled; throws lml::Error if too large
  ~AlignedBuffer();
  AlignedBuffer(const AlignedBuffer&) = delete;
  AlignedBuffer& operator=(const AlignedBuffer&) = delete;
  AlignedBuffer(AlignedBuffer&& o) noexcept : data_(std::exchange(o.data_, nullptr)), size_(std::exchange(o.size_, 0)) {}
  AlignedBuffer& operator=(AlignedBuffer&& o) noexcept;

  float* data() { return data_; }
  const float* data() const { return data_; }
  std::size_t size() const { return size_; }

 private:
  float* data_ = nullptr;
  std::size_t size_ = 0;
};

struct ConstView {
  const float* data;
  std::size_t rows, cols, stride;  // stride = distance between rows, in floats
  const float* row(std::size_t r) const { return data + r * stride; }
  float operator()(std::size_t r, std::size_t c) const { return data[r * stride + c]; }
};

struct View {
  float* data;
  std::size_t rows, cols, stride;
  float* row(std::size_t r) const { return data + r * stride; }
  float& operator()(std::size_t r, std::size_t c) const { return data[r * stride + c]; }
  operator ConstView() const { return {data, rows, cols, stride}; }
};

class Tensor {
 public:
  Tensor() = default;
  Tensor(std::size_t rows, std::size_t cols);  // zero-filled; rows, cols >= 1
  static Tensor from(const float* src, std::size_t rows, std::size_t cols);

  std::size_t rows() const { return rows_; }
  std::size_t cols() const { return cols_; }
  std::size_t size() const { return rows_ * cols_; }
  float* data() { return buf_.data(); }
  const float* data() const { return buf_.data(); }
  float& operator()(std::size_t r, std::size_t c) { return buf_.data()[r * cols_ + c]; }
  float operator()(std::size_t r, std::size_t c) const { return buf_.data()[r * cols_ + c]; }
  View view() { return {data(), rows_, cols_, cols_}; }
  ConstView view() const { return {data(), rows_, cols_, cols_}; }
  operator ConstView() const { return view(); }
  ShapeText shape_str() const { return {rows_, cols_}; }

 private:
  AlignedBuffer buf_;
  std::size_t rows_ = 0, cols_ = 0;
};

// "[rows, cols]" for messages.
inline ShapeText shape_str(std::size_t rows, std::size_t cols) { return {rows, cols}; }
// Throws unless rows, cols >= 1 and rows*cols fits in kMaxElements.
void require_shape(std::size_t rows, std::size_t cols, const char* name);

}  // namespace lml
