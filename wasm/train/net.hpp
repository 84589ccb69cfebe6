// The trainable HMT: backbone + HMT parameters + the write probe in one flat
// parameter array, and the forward/backward of one whole document unrolled
// over its segments (full BPTT through every memory and retrieval edge).
//
// Documents run in lockstep (net.cpp): the passes of every document at one
// segment are stacked into one tall matrix, so each weight is packed once per
// segment and the products run over (documents × rows) at a time.
// Per segment n of a document (0-based, half-open; the same steps as
// core/hmt/stream.cpp, so trained weights run unchanged in the course):
//   H_n   = tok_emb[bytes of segment n]                          [L, d]
//   S_n   = BBM([T ‖ H_n[0, j) ‖ T])[j + 1]                      [d]     (only when the search covers ≥ 2 memories:
//                                                                          over one, its weight is 1 whatever S_n)
//   q     = S_n·W_q [d_r];  K_i = M_i·W_k [d_r] for the last N memories i
//   w     = softmax(q·K_iᵀ/√d_r);  P_n = Σ w_i M_i  (P_0 while the cache is empty)
//   out   = BBM([P_n ‖ tok_emb[sensory] ‖ H_n ‖ P_n])            [1 + k_n + L + 1, d]
//           (k_n = 0 for segment 0, else k; without retrieval: [sensory ‖ H_n])
//   logits = out[content rows]·tok_embᵀ [L, 256];  M_n = out[last] → cache
// Losses (weights in LossWeights):
//   answer  mean cross-entropy of the answer bytes
//   lm      mean cross-entropy of every other next byte
//   probe   the write probe (a training device, not part of HMT): a linear
//           layer on the memory of each fact's segment predicts the fact's
//           characters (36 classes per character: digits, capitals)
//   aux     cross-entropy of the question segment's retrieval scores against
//           the fact's memory (the official code's auxiliary retrieval loss)
// The scalar T is float for training and double for the gradient checks.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/model/config.hpp"
#include "core/tasks/tasks.hpp"

namespace lml::train {

struct NetConfig {
  model::BackboneConfig backbone;  // d_model, heads, layers, d_ff, max_positions
  std::size_t d_retrieval = 64;    // d_r
  std::size_t L = 64, j = 32, k = 8, N = 12;
  bool retrieval = true;
  // full = true: no segments and no memory — the backbone reads the whole
  // document in one causal pass (the full-attention baseline). Its positions
  // are a fixed sinusoidal table over max_positions rows (never trained, so
  // every position of the longest evaluated document has a defined vector);
  // T, P_0, W_q, W_k and the probe are present in the layout but unused.
  bool full = false;
  std::size_t probe_slots = tasks::kPayloadMax, probe_classes = tasks::kPayloadClasses;
  void validate() const;
};

// One named tensor inside the flat parameter array.
struct Slot {
  std::string name;
  std::size_t offset, rows, cols;
  bool decay;  // AdamW weight decay applies (matrices and embeddings except W_q, W_k)
};

// Offsets of every tensor. Internal order; layer{l}.attn.wqkv [d, 3d] holds
// W_q | W_k | W_v side by side (the weight file stores them apart).
struct Layout {
  explicit Layout(const NetConfig& c);
  std::vector<Slot> slots;
  std::size_t total = 0;
  std::size_t tok, pos, lnf_g, lnf_b, T, P0, Wq, Wk, probe_w, probe_b;
  struct LayerOffsets {
    std::size_t ln1_g, ln1_b, wqkv, wo, ln2_g, ln2_b, w1, b1, w2, b2;
  };
  std::vector<LayerOffsets> layers;
  const Slot& slot(const std::string& name) const;  // throws when absent
};

struct LossWeights {
  double answer = 1.0, lm = 0.1, probe = 1.0, aux = 0.1;
};

// What one document's forward pass measured.
struct DocStats {
  double loss = 0;                       // the weighted total
  double answer_nats = 0;                // summed over answer bytes
  std::size_t answer_bytes = 0, answer_correct = 0;
  double lm_nats = 0;
  std::size_t lm_bytes = 0;
  double probe_nats = 0;
  std::size_t probe_chars = 0, probe_correct = 0;
  int top1_hit = -1;                     // 1/0 when the fact's memory was in the searched window, else −1
};

// A measurement and test hook on one memory of one document (gradient_paths.hpp
// uses it): M_f, the memory written by segment `segment` (f), and the copy of it
// that the search of segment `reader` (q) reads. Memories are the only channel
// from one segment's computation to a later one (the sensory memory carries
// byte embeddings, tok_emb rows, not activations), so dL/dM_f is everything the
// loss sends back to segment f's pass.
//   delta_all     [d] or empty: added to M_f where it is written, so its key and
//                 every read of it see the change
//   delta_reader  [d] or empty: added only to the copy of M_f that q's search reads,
//                 as key and as value (for finite differences: refused with a gradient)
// With a gradient the run fills, in double:
//   grad_total    dL/dM_f: every read, through its key and its value (plus the write
//                 probe's gradient when that loss is on)
//   grad_reader   the part that enters through q's search (the one-hop edge)
//   grad_others   the part that enters through every other search that reads M_f
// With the probe off, grad_total = grad_reader + grad_others up to rounding.
struct MemoryTap {
  std::size_t segment = 0, reader = 0;
  std::vector<double> delta_all, delta_reader;
  bool reader_reads = false;  // out: q's search window held M_f
  std::vector<double> grad_total, grad_reader, grad_others;
};

template <class T>
struct Workspace;  // per-thread activation tape (net.cpp)

template <class T>
class Net {
 public:
  explicit Net(const NetConfig& c);
  ~Net();
  Net(const Net&) = delete;
  Net& operator=(const Net&) = delete;

