// Errors raised by the core. Every public entry point validates its input and
// throws lml::Error with a message a learner can act on; nothing aborts.
#pragma once
#include <cmath>
#include <cstddef>
#include <sstream>
#include <stdexcept>
#include <string>

namespace lml {

struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Builds a message from any streamable parts: fail("rows ", r, " != ", c).
template <class... Parts>
[[noreturn]] void fail(const Parts&... parts) {
  std::ostringstream os;
  (os << ... << parts);
  throw Error(os.str());
}

template <class... Parts>
void require(bool ok, const Parts&... parts) {
  if (!ok) fail(parts...);
}

// Largest element count a single tensor may hold (1 GiB of float32). Larger
// requests are rejected before any allocation is attempted.
inline constexpr std::size_t kMaxElements = std::size_t(1) << 28;

// Throws when any of the n values is NaN or ±Inf, naming the tensor and the
// index; returns the largest |value| (0 for n = 0).
float require_finite(const float* data, std::size_t n, const char* name);

// Largest magnitude an intermediate value (a score, a running sum) may reach;
// inputs that could exceed it are refused with a message instead of
// producing ±Inf/NaN. float32 max is 3.4e38.
inline constexpr double kMaxMagnitude = 1e37;

}  // namespace lml
