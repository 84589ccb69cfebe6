// What model.answer (bindings_model.cpp) and model.generate (bindings_generate.cpp)
// share: one options object names a task document (task options: bindings_tasks.hpp),
// a condition and the stream's geometry.
//   { …task options, condition: 'memory'|'ablated'|'shuffled'|'oracle'|'retrieval-off',
//     cacheSize (N, default 16), summaryIndex: 'trailing'|'printed' }
// For 'shuffled' the next evaluation seed's document is the other one. With text, a
// fact that breaks the fact rule (tasks::payload_problem) is not thrown: `refused` is
// { refused: { option: 'payload' | 'task', message } }, for the call to return as is.
#pragma once
#include "bindings_tasks.hpp"
#include "core/hmt/answer.hpp"

#define ANSWER_OPTION_KEYS "condition", "cacheSize", "summaryIndex"

namespace lml::bind {

struct AnswerRequest {
  tasks::Document doc, other;
  hmt::Condition condition = hmt::Condition::Memory;
  hmt::HmtConfig geometry;
  val refused = val::undefined();
  const tasks::Document* other_or_null() const { return condition == hmt::Condition::Shuffled ? &other : nullptr; }
};

AnswerRequest answer_request(const val& o);

}  // namespace lml::bind
