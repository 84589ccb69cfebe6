// Evaluation of trained weights on held-out documents, run through the
// course's own inference code (core/hmt/stream.hpp: the same HmtStream the
// browser runs), with the interventions that separate what each part carries:
//   memory         the model as trained
//   ablated        every P_n = P_0 (no retrieved memory reaches any segment)
//   shuffled       before the question segment, the cache is replaced by the
//                  memories of another document of the same task
//   oracle         the question segment takes P = the fact segment's memory
//                  (perfect search: what is left is writing and reading)
//   retrieval-off  a separately trained model without retrieval (sensory memory only)
//   full           a full-attention model: the whole document in one causal pass
// accuracy = fraction of answer characters whose arg-max prediction (the true
// answer before it, teacher forcing) is right; answer_accuracy = whole answers
// right; by_position[c] = accuracy of the answer's c-th character alone (where a
// longer key stops being read); bits_per_byte = mean −log2 p(answer byte); top1_hit = fraction of
// question segments whose largest retrieval weight sits on the fact's segment.
// Intervals take the document as the unit (its characters are not independent):
//   ci_low, ci_high                 accuracy, percentile bootstrap over documents
//                                   (kBootstrapResamples resamples, seed kBootstrapSeed)
//   answer_ci_low, answer_ci_high   answer_accuracy, Wilson over documents
// Each record names this in ci_method, and the model and its training seed.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/hmt/model.hpp"
#include "core/tasks/tasks.hpp"

namespace lml::train {

struct EvalRequest {
  tasks::Kind kind = tasks::Kind::Passkey;
  std::string condition = "memory";
  std::size_t D = 8, K = 8, N = 16;
  std::size_t P = 0;  // passkey: digits in the key (0: the task's own 5; capacity rows set 10, 20, …)
  std::size_t L = 64, j = 32, k = 8, lead_max = 1;
  std::size_t docs = 2000;
  std::uint64_t seed = 1;   // documents are make(spec, seed + i, Split::Eval), i < docs
  std::size_t threads = 2;
  std::string model = "hmt-memory";  // the name the record carries
  std::uint64_t model_seed = 1;      // the model's training seed (recorded)
  std::string baseline = "hmt-retrieval-off";  // the name retrieval-off records carry
};

inline constexpr std::size_t kBootstrapResamples = 2000;
inline constexpr std::uint64_t kBootstrapSeed = 20240509;
inline constexpr const char* kCiMethod =
    "accuracy: percentile bootstrap over documents (2000 resamples); answer_accuracy: Wilson over documents; 95%";

struct EvalRecord {
  std::string model, task, condition;
  std::uint64_t seed;
  std::size_t D, N, K, payload, docs, chars;  // payload: characters per answer (passkey P, kv 4, copy 8)
  double accuracy, ci_low, ci_high, answer_accuracy, answer_ci_low, answer_ci_high, bits_per_byte, chance;
  double top1_hit;  // < 0: not applicable (null in JSON)
  std::vector<double> by_position;  // [payload]: accuracy of the answer's c-th character over the documents
};

// model: the memory model; baseline: the retrieval-off model (used only for that condition).
EvalRecord evaluate(const std::shared_ptr<const hmt::HmtModel>& model, const std::shared_ptr<const hmt::HmtModel>& baseline,
                    const EvalRequest& r);

// 95% percentile bootstrap of Σ correct / Σ chars over documents resampled with replacement.
void bootstrap_documents(const std::vector<std::size_t>& correct, const std::vector<std::size_t>& chars, double* lo,
                         double* hi, std::size_t resamples = kBootstrapResamples, std::uint64_t seed = kBootstrapSeed);

// Wilson score interval for k successes in n trials (z = 1.96: 95%).
void wilson(std::size_t k, std::size_t n, double* lo, double* hi, double z = 1.959963984540054);

std::string to_json(const std::vector<EvalRecord>& rows);

}  // namespace lml::train
