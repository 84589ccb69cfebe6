// HMT run-time configuration (He et al. 2024, arXiv 2405.06067, §3–4).
//   L  segment_len   tokens per segment                          (paper: 256–1024)
//   j  summary_len   tokens the summary pass reads, H_n[0, j)    (paper: L/2)
//   k  sensory_len   tokens carried over from the previous segment (paper: 32)
//   N  cache_size    memory embeddings kept in the cache          (paper: 300)
//   retrieval        false: no summary pass, no memory tokens — each segment is
//                    BBM(sensory ‖ H_n); with k = 0 that is plain independent segments
//   summary_index    where S_n is read in BBM([T ‖ H_n[0, j) ‖ T]):
//                    Trailing = j + 1 (the trailing T; the official code's output[:, -1])
//                    Printed  = j     (the index as printed / the cheat sheet's output[:, j]:
//                                      the last content token, which cannot see the trailing T)
//   trace_limit      per-segment traces kept (oldest dropped)
//   ablate_memory    true: every segment gets P_n = P_0 (the search still runs and is
//                    traced, memories are still written) — the ablation that shows
//                    what the retrieved memory carries
// Bag-of-words encoder options: see hmt/bow.hpp.
#pragma once
#include <cstddef>
#include <cstdint>

namespace lml::hmt {

enum class SummaryIndex { Trailing, Printed };
enum class Encoder { Transformer, BagOfWords };

struct BowConfig {
  std::size_t dim = 64;           // embedding size
  std::size_t min_word_len = 4;   // shorter words are ignored (a crude stop-word filter)
  float sharpness = 10.f;         // retrieval scores = sharpness · cos(S_n, M_i)
  std::uint64_t seed = 1;         // word vectors depend on the seed and the word only
};

struct HmtConfig {
  std::size_t segment_len = 128;
  std::size_t summary_len = 64;
  std::size_t sensory_len = 16;
  std::size_t cache_size = 300;
  bool retrieval = true;
  SummaryIndex summary_index = SummaryIndex::Trailing;
  std::size_t trace_limit = 64;
  bool ablate_memory = false;
  Encoder encoder = Encoder::Transformer;
  BowConfig bow;

  // Positions one augmented pass needs: L + k + 2 with retrieval, L + k without.
  std::size_t pass_rows() const { return segment_len + sensory_len + (retrieval ? 2 : 0); }
  // Throws lml::Error for j > L, j = 0, k ≥ L, N = 0 with retrieval on, sizes out of range.
  void validate() const;
};

inline constexpr std::size_t kMaxSegmentLen = 8192, kMaxCacheSize = 100000, kMaxTraceLimit = 100000;

}  // namespace lml::hmt
