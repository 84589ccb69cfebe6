#include "generate.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>

#include "../error.hpp"
#include "stream.hpp"

namespace lml::hmt {

void check_generate_options(const GenerateOptions& o) {
  require(std::isfinite(o.temperature) && o.temperature >= 0 && o.temperature <= kMaxTemperature,
          "generate: temperature must be a number in [0, ", kMaxTemperature, "] (0 = greedy), got ", o.temperature);
  require(o.top_k <= 256, "generate: topK must be 0 (all 256 bytes) or 1 … 256, got ", o.top_k);
  require(o.max_bytes >= 1 && o.max_bytes <= kMaxGenerateBytes, "generate: maxBytes must be 1 … ", kMaxGenerateBytes,
          ", got ", o.max_bytes);
  require(o.stop >= -1 && o.stop <= 255, "generate: the stop byte must be 0 … 255 (or -1: none), got ", o.stop);
}

double uniform_draw(Rng& rng) { return double(rng.next_u64() >> 11) * (1.0 / 9007199254740992.0); }

namespace {

// The 256 bytes ordered by logit, largest first; equal logits by the lower byte.
std::array<std::uint8_t, 256> by_logit(const float* z) {
  std::array<std::uint8_t, 256> order;
  std::iota(order.begin(), order.end(), std::uint8_t(0));
  std::stable_sort(order.begin(), order.end(), [z](std::uint8_t a, std::uint8_t b) { return z[a] > z[b]; });
  return order;
}

std::uint8_t choose(const float* z, const std::array<std::uint8_t, 256>& order, const GenerateOptions& o, double u,
                    float* p_model, float* p_sample) {
  for (std::size_t v = 0; v < 256; ++v)
    require(std::isfinite(z[v]), "generate: the model's logit for byte ", v, " is not finite (", z[v], ")");
  const double m = z[order[0]];
  double sum = 0;
  for (std::size_t v = 0; v < 256; ++v) sum += std::exp(double(z[v]) - m);
  for (std::size_t v = 0; v < 256; ++v) p_model[v] = float(std::exp(double(z[v]) - m) / sum);
  std::fill(p_sample, p_sample + 256, 0.f);
  if (o.temperature == 0) {
    p_sample[order[0]] = 1.f;
    return order[0];
  }
  const std::size_t k = o.top_k == 0 ? 256 : o.top_k;
  std::array<double, 256> w;
  double total = 0;
  for (std::size_t r = 0; r < k; ++r) total += (w[r] = std::exp((double(z[order[r]]) - m) / o.temperature));
  for (std::size_t r = 0; r < k; ++r) p_sample[order[r]] = float(w[r] / total);
  // inverse CDF in logit order: the first byte whose running sum passes u·total (the same additions as
  // total, so the last running sum is total and u < 1 always lands)
  const double target = u * total;
  double cum = 0;
  for (std::size_t r = 0; r < k; ++r) {
    cum += w[r];
    if (target < cum) return order[r];
  }
  return order[0];  // unreachable: u < 1
}

}  // namespace

std::uint8_t choose_byte(const float* logits, const GenerateOptions& o, double u, float* p_model, float* p_sample) {
  check_generate_options(o);
  require(u >= 0 && u < 1, "generate: the uniform draw must lie in [0, 1), got ", u);
  return choose(logits, by_logit(logits), o, u, p_model, p_sample);
}

Generation generate(const std::shared_ptr<const HmtModel>& model, const tasks::Document& doc, const HmtConfig& geometry,
                    Condition cond, const tasks::Document* other, const GenerateOptions& o) {
  check_generate_options(o);
  require(model != nullptr, "generate: no model given");
  HmtConfig c = condition_config(geometry, cond);
  c.trace_limit = 1;
  const std::size_t L = c.segment_len, q = doc.question_segment;
  check_document(doc, L, "generate");
  HmtStream s(model, c);
  s.feed(doc.bytes.data(), q * L);
  intervene(s, model, doc, cond, other, "generate");
  s.feed(doc.bytes.data() + q * L, doc.answer_pos - q * L);  // the prompt: the question segment up to the answer

  const model::Backbone& bb = model->backbone();
  Generation g;
  g.prompt_bytes = doc.answer_pos;
  Rng rng(o.seed);
  Tensor logits(1, 256);
  std::array<float, 256> p_model, p_sample;
  for (std::size_t i = 0; i < o.max_bytes; ++i) {
    // mid-segment: the tail so far, run as streaming would run it; at a boundary: the closed segment's last row
    const ConstView out = s.pending() ? s.preview() : s.last_outputs();
    bb.logits(ConstView{out.row(out.rows - 1), 1, out.cols, out.stride}, logits.view());
    const double u = o.temperature > 0 ? uniform_draw(rng) : 0;
    const auto order = by_logit(logits.data());
    const std::uint8_t b = choose(logits.data(), order, o, u, p_model.data(), p_sample.data());
    GeneratedByte gb;
    gb.byte = b;
    gb.p_model = p_model[b];
    gb.p_sample = p_sample[b];
    gb.position = doc.answer_pos + i;
    for (std::size_t r = 0; r < kTopAlternatives; ++r) gb.top.push_back({order[r], p_model[order[r]], p_sample[order[r]]});
    g.bytes.push_back(std::move(gb));
    g.text.push_back(char(b));
    s.feed(&b, 1);  // the chosen byte, not the document's
    if (o.stop >= 0 && b == std::uint8_t(o.stop)) {
      g.stopped = true;
      break;
    }
  }

  const std::string& a = doc.answer;
  g.correct = g.text.size() >= a.size() && g.text.compare(0, a.size(), a) == 0;
  const std::size_t after = doc.answer_pos + a.size();  // the byte that ends the answer in the document
  const std::size_t judged = std::min(g.text.size(), a.size() + (after < doc.bytes.size() ? 1 : 0));
  for (std::size_t i = 0; i < judged; ++i) {
    const char expected = i < a.size() ? a[i] : char(doc.bytes[after]);
    if (g.text[i] != expected) {
      g.first_wrong = int(i);
      break;
    }
  }
  g.segments_streamed = std::size_t(s.segments()) + (cond == Condition::Shuffled ? other->question_segment : 0);
  return g;
}

}  // namespace lml::hmt
