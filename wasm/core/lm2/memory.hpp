// LM2 gated memory (Kang et al. 2025, arXiv 2502.06049, §2), small and standalone.
//   memory M: N slots, each a d×d matrix initialised to the identity (the paper's
//             choice; Init::Random draws N(0, 1/d) instead so slots differ),
//             stored as rows: M [N·d, d], slot s = rows [s·d, (s+1)·d)
//   one time step, input embedding E_t [1, d]:
//     read     Q = E_t·W^Q [1, d];  K = M·W^K, V = M·W^V [N·d, d]
//              a = softmax(Q·Kᵀ/√d) [1, N·d];  E_mem = a·V [1, d]
//     output   g_out = σ(E_mem·W_out);  out = E_t + g_out ⊙ E_mem
//              (in LM2 the gated memory output joins the block's self-attention
//              output, E_next = E_attn + g_out ⊙ E_mem; standalone, E_t stands in for E_attn)
//     gates    g_in = σ(E_t·W_in),  g_forget = σ(E_mem·W_forget)   [1, d]
//     update   M_{t+1} = g_in ⊙ tanh(E_mem) + g_forget ⊙ M_t
//              (the [1, d] terms broadcast over the N·d rows of M: the paper writes
//              the update without indices; this is the reading whose shapes agree)
// Overrides (the lesson's sliders) replace a computed gate by a constant in [0, 1].
// Weights W^Q, W^K, W^V, W_in, W_forget, W_out [d, d] ~ N(0, 1/d) from the seed.
#pragma once
#include <cstdint>
#include <optional>

#include "../tensor.hpp"

namespace lml::lm2 {

enum class Init { Identity, Random };

struct Lm2Config {
  std::size_t d = 8;      // embedding size
  std::size_t slots = 2;  // N
  std::uint64_t seed = 7;
  Init init = Init::Identity;
  void validate() const;
};

struct Overrides {
  std::optional<float> g_in, g_forget, g_out;
};

struct Step {
  Tensor weights;   // a       [1, N·d]
  Tensor read;      // E_mem   [1, d]
  Tensor g_in, g_forget, g_out;  // [1, d]
  Tensor out;       // E_t + g_out ⊙ E_mem   [1, d]
};

class Lm2Memory {
 public:
  explicit Lm2Memory(const Lm2Config& c);
  // E [1, d]: reads, gates, updates the memory; returns every intermediate.
  Step step(ConstView E, const Overrides& o = {});
  void reset();  // back to the initial memory
  const Lm2Config& config() const { return cfg_; }
  const Tensor& memory() const { return M_; }  // [N·d, d]
  const Tensor& wq() const { return Wq_; }
  const Tensor& wk() const { return Wk_; }
  const Tensor& wv() const { return Wv_; }
  const Tensor& w_in() const { return Win_; }
  const Tensor& w_forget() const { return Wf_; }
  const Tensor& w_out() const { return Wo_; }

 private:
  Lm2Config cfg_;
  Tensor M_, Wq_, Wk_, Wv_, Win_, Wf_, Wo_;
};

// The update alone: M' = g_in ⊙ tanh(E_mem) + g_forget ⊙ M, rows of M broadcast.
//   M [r, d];  g_in, g_forget, E_mem [1, d]  → [r, d]
Tensor update(ConstView M, ConstView g_in, ConstView g_forget, ConstView E_mem);

namespace reference {
// The same step in plain loops (double accumulators) on a copy of the memory.
Step step(const Lm2Memory& m, ConstView E, const Overrides& o, Tensor& M_next);
}

}  // namespace lml::lm2
