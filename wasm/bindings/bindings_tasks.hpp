// Task-document conversions shared by the task and model bindings.
//   task options: { task: 'passkey'|'kv'|'copy', D, K, segmentLength, summaryLength,
//                   sensoryLength, leadMax, seed, split: 'train'|'eval' }
#pragma once
#include "convert.hpp"
#include "core/tasks/tasks.hpp"

#define TASK_OPTION_KEYS "task", "D", "K", "segmentLength", "summaryLength", "sensoryLength", "leadMax", "seed", "split"

namespace lml::bind {

tasks::TaskSpec task_spec_of(const val& o);
tasks::Split split_of(const val& o);
// { bytes: Uint8Array, segments, factSegment, questionSegment, answerPos, answer, distance, facts: [{ segment, payload }] }
val document_to_js(const tasks::Document& d);

}  // namespace lml::bind
