#include "evaluate.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <sstream>
#include <thread>

#include "core/error.hpp"
#include "core/hmt/answer.hpp"
#include "core/rng.hpp"

namespace lml::train {
namespace {

struct DocResult {
  std::vector<std::uint8_t> right;  // [chars]: 1 where the answer character was predicted
  std::size_t correct = 0, chars = 0, whole = 0;
  double bits = 0;
  int hit = -1;
};

tasks::TaskSpec spec_of(const EvalRequest& r) {
  tasks::TaskSpec s;
  s.kind = r.kind;
  s.segment_len = r.L, s.summary_len = r.j, s.sensory_len = r.k, s.lead_max = r.lead_max;
  s.distance = r.D, s.facts = r.K;
  s.payload = r.kind == tasks::Kind::Passkey ? r.P : 0;
  return s;
}

// Streams one document through the core's answer_document and keeps what the record needs.
DocResult run_one(const std::shared_ptr<const hmt::HmtModel>& model, const EvalRequest& r, std::size_t i) {
  const tasks::TaskSpec spec = spec_of(r);
  const tasks::Document doc = tasks::make(spec, r.seed + i, tasks::Split::Eval);
  const hmt::Condition cond = hmt::condition_from_name(r.condition);
  tasks::Document other;
  if (cond == hmt::Condition::Shuffled) other = tasks::make(spec, r.seed + (i + 1) % r.docs, tasks::Split::Eval);
  hmt::HmtConfig g;
  g.segment_len = r.L, g.summary_len = r.j, g.sensory_len = r.k, g.cache_size = r.N;
  const hmt::Answer a = hmt::answer_document(model, doc, g, cond, cond == hmt::Condition::Shuffled ? &other : nullptr);
  DocResult res;
  res.correct = a.correct;
  res.chars = a.predicted.size();
  for (std::size_t c = 0; c < res.chars; ++c) res.right.push_back(a.predicted[c] == doc.answer[c]);
  res.whole = a.correct == a.predicted.size();
  res.bits = a.bits;
  res.hit = a.top1_hit;
  return res;
}

}  // namespace

void bootstrap_documents(const std::vector<std::size_t>& correct, const std::vector<std::size_t>& chars, double* lo,
                         double* hi, std::size_t resamples, std::uint64_t seed) {
  const std::size_t n = correct.size();
  require(n >= 1 && chars.size() == n && resamples >= 2, "eval: bootstrap needs documents and resamples");
  Rng rng(seed);
  std::vector<double> stat(resamples);
  for (std::size_t b = 0; b < resamples; ++b) {
    std::size_t c = 0, t = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t pick = std::size_t(rng.next_u64() % n);
      c += correct[pick], t += chars[pick];
    }
    stat[b] = t ? double(c) / double(t) : 0.0;
  }
  std::sort(stat.begin(), stat.end());
  // the 2.5th and 97.5th percentiles (nearest rank)
  *lo = stat[std::size_t(std::floor(0.025 * double(resamples)))];
  *hi = stat[std::min(resamples - 1, std::size_t(std::ceil(0.975 * double(resamples))) - 1)];
}

void wilson(std::size_t k, std::size_t n, double* lo, double* hi, double z) {
  if (n == 0) {
    *lo = 0, *hi = 1;
    return;
  }
  const double p = double(k) / double(n), nn = double(n);
  const double den = 1 + z * z / nn, centre = (p + z * z / (2 * nn)) / den;
  const double half = z * std::sqrt(p * (1 - p) / nn + z * z / (4 * nn * nn)) / den;
  *lo = std::max(0.0, centre - half), *hi = std::min(1.0, centre + half);
  // at k = 0 or k = n the bound is the estimate itself (rounding would leave 1e-19 above 0)
  if (k == 0) *lo = 0;
  if (k == n) *hi = 1;
}

