#include "memory_bank.hpp"

#include <cstring>

#include "config.hpp"

namespace lml::hmt {

MemoryBank::MemoryBank(std::size_t capacity, std::size_t d, std::size_t d_key)
    : capacity_(capacity), d_(d), dk_(d_key) {
  require(capacity >= 1 && capacity <= kMaxCacheSize, "memory cache: capacity N must be in [1, ", kMaxCacheSize,
          "], got ", capacity);
  require(d >= 1 && d_key >= 1, "memory cache: dimensions must be >= 1");
  mem_ = AlignedBuffer(capacity * d);
  keys_ = AlignedBuffer(capacity * d_key);
  seg_.assign(capacity, -1);
}

void MemoryBank::push(const float* memory, const float* key, std::int64_t segment) {
  std::memcpy(mem_.data() + next_ * d_, memory, d_ * sizeof(float));
  std::memcpy(keys_.data() + next_ * dk_, key, dk_ * sizeof(float));
  seg_[next_] = segment;
  next_ = (next_ + 1) % capacity_;
  if (size_ < capacity_) ++size_;
}

void MemoryBank::clear() {
  size_ = 0;
  next_ = 0;
  std::fill(seg_.begin(), seg_.end(), -1);
}

std::size_t MemoryBank::physical(std::size_t chrono) const {
  require(chrono < size_, "memory cache: index ", chrono, " outside [0, ", size_, ")");
  // Not full: oldest is row 0. Full: oldest is the row the next push overwrites.
  return size_ < capacity_ ? chrono : (next_ + chrono) % capacity_;
}

}  // namespace lml::hmt
