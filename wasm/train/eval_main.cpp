// lml_eval: evaluates weight files on held-out documents (npm run eval).
//   lml_eval --plan wasm/train/configs/eval.json --model M.lmlw [--baseline OFF.lmlw]
//            [--docs N] [--threads N] [--out bench/results/eval.json]
//            [--train-config C.json]   the model's training config: its name and seed are
//                                      recorded, rows without "N" use its cache size, and
//                                      a full-attention model ("kind": "full") answers
//                                      every "memory" row in one causal pass ("full")
//   lml_eval --print-doc TASK D K SEED train|eval   one document as JSON (tests compare
//            it with the WebAssembly build's makeTaskDocument)
//   lml_eval --print-answers MODEL TASK D K N CONDITION SEED DOCS   the predicted answers of
//            documents SEED … SEED + DOCS − 1 (evaluation split, leadMax 1, L 64, j 32, k 8)
//            as a JSON array of strings (tests compare them with the WebAssembly build's)
//   lml_eval --print-generation MODEL TASK D K N CONDITION SEED DOCS T TOPK SAMPLESEED MAXBYTES
//            the same documents' free-running answers (hmt/generate.hpp: temperature T, top-k,
//            the sampling seed, at most MAXBYTES bytes, stopping after '.'), a JSON array of strings
// The plan lists rows: {"task", "D" or "K", "N", "payload", "conditions"}; a list in D,
// K, N or payload makes one row per value (the sweeps). "payload" (passkey only) is
// the pass key's length in digits: the capacity rows (default: the task's own 5). Prints a table and writes the records.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "config.hpp"
#include "core/error.hpp"
#include "core/hmt/answer.hpp"
#include "core/hmt/generate.hpp"
#include "core/model/json.hpp"
#include "evaluate.hpp"
#include "weights.hpp"

namespace {
using lml::json::Value;

std::vector<std::size_t> values(const Value& row, const char* key, std::size_t fallback) {
  const Value* v = row.find(key);
  if (!v) return {fallback};
  std::vector<std::size_t> out;
  if (v->is(Value::Kind::Array))
    for (const auto& e : v->array) out.push_back(std::size_t(e.number));
  else
    out.push_back(std::size_t(v->number));
  return out;
}

std::shared_ptr<const lml::hmt::HmtModel> load(const std::string& path) {
  const auto bytes = lml::train::read_bytes(path);
  return std::make_shared<const lml::hmt::HmtModel>(lml::hmt::HmtModel::load(bytes.data(), bytes.size()));
}
}  // namespace

// {"bytes": "<latin-1 text as \u escapes>", "answerPos", "factSegment", "questionSegment", "answer"}
int print_doc(char** a) {
  lml::tasks::TaskSpec s;
  s.kind = lml::tasks::kind_from_name(a[0]);
  s.distance = std::size_t(std::atoll(a[1]));
  s.facts = std::size_t(std::atoll(a[2]));
  const auto d = lml::tasks::make(s, std::strtoull(a[3], nullptr, 10),
                                  std::string(a[4]) == "train" ? lml::tasks::Split::Train : lml::tasks::Split::Eval);
  std::string text(d.bytes.begin(), d.bytes.end());
  std::printf("{\"bytes\": %s, \"answerPos\": %zu, \"factSegment\": %zu, \"questionSegment\": %zu, \"answer\": %s}\n",
              lml::json::quote(text).c_str(), d.answer_pos, d.fact_segment, d.question_segment,
              lml::json::quote(d.answer).c_str());
  return 0;
}

// The arguments the two printing modes share: MODEL TASK D K N CONDITION SEED DOCS, and the
// documents SEED … SEED + DOCS − 1 of the evaluation split (with the next one as "other").
struct PrintRequest {
  std::shared_ptr<const lml::hmt::HmtModel> model;
  lml::tasks::TaskSpec spec;
  lml::hmt::HmtConfig geometry;
  lml::hmt::Condition condition;
  std::uint64_t seed, docs;
  explicit PrintRequest(char** a) : model(load(a[0])), condition(lml::hmt::condition_from_name(a[5])) {
    spec.kind = lml::tasks::kind_from_name(a[1]);
    spec.distance = std::size_t(std::atoll(a[2]));
    spec.facts = std::size_t(std::atoll(a[3]));
    geometry.segment_len = spec.segment_len, geometry.summary_len = spec.summary_len, geometry.sensory_len = spec.sensory_len;
    geometry.cache_size = std::size_t(std::atoll(a[4]));
    seed = std::strtoull(a[6], nullptr, 10), docs = std::strtoull(a[7], nullptr, 10);
  }
  // Prints [f(doc, other) for each document] as a JSON array of strings.
  template <class F>
  void print(F f) const {
    std::printf("[");
    for (std::uint64_t i = 0; i < docs; ++i) {
      const auto doc = lml::tasks::make(spec, seed + i, lml::tasks::Split::Eval);
      const auto other = lml::tasks::make(spec, seed + i + 1, lml::tasks::Split::Eval);
      std::printf("%s%s", i ? ", " : "", lml::json::quote(f(doc, other)).c_str());
    }
    std::printf("]\n");
  }
};

int print_answers(char** a) {
  const PrintRequest r(a);
  r.print([&](const auto& doc, const auto& other) {
    return lml::hmt::answer_document(r.model, doc, r.geometry, r.condition, &other).predicted;
  });
  return 0;
}

