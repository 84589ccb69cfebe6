#include "tasks.hpp"

#include <algorithm>
#include <cstring>

#include "../error.hpp"
#include "../rng.hpp"

namespace lml::tasks {
namespace {

// Filler vocabulary: short common lower-case words (no digits, no capitals).
constexpr const char* kWords[] = {
    "a",     "about", "after", "again", "air",   "all",   "also",  "and",   "animal", "any",   "are",   "around",
    "as",    "at",    "away",  "back",  "be",    "because", "been", "before", "best",  "big",   "bird",  "boat",
    "book",  "both",  "but",   "by",    "came",  "can",   "city",  "cold",  "come",   "could", "day",   "did",
    "do",    "door",  "down",  "each",  "early", "earth", "even",  "every", "far",    "farm",  "field", "find",
    "fire",  "first", "fish",  "for",   "from",  "garden", "give", "go",    "good",   "great", "green", "had",
    "hand",  "has",   "have",  "he",    "her",   "here",  "high",  "hill",  "his",    "home",  "house", "how",
    "in",    "into",  "it",    "just",  "keep",  "kind",  "land",  "large", "last",   "late",  "learn", "light",
    "like",  "line",  "little", "long", "look",  "made",  "make",  "many",  "may",    "more",  "most",  "move",
    "much",  "must",  "name",  "near",  "never", "new",   "night", "no",    "not",    "now",   "of",    "off",
    "old",   "on",    "once",  "one",   "only",  "open",  "or",    "other", "our",    "out",   "over",  "own",
    "page",  "part",  "people", "place", "plant", "play", "rain",  "read",  "red",    "river", "road",  "room",
    "round", "run",   "said",  "same",  "sea",   "see",   "she",   "ship",  "short",  "side",  "small", "snow",
    "so",    "some",  "song",  "soon",  "sound", "stone", "story", "sun",   "take",   "tell",  "than",  "that",
    "the",   "their", "them",  "then",  "there", "these", "they",  "thing", "this",   "time",  "to",    "tree",
    "under", "up",    "use",   "very",  "walk",  "was",   "water", "way",   "we",     "well",  "went",  "were",
    "what",  "when",  "where", "which", "while", "white", "will",  "wind",  "with",   "wood",  "word",  "work",
    "world", "would", "write", "year",  "you",   "young"};
constexpr std::size_t kWordCount = sizeof(kWords) / sizeof(kWords[0]);

constexpr std::uint64_t kEvalBit = std::uint64_t(1) << 63;

std::uint64_t mix(std::uint64_t z) {
  z += 0x9E3779B97F4A7C15ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// Uniform integer in [lo, hi].
std::size_t uniform(Rng& r, std::size_t lo, std::size_t hi) { return lo + std::size_t(r.next_u64() % (hi - lo + 1)); }

void fill_words(Rng& r, std::uint8_t* out, std::size_t n) {
  std::size_t i = 0, since_stop = 0, sentence = uniform(r, 5, 12);
  while (i < n) {
    const char* w = kWords[r.next_u64() % kWordCount];
    for (const char* c = w; *c && i < n; ++c) out[i++] = std::uint8_t(*c);
    if (++since_stop == sentence && i < n) {
      out[i++] = '.';
      since_stop = 0;
      sentence = uniform(r, 5, 12);
    }
    if (i < n) out[i++] = ' ';
  }
}

std::string digits(Rng& r, std::size_t n) {
  std::string s(n, '0');
  for (auto& c : s) c = char('0' + r.next_u64() % 10);
  return s;
}
std::string capitals(Rng& r, std::size_t n) {
  std::string s(n, 'A');
  for (auto& c : s) c = char('A' + r.next_u64() % 26);
  return s;
}

void put(Document& doc, std::size_t at, const std::string& text) {
  std::memcpy(doc.bytes.data() + at, text.data(), text.size());
}

// Places `fact` in segment `seg` at a random offset within [0, L − k); returns its byte offset in the document.
std::size_t place_fact(Rng& r, const TaskSpec& s, Document& doc, std::size_t seg, const std::string& fact) {
  const std::size_t off = uniform(r, 0, s.segment_len - s.sensory_len - fact.size());
  put(doc, seg * s.segment_len + off, fact);
  return seg * s.segment_len + off;
}

// Places `question` ending at a ∈ [j, j + 2] of segment `seg`, then the answer and a full stop.
void place_question(Rng& r, const TaskSpec& s, Document& doc, std::size_t seg, const std::string& question,
                    const std::string& answer) {
  const std::size_t a = uniform(r, s.summary_len, s.summary_len + 2), base = seg * s.segment_len;
  put(doc, base + a - question.size(), question);
  put(doc, base + a, answer + ".");
  doc.answer_pos = base + a;
  doc.answer = answer;
}

constexpr const char* kPasskeyFact = "the pass key is ";
constexpr const char* kPasskeyQuestion = "what is the pass key? ";
constexpr const char* kCopyFact = "copy: ";
constexpr const char* kCopyQuestion = "paste: ";
constexpr std::size_t kPasskeyDigits = 5, kCopyLetters = 8, kKeyLetters = 4, kValueDigits = 4;

}  // namespace

const char* kind_name(Kind k) {
  switch (k) {
    case Kind::Passkey: return "passkey";
    case Kind::KeyValue: return "kv";
    case Kind::Copy: return "copy";
  }
  return "?";
}

Kind kind_from_name(const std::string& name) {
  if (name == "passkey") return Kind::Passkey;
  if (name == "kv") return Kind::KeyValue;
  if (name == "copy") return Kind::Copy;
  fail("task must be \"passkey\", \"kv\" or \"copy\", got \"", name, "\"");
}

bool key_held_out(const std::string& key) {
  std::uint32_t h = 2166136261u;
  for (char c : key) h = (h ^ std::uint8_t(c)) * 16777619u;
  return h % 8 == 0;
}

void TaskSpec::validate() const {
  const std::size_t L = segment_len, j = summary_len, k = sensory_len;
  require(L >= 24 && L <= 4096, "task: segment length L must be in [24, 4096], got ", L);
  require(k < L && j >= 1 && j <= L, "task: need k < L and 1 <= j <= L (L = ", L, ", j = ", j, ", k = ", k, ")");
  require(payload == 0 || kind == Kind::Passkey, "task: payload sets the pass key's length; only passkey takes it");
  require(payload <= 256, "task: payload must be <= 256 digits, got ", payload);
  const std::size_t P = payload_length(*this);
  const std::size_t longest_fact = std::max<std::size_t>(22, 16 + P + 1), longest_question = 22,
                    longest_answer = std::max<std::size_t>(9, P + 1);
  require(L - k >= longest_fact, "task: the fact (", longest_fact, " bytes) does not fit in L - k = ", L - k);
  require(j >= longest_question, "task: the question (", longest_question, " bytes) must end inside [0, j + 2]; j = ", j,
          " is too small");
  require(j + 2 + longest_answer <= L, "task: the answer does not fit after position j + 2 = ", j + 2, " in L = ", L);
  require(distance <= 4096, "task: distance D must be <= 4096, got ", distance);
  require(kind != Kind::KeyValue || (facts >= 1 && facts <= 512), "task: facts K must be in [1, 512], got ", facts);
  require(lead_max <= 64, "task: leadMax must be <= 64, got ", lead_max);
}

std::size_t payload_length(const TaskSpec& s) {
  switch (s.kind) {
    case Kind::Passkey: return s.payload ? s.payload : kPasskeyDigits;
    case Kind::KeyValue: return kValueDigits;
    case Kind::Copy: return kCopyLetters;
  }
  return 0;
}

Document make(const TaskSpec& s, std::uint64_t seed, Split split) {
  s.validate();
  const std::uint64_t eff = split == Split::Eval ? (seed | kEvalBit) : (seed & ~kEvalBit);
  // a pass key of another length draws other documents; the task's own length keeps the documents it always drew
  const std::size_t P = payload_length(s);
  const std::uint64_t longer = s.kind == Kind::Passkey && P != kPasskeyDigits ? P * 0xC2B2AE3Dull : 0;
  Rng r(mix(eff ^ mix(std::uint64_t(s.kind) * 0x100000001B3ull + s.distance * 0x9E37ull + s.facts * 0x51ull + longer)));
  Document doc;
  const std::size_t lead = uniform(r, 0, s.lead_max), L = s.segment_len;
  const std::size_t body = s.kind == Kind::KeyValue ? s.facts : s.distance + 1;
  doc.segments = lead + body + 1;
  doc.question_segment = doc.segments - 1;
  doc.bytes.assign(doc.segments * L, ' ');
  fill_words(r, doc.bytes.data(), doc.bytes.size());

  switch (s.kind) {
    case Kind::Passkey:
    case Kind::Copy: {  // one fact, asked once: the five digits of a pass key, or eight letters to copy
      const bool passkey = s.kind == Kind::Passkey;
      const std::string payload = passkey ? digits(r, P) : capitals(r, kCopyLetters);
      doc.fact_segment = lead;
      doc.distance = s.distance;
      const std::string prefix = passkey ? kPasskeyFact : kCopyFact;
      doc.fact_pos = place_fact(r, s, doc, lead, prefix + payload + ".") + prefix.size();
      place_question(r, s, doc, doc.question_segment, passkey ? kPasskeyQuestion : kCopyQuestion, payload);
      doc.facts.push_back({lead, payload});
      break;
    }
    case Kind::KeyValue: {
      std::vector<std::string> keys, values;
      while (keys.size() < s.facts) {
        std::string k = capitals(r, kKeyLetters);
        if (key_held_out(k) != (split == Split::Eval)) continue;
        bool seen = false;
        for (const auto& o : keys) seen = seen || o == k;
        if (!seen) keys.push_back(k);
      }
      std::vector<std::size_t> at;
      for (std::size_t i = 0; i < s.facts; ++i) {
        values.push_back(digits(r, kValueDigits));
        const std::string head = "key " + keys[i] + " = ";
        at.push_back(place_fact(r, s, doc, lead + i, head + values[i] + ".") + head.size());
        doc.facts.push_back({lead + i, keys[i] + values[i]});
      }
      const std::size_t asked = uniform(r, 0, s.facts - 1);
      doc.fact_segment = lead + asked;
      doc.fact_pos = at[asked];
      doc.distance = s.facts - 1 - asked;
      place_question(r, s, doc, doc.question_segment, "key " + keys[asked] + " = ", values[asked]);
      break;
    }
  }
  return doc;
}

std::string payload_problem(Kind kind, const std::string& payload) {
  if (kind == Kind::KeyValue) return "your own text works with passkey and copy, not kv";
  const bool passkey = kind == Kind::Passkey;
  bool ok = payload.size() == (passkey ? kPasskeyDigits : kCopyLetters);
  for (char c : payload) ok = ok && (passkey ? (c >= '0' && c <= '9') : (c >= 'A' && c <= 'Z'));
  if (ok) return "";
  const std::string shown = payload.size() > 24 ? payload.substr(0, 24) + "…" : payload;
  return std::string(passkey ? "the pass key must be 5 digits" : "the string to copy must be 8 capitals A–Z") + ", got \"" +
         shown + "\"";
}

std::string clean_filler(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    char x = ' ';
    if (c >= 'A' && c <= 'Z') x = char(c - 'A' + 'a');
    else if (c >= 32 && c < 127 && !(c >= '0' && c <= '9')) x = char(c);
    if (x == ' ' && (out.empty() || out.back() == ' ')) continue;
    out.push_back(x);
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

Document make_from_text(const TaskSpec& s, const std::string& text, const std::string& payload, std::uint64_t seed) {
  s.validate();
  require(s.kind != Kind::KeyValue, "task: your own text works with passkey and copy, not kv");
  require(text.size() <= 100000, "task: the text is ", text.size(), " bytes; at most 100,000 are accepted");
  const bool passkey = s.kind == Kind::Passkey;
  const std::string problem = payload_problem(s.kind, payload);
  require(problem.empty(), "task: ", problem);
  const std::string filler = clean_filler(text);
  require(filler.find_first_not_of(" .,;:!?'\"-") != std::string::npos, "task: the text has no letters to use as filler");
  Rng r(mix(seed ^ 0x7465787464ull));
  Document doc;
  const std::size_t L = s.segment_len;
  doc.segments = s.distance + 2;
  doc.question_segment = doc.segments - 1;
  doc.bytes.resize(doc.segments * L);
  const std::string loop = filler + " ";
  for (std::size_t i = 0; i < doc.bytes.size(); ++i) doc.bytes[i] = std::uint8_t(loop[i % loop.size()]);
  doc.fact_segment = 0;
  doc.distance = s.distance;
  const std::string prefix = passkey ? kPasskeyFact : kCopyFact;
  doc.fact_pos = place_fact(r, s, doc, 0, prefix + payload + ".") + prefix.size();
  place_question(r, s, doc, doc.question_segment, passkey ? kPasskeyQuestion : kCopyQuestion, payload);
  doc.facts.push_back({0, payload});
  return doc;
}

}  // namespace lml::tasks
