#include "answer.hpp"

#include <algorithm>
#include <cmath>

#include "stream.hpp"

namespace lml::hmt {

Condition condition_from_name(const std::string& n) {
  if (n == "memory") return Condition::Memory;
  if (n == "ablated") return Condition::Ablated;
  if (n == "shuffled") return Condition::Shuffled;
  if (n == "oracle") return Condition::Oracle;
  if (n == "retrieval-off") return Condition::RetrievalOff;
  if (n == "full") return Condition::Full;
  fail("condition must be memory, ablated, shuffled, oracle, retrieval-off or full, got '", n, "'");
}

const char* condition_name(Condition c) {
  switch (c) {
    case Condition::Memory: return "memory";
    case Condition::Ablated: return "ablated";
    case Condition::Shuffled: return "shuffled";
    case Condition::Oracle: return "oracle";
    case Condition::RetrievalOff: return "retrieval-off";
    case Condition::Full: return "full";
  }
  return "?";
}

namespace {

Search search_of(const SegmentTrace& tr, std::size_t fact_segment) {
  Search s;
  s.segment = std::size_t(tr.index);
  s.weights = tr.weights;
  s.slot_segments = tr.slot_segments;
  if (!s.weights.empty()) s.top = int(std::max_element(s.weights.begin(), s.weights.end()) - s.weights.begin());
  for (std::size_t i = 0; i < s.slot_segments.size(); ++i)
    if (s.slot_segments[i] == std::int64_t(fact_segment)) s.fact_slot = int(i);
  return s;
}

Bits bits_of(const Answer& a) { return {a.bits, a.rest_bits, a.predicted.size(), a.rest_bytes}; }

// Scores the prediction `row` (logits [256]) of byte `target` and books it into `a`:
// an answer byte adds its arg-max, p(true), p(arg-max), hit and −log2 p(true) to the
// answer; any other byte adds its bits to the rest of the text.
void book_byte(Answer& a, const float* row, std::uint8_t target, bool is_answer) {
  const std::size_t am = std::size_t(std::max_element(row, row + 256) - row);
  double sum = 0;
  for (std::size_t v = 0; v < 256; ++v) sum += std::exp(double(row[v] - row[am]));
  const double bits = -(double(row[target] - row[am]) - std::log(sum)) / std::log(2.0);
  if (is_answer) {
    a.predicted.push_back(char(am));
    a.p_true.push_back(float(std::exp2(-bits)));
    a.p_predicted.push_back(float(1.0 / sum));
    a.correct += am == target;
    a.bits += bits;
  } else {
    a.rest_bits += bits;
    a.rest_bytes += 1;
  }
}

// Condition::Full: bytes [0, n) of the document in one causal pass, positions
// 0 … n − 1; output row i predicts byte i + 1. Memory, searches and the cache
// do not exist here; segments_streamed stays 0.
Answer answer_full(const HmtModel& model, const tasks::Document& doc, bool score_rest) {
  const model::Backbone& bb = model.backbone();
  const std::size_t n = doc.bytes.size(), P = bb.config().max_positions;
  require(n <= P, "answer: 'full' reads the whole document in one pass: ", n, " bytes need ", n,
          " positions, the model has ", P, " (a full-attention model is trained with positions for its longest document)");
  require(!doc.answer.empty() && doc.answer_pos >= 1 && doc.answer_pos + doc.answer.size() <= n,
          "answer: the answer must lie inside the document, after its first byte");
  Tensor X(n, bb.config().d_model);
  bb.embed(doc.bytes.data(), n, X.view());
  const Tensor H = bb.forward(X);
  const std::size_t lo = score_rest ? 0 : doc.answer_pos - 1, hi = score_rest ? n - 1 : doc.answer_pos - 1 + doc.answer.size();
  Tensor logits(hi - lo, 256);
  bb.logits(ConstView{H.data() + lo * H.cols(), hi - lo, H.cols(), H.cols()}, logits.view());
  Answer a;
  for (std::size_t i = lo; i < hi; ++i)
    book_byte(a, logits.data() + (i - lo) * 256, doc.bytes[i + 1],
              i + 1 >= doc.answer_pos && i + 1 < doc.answer_pos + doc.answer.size());
  // K and V of every layer for all n bytes read (Answer::held_bytes)
  a.held_bytes = 2 * bb.config().layers * n * bb.config().d_model * sizeof(float);
  return a;
}

}  // namespace

HmtConfig condition_config(const HmtConfig& geometry, Condition cond) {
  HmtConfig c = geometry;
  c.encoder = Encoder::Transformer;
  c.retrieval = cond != Condition::RetrievalOff;
  c.ablate_memory = cond == Condition::Ablated;
  return c;
}

void check_document(const tasks::Document& doc, std::size_t L, const char* what) {
  const std::size_t q = doc.question_segment;
  require(doc.bytes.size() == doc.segments * L, what, ": the document is not ", doc.segments, " segments of L = ", L,
          " (make it with the same segment length)");
  require(!doc.answer.empty() && doc.answer_pos >= q * L + 1 && doc.answer_pos + doc.answer.size() <= (q + 1) * L,
          what, ": the answer must lie inside the question segment, after its first byte");
}

void intervene(HmtStream& s, const std::shared_ptr<const HmtModel>& model, const tasks::Document& doc, Condition cond,
               const tasks::Document* other, const char* what) {
  const HmtConfig& c = s.config();
  const std::size_t L = c.segment_len;
  if (cond == Condition::Shuffled) {
    require(other != nullptr && other->bytes.size() == other->segments * L, what, ": 'shuffled' needs another document");
    HmtStream o(model, c);
    o.feed(other->bytes.data(), other->question_segment * L);
    s.replace_cache(o.bank());
  }
  if (cond == Condition::Oracle) {
    bool found = false;
    for (std::size_t i = 0; i < s.bank().size() && !found; ++i)
      if (s.bank().segment(i) == std::int64_t(doc.fact_segment)) s.force_retrieval(i), found = true;
    require(found, what, ": 'oracle' needs the fact's memory in the cache (N = ", c.cache_size, " is too small for D = ",
            doc.distance, ")");
  }
}

Answer answer_document(const std::shared_ptr<const HmtModel>& model, const tasks::Document& doc, const HmtConfig& geometry,
                       Condition cond, const tasks::Document* other, bool score_rest) {
  AnswerOptions o;
  o.score_rest = score_rest;
  return answer_document(model, doc, geometry, cond, other, o);
}

Answer answer_document(const std::shared_ptr<const HmtModel>& model, const tasks::Document& doc, const HmtConfig& geometry,
                       Condition cond, const tasks::Document* other, const AnswerOptions& options) {
  if (cond == Condition::Full) return answer_full(*model, doc, options.score_rest);
  const bool compare = options.compare && (cond == Condition::Memory || cond == Condition::Ablated);
  const bool score_rest = options.score_rest || compare;
  HmtConfig c = condition_config(geometry, cond);
  c.trace_limit = options.searches ? doc.segments : 1;
  const std::size_t L = c.segment_len, q = doc.question_segment;
  check_document(doc, L, "answer");
  HmtStream s(model, c);
  Answer a;
  const std::size_t first = doc.answer_pos - q * L - 1, n = doc.answer.size();
  Tensor logits(L - 1, 256);
  // Segment `seg` has been fed: its output rows [lo, hi) predict its bytes lo + 1 … hi.
  auto read_segment = [&](std::size_t seg, std::size_t lo, std::size_t hi) {
    const ConstView out = s.last_outputs();
    model->backbone().logits(ConstView{out.row(lo), hi - lo, out.cols, out.stride}, View{logits.data(), hi - lo, 256, 256});
    for (std::size_t i = lo; i < hi; ++i)
      book_byte(a, logits.data() + (i - lo) * 256, doc.bytes[seg * L + i + 1], seg == q && i >= first && i < first + n);
  };
  if (score_rest) {
    for (std::size_t seg = 0; seg < q; ++seg) {
      s.feed(doc.bytes.data() + seg * L, L);
      read_segment(seg, 0, L - 1);
    }
  } else {
    s.feed(doc.bytes.data(), q * L);
  }
  intervene(s, model, doc, cond, other, "answer");
  s.feed(doc.bytes.data() + q * L, L);
  if (score_rest) read_segment(q, 0, L - 1);
  else read_segment(q, first, first + n);
  if (c.retrieval && s.traces_kept()) {
    const Search q = search_of(s.trace(0), doc.fact_segment);
    a.weights = q.weights;
    a.slot_segments = q.slot_segments;
    a.top_slot = q.top;
    a.fact_slot = q.fact_slot;
    if (cond == Condition::Memory) a.top1_hit = q.top >= 0 && q.top == q.fact_slot;
    if (options.searches)
      for (std::size_t i = s.traces_kept(); i-- > 0;)
        if (!s.trace(i).weights.empty()) a.searches.push_back(search_of(s.trace(i), doc.fact_segment));
  }
  a.segments_streamed = std::size_t(s.segments()) + (cond == Condition::Shuffled ? other->question_segment : 0);
  a.held_bytes = s.peak_held_bytes();
  if (compare) {
    AnswerOptions plain;
    plain.score_rest = true;
    const Answer b = answer_document(model, doc, geometry, cond == Condition::Memory ? Condition::Ablated : Condition::Memory,
                                     nullptr, plain);
    a.compared = true;
    a.memory_bits = bits_of(cond == Condition::Memory ? a : b);
    a.ablated_bits = bits_of(cond == Condition::Memory ? b : a);
    a.segments_streamed += b.segments_streamed;
  }
  return a;
}

}  // namespace lml::hmt
