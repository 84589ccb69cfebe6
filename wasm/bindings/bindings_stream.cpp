// Registers HMT streams with embind (create, feed, flush, traces, the memory
// bank, the last segment, stats, reset, free) and hmtRetrieve, the memory
// search on its own. Handles and conversions: bindings_handles.hpp.
#include "bindings_handles.hpp"

#include <string>

#include "core/hmt/retrieval.hpp"

namespace lml::bind {
namespace {

using emscripten::typed_memory_view;

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

}  // namespace
}  // namespace lml::bind

EMSCRIPTEN_BINDINGS(lml_hmt_stream) {
  using emscripten::function;
  function("hmtStreamCreate", &lml::bind::stream_create_js);
  function("hmtStreamFeed", &lml::bind::stream_feed_js);
  function("hmtStreamFlush", &lml::bind::stream_flush_js);
  function("hmtStreamTraces", &lml::bind::stream_traces_js);
  function("hmtStreamBank", &lml::bind::stream_bank_js);
  function("hmtStreamLast", &lml::bind::stream_last_js);
  function("hmtStreamStats", &lml::bind::stream_stats_js);
  function("hmtStreamReset", &lml::bind::stream_reset_js);
  function("hmtStreamFree", &lml::bind::stream_free_js);
  function("hmtRetrieve", &lml::bind::retrieve_js);
}
