// Task-document conversions shared by the task and model bindings.
//   task options: { task: 'passkey'|'kv'|'copy', D, K, segmentLength, summaryLength,
//                   sensoryLength, leadMax, seed, split: 'train'|'eval',
//                   text, payload }   (text: the learner's own filler, with payload the fact —
//                                      passkey and copy only; see tasks::make_from_text)
#pragma once
#include "convert.hpp"
#include "core/tasks/tasks.hpp"

#define TASK_OPTION_KEYS "task", "D", "K", "segmentLength", "summaryLength", "sensoryLength", "leadMax", "seed", "split", "text", "payload"

namespace lml::bind {

tasks::TaskSpec task_spec_of(const val& o);
tasks::Split split_of(const val& o);
// { bytes: Uint8Array, segments, factSegment, questionSegment, answerPos, answer, distance, facts: [{ segment, payload }] }
val document_to_js(const tasks::Document& d);
// The document the options ask for: tasks::make_from_text when 'text' is given, else tasks::make.
tasks::Document document_of(const val& o);

}  // namespace lml::bind
