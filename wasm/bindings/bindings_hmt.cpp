// Registers the backbone, HMT and LM2 with embind. Nothing is computed here.
//
// Objects that live across calls (models, streams, LM2 memories) are kept in
// integer-handle registries: a create call returns { handle }, later calls
// take the handle, and *Free(handle) releases it. The JS wrapper (core.mjs)
// turns each handle into an object with methods and .delete(). A freed or
// unknown handle gives a clear error; nothing dangles. A stream shares its
// model (shared_ptr), so freeing the model first is safe.
//
// Text arguments ("tokens", "bytes") may be a string (UTF-8 encoded), a
// Uint8Array or an array of integers 0–255.
#include <emscripten/bind.h>

#include <cmath>
#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bindings_tasks.hpp"
#include "convert.hpp"
#include "core/hmt/answer.hpp"
#include "core/hmt/passes.hpp"
#include "core/hmt/retrieval.hpp"
#include "core/hmt/stream.hpp"
#include "core/lm2/memory.hpp"

namespace lml::bind {
namespace {

using emscripten::typed_memory_view;

template <class T>
class Registry {
 public:
  explicit Registry(const char* kind) : kind_(kind) {}
  int add(std::shared_ptr<T> p) {
    const int h = next_++;
    items_[h] = std::move(p);
    return h;
  }
  std::shared_ptr<T> get(double h) const {
    const auto it = items_.find(key(h));
    require(it != items_.end(), kind_, " ", h, " does not exist (was it deleted?)");
    return it->second;
  }
  void remove(double h) {
    require(items_.erase(key(h)) == 1, kind_, " ", h, " does not exist (already deleted?)");
  }
  std::size_t size() const { return items_.size(); }

