// Registers the backbone and HMT models with embind: create, load, save, the
// backbone's passes (embed, forward, head weights, stages, segments, summary),
// the parameters, and model.answer (a task document answered in one call,
// core/hmt/answer.hpp). Handles and conversions: bindings_handles.hpp.
#include "bindings_handles.hpp"

#include <algorithm>
#include <string>

#include "bindings_answer.hpp"
#include "bindings_tasks.hpp"
#include "core/hmt/answer.hpp"
#include "core/hmt/passes.hpp"

namespace lml::bind {

AnswerRequest answer_request(const val& o) {
  AnswerRequest r;
  const tasks::TaskSpec spec = task_spec_of(o);
  if (has(o, "text")) {
    const std::string problem = tasks::payload_problem(spec.kind, string_opt(o, "payload", ""));
    if (!problem.empty()) {
      val refused = val::object();
      refused.set("option", std::string(spec.kind == tasks::Kind::KeyValue ? "task" : "payload"));
      refused.set("message", problem);
      r.refused = val::object();
      r.refused.set("refused", refused);
      return r;
    }
  }
  const std::uint64_t seed = seed_opt(o, "seed", 1);
  r.doc = document_of(o);
  r.condition = hmt::condition_from_name(string_opt(o, "condition", "memory"));
  r.geometry.segment_len = spec.segment_len, r.geometry.summary_len = spec.summary_len;
  r.geometry.sensory_len = spec.sensory_len;
  r.geometry.cache_size = size_opt(o, "cacheSize", 16, 1);
  const std::string idx = string_opt(o, "summaryIndex", "trailing");
  require(idx == "trailing" || idx == "printed", "option 'summaryIndex' must be 'trailing' or 'printed', got '", idx, "'");
  r.geometry.summary_index = idx == "printed" ? hmt::SummaryIndex::Printed : hmt::SummaryIndex::Trailing;
  if (r.condition == hmt::Condition::Shuffled)
    r.other = tasks::make(spec, seed + 1, has(o, "text") ? tasks::Split::Eval : split_of(o));
  return r;
}

namespace {

using emscripten::typed_memory_view;

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
  const hmt::Geometry& g = m->geometry();
  if (g.known()) {
    val geo = val::object();
    geo.set("kind", g.kind);
    geo.set("segmentLength", double(g.L));
    geo.set("summaryLength", double(g.j));
    geo.set("sensoryLength", double(g.k));
    geo.set("cacheSize", double(g.N));
    geo.set("retrieval", g.retrieval);
    o.set("geometry", geo);
  } else {
    o.set("geometry", val::null());
  }
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
// the cache), segmentsStreamed, heldBytes (the most bytes of state the model held while reading:
// its cached memories and keys and the sensory bytes, or for 'full' its KV cache; Answer::held_bytes). With text, a pass key or string that breaks the fact rule
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
    only_keys(o, {TASK_OPTION_KEYS, ANSWER_OPTION_KEYS, "scoreRest", "searches", "compare"}, "answer");
    auto m = models().get(h);
    const AnswerRequest r = answer_request(o);
    if (!r.refused.isUndefined()) return r.refused;
    const tasks::Document& doc = r.doc;
    const hmt::Condition cond = r.condition;
    hmt::AnswerOptions ao;
    ao.score_rest = boolean(o, "scoreRest", false);
    ao.searches = boolean(o, "searches", false);
    ao.compare = boolean(o, "compare", false);
    const hmt::Answer a = hmt::answer_document(m, doc, r.geometry, cond, r.other_or_null(), ao);
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
    out.set("heldBytes", double(a.held_bytes));
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

}  // namespace
}  // namespace lml::bind

EMSCRIPTEN_BINDINGS(lml_hmt_model) {
  using emscripten::function;
  function("hmtModelCreate", &lml::bind::model_create_js);
  function("hmtModelLoad", &lml::bind::model_load_js);
  function("hmtModelSave", &lml::bind::model_save_js);
  function("hmtModelAnswer", &lml::bind::model_answer_js);
  function("hmtModelFree", &lml::bind::model_free_js);
  function("hmtModelEmbed", &lml::bind::model_embed_js);
  function("hmtModelForward", &lml::bind::model_forward_js);
  function("hmtModelForwardEmbeddings", &lml::bind::model_forward_embeddings_js);
  function("hmtModelHeadWeights", &lml::bind::model_head_weights_js);
  function("hmtModelStages", &lml::bind::model_stages_js);
  function("hmtModelSegments", &lml::bind::model_segments_js);
  function("hmtModelSummary", &lml::bind::model_summary_js);
  function("hmtModelParameters", &lml::bind::model_parameters_js);
}
