// Answering a task document (core/tasks) with a model: the document is
// streamed segment by segment through HmtStream and the answer is read at its
// bytes (teacher forcing: the prediction for answer byte c is the arg-max at
// the byte before it, with the true answer bytes in the text). Conditions:
//   Memory        the model as it is
//   Ablated       every P_n = P_0 (HmtConfig::ablate_memory)
//   Shuffled      before the question segment, the cache is replaced by the
//                 memories `other` (another document) left in its own stream
//   Oracle        the question segment takes P = the fact segment's memory
//   RetrievalOff  no summary pass, no memory tokens (for a model trained so)
//   Full          no segments at all: the backbone reads the whole document in
//                 one causal pass (a full-attention model, trained with
//                 positions for every byte: maxPositions ≥ the document's length)
// The evaluation (train/evaluate.cpp), the browser's experiments and the tests
// all answer documents through this one function.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "../tasks/tasks.hpp"
#include "model.hpp"
#include "config.hpp"

namespace lml::hmt {

class HmtStream;

enum class Condition { Memory, Ablated, Shuffled, Oracle, RetrievalOff, Full };
Condition condition_from_name(const std::string& name);  // "memory" | "ablated" | "shuffled" | "oracle" | "retrieval-off" | "full"
const char* condition_name(Condition c);

// One segment's memory search: its weights over the cache and where each memory came from.
struct Search {
  std::size_t segment = 0;                  // n
  std::vector<float> weights;               // oldest memory first
  std::vector<std::int64_t> slot_segments;  // the segment each weighted memory came from
  int top = -1;                             // arg-max of weights (-1: no weights)
  int fact_slot = -1;                       // the slot holding the fact segment's memory (-1: not in the cache)
};

// Bits of one condition on the document: Σ −log2 p over the answer, and over the rest.
struct Bits {
  double answer = 0, rest = 0;
  std::size_t answer_bytes = 0, rest_bytes = 0;
};

struct AnswerOptions {
  bool score_rest = false;  // also score every other byte (rest_bits): about a tenth more work
  bool searches = false;    // keep every segment's search (Answer::searches), not only the question's
  // memory or ablated: also stream the document under the other of the two and
  // score both fully (Answer::memory_bits, ablated_bits; implies score_rest)
  bool compare = false;
};

struct Answer {
  std::string predicted;             // arg-max byte per answer position
  std::vector<float> p_true;         // softmax probability of the true byte, per position
  std::vector<float> p_predicted;    // of the predicted byte
  std::size_t correct = 0;
  double bits = 0;                   // Σ −log2 p_true
  // With score_rest, the rest of the text: Σ −log2 p over every other byte the
  // model predicts (byte i + 1 of a segment from its output i — filler, the fact
  // and the question; not the answer, not a segment's first byte) and how many.
  // Without it both stay 0 (the evaluation and the sweeps need only the answer).
  double rest_bits = 0;
  std::size_t rest_bytes = 0;
  int top1_hit = -1;                 // Memory only: 1 when the question segment's largest weight sat on the fact's segment
  std::vector<float> weights;        // the question segment's retrieval weights (oldest memory first; empty if none)
  std::vector<std::int64_t> slot_segments;
  int top_slot = -1;                 // arg-max of `weights` (-1: no search)
  int fact_slot = -1;                // the question search's slot of the fact's memory (-1: evicted or no search)
  std::vector<Search> searches;      // with AnswerOptions::searches: every segment that searched, in order
  bool compared = false;             // with AnswerOptions::compare (memory or ablated): both conditions' bits
  Bits memory_bits, ablated_bits;
  std::size_t segments_streamed = 0; // segments run through a stream for this answer (all conditions)
  // The most bytes of state the model held while reading the document, in order to read on
  // (T = the bytes read: the whole document; the question segment is the last one):
  //   streamed conditions   memories [n, d] + keys [n, d_r] float32, n ≤ N the memories in the
  //                         cache (as the MemoryBank holds them: min(segments, N) once written),
  //                         plus the sensory window [k] carried to the next segment as its bytes
  //                         = n · (d + d_r) · 4 + k                        flat once n = N
  //                         (HmtStream::peak_held_bytes; 'shuffled' counts the cache it was given,
  //                         'retrieval-off' holds no memories; the other condition that `compare`
  //                         streams and the other document of 'shuffled' are not counted)
  //   Full                  the KV cache a causal model keeps to write its next byte: K [T, d] and
  //                         V [T, d] float32 in each of its layers, d = d_model (heads × d_head)
  //                         = 2 · layers · T · d · 4                        linear in T
  // Not counted in either: the weights, the input bytes, scratch every step reuses.
  std::size_t held_bytes = 0;
};

// geometry: segment_len, summary_len, sensory_len, cache_size and summary_index
// are taken from it; retrieval and ablate_memory follow the condition.
// score_rest: also score every other byte (rest_bits): the logits of every
// segment, about a tenth more work per document.
Answer answer_document(const std::shared_ptr<const HmtModel>& model, const tasks::Document& doc, const HmtConfig& geometry,
                       Condition c, const tasks::Document* other = nullptr, bool score_rest = false);
// The same with every option (the page's widget: one call per change of a setting).
Answer answer_document(const std::shared_ptr<const HmtModel>& model, const tasks::Document& doc, const HmtConfig& geometry,
                       Condition c, const tasks::Document* other, const AnswerOptions& options);

// The pieces answer_document and generate (hmt/generate.hpp) share:
//   condition_config   the geometry with the encoder, retrieval and ablate_memory a condition asks for
//   check_document     throws unless doc is S whole segments of L bytes with its answer inside the
//                      question segment, after its first byte (`what` names the caller)
//   intervene          after the segments before the question have been fed to s: shuffled replaces
//                      the cache with the memories `other` leaves in a stream of its own; oracle makes
//                      the question segment take the fact's memory (throws when it has been evicted)
HmtConfig condition_config(const HmtConfig& geometry, Condition c);
void check_document(const tasks::Document& doc, std::size_t L, const char* what);
void intervene(HmtStream& s, const std::shared_ptr<const HmtModel>& model, const tasks::Document& doc, Condition c,
               const tasks::Document* other, const char* what);

}  // namespace lml::hmt