 private:
  const char* kind_;
  std::map<int, std::shared_ptr<T>> items_;
  int next_ = 1;
  int key(double h) const {
    require(std::isfinite(h) && h == std::floor(h) && h >= 1 && h < 2147483647.0, kind_, " handle must be a positive integer");
    return int(h);
  }
};

Registry<const hmt::HmtModel>& models() {
  static Registry<const hmt::HmtModel> r("HmtModel");
  return r;
}
Registry<hmt::HmtStream>& streams() {
  static Registry<hmt::HmtStream> r("HmtStream");
  return r;
}
Registry<lm2::Lm2Memory>& lm2s() {
  static Registry<lm2::Lm2Memory> r("Lm2Memory");
  return r;
}

// ---------------------------------------------------------------- conversions

std::vector<std::uint8_t>& scratch_bytes() {
  static std::vector<std::uint8_t> s;  // reused: feeding chunks does not churn the heap
  return s;
}

// string (UTF-8) | Uint8Array | number[] (0–255) → bytes (into a reused buffer).
const std::vector<std::uint8_t>& bytes_of(const val& v, const char* name) {
  std::vector<std::uint8_t>& out = scratch_bytes();
  if (v.isString()) {
    const std::string s = v.as<std::string>();
    out.assign(s.begin(), s.end());
    return out;
  }
  require(is_object(v) && v["length"].isNumber(), name, " must be a string, a Uint8Array or an array of bytes");
  const std::size_t n = v["length"].as<std::size_t>();
  require(n <= kMaxElements, name, " is too long");
  out.resize(n);
  if (v["BYTES_PER_ELEMENT"].isNumber() && v["BYTES_PER_ELEMENT"].as<int>() == 1) {
    if (n) val(typed_memory_view(n, out.data())).call<void>("set", v);
    return out;
  }
  for (std::size_t i = 0; i < n; ++i) {
    val e = v[i];
    const double b = e.isNumber() ? e.as<double>() : -1;
    require(b >= 0 && b <= 255 && b == std::floor(b), name, "[", i, "] must be an integer byte 0–255");
    out[i] = std::uint8_t(b);
  }
  return out;
}

val bytes_to_js(const std::vector<std::uint8_t>& b) {
  return val(typed_memory_view(b.size(), b.data())).call<val>("slice");
}

val row_to_js(const float* p, std::size_t d) { return to_js(Tensor::from(p, 1, d)); }

val view_to_js(ConstView v) {
  Tensor t(v.rows, v.cols);
  for (std::size_t i = 0; i < v.rows; ++i)
    for (std::size_t c = 0; c < v.cols; ++c) t(i, c) = v(i, c);
  return to_js(t);
}

// ---------------------------------------------------------------- models

val model_config_js(const hmt::ModelConfig& c) {
  val o = val::object();
  o.set("vocab", 256);
  o.set("dModel", double(c.backbone.d_model));
  o.set("heads", double(c.backbone.heads));
  o.set("layers", double(c.backbone.layers));
  o.set("dFF", double(c.backbone.d_ff));
  o.set("maxPositions", double(c.backbone.max_positions));
  o.set("dRetrieval", double(c.d_retrieval));
  o.set("tiedEmbeddings", true);
  return o;
}

val model_created(std::shared_ptr<const hmt::HmtModel> m) {
  val o = val::object();
  o.set("config", model_config_js(m->config()));
  o.set("handle", models().add(std::move(m)));
  return o;
}

val model_create_js(val cfg) {
  return guarded([&] {
    only_keys(cfg, {"seed", "dModel", "heads", "layers", "dFF", "maxPositions", "dRetrieval"}, "createHmtModel");
    hmt::ModelConfig c;
    c.backbone.d_model = size_opt(cfg, "dModel", c.backbone.d_model, 1);
    c.backbone.heads = size_opt(cfg, "heads", c.backbone.heads, 1);
    c.backbone.layers = size_opt(cfg, "layers", c.backbone.layers, 1);
    c.backbone.d_ff = size_opt(cfg, "dFF", 4 * c.backbone.d_model, 1);
    c.backbone.max_positions = size_opt(cfg, "maxPositions", c.backbone.max_positions, 1);
    c.d_retrieval = size_opt(cfg, "dRetrieval", c.backbone.d_model, 1);
    return model_created(std::make_shared<const hmt::HmtModel>(hmt::HmtModel::random(c, seed_opt(cfg, "seed", 1))));
  });
}

val model_load_js(val bytes) {
  return guarded([&] {
    require(is_object(bytes) && bytes["BYTES_PER_ELEMENT"].isNumber() && bytes["BYTES_PER_ELEMENT"].as<int>() == 1,
            "weights must be a Uint8Array (the bytes of a weight file)");
    std::vector<std::uint8_t> b(bytes["length"].as<std::size_t>());
    if (!b.empty()) val(typed_memory_view(b.size(), b.data())).call<void>("set", bytes);
    return model_created(std::make_shared<const hmt::HmtModel>(hmt::HmtModel::load(b.data(), b.size())));
  });
}

val model_save_js(double h) {
  return guarded([&] { return bytes_to_js(models().get(h)->save()); });
}

val model_free_js(double h) {
  return guarded([&] {
    models().remove(h);
    return val::undefined();
  });
}

// model.answer({ task options…, condition, cacheSize, summaryIndex, scoreRest, searches, compare }):
// makes the task document (document_of: from a seed, or from the learner's text; for
// 'shuffled' the next evaluation seed's document is the other one) and answers it
// (core/hmt/answer.hpp) in one call:
//   scoreRest: true   also restBits / restBytes, the bits of every other byte the model predicts
//   searches: true    searches: [{ segment, weights, slotSegments, top, factSlot }], every segment's
//   compare: true     (memory, ablated) bitsPerByte: { memory: { answer, rest }, ablated: { … } },
//                     the document streamed once under each of the two
// Always: topSlot and factSlot of the question's search (-1: none / the fact's memory is not in
// the cache), segmentsStreamed. With text, a pass key or string that breaks the fact rule
// (tasks::payload_problem) is not thrown: → { refused: { option: 'payload' | 'task', message } }.
val search_to_js(const hmt::Search& q) {
  val e = val::object();
  e.set("segment", double(q.segment));
  e.set("weights", val::array(q.weights.begin(), q.weights.end()));
  std::vector<double> segs(q.slot_segments.begin(), q.slot_segments.end());
  e.set("slotSegments", val::array(segs.begin(), segs.end()));
  e.set("top", q.top);
  e.set("factSlot", q.fact_slot);
  return e;
}

val bits_to_js(const hmt::Bits& b) {
  val e = val::object();
  e.set("answer", b.answer / double(b.answer_bytes));
  e.set("rest", b.rest_bytes ? b.rest / double(b.rest_bytes) : 0.0);
  return e;
}

val model_answer_js(double h, val o) {
  return guarded([&] {
    only_keys(o, {TASK_OPTION_KEYS, "condition", "cacheSize", "summaryIndex", "scoreRest", "searches", "compare"}, "answer");
    auto m = models().get(h);
    const tasks::TaskSpec spec = task_spec_of(o);
    if (has(o, "text")) {
      const std::string problem = tasks::payload_problem(spec.kind, string_opt(o, "payload", ""));
      if (!problem.empty()) {
        val refused = val::object();
        refused.set("option", std::string(spec.kind == tasks::Kind::KeyValue ? "task" : "payload"));
        refused.set("message", problem);
        val out = val::object();
        out.set("refused", refused);
        return out;
      }
    }
    const std::uint64_t seed = seed_opt(o, "seed", 1);
    const tasks::Document doc = document_of(o);
    const hmt::Condition cond = hmt::condition_from_name(string_opt(o, "condition", "memory"));
    hmt::HmtConfig g;
    g.segment_len = spec.segment_len, g.summary_len = spec.summary_len, g.sensory_len = spec.sensory_len;
    g.cache_size = size_opt(o, "cacheSize", 16, 1);
    const std::string idx = string_opt(o, "summaryIndex", "trailing");
    require(idx == "trailing" || idx == "printed", "option 'summaryIndex' must be 'trailing' or 'printed', got '", idx, "'");
    g.summary_index = idx == "printed" ? hmt::SummaryIndex::Printed : hmt::SummaryIndex::Trailing;
    tasks::Document other;
    if (cond == hmt::Condition::Shuffled) other = tasks::make(spec, seed + 1, has(o, "text") ? tasks::Split::Eval : split_of(o));
    hmt::AnswerOptions ao;
    ao.score_rest = boolean(o, "scoreRest", false);
    ao.searches = boolean(o, "searches", false);
    ao.compare = boolean(o, "compare", false);
    const hmt::Answer a = hmt::answer_document(m, doc, g, cond, cond == hmt::Condition::Shuffled ? &other : nullptr, ao);
    val out = val::object();
    out.set("doc", document_to_js(doc));
    out.set("condition", std::string(hmt::condition_name(cond)));
    out.set("predicted", a.predicted);
    out.set("pTrue", val::array(a.p_true.begin(), a.p_true.end()));
    out.set("pPredicted", val::array(a.p_predicted.begin(), a.p_predicted.end()));
    out.set("correct", double(a.correct));
    out.set("bits", a.bits);
    if (ao.score_rest || a.compared) {
      out.set("restBits", a.rest_bits);
      out.set("restBytes", double(a.rest_bytes));
    }
    out.set("top1Hit", a.top1_hit < 0 ? val::null() : val(a.top1_hit == 1));
    out.set("weights", val::array(a.weights.begin(), a.weights.end()));
    std::vector<double> segs(a.slot_segments.begin(), a.slot_segments.end());
    out.set("slotSegments", val::array(segs.begin(), segs.end()));
    out.set("topSlot", a.top_slot);
    out.set("factSlot", a.fact_slot);
    if (ao.searches) {
      val list = val::array();
      for (const auto& q : a.searches) list.call<void>("push", search_to_js(q));
      out.set("searches", list);
    }
    if (a.compared) {
      val b = val::object();
      b.set("memory", bits_to_js(a.memory_bits));
      b.set("ablated", bits_to_js(a.ablated_bits));
      out.set("bitsPerByte", b);
    }
    out.set("segmentsStreamed", double(a.segments_streamed));
    return out;
  });
}

// The token embeddings [n, d] of a non-empty text (a string, Uint8Array or byte array).
Tensor embedded(const model::Backbone& bb, const val& tokens) {
  const auto& t = bytes_of(tokens, "tokens");
  require(!t.empty(), "tokens: the text is empty");
  Tensor X(t.size(), bb.config().d_model);
  bb.embed(t.data(), t.size(), X.view());
  return X;
}

val model_embed_js(double h, val tokens) {
  return guarded([&] { return to_js(embedded(models().get(h)->backbone(), tokens)); });
}

val model_forward_js(double h, val tokens, val opts) {
  return guarded([&] {
    only_keys(opts, {"logits"}, "forward");
    auto m = models().get(h);
    const auto& t = bytes_of(tokens, "tokens");
    Tensor H = hmt::full_attention(m->backbone(), t.data(), t.size());
    val out = val::object();
    out.set("hidden", to_js(H));
    if (boolean(opts, "logits", false)) {
      Tensor L(H.rows(), 256);
      m->backbone().logits(H, L.view());
      out.set("logits", to_js(L));
    }
    return out;
  });
}

// model.headWeights(tokens, { layer, head }) → weights [n, n]: the causal attention
// weights of one head of the backbone on the bytes (positions from 0, no memory).
val model_head_weights_js(double h, val tokens, val opts) {
  return guarded([&] {
    only_keys(opts, {"layer", "head"}, "headWeights");
    const auto& bb = models().get(h)->backbone();
    return to_js(bb.head_weights(embedded(bb, tokens), size_opt(opts, "layer", 0), size_opt(opts, "head", 0)));
  });
}

// model.stages(tokens) → { residual: [x after the embedding, after each attention
// and each MLP sub-layer] ([n, d] each), hidden [n, d], logits [n, 256] }:
// forward with every stage of the residual stream kept (Backbone::stages).
val model_stages_js(double h, val tokens) {
  return guarded([&] {
    const auto& bb = models().get(h)->backbone();
    const model::Backbone::Stages st = bb.stages(embedded(bb, tokens));
    Tensor L(st.hidden.rows(), 256);
    bb.logits(st.hidden, L.view());
    val out = val::object();
    out.set("residual", to_js_list(st.residual));
    out.set("hidden", to_js(st.hidden));
    out.set("logits", to_js(L));
    return out;
  });
}

val model_forward_embeddings_js(double h, val x) {
  return guarded([&] {
    auto m = models().get(h);
    Tensor X = to_tensor(x, "X");
    return to_js(m->backbone().forward(X));
  });
}

val model_segments_js(double h, val tokens, double L) {
  return guarded([&] {
    auto m = models().get(h);
    require(std::isfinite(L) && L == std::floor(L) && L >= 1, "segment length must be an integer >= 1, got ", L);
    const auto& t = bytes_of(tokens, "tokens");
    return to_js(hmt::independent_segments(m->backbone(), t.data(), t.size(), std::size_t(L)));
  });
}

val model_summary_js(double h, val tokens) {
  return guarded([&] {
    auto m = models().get(h);
    const auto& t = bytes_of(tokens, "tokens");
    hmt::SummaryPass s = hmt::summary_pass(*m, t.data(), t.size());
    val out = val::object();
    out.set("outputs", to_js(s.outputs));
    out.set("trailing", to_js(s.trailing));
    out.set("printed", to_js(s.printed));
    out.set("trailingIndex", double(t.size() + 1));
    out.set("printedIndex", double(t.size()));
    return out;
  });
}

val model_parameters_js(double h) {
  return guarded([&] {
    auto m = models().get(h);
    val out = val::object();
    out.set("summaryToken", to_js(m->summary_token()));
    out.set("initialMemory", to_js(m->initial_memory()));
    out.set("wq", to_js(m->w_q()));
    out.set("wk", to_js(m->w_k()));
    out.set("tokenEmbeddings", to_js(*m->backbone().params().find("tok_emb")));
    out.set("positionEmbeddings", to_js(*m->backbone().params().find("pos_emb")));
    return out;
  });
}

// ---------------------------------------------------------------- streams

hmt::HmtConfig stream_config(const val& o) {
  only_keys(o, {"segmentLength", "summaryLength", "sensoryLength", "cacheSize", "retrieval", "summaryIndex",
                "traceLimit", "ablateMemory", "encoder", "dim", "minWordLength", "sharpness", "seed"},
            "createHmtStream");
  hmt::HmtConfig c;
  c.segment_len = size_opt(o, "segmentLength", c.segment_len);
  c.summary_len = size_opt(o, "summaryLength", has(o, "segmentLength") ? std::max<std::size_t>(c.segment_len / 2, 1) : c.summary_len);
  c.sensory_len = size_opt(o, "sensoryLength", c.sensory_len);
  c.cache_size = size_opt(o, "cacheSize", c.cache_size);
  c.retrieval = boolean(o, "retrieval", true);
  const std::string idx = string_opt(o, "summaryIndex", "trailing");
  require(idx == "trailing" || idx == "printed", "option 'summaryIndex' must be 'trailing' (j + 1, the official code) or 'printed' (j), got '", idx, "'");
  c.summary_index = idx == "printed" ? hmt::SummaryIndex::Printed : hmt::SummaryIndex::Trailing;
  c.trace_limit = size_opt(o, "traceLimit", c.trace_limit);
  c.ablate_memory = boolean(o, "ablateMemory", false);
  const std::string enc = string_opt(o, "encoder", "transformer");
  require(enc == "transformer" || enc == "bag-of-words", "option 'encoder' must be 'transformer' or 'bag-of-words', got '", enc, "'");
  c.encoder = enc == "bag-of-words" ? hmt::Encoder::BagOfWords : hmt::Encoder::Transformer;
  c.bow.dim = size_opt(o, "dim", c.bow.dim);
  c.bow.min_word_len = size_opt(o, "minWordLength", c.bow.min_word_len);
  c.bow.sharpness = float(number(o, "sharpness", c.bow.sharpness));
  c.bow.seed = seed_opt(o, "seed", c.bow.seed);
  return c;
}

val stream_config_js(const hmt::HmtConfig& c) {
  val o = val::object();
  o.set("segmentLength", double(c.segment_len));
  o.set("summaryLength", double(c.summary_len));
  o.set("sensoryLength", double(c.sensory_len));
  o.set("cacheSize", double(c.cache_size));
  o.set("retrieval", c.retrieval);
  o.set("summaryIndex", std::string(c.summary_index == hmt::SummaryIndex::Printed ? "printed" : "trailing"));
  o.set("traceLimit", double(c.trace_limit));
  o.set("ablateMemory", c.ablate_memory);
  o.set("encoder", std::string(c.encoder == hmt::Encoder::BagOfWords ? "bag-of-words" : "transformer"));
  if (c.encoder == hmt::Encoder::BagOfWords) {
    o.set("dim", double(c.bow.dim));
    o.set("minWordLength", double(c.bow.min_word_len));
    o.set("sharpness", c.bow.sharpness);
    o.set("seed", double(c.bow.seed));
  }
  return o;
}

val trace_js(const hmt::SegmentTrace& t) {
  val o = val::object();
  o.set("index", double(t.index));
  o.set("start", double(t.start));
  o.set("length", double(t.length));
  o.set("sensory", double(t.sensory));
  o.set("summaryNorm", t.summary_norm);
  o.set("retrievedNorm", t.retrieved_norm);
  o.set("memoryNorm", t.memory_norm);
  o.set("weights", val(typed_memory_view(t.weights.size(), t.weights.data())).call<val>("slice"));
  std::vector<std::int32_t> seg(t.slot_segments.begin(), t.slot_segments.end());
  o.set("slotSegments", val(typed_memory_view(seg.size(), seg.data())).call<val>("slice"));
  return o;
}

// The traces of the last `count` segments (at most the kept ones), oldest first.
val traces_js(const hmt::HmtStream& s, std::size_t count) {
  const std::size_t n = std::min(count, s.traces_kept());
  val a = val::array();
  for (std::size_t i = n; i-- > 0;) a.call<void>("push", trace_js(s.trace(i)));
  return a;
}

val ran_js(const hmt::HmtStream& s, std::size_t ran) {
  val o = val::object();
  o.set("segments", double(ran));
  o.set("traces", traces_js(s, ran));
  o.set("pending", double(s.pending()));
  return o;
}

val stream_create_js(double model_handle, val cfg) {
  return guarded([&] {
    hmt::HmtConfig c = stream_config(cfg);
    std::shared_ptr<hmt::HmtStream> s;
    if (c.encoder == hmt::Encoder::BagOfWords) {
      require(model_handle <= 0, "createHmtStream: the bag-of-words encoder takes no model");
      s = std::make_shared<hmt::HmtStream>(c);
    } else {
      require(model_handle > 0, "createHmtStream: the transformer encoder needs a model (createHmtModel), or set encoder: 'bag-of-words'");
      s = std::make_shared<hmt::HmtStream>(models().get(model_handle), c);
    }
    val o = val::object();
    o.set("config", stream_config_js(s->config()));
    o.set("dim", double(s->dim()));
    o.set("stateBytes", double(s->state_bytes()));
    o.set("handle", streams().add(std::move(s)));
    return o;
  });
}

val stream_feed_js(double h, val bytes) {
  return guarded([&] {
    auto s = streams().get(h);
    const auto& b = bytes_of(bytes, "bytes");
    return ran_js(*s, s->feed(b.data(), b.size()));
  });
}

val stream_flush_js(double h) {
  return guarded([&] {
    auto s = streams().get(h);
    return ran_js(*s, s->flush());
  });
}

val stream_traces_js(double h) {
  return guarded([&] {
    auto s = streams().get(h);
    return traces_js(*s, s->traces_kept());
  });
}

val stream_bank_js(double h) {
  return guarded([&] {
    auto s = streams().get(h);
    const hmt::MemoryBank& b = s->bank();
    val o = val::object();
    std::vector<std::int32_t> seg(b.size());
    Tensor M(std::max<std::size_t>(b.size(), 1), b.dim());
    for (std::size_t i = 0; i < b.size(); ++i) {
      std::copy(b.memory(i), b.memory(i) + b.dim(), M.data() + i * b.dim());
      seg[i] = std::int32_t(b.segment(i));
    }
    o.set("memories", b.size() ? to_js(M) : val::null());
    o.set("segments", val(typed_memory_view(seg.size(), seg.data())).call<val>("slice"));
    o.set("capacity", double(s->config().retrieval ? b.capacity() : 0));
    return o;
  });
}

val stream_last_js(double h) {
  return guarded([&] {
    auto s = streams().get(h);
    require(s->segments() > 0, "HmtStream: no segment has run yet");
    val o = val::object();
    o.set("index", double(s->segments() - 1));
    if (s->config().encoder == hmt::Encoder::Transformer) o.set("outputs", view_to_js(s->last_outputs()));
    if (s->config().retrieval) {
      o.set("summary", row_to_js(s->last_summary(), s->dim()));
      o.set("retrieved", row_to_js(s->last_retrieved(), s->dim()));
      o.set("memory", row_to_js(s->last_memory(), s->dim()));
    }
    return o;
  });
}

val stream_stats_js(double h) {
  return guarded([&] {
    auto s = streams().get(h);
    val o = val::object();
    o.set("segments", double(s->segments()));
    o.set("tokens", double(s->tokens()));
    o.set("pending", double(s->pending()));
    o.set("cached", double(s->bank().size()));
    o.set("tracesKept", double(s->traces_kept()));
    o.set("stateBytes", double(s->state_bytes()));
    return o;
  });
}

val stream_reset_js(double h) {
  return guarded([&] {
    streams().get(h)->reset();
    return val::undefined();
  });
}

val stream_free_js(double h) {
  return guarded([&] {
    streams().remove(h);
    return val::undefined();
  });
}

val retrieve_js(val s, val m, val wq, val wk, val opts) {
  return guarded([&] {
    only_keys(opts, {"reference"}, "hmtRetrieve");
    Tensor S = to_tensor(s, "S"), M = to_tensor(m, "M"), Wq = to_tensor(wq, "Wq"), Wk = to_tensor(wk, "Wk");
    hmt::Retrieval r = boolean(opts, "reference", false) ? hmt::reference::retrieve(S, M, Wq, Wk) : hmt::retrieve(S, M, Wq, Wk);
    val o = val::object();
    o.set("query", to_js(r.query));
    o.set("keys", to_js(r.keys));
    o.set("scores", to_js(r.scores));
    o.set("weights", to_js(r.weights));
    o.set("retrieved", to_js(r.retrieved));
    return o;
  });
}

// ---------------------------------------------------------------- LM2

val lm2_create_js(val cfg) {
  return guarded([&] {
    only_keys(cfg, {"d", "slots", "seed", "init"}, "createLm2");
    lm2::Lm2Config c;
    c.d = size_opt(cfg, "d", c.d, 1);
    c.slots = size_opt(cfg, "slots", c.slots, 1);
    c.seed = seed_opt(cfg, "seed", c.seed);
    const std::string init = string_opt(cfg, "init", "identity");
    require(init == "identity" || init == "random", "option 'init' must be 'identity' or 'random', got '", init, "'");
    c.init = init == "random" ? lm2::Init::Random : lm2::Init::Identity;
    auto m = std::make_shared<lm2::Lm2Memory>(c);
    val o = val::object();
    val co = val::object();
    co.set("d", double(c.d));
    co.set("slots", double(c.slots));
    co.set("seed", double(c.seed));
    co.set("init", init);
    o.set("config", co);
    o.set("handle", lm2s().add(std::move(m)));
    return o;
  });
}

std::optional<float> gate_opt(const val& o, const char* key) {
  if (!has(o, key)) return std::nullopt;
  return float(number(o, key, 0));
}

// E [t, d]: t time steps, one row each. Returns every intermediate stacked
// over steps, the final memory, and (option slot) that slot after each step.
val lm2_step_js(double h, val e, val opts) {
  return guarded([&] {
    only_keys(opts, {"gateIn", "gateForget", "gateOut", "slot"}, "Lm2Memory.step");
    auto m = lm2s().get(h);
    Tensor E = to_tensor(e, "E");
    const std::size_t d = m->config().d, R = m->config().slots * d, T = E.rows();
    require(E.cols() == d, "E must be [steps, d = ", d, "], got ", E.shape_str());
    lm2::Overrides ov{gate_opt(opts, "gateIn"), gate_opt(opts, "gateForget"), gate_opt(opts, "gateOut")};
    const bool track = has(opts, "slot");
    const std::size_t slot = track ? size_opt(opts, "slot", 0) : 0;
    require(slot < m->config().slots, "option 'slot' must be < slots = ", m->config().slots);
    Tensor W(T, R), read(T, d), gi(T, d), gf(T, d), go(T, d), out(T, d), hist(T, d * d);
    for (std::size_t t = 0; t < T; ++t) {
      lm2::Step s = m->step(ConstView{E.data() + t * d, 1, d, d}, ov);
      std::copy(s.weights.data(), s.weights.data() + R, W.data() + t * R);
      std::copy(s.read.data(), s.read.data() + d, read.data() + t * d);
      std::copy(s.g_in.data(), s.g_in.data() + d, gi.data() + t * d);
      std::copy(s.g_forget.data(), s.g_forget.data() + d, gf.data() + t * d);
      std::copy(s.g_out.data(), s.g_out.data() + d, go.data() + t * d);
      std::copy(s.out.data(), s.out.data() + d, out.data() + t * d);
      std::copy(m->memory().data() + slot * d * d, m->memory().data() + (slot + 1) * d * d, hist.data() + t * d * d);
    }
    val o = val::object();
    o.set("weights", to_js(W));
    o.set("read", to_js(read));
    o.set("gIn", to_js(gi));
    o.set("gForget", to_js(gf));
    o.set("gOut", to_js(go));
    o.set("out", to_js(out));
    o.set("memory", to_js(m->memory()));
    if (track) o.set("slotHistory", to_js(hist));
    return o;
  });
}

val lm2_memory_js(double h) {
  return guarded([&] { return to_js(lm2s().get(h)->memory()); });
}

val lm2_weights_js(double h) {
  return guarded([&] {
    auto m = lm2s().get(h);
    val o = val::object();
    o.set("wq", to_js(m->wq()));
    o.set("wk", to_js(m->wk()));
    o.set("wv", to_js(m->wv()));
    o.set("wIn", to_js(m->w_in()));
    o.set("wForget", to_js(m->w_forget()));
    o.set("wOut", to_js(m->w_out()));
    return o;
  });
}

val lm2_reset_js(double h) {
  return guarded([&] {
    lm2s().get(h)->reset();
    return val::undefined();
  });
}

val lm2_free_js(double h) {
  return guarded([&] {
    lm2s().remove(h);
    return val::undefined();
  });
}

val lm2_update_js(val m, val gi, val gf, val em) {
  return guarded([&] {
    Tensor M = to_tensor(m, "M"), Gi = to_tensor(gi, "gIn"), Gf = to_tensor(gf, "gForget"), Em = to_tensor(em, "Emem");
    return to_js(lm2::update(M, Gi, Gf, Em));
  });
}

val live_js() {
  val o = val::object();
  o.set("models", double(models().size()));
  o.set("streams", double(streams().size()));
  o.set("lm2", double(lm2s().size()));
  return o;
}

}  // namespace

EMSCRIPTEN_BINDINGS(lml_hmt) {
  using emscripten::function;
  function("hmtModelCreate", &model_create_js);
  function("hmtModelLoad", &model_load_js);
  function("hmtModelSave", &model_save_js);
  function("hmtModelAnswer", &model_answer_js);
  function("hmtModelFree", &model_free_js);
  function("hmtModelEmbed", &model_embed_js);
  function("hmtModelForward", &model_forward_js);
  function("hmtModelForwardEmbeddings", &model_forward_embeddings_js);
  function("hmtModelHeadWeights", &model_head_weights_js);
  function("hmtModelStages", &model_stages_js);
  function("hmtModelSegments", &model_segments_js);
  function("hmtModelSummary", &model_summary_js);
  function("hmtModelParameters", &model_parameters_js);
  function("hmtStreamCreate", &stream_create_js);
  function("hmtStreamFeed", &stream_feed_js);
  function("hmtStreamFlush", &stream_flush_js);
  function("hmtStreamTraces", &stream_traces_js);
  function("hmtStreamBank", &stream_bank_js);
  function("hmtStreamLast", &stream_last_js);
  function("hmtStreamStats", &stream_stats_js);
  function("hmtStreamReset", &stream_reset_js);
  function("hmtStreamFree", &stream_free_js);
  function("hmtRetrieve", &retrieve_js);
  function("lm2Create", &lm2_create_js);
  function("lm2Step", &lm2_step_js);
  function("lm2Memory", &lm2_memory_js);
  function("lm2Weights", &lm2_weights_js);
  function("lm2Reset", &lm2_reset_js);
  function("lm2Free", &lm2_free_js);
  function("lm2Update", &lm2_update_js);
  function("hmtLive", &live_js);
}

}  // namespace lml::bind