EvalRecord evaluate(const std::shared_ptr<const hmt::HmtModel>& model, const std::shared_ptr<const hmt::HmtModel>& baseline,
                    const EvalRequest& r) {
  const bool off = hmt::condition_from_name(r.condition) == hmt::Condition::RetrievalOff;
  require(!off || baseline, "eval: the retrieval-off condition needs the retrieval-off model (--baseline)");
  require(r.docs >= 1, "eval: docs must be >= 1");
  const auto& shared = off ? baseline : model;
  std::vector<DocResult> res(r.docs);
  const std::size_t T = std::max<std::size_t>(1, std::min(r.threads, r.docs));
  std::vector<std::thread> pool;
  std::vector<std::string> errors(T);
  for (std::size_t t = 0; t < T; ++t)
    pool.emplace_back([&, t] {
      try {
        for (std::size_t i = t; i < r.docs; i += T) res[i] = run_one(shared, r, i);
      } catch (const std::exception& e) {
        errors[t] = e.what();
      }
    });
  for (auto& th : pool) th.join();
  for (const auto& e : errors) require(e.empty(), e);

  EvalRecord rec;
  rec.model = off ? r.baseline : r.model;
  rec.seed = r.model_seed;
  rec.task = tasks::kind_name(r.kind);
  rec.condition = r.condition;
  rec.D = r.kind == tasks::Kind::KeyValue ? 0 : r.D;
  rec.K = r.kind == tasks::Kind::KeyValue ? r.K : 0;
  rec.N = r.N;
  rec.payload = tasks::payload_length(spec_of(r));  // characters per answer
  rec.docs = r.docs;
  std::size_t correct = 0, chars = 0, whole = 0, hits = 0, hit_n = 0;
  double bits = 0;
  std::vector<std::size_t> doc_correct, doc_chars, at(rec.payload, 0), at_n(at.size(), 0);
  for (const auto& d : res) {
    correct += d.correct, chars += d.chars, whole += d.whole, bits += d.bits;
    for (std::size_t c = 0; c < d.right.size() && c < at.size(); ++c) at[c] += d.right[c], ++at_n[c];
    doc_correct.push_back(d.correct), doc_chars.push_back(d.chars);
    if (d.hit >= 0) hits += std::size_t(d.hit), ++hit_n;
  }
  rec.chars = chars;
  for (std::size_t c = 0; c < at.size(); ++c) rec.by_position.push_back(at_n[c] ? double(at[c]) / double(at_n[c]) : 0.0);
  rec.accuracy = double(correct) / double(chars);
  bootstrap_documents(doc_correct, doc_chars, &rec.ci_low, &rec.ci_high);
  rec.answer_accuracy = double(whole) / double(r.docs);
  wilson(whole, r.docs, &rec.answer_ci_low, &rec.answer_ci_high);
  rec.bits_per_byte = bits / double(chars);
  rec.chance = r.kind == tasks::Kind::Copy ? 1.0 / 26 : 0.1;
  rec.top1_hit = hit_n ? double(hits) / double(hit_n) : -1;
  return rec;
}

std::string to_json(const std::vector<EvalRecord>& rows) {
  std::ostringstream o;
  o.precision(6);
  o << "[\n";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    o << "  {\"model\": \"" << r.model << "\", \"seed\": " << r.seed << ", \"task\": \"" << r.task << "\", \"condition\": \"" << r.condition << "\", \"D\": " << r.D
      << ", \"N\": " << r.N << ", \"K\": " << r.K << ", \"payload\": " << r.payload << ", \"docs\": " << r.docs << ", \"accuracy\": " << r.accuracy
      << ", \"ci_low\": " << r.ci_low << ", \"ci_high\": " << r.ci_high << ", \"bits_per_byte\": " << r.bits_per_byte
      << ", \"top1_hit\": ";
    if (r.top1_hit < 0) o << "null";
    else o << r.top1_hit;
    o << ", \"answer_accuracy\": " << r.answer_accuracy << ", \"answer_ci_low\": " << r.answer_ci_low
      << ", \"answer_ci_high\": " << r.answer_ci_high << ", \"ci_method\": \"" << kCiMethod << "\", \"chance\": " << r.chance << ", \"chars\": " << r.chars
      << ", \"by_position\": [";
    for (std::size_t c = 0; c < r.by_position.size(); ++c) o << (c ? ", " : "") << r.by_position[c];
    o << "]}" << (i + 1 < rows.size() ? "," : "") << "\n";
  }
  o << "]\n";
  return o.str();
}

}  // namespace lml::train
