// lml_gradient_paths: how far the question's answer loss reaches the fact's
// memory in one hop (npm run gradient-paths; gradient_paths.hpp says what is measured).
//   lml_gradient_paths --plan wasm/train/configs/gradient-paths.json [--docs N] [--out FILE]
// The plan names the models (weights, training config: the geometry and N), the
// distances D, the documents per row, the bootstrap, and the evaluation plan
// whose held-out seeds, L, j, k and leadMax the documents use. Single-threaded;
// the same plan and build give the same bytes.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "config.hpp"
#include "core/error.hpp"
#include "core/hmt/model.hpp"
#include "core/model/json.hpp"
#include "gradient_paths.hpp"
#include "weights.hpp"

namespace {
using lml::json::Value;

const Value& member(const Value& v, const char* key) {
  const Value* m = v.find(key);
  lml::require(m != nullptr, "gradient-paths plan: missing \"", key, "\"");
  return *m;
}
std::size_t count(const Value& v, const char* key) { return std::size_t(member(v, key).number); }
lml::json::Value read_json(const std::string& path) {
  const std::string text = lml::train::read_file(path);
  return lml::json::parse(text.data(), text.size());
}
}  // namespace

int main(int argc, char** argv) {
  using namespace lml::train;
  std::string plan_path, out;
  long long docs_arg = -1;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--plan") plan_path = next();
    else if (a == "--docs") docs_arg = std::atoll(next().c_str());
    else if (a == "--out") out = next();
    else {
      std::fprintf(stderr, "usage: lml_gradient_paths --plan FILE [--docs N] [--out FILE]\n");
      return 2;
    }
  }
  try {
    lml::require(!plan_path.empty(), "lml_gradient_paths: --plan is required");
    const Value plan = read_json(plan_path);
    PathMethod method;
    method.eval_plan = member(plan, "evalPlan").string;
    method.task = member(plan, "task").string;
    const Value eval = read_json(method.eval_plan);
    const Value& h = member(eval, "hmt");
    lml::tasks::TaskSpec spec;
    spec.kind = lml::tasks::kind_from_name(method.task);
    spec.segment_len = count(h, "L"), spec.summary_len = count(h, "j"), spec.sensory_len = count(h, "k");
    spec.lead_max = count(eval, "leadMax");
    method.doc_seed = std::uint64_t(member(eval, "seed").number);
    const Value& boot = member(plan, "bootstrap");
    method.resamples = count(boot, "resamples");
    method.bootstrap_seed = std::uint64_t(member(boot, "seed").number);
    const std::size_t docs = docs_arg > 0 ? std::size_t(docs_arg) : count(plan, "docs");

    std::printf("%-13s %3s %2s %7s %6s %6s %9s  %-29s %-29s %-29s %-22s\n", "model", "N", "D", "cache", "acc", "whole", "L median",
                "||g|| median [95% CI]", "||g_direct|| median [CI]", "||g_chain|| median [CI]", "share median [CI]");
    std::vector<PathRow> rows;
    const auto t0 = std::chrono::steady_clock::now();
    for (const Value& m : member(plan, "models").array) {
      const std::string name = member(m, "name").string, weights = member(m, "weights").string;
      const TrainConfig cfg = load_config(member(m, "config").string);
      const auto bytes = read_bytes(weights);
      const lml::hmt::HmtModel model = lml::hmt::HmtModel::load(bytes.data(), bytes.size());
      const std::vector<float> params = from_model(cfg.net, model);
      for (const Value& dv : member(plan, "D").array) {
        spec.distance = std::size_t(dv.number);
        const auto res = measure_paths(cfg.net, params, spec, method.doc_seed, docs);
        const PathRow r = summarize(name, weights, cfg.net.N, spec.distance, res, method.resamples, method.bootstrap_seed);
        char cache[16], g[48], dir[48], ch[48], sh[48];
        std::snprintf(cache, sizeof cache, "%zu/%zu", r.fact_read_docs, r.docs);
        std::snprintf(g, sizeof g, "%.4g [%.4g, %.4g]", r.g.median, r.g.median_lo, r.g.median_hi);
        std::snprintf(dir, sizeof dir, "%.4g [%.4g, %.4g]", r.direct.median, r.direct.median_lo, r.direct.median_hi);
        std::snprintf(ch, sizeof ch, "%.4g [%.4g, %.4g]", r.chain.median, r.chain.median_lo, r.chain.median_hi);
        std::snprintf(sh, sizeof sh, "%.3f [%.3f, %.3f]", r.share.median, r.share.median_lo, r.share.median_hi);
        std::printf("%-13s %3zu %2zu %7s %6.3f %6.3f %9.4g  %-29s %-29s %-29s %-22s\n", name.c_str(), r.N, r.D, cache,
                    r.accuracy, r.answer_accuracy, r.loss.median, g, dir, ch, sh);
        std::printf("%-13s %3s %2s %7s %6s %6s %9s  mean %-24.4g mean %-24.4g mean %-24.4g mean %.3f\n", "", "", "", "", "", "", "",
                    r.g.mean, r.direct.mean, r.chain.mean, r.share.mean);
        std::fflush(stdout);
        rows.push_back(r);
      }
    }
    const double el = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("%zu rows in %.1f s\n", rows.size(), el);
    if (!out.empty()) {
      write_text_file(out, paths_json(method, rows));
      std::printf("wrote %s\n", out.c_str());
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "lml_gradient_paths: %s\n", e.what());
    return 1;
  }
}