int print_generation(char** a) {
  const PrintRequest r(a);
  lml::hmt::GenerateOptions o;
  o.temperature = std::strtod(a[8], nullptr);
  o.top_k = std::size_t(std::atoll(a[9]));
  o.seed = std::strtoull(a[10], nullptr, 10);
  o.max_bytes = std::size_t(std::atoll(a[11]));
  r.print([&](const auto& doc, const auto& other) {
    return lml::hmt::generate(r.model, doc, r.geometry, r.condition, &other, o).text;
  });
  return 0;
}

int main(int argc, char** argv) {
  using namespace lml::train;
  // The two printing modes: their errors end the program with a message.
  auto reported = [&](int (*mode)(char**)) {
    try {
      return mode(argv + 2);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "lml_eval: %s\n", e.what());
      return 1;
    }
  };
  if (argc == 10 && std::string(argv[1]) == "--print-answers") return reported(print_answers);
  if (argc == 14 && std::string(argv[1]) == "--print-generation") return reported(print_generation);
  if (argc == 7 && std::string(argv[1]) == "--print-doc") return reported(print_doc);
  std::string plan_path, model_path, baseline_path, out, train_config;
  long long docs = -1, threads = -1;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--plan") plan_path = next();
    else if (a == "--model") model_path = next();
    else if (a == "--baseline") baseline_path = next();
    else if (a == "--docs") docs = std::atoll(next().c_str());
    else if (a == "--threads") threads = std::atoll(next().c_str());
    else if (a == "--out") out = next();
    else if (a == "--train-config") train_config = next();
    else {
      std::fprintf(stderr, "usage: lml_eval --plan FILE --model FILE [--baseline FILE] [--docs N] [--threads N] [--out FILE] [--train-config FILE]\n");
      return 2;
    }
  }
  try {
    lml::require(!plan_path.empty() && !model_path.empty(), "lml_eval: --plan and --model are required");
    const std::string text = read_file(plan_path);
    const Value plan = lml::json::parse(text.data(), text.size());
    const auto model = load(model_path);
    const auto baseline = baseline_path.empty() ? nullptr : load(baseline_path);
    EvalRequest base;
    const Value* h = plan.find("hmt");
    lml::require(h != nullptr, "eval plan: missing \"hmt\" {L, j, k}");
    base.L = values(*h, "L", 64)[0], base.j = values(*h, "j", 32)[0], base.k = values(*h, "k", 8)[0];
    base.lead_max = values(plan, "leadMax", 1)[0];
    base.docs = docs > 0 ? std::size_t(docs) : values(plan, "docs", 2000)[0];
    base.seed = values(plan, "seed", 1)[0];
    base.threads = threads > 0 ? std::size_t(threads) : values(plan, "threads", 2)[0];
    std::size_t default_N = 16;
    bool full = false;
    if (!train_config.empty()) {
      const TrainConfig tc = load_config(train_config);
      base.model = tc.name, base.model_seed = tc.seed, default_N = tc.net.N, full = tc.net.full;
      lml::require(tc.net.L == base.L && tc.net.j == base.j && tc.net.k == base.k,
                   "lml_eval: the plan's L, j, k differ from the model's training config");
    }
    const Value* rows = plan.find("rows");
    lml::require(rows && rows->is(Value::Kind::Array), "eval plan: missing \"rows\"");
    std::vector<EvalRecord> records;
    std::printf("%-8s %-14s %4s %4s %4s %3s %6s  %-22s %6s %6s %6s\n", "task", "condition", "D", "K", "N", "P", "docs",
                "accuracy [95% CI]", "whole", "bits", "top1");
    const auto t0 = std::chrono::steady_clock::now();
    for (const auto& row : rows->array) {
      const Value* task = row.find("task");
      const Value* conds = row.find("conditions");
      lml::require(task && task->is(Value::Kind::String) && conds && conds->is(Value::Kind::Array),
                   "eval plan: each row needs \"task\" and \"conditions\"");
      for (std::size_t D : values(row, "D", 8))
        for (std::size_t K : values(row, "K", 8))
          for (std::size_t N : values(row, "N", default_N))
            for (std::size_t P : values(row, "payload", 0))
            for (const auto& c : conds->array) {
              EvalRequest r = base;
              r.kind = lml::tasks::kind_from_name(task->string);
              r.D = D, r.K = K, r.N = N, r.P = P, r.condition = c.string;
              if (full) {
                if (r.condition != "memory") continue;  // a full-attention model has no memory to intervene on
                r.condition = "full";
              }
              if (r.condition == "retrieval-off" && !baseline) {
                std::printf("(skipping retrieval-off: no --baseline given)\n");
                continue;
              }
              const EvalRecord e = evaluate(model, baseline, r);
              char ci[48], top[16];
              std::snprintf(ci, sizeof ci, "%.3f [%.3f, %.3f]", e.accuracy, e.ci_low, e.ci_high);
              if (e.top1_hit < 0) std::snprintf(top, sizeof top, "-");
              else std::snprintf(top, sizeof top, "%.3f", e.top1_hit);
              std::printf("%-8s %-14s %4zu %4zu %4zu %3zu %6zu  %-22s %6.3f %6.3f %6s\n", e.task.c_str(), e.condition.c_str(),
                          e.D, e.K, e.N, e.payload, e.docs, ci, e.answer_accuracy, e.bits_per_byte, top);
              std::fflush(stdout);
              records.push_back(e);
            }
    }
    const double el = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("%zu rows in %.1f s\n", records.size(), el);
    if (!out.empty()) {
      write_text_file(out, to_json(records));
      std::printf("wrote %s\n", out.c_str());
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "lml_eval: %s\n", e.what());
    return 1;
  }
}
