// Streaming HMT: text goes in as bytes in chunks of any size; every completed
// segment of L bytes runs the five steps of He et al. 2024 (§3, 0-based):
//   1. summary   S_n = BBM([T ‖ H_n[0, j) ‖ T])[j + 1]   (or [j], SummaryIndex::Printed)
//   2. search    Q_n = S_n·W_q, K = M·W_k over the cache, w = softmax(Q_n Kᵀ/√d_r)
//   3. retrieve  P_n = w·M          (P_0 = the learned initial memory while the cache is empty)
//   4. augment   H = BBM([P_n ‖ H_{n−1}[L−k, L) ‖ H_n ‖ P_n])
//   5. keep      outputs = H[k + 1, k + 1 + L), M_n = H[L + k + 1] → cache (ring of N)
// H_n are token embeddings (tok_emb rows); the sensory memory is the previous
// segment's last k token embeddings. Everything the stream holds is allocated
// when it is made (pending bytes ≤ L, k sensory tokens, the N-slot cache, one
// backbone workspace of L + k + 2 rows, trace_limit traces): the cost and the
// memory per segment do not depend on how much text came before.
// feed(a) then feed(b) gives exactly the same results as feed(a ‖ b).
// flush() runs the buffered tail (< L bytes) as a shorter segment (its summary
// reads min(j, length) tokens; the next segment's sensory memory is its last
// min(k, length) tokens). preview() runs the tail the same way but keeps
// nothing, so generation can read the next byte's logits mid-segment and then
// feed the byte it chose (hmt/generate.hpp).
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "../model/backbone.hpp"
#include "bow.hpp"
#include "config.hpp"
#include "memory_bank.hpp"
#include "model.hpp"

namespace lml::hmt {

struct SegmentTrace {
  std::int64_t index = 0;        // segment number n (0-based)
  std::uint64_t start = 0;       // stream offset of its first byte
  std::size_t length = 0;        // bytes in it (L, fewer for a flushed tail)
  std::size_t sensory = 0;       // sensory tokens prepended (0 for the first segment)
  float summary_norm = 0.f;      // |S_n|   (0 without retrieval)
  float retrieved_norm = 0.f;    // |P_n|
  float memory_norm = 0.f;       // |M_n| written to the cache
  std::vector<float> weights;    // retrieval weights over the cache, oldest memory first
                                 // (empty while the cache is empty or without retrieval)
  std::vector<std::int64_t> slot_segments;  // the segment each weighted memory came from
};

class HmtStream {
 public:
  // Transformer encoder (c.encoder == Encoder::Transformer).
  HmtStream(std::shared_ptr<const HmtModel> model, const HmtConfig& c);
  // Bag-of-words encoder (c.encoder == Encoder::BagOfWords): no model.
  explicit HmtStream(const HmtConfig& c);

  // Appends bytes; runs every completed segment. Returns how many ran.
  std::size_t feed(const std::uint8_t* bytes, std::size_t n);
  // Runs the buffered tail as a short segment. Returns 1 if one ran, else 0.
  std::size_t flush();
  // Runs the buffered tail (1 ≤ pending() < L bytes) exactly as flush() would —
  // summary over min(j, pending) tokens, search (or the forced memory), the
  // augmented pass — but keeps nothing: no memory is written, no trace, no
  // counter moves, the sensory memory and a pending force_retrieval stay for
  // the segment's real run, last_outputs() / last_summary() / … still describe
  // the last segment that ran. Returns the tail's outputs [pending, d], valid
  // until the next call on the stream. The backbone is causal, so row i equals
  // row i of the whole segment once the summary reads the same j tokens
  // (pending ≥ j). Transformer encoder only.
  ConstView preview();
  // Forgets everything (cache, traces, pending bytes, counters).
  void reset();
  // Interventions for experiments (evaluation, the course's "break it" toggles):
  //   force_retrieval(c)  the next segment that runs takes P_n = the c-th oldest
  //                       cached memory (weights one-hot on it) instead of searching
  //   replace_cache(b)    the cache becomes a copy of b (e.g. another document's
  //                       memories); b must have the same d and d_r
  void force_retrieval(std::size_t chrono);
  void replace_cache(const MemoryBank& other);

