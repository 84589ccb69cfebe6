// The two backbone inputs of one HMT segment (He et al. 2024, eqs. 1 and 4;
// 0-based, half-open), built into caller-owned buffers:
//   summary input    [T ‖ H_n[0, j) ‖ T]                        j + 2 rows
//   augmented input  [P_n ‖ H_{n−1}[L−k, L) ‖ H_n ‖ P_n]         1 + k + L + 1 rows
//                    (without retrieval: [sensory ‖ H_n], k + L rows)
// and the lesson-facing passes built from them.
#pragma once
#include <cstdint>

#include "../tensor.hpp"
#include "config.hpp"
#include "model.hpp"

namespace lml::hmt {

// seq [j + 2, d] ← [T ‖ H[0, j) ‖ T];  returns j + 2.
std::size_t build_summary_input(const float* T, ConstView H, std::size_t j, View seq);
// seq ← [P ‖ sensory ‖ H ‖ P] (P != nullptr) or [sensory ‖ H];  returns the row count.
std::size_t build_augmented_input(const float* P, ConstView sensory, ConstView H, View seq);
// Row of S_n in the summary pass's output for j content tokens.
inline std::size_t summary_row(std::size_t j, SummaryIndex idx) { return idx == SummaryIndex::Trailing ? j + 1 : j; }

// The summary pass alone on tokens[0, j): outputs [j + 2, d] and the two
// candidate summaries — row j + 1 (trailing T, the official code) and row j
// (the printed index) — so a lesson can show what the off-by-one changes.
struct SummaryPass {
  Tensor outputs;     // [j + 2, d]
  Tensor trailing;    // [1, d] = outputs[j + 1]
  Tensor printed;     // [1, d] = outputs[j]
};
SummaryPass summary_pass(const HmtModel& m, const std::uint8_t* tokens, std::size_t j);

// Baselines on the same backbone (hidden states after the final LayerNorm):
//   full_attention        BBM(tokens) over the whole sequence, n ≤ maxPositions   [n, d]
//   independent_segments  each L-token segment alone, positions restarting at 0   [n, d]
Tensor full_attention(const model::Backbone& b, const std::uint8_t* tokens, std::size_t n);
Tensor independent_segments(const model::Backbone& b, const std::uint8_t* tokens, std::size_t n, std::size_t L);

}  // namespace lml::hmt