  const NetConfig& config() const { return cfg_; }
  // Flush subnormal floats to zero while run() works (float_env.hpp; on by
  // default, native x86 only; the double Net never flushes).
  void set_flush_denormals(bool on) { flush_ = on; }
  const Layout& layout() const { return lay_; }

  // Forward (and backward when grad != nullptr, accumulated with +=) of one
  // document. params, grad: [layout().total]. Not thread-safe per Net: use one
  // Net per thread (they share nothing but the config).
  // tap (optional): a MemoryTap on this document.
  DocStats run(const T* params, T* grad, const tasks::Document& doc, const LossWeights& w, MemoryTap* tap = nullptr);
  // The same for docs[0, n) run in lockstep (each segment's passes stacked into
  // one tall product): grad accumulates the SUM of the documents' gradients;
  // one DocStats per document, in order. Documents may differ in length.
  // taps (optional): taps[b] is document b's MemoryTap.
  std::vector<DocStats> run(const T* params, T* grad, const tasks::Document* docs, std::size_t n, const LossWeights& w,
                            MemoryTap* taps = nullptr);

 private:
  DocStats run_full(const T* params, T* grad, const tasks::Document& doc, double w_ans, double w_lm,
                    const LossWeights& w);
  NetConfig cfg_;
  Layout lay_;
  Workspace<T>* ws_;
  bool flush_ = true;
};

// Deterministic initialisation from a seed.
//   "unit" (the default): every vector the backbone sees has unit-scale components —
//     tok_emb N(0, 1), pos_emb N(0, 0.2²), W_qkv, W1 N(0, 1/fan_in), W_o, W2
//     N(0, 1/(fan_in·2·layers)), T, P_0 N(0, 1) — the scales of model::Backbone::random.
//     The memories HMT feeds back are final-LayerNorm outputs (unit-scale components),
//     so with these scales a memory token and a byte are alike in size and the
//     attention reading a segment moves the memory written for it.
//   "gpt2": N(0, 0.02²) embeddings and matrices (W_o, W2 /√(2·layers)), P_0 N(0, 1):
//     the memory token dwarfs everything else in its row (norm ≈ 8 against ≈ 0.16).
// With c.full, pos_emb is the sinusoidal table PE[t, 2i] = 0.2·sin(t / 10000^(2i/d)),
// PE[t, 2i + 1] = 0.2·cos(…) (Vaswani et al. 2017, §3.5; scaled to the unit
// scheme's 0.2 position scale) and stays fixed.
// Both: LayerNorm gamma 1, beta 0, biases 0, W_q N(0, 1/d), W_k = W_q, probe N(0, 0.02²).
std::vector<float> init_params(const NetConfig& c, std::uint64_t seed, const std::string& scheme = "unit");

}  // namespace lml::train
