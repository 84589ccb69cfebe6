// The long-term memory cache: a ring buffer of the last N memory embeddings.
//   memories [N, d]   M_i, the outputs at the trailing P of earlier segments
//   keys     [N, d_r] K_i = M_i · W_k, computed once when M_i is written
//   segments [N]      the segment each memory came from
// Storage is allocated once (capacity N); push overwrites the oldest slot when
// full. Physical rows [0, size) are always valid (the buffer fills from row 0),
// so a search can run over them directly; chronological order (oldest first)
// is physical order rotated by the write position.
#pragma once
#include <cstdint>
#include <vector>

#include "../tensor.hpp"

namespace lml::hmt {

class MemoryBank {
 public:
  MemoryBank(std::size_t capacity, std::size_t d, std::size_t d_key);

  void push(const float* memory, const float* key, std::int64_t segment);
  void clear();

  std::size_t size() const { return size_; }
  std::size_t capacity() const { return capacity_; }
  std::size_t dim() const { return d_; }
  std::size_t key_dim() const { return dk_; }
  // Physical row of the chrono-th oldest memory (chrono in [0, size)).
  std::size_t physical(std::size_t chrono) const;
  const float* memory(std::size_t chrono) const { return mem_.data() + physical(chrono) * d_; }
  const float* key(std::size_t chrono) const { return keys_.data() + physical(chrono) * dk_; }
  std::int64_t segment(std::size_t chrono) const { return seg_[physical(chrono)]; }
  // Rows [0, size) in physical order.
  ConstView memories_physical() const { return {mem_.data(), size_, d_, d_}; }
  ConstView keys_physical() const { return {keys_.data(), size_, dk_, dk_}; }
  std::int64_t segment_physical(std::size_t row) const { return seg_[row]; }
  std::size_t bytes() const { return (mem_.size() + keys_.size()) * sizeof(float) + seg_.size() * sizeof(std::int64_t); }

 private:
  std::size_t capacity_, d_, dk_, size_ = 0, next_ = 0;  // next_ = row the next push writes
  AlignedBuffer mem_, keys_;
  std::vector<std::int64_t> seg_;
};

}  // namespace lml::hmt
