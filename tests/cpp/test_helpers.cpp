#include "test_helpers.hpp"

#include <algorithm>

namespace lml::test {

float max_abs_diff(const Tensor& a, const Tensor& b) {
  float m = 0.f;
  for (std::size_t i = 0; i < a.size(); ++i) m = std::max(m, std::fabs(a.data()[i] - b.data()[i]));
  return m;
}

::testing::AssertionResult all_close(const Tensor& a, const Tensor& b, float atol, float rtol) {
  if (a.rows() != b.rows() || a.cols() != b.cols())
    return ::testing::AssertionFailure() << "shape " << a.shape_str() << " != reference " << b.shape_str();
  for (std::size_t i = 0; i < a.size(); ++i) {
    const float x = a.data()[i], y = b.data()[i];
    if (!(std::fabs(x - y) <= atol + rtol * std::fabs(y)))
      return ::testing::AssertionFailure() << "at (" << i / a.cols() << ", " << i % a.cols() << "): " << x
                                           << " vs reference " << y << " (atol " << atol << ", rtol " << rtol << ")";
  }
  return ::testing::AssertionSuccess();
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace lml::test