  const HmtConfig& config() const { return cfg_; }
  std::size_t dim() const { return d_; }
  std::int64_t segments() const { return segments_; }
  std::uint64_t tokens() const { return tokens_; }  // bytes run through segments
  std::size_t pending() const { return pending_len_; }
  const MemoryBank& bank() const { return *bank_; }
  // Traces, newest first: trace(0) is the last segment's. i < traces_kept().
  std::size_t traces_kept() const;
  const SegmentTrace& trace(std::size_t newest_first) const;
  // The last segment: its outputs [length, d] (transformer only), S_n, P_n, M_n [d].
  ConstView last_outputs() const;
  const float* last_summary() const { return summary_.data(); }
  const float* last_retrieved() const { return retrieved_.data(); }
  const float* last_memory() const { return memory_.data(); }
  // Bytes allocated at construction for the stream's state (fixed for its life).
  std::size_t state_bytes() const { return state_bytes_; }
  // The state the stream carries from one segment to the next in order to read on,
  // in bytes — what the text has put there, not what was allocated (state_bytes):
  //   memories  [size, d]    float   the cached M_i, as bank() holds them (size ≤ N: the
  //                                  ring fills up to N and stays there)
  //   keys      [size, d_r]  float   their K_i = M_i · W_k, cached beside them
  //   sensory   [k']         byte    the last k' = min(k, length) bytes of the last segment;
  //                                  the next segment re-embeds them (a table row each),
  //                                  so the stream carries bytes, not k' × d embeddings
  //   held_bytes() = size · (d + d_r) · 4 + k'   (k' = 0 before the first segment and
  //                                               with the bag-of-words encoder)
  // Not counted: the segment number beside each memory (bookkeeping for traces), the
  // pending bytes of the segment being read, the pass's workspace and the other buffers
  // every segment reuses (state_bytes), the model's weights.
  // peak_held_bytes(): the largest held_bytes() after any segment or replace_cache since
  // the stream was made or reset (a cache replaced by a smaller one leaves the peak).
  std::size_t held_bytes() const;
  std::size_t peak_held_bytes() const { return peak_held_; }
  // Called after each segment with (segment n, outputs [length, d]) — tests and tools.
  void on_outputs(std::function<void(std::int64_t, ConstView)> f) { observer_ = std::move(f); }

 private:
  HmtConfig cfg_;
  std::shared_ptr<const HmtModel> model_;
  std::optional<BowEncoder> bow_;
  std::size_t d_, dr_;
  const float* wq_;  // [d, d_r]
  const float* wk_;
  std::unique_ptr<MemoryBank> bank_;
  std::unique_ptr<model::Workspace> ws_;
  AlignedBuffer H_, sensory_h_, seq_, out_, outputs_, summary_, retrieved_, memory_, key_, query_, weights_;
  AlignedBuffer preview_outputs_, preview_summary_, preview_retrieved_;  // preview(): the last segment's stay
  SegmentTrace preview_trace_;
  std::vector<std::uint8_t> pending_, sensory_;
  std::size_t pending_len_ = 0, sensory_len_ = 0, outputs_rows_ = 0;
  std::int64_t segments_ = 0;
  std::uint64_t tokens_ = 0;
  std::vector<SegmentTrace> traces_;
  std::size_t state_bytes_ = 0;
  std::size_t peak_held_ = 0;
  std::int64_t forced_ = -1;  // chrono index for the next segment's P_n, or −1
  std::function<void(std::int64_t, ConstView)> observer_;

  void allocate();
  // keep = false: preview() (compute the outputs only, change no state)
  void run_segment(const std::uint8_t* t, std::size_t len, bool keep = true);
  void search_into(SegmentTrace& tr, const float* summary, float* retrieved);
};

}  // namespace lml::hmt
