// Shared test helpers: random tensors and tolerance comparison against a reference.
#pragma once
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "core/rng.hpp"
#include "core/tensor.hpp"

namespace lml::test {

// max |a - b| over all elements; shapes must match.
float max_abs_diff(const Tensor& a, const Tensor& b);

// Passes when |a - b| <= atol + rtol * |b| everywhere (b is the reference);
// the failure message names the first offending position and both values.
::testing::AssertionResult all_close(const Tensor& a, const Tensor& b, float atol, float rtol);

}  // namespace lml::test
