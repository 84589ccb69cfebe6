// Shared test helpers: random tensors and tolerance comparison against a reference.
#pragma once
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <string>

#include "core/rng.hpp"
#include "core/tensor.hpp"

namespace lml::test {

// max |a - b| over all elements; shapes must match.
float max_abs_diff(const Tensor& a, const Tensor& b);

// Passes when |a - b| <= atol + rtol * |b| everywhere (b is the reference);
// the failure message names the first offending position and both values.
::testing::AssertionResult all_close(const Tensor& a, const Tensor& b, float atol, float rtol);

// The message of the lml::Error that f throws, or "(no error)".
std::string error_of(const std::function<void()>& f);

}  // namespace lml::test

// Expects `stmt` to throw an lml::Error whose message contains `text`.
#define EXPECT_ERROR_HAS(stmt, text)                                                          \
  EXPECT_NE(::lml::test::error_of([&] { stmt; }).find(text), std::string::npos)               \
      << ::lml::test::error_of([&] { stmt; })
