// Gradient paths: how a question's answer loss reaches the memory written by
// the fact's segment, split into the one-hop search edge and the chain of later
// memories (lesson 14 teaches both; npm run gradient-paths writes the figures).
// Per document, d = d_model, fact in segment f, question in q = f + D + 1:
//   M_f       [d]  the memory written by segment f — the only channel from f's
//                  pass to a later one (the sensory memory carries byte
//                  embeddings, tok_emb rows, not f's activations)
//   P_q       [d]  the question segment's retrieved memory, Σ_i w_i M_i over the
//                  last N memories (w from q's search)
//   L              mean cross-entropy of the answer bytes, teacher forcing, as
//                  the trainer computes it (no LM, probe or retrieval loss)
//   g         [d]  dL/dM_f
//   g_direct  [d]  the part through the edge "M_f in q's cache → q's search → P_q"
//                  (its value and its key); zero when the cache no longer holds
//                  M_f (D + 1 > N)
//   g_chain   [d]  g − g_direct: the part through the searches of segments
//                  f + 1 … q − 1, i.e. through at least one later memory
//                  M_{f+1} … M_{q−1} (computed as the sum over those reads;
//                  equal to g − g_direct up to rounding, tested)
// Rows: per model and D, the norms' median and mean over documents, each with a
// 95% percentile bootstrap over documents (the document is the unit; fixed seed).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/tasks/tasks.hpp"
#include "net.hpp"

namespace lml::train {

// One document's measurement.
struct PathDoc {
  double g = 0, direct = 0, chain = 0;  // ||g||, ||g_direct||, ||g_chain||
  double share = 0;                     // ||g_direct|| / ||g|| (0 when g = 0)
  double loss = 0;                      // L (nats per answer byte): the gradients scale with it
  bool fact_read = false;               // q's search window held M_f
  std::size_t correct = 0, chars = 0;   // answer characters right (arg-max, teacher forcing), of chars
};

// The answer-only loss: answer 1, lm 0, probe 0, aux 0.
LossWeights answer_only();

// Documents make(spec, seed + i, Split::Eval), i < docs, run forward and
// backward through Net<float> at the config's N (8 at a time, in lockstep).
std::vector<PathDoc> measure_paths(const NetConfig& c, const std::vector<float>& params, const tasks::TaskSpec& spec,
                                   std::uint64_t seed, std::size_t docs);

// Median and mean of x with 95% percentile bootstrap intervals over its entries.
struct Stat {
  double median = 0, median_lo = 0, median_hi = 0, mean = 0, mean_lo = 0, mean_hi = 0;
};
Stat bootstrap(const std::vector<double>& x, std::size_t resamples, std::uint64_t seed);

struct PathRow {
  std::string model, weights;
  std::size_t N = 0, D = 0, docs = 0, fact_read_docs = 0;
  double accuracy = 0, answer_accuracy = 0;
  Stat g, direct, chain, share, loss;
};
PathRow summarize(const std::string& model, const std::string& weights, std::size_t N, std::size_t D,
                  const std::vector<PathDoc>& docs, std::size_t resamples, std::uint64_t seed);

// The committed file: the method, then one record per row. Numbers to 4 significant digits.
struct PathMethod {
  std::string task, eval_plan;
  std::uint64_t doc_seed = 1, bootstrap_seed = 1;
  std::size_t resamples = 2000;
};
std::string paths_json(const PathMethod& m, const std::vector<PathRow>& rows);

}  // namespace lml::train
