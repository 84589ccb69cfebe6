// Registers the task generators (core/tasks/tasks.hpp) so the browser makes the
// very documents the trainer and the evaluation make from the same seed.
//   makeTaskDocument({ task: 'passkey'|'kv'|'copy', D, K, segmentLength, summaryLength,
//                      sensoryLength, leadMax, keyDigits, seed, split: 'train'|'eval' })
//     keyDigits (passkey): the key's length, 5 when absent — the capacity rows' longer keys
//   → { bytes: Uint8Array, segments, factSegment, questionSegment, answerPos,
//       answer, distance, factPos (where the asked fact's answer bytes sit), facts: [{ segment, payload }] }
//   makeTaskDocument({ task: 'passkey'|'copy', D, text, payload, seed }) → the same, with the
//       learner's text as filler (tasks::make_from_text)
#include <emscripten/bind.h>

#include "bindings_tasks.hpp"

namespace lml::bind {

tasks::TaskSpec task_spec_of(const val& o) {
  tasks::TaskSpec s;
  s.kind = tasks::kind_from_name(string_opt(o, "task", "passkey"));
  s.distance = size_opt(o, "D", s.distance);
  s.facts = size_opt(o, "K", s.facts, 1);
  s.segment_len = size_opt(o, "segmentLength", s.segment_len);
  s.summary_len = size_opt(o, "summaryLength", s.summary_len);
  s.sensory_len = size_opt(o, "sensoryLength", s.sensory_len);
  s.lead_max = size_opt(o, "leadMax", s.lead_max);
  s.payload = size_opt(o, "keyDigits", s.payload);  // passkey: digits in the key (0: 5); "payload" is the own-text fact
  return s;
}

tasks::Split split_of(const val& o) {
  const std::string split = string_opt(o, "split", "eval");
  require(split == "train" || split == "eval", "option 'split' must be 'train' or 'eval', got '", split, "'");
  return split == "train" ? tasks::Split::Train : tasks::Split::Eval;
}

val document_to_js(const tasks::Document& d) {
  val out = val::object();
  out.set("bytes", val(emscripten::typed_memory_view(d.bytes.size(), d.bytes.data())).call<val>("slice"));
  out.set("segments", double(d.segments));
  out.set("factSegment", double(d.fact_segment));
  out.set("questionSegment", double(d.question_segment));
  out.set("answerPos", double(d.answer_pos));
  out.set("answer", d.answer);
  out.set("distance", double(d.distance));
  out.set("factPos", double(d.fact_pos));
  val facts = val::array();
  for (const auto& f : d.facts) {
    val e = val::object();
    e.set("segment", double(f.segment));
    e.set("payload", f.payload);
    facts.call<void>("push", e);
  }
  out.set("facts", facts);
  return out;
}

tasks::Document document_of(const val& o) {
  const tasks::TaskSpec spec = task_spec_of(o);
  const std::uint64_t seed = seed_opt(o, "seed", 1);
  if (has(o, "text")) {
    require(has(o, "payload"), "option 'text' needs 'payload' (the pass key's 5 digits or the 8 capitals to copy)");
    require(!has(o, "split"), "option 'split' does not apply to a document made from your text");
    return tasks::make_from_text(spec, string_opt(o, "text", ""), string_opt(o, "payload", ""), seed);
  }
  require(!has(o, "payload"), "option 'payload' needs 'text'");
  return tasks::make(spec, seed, split_of(o));
}

namespace {
val make_task_document_js(val o) {
  return guarded([&] {
    only_keys(o, {TASK_OPTION_KEYS}, "makeTaskDocument");
    return document_to_js(document_of(o));
  });
}
} // namespace
} // namespace lml::bind

EMSCRIPTEN_BINDINGS(lml_tasks) {
  emscripten::function("makeTaskDocument", &lml::bind::make_task_document_js);
}
