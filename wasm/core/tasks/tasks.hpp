// Seeded synthetic documents that cannot be answered without long-range memory.
// The trainer, the evaluation and the browser make the same documents from the
// same (spec, seed): everything below depends only on the integers given.
//
// A document is S whole segments of L bytes (S·L bytes). Segments are numbered
// from 0; the fact sits in segment f, the question in segment q = f + D + 1 for
// passkey and copy (D whole filler segments lie between them), and right after
// the last fact for key–value recall. Every task places:
//   the fact          inside [0, L − k) of its segment (never in the sensory
//                     window the next segment inherits),
//   the question      ending at a, inside [0, j) up to its last byte, so the
//                     summary pass of the question segment reads it,
//   the answer        at [a, a + len) with j ≤ a (the summary pass never sees it),
// and lower-case filler words everywhere else (no digits, no capitals, so the
// fact is the only place the answer's bytes occur).
//   passkey   "the pass key is 48213."      …  "what is the pass key? 48213."
//   kv        K facts "key QXRZ = 4711.", one per segment, then "key QXRZ = 4711."
//             asked for one of them (D = the number of fact segments after it)
//   copy      "copy: QWERTYUI."             …  "paste: QWERTYUI."
// Splits: training and evaluation draw from disjoint seed ranges (evaluation
// seeds have the top bit set) and, for kv, disjoint key sets (a key is held
// out for evaluation when its hash is ≡ 0 mod 8).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace lml::tasks {

enum class Kind { Passkey, KeyValue, Copy };
enum class Split { Train, Eval };

struct TaskSpec {
  Kind kind = Kind::Passkey;
  std::size_t segment_len = 64;  // L
  std::size_t summary_len = 32;  // j
  std::size_t sensory_len = 8;   // k
  std::size_t distance = 1;      // D: filler segments between fact and question (passkey, copy)
  std::size_t facts = 8;         // K: facts (kv)
  std::size_t lead_max = 1;      // filler segments before the first fact: uniform in [0, lead_max]
  std::size_t payload = 0;       // passkey only: digits in the key (0: the task's own 5). Longer keys
                                 // measure how much one memory holds; the longest that fits is
                                 // min(L − k − 17, L − j − 3) (fact "the pass key is …." before the
                                 // sensory window; answer and its full stop after j + 2)
  // Throws lml::Error when the texts cannot fit the segment geometry.
  void validate() const;
};

struct Document {
  std::vector<std::uint8_t> bytes;  // S·L bytes
  std::size_t segments = 0;         // S
  std::size_t fact_segment = 0;     // segment whose memory must carry the answer
  std::size_t question_segment = 0; // = S − 1
  std::size_t answer_pos = 0;       // byte offset of the first answer byte in `bytes`
  std::string answer;               // the answer bytes (digits or capitals)
  std::size_t distance = 0;         // D for this document
  std::size_t fact_pos = 0;         // byte offset of the asked fact's answer bytes in its segment's text
                                    // (the same bytes as `answer`: the digits, or the letters to copy)
  // Every fact and what its segment's memory should encode (the write probe's
  // target): passkey the 5 digits; kv the 4 key letters then the 4 digits;
  // copy the 8 letters. For kv, facts[i] sits in segment lead + i.
  struct Fact {
    std::size_t segment;
    std::string payload;
  };
  std::vector<Fact> facts;
};

// The passkey's digits for a spec (payload, or 5 when 0); kv 4, copy 8.
std::size_t payload_length(const TaskSpec& spec);

// Documents of a split from a seed; the split's seed range is enforced
// (evaluation seeds are seed | 2^63, training seeds seed & ~2^63).
Document make(const TaskSpec& spec, std::uint64_t seed, Split split);

// A passkey or copy document whose filler is the learner's own text: `text` is
// lower-cased, digits and bytes outside printable ASCII become spaces, runs of
// spaces collapse to one, and the result is repeated to fill the segments (the
// model was trained on lower-case filler; digits and capitals belong to facts).
// `payload` is the fact: 5 digits (passkey) or 8 capitals A–Z (copy). The fact
// and the question are placed as in make(), at offsets drawn from `seed`.
// Throws lml::Error for kv, an empty text or a malformed payload.
Document make_from_text(const TaskSpec& spec, const std::string& text, const std::string& payload, std::uint64_t seed);
// Why `payload` cannot be the fact of a document made from text ("" when it can):
// passkey needs 5 digits, copy 8 capitals A–Z, kv takes no text. The one place
// the rule is written; make_from_text and the page's answer both ask it.
std::string payload_problem(Kind kind, const std::string& payload);
// The filler make_from_text uses for `text` (exposed so the page can show it).
std::string clean_filler(const std::string& text);

const char* kind_name(Kind k);
Kind kind_from_name(const std::string& name);  // "passkey" | "kv" | "copy"; throws otherwise

// The write probe's classes: digits 0–9 then capitals A–Z (36); other bytes → −1.
inline int payload_class(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'Z') return 10 + (c - 'A');
  return -1;
}
inline constexpr std::size_t kPayloadClasses = 36, kPayloadMax = 8;

bool key_held_out(const std::string& key);

}  // namespace lml::tasks
