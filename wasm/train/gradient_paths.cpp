#include "gradient_paths.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "core/error.hpp"
#include "core/rng.hpp"

namespace lml::train {
namespace {

double norm(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x * x;
  return std::sqrt(s);
}

double median_of(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

double mean_of(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return s / double(v.size());
}

std::string num(double x) {
  char b[32];
  std::snprintf(b, sizeof b, "%.4g", x);
  return b;
}

std::string stat_json(const Stat& s) {
  return "{\"median\": " + num(s.median) + ", \"median_ci\": [" + num(s.median_lo) + ", " + num(s.median_hi) +
         "], \"mean\": " + num(s.mean) + ", \"mean_ci\": [" + num(s.mean_lo) + ", " + num(s.mean_hi) + "]}";
}

}  // namespace

LossWeights answer_only() {
  LossWeights w;
  w.answer = 1.0, w.lm = 0.0, w.probe = 0.0, w.aux = 0.0;
  return w;
}

std::vector<PathDoc> measure_paths(const NetConfig& c, const std::vector<float>& params, const tasks::TaskSpec& spec,
                                   std::uint64_t seed, std::size_t docs) {
  require(c.retrieval && !c.full, "gradient paths: the model needs a memory");
  require(spec.segment_len == c.L && spec.summary_len == c.j && spec.sensory_len == c.k,
          "gradient paths: the documents' L, j, k differ from the model's");
  require(spec.kind != tasks::Kind::KeyValue, "gradient paths: passkey or copy (one fact, one question)");
  Net<float> net(c);
  require(params.size() == net.layout().total, "gradient paths: ", params.size(), " parameters, the layout has ",
          net.layout().total);
  std::vector<float> grad(params.size());
  const std::size_t group = 8;
  std::vector<PathDoc> out;
  for (std::size_t i0 = 0; i0 < docs; i0 += group) {
    const std::size_t n = std::min(group, docs - i0);
    std::vector<tasks::Document> batch;
    std::vector<MemoryTap> taps(n);
    for (std::size_t b = 0; b < n; ++b) {
      batch.push_back(tasks::make(spec, seed + i0 + b, tasks::Split::Eval));
      taps[b].segment = batch[b].fact_segment;
      taps[b].reader = batch[b].question_segment;
    }
    std::fill(grad.begin(), grad.end(), 0.f);  // parameter gradients are not used
    const auto st = net.run(params.data(), grad.data(), batch.data(), n, answer_only(), taps.data());
    for (std::size_t b = 0; b < n; ++b) {
      PathDoc r;
      r.g = norm(taps[b].grad_total);
      r.direct = norm(taps[b].grad_reader);
      r.chain = norm(taps[b].grad_others);
      r.share = r.g > 0 ? r.direct / r.g : 0.0;
      r.loss = st[b].loss;
      r.fact_read = taps[b].reader_reads;
      r.correct = st[b].answer_correct, r.chars = st[b].answer_bytes;
      out.push_back(r);
    }
  }
  return out;
}

Stat bootstrap(const std::vector<double>& x, std::size_t resamples, std::uint64_t seed) {
  require(!x.empty() && resamples >= 40, "bootstrap: needs values and at least 40 resamples");
  Stat s;
  s.median = median_of(x), s.mean = mean_of(x);
  const std::size_t n = x.size();
  std::vector<double> med(resamples), mean(resamples), r(n);
  Rng rng(seed);
  for (std::size_t b = 0; b < resamples; ++b) {
    for (auto& v : r) v = x[std::size_t(rng.next_u64() % n)];
    med[b] = median_of(r), mean[b] = mean_of(r);
  }
  std::sort(med.begin(), med.end());
  std::sort(mean.begin(), mean.end());
  const std::size_t lo = std::size_t(0.025 * double(resamples)), hi = std::size_t(0.975 * double(resamples)) - 1;
  s.median_lo = med[lo], s.median_hi = med[hi], s.mean_lo = mean[lo], s.mean_hi = mean[hi];
  return s;
}

PathRow summarize(const std::string& model, const std::string& weights, std::size_t N, std::size_t D,
                  const std::vector<PathDoc>& docs, std::size_t resamples, std::uint64_t seed) {
  PathRow row;
  row.model = model, row.weights = weights, row.N = N, row.D = D, row.docs = docs.size();
  std::vector<double> g, direct, chain, share, loss;
  std::size_t correct = 0, chars = 0, whole = 0;
  for (const auto& d : docs) {
    g.push_back(d.g), direct.push_back(d.direct), chain.push_back(d.chain), share.push_back(d.share), loss.push_back(d.loss);
    row.fact_read_docs += d.fact_read;
    correct += d.correct, chars += d.chars, whole += d.correct == d.chars;
  }
  row.accuracy = chars ? double(correct) / double(chars) : 0.0;
  row.answer_accuracy = docs.empty() ? 0.0 : double(whole) / double(docs.size());
  // the same seed for the four: each resample draws the same documents for every quantity
  row.g = bootstrap(g, resamples, seed), row.direct = bootstrap(direct, resamples, seed);
  row.chain = bootstrap(chain, resamples, seed), row.share = bootstrap(share, resamples, seed);
  row.loss = bootstrap(loss, resamples, seed);
  return row;
}

std::string paths_json(const PathMethod& m, const std::vector<PathRow>& rows) {
  std::ostringstream o;
  o << "{\n  \"what\": \"gradient of the answer loss with respect to the fact segment's memory M_f, split into the "
       "question segment's search (direct, one hop) and every other search (chain, through later memories)\",\n"
    << "  \"loss\": \"mean cross-entropy of the answer bytes, teacher forcing (no LM, probe or retrieval loss); "
       "float, the trainer's forward and backward at the model's training cache N\",\n"
    << "  \"task\": \"" << m.task << "\",\n"
    << "  \"documents\": \"evaluation split, seeds " << m.doc_seed << " + i, geometry and leadMax from " << m.eval_plan
    << "\",\n"
    << "  \"norms\": \"per document: g = ||dL/dM_f||, direct = ||g_direct||, chain = ||g_chain||, share = "
       "||g_direct|| / ||g||, answer_loss = L in nats per answer byte (the gradients scale with it); median and mean "
       "over documents\",\n"
    << "  \"ci_method\": \"95% percentile bootstrap over documents, " << m.resamples << " resamples, seed "
    << m.bootstrap_seed << "\",\n"
    << "  \"rows\": [\n";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const PathRow& r = rows[i];
    o << "    {\"model\": \"" << r.model << "\", \"weights\": \"" << r.weights << "\", \"N\": " << r.N
      << ", \"D\": " << r.D << ", \"docs\": " << r.docs << ", \"fact_in_cache_docs\": " << r.fact_read_docs
      << ", \"accuracy\": " << num(r.accuracy) << ", \"answer_accuracy\": " << num(r.answer_accuracy) << ",\n"
      << "     \"g\": " << stat_json(r.g) << ",\n"
      << "     \"direct\": " << stat_json(r.direct) << ",\n"
      << "     \"chain\": " << stat_json(r.chain) << ",\n"
      << "     \"share\": " << stat_json(r.share) << ",\n"
      << "     \"answer_loss\": " << stat_json(r.loss) << "}" << (i + 1 < rows.size() ? "," : "") << "\n";
  }
  o << "  ]\n}\n";
  return o.str();
}

}  // namespace lml::train
