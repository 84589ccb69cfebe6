// The trainer module (build/wasm-<variant>/lml_trainer.mjs): the native
// trainer's own sources (wasm/train) behind embind, for the training lab's
// worker. One trainer per module instance (one per worker); nothing here
// computes, it only converts. Every function returns { error } instead of
// throwing (trainer.mjs raises it as an Error).
//
//   trainerCreate(configJson, { start: 'scratch' | 'weights', weights, resetMemory })
//       → { parameters, groups, batch, plannedSteps, tasks: [{ kind, levels }] }
//     'weights' starts from a weight file's backbone (a Uint8Array of the LMLW
//     format); resetMemory re-initialises T, P_0, W_q, W_k (and the probe) from
//     the config's seed, so only the backbone is kept.
//   trainerStep() → one step's report (loss, accuracy per task, levels, …)
//   trainerEvaluate({ task, level, docs, seed }) → accuracy on held-out documents
//   trainerWeights() → Uint8Array (LMLW)   trainerCheckpoint() → Uint8Array
//   trainerRestore(bytes)   trainerFree()
//   trainerPlan() / trainerRunGroup(group) / trainerFinish(grads, results): one step
//     cut over several workers (Trainer::plan, run_group, finish)
#include <emscripten/bind.h>

#include <memory>
#include <string>
#include <vector>

#include "convert.hpp"
#include "train/checkpoint.hpp"
#include "train/config.hpp"
#include "train/trainer.hpp"
#include "train/weights.hpp"

namespace lml::bind {
namespace {

using emscripten::typed_memory_view;
using train::Trainer;

struct Lab {
  std::unique_ptr<Trainer> trainer;
  std::unique_ptr<train::Net<float>> net;  // this worker's groups and the evaluation
};
Lab& lab() {
  static Lab l;
  return l;
}
Trainer& trainer() {
  require(lab().trainer != nullptr, "trainer: no trainer (call trainerCreate first)");
  return *lab().trainer;
}

template <class T>
val list(const std::vector<T>& xs) {
  val a = val::array();
  for (const auto& x : xs) a.call<void>("push", x);
  return a;
}

val describe(const Trainer& t) {
  const auto& c = t.config();
  val o = val::object();
  o.set("parameters", double(t.state().params.size()));
  o.set("groups", double(t.groups()));
  o.set("batch", double(c.batch));
  o.set("step", double(t.state().step));
  o.set("plannedSteps", double(t.planned_steps()));
  o.set("finished", t.finished());
  val tasks = val::array();
  for (std::size_t i = 0; i < c.tasks.size(); ++i) {
    val task = val::object();
    task.set("kind", std::string(tasks::kind_name(c.tasks[i].kind)));
    val levels = val::array();
    for (auto v : c.tasks[i].levels) levels.call<void>("push", double(v));
    task.set("levels", levels);
    task.set("level", double(t.state().tasks[i].level));
    task.set("ema", t.state().tasks[i].ema);
    tasks.call<void>("push", task);
  }
  o.set("tasks", tasks);
  return o;
}

val trainer_create(std::string config_json, val opts) {
  return guarded([&] {
    only_keys(opts, {"start", "weights", "resetMemory"}, "trainerCreate");
    train::TrainConfig c = train::parse_config(config_json);
    c.threads = 1;  // one worker = one thread; several workers split the groups
    auto t = std::make_unique<Trainer>(c);
    const std::string start = string_opt(opts, "start", "scratch");
    require(start == "scratch" || start == "weights", "trainerCreate: start must be 'scratch' or 'weights', got '", start, "'");
    if (start == "weights") {
      require(has(opts, "weights"), "trainerCreate: start 'weights' needs weights (a Uint8Array)");
      std::vector<float> p = train::start_from_weights(c.net, c.seed, c.init, uint8_array(opts["weights"], "weights"),
                                                       boolean(opts, "resetMemory", true));
      t->state().params = std::move(p);
    }
    lab().net = std::make_unique<train::Net<float>>(c.net);
    lab().trainer = std::move(t);
    return describe(*lab().trainer);
  });
}

val report_to_js(const train::StepReport& r) {
  const Trainer& t = trainer();
  val o = describe(t);
  o.set("step", double(r.step));
  o.set("loss", r.loss);
  o.set("gradNorm", r.grad_norm);
  o.set("lr", r.lr);
  o.set("tokens", double(r.tokens));
  o.set("accuracy", list(r.accuracy));
  o.set("answerNats", r.answer_nats);
  o.set("lmNats", r.lm_nats);
  o.set("probeNats", r.probe_nats);
  o.set("probeAccuracy", r.probe_accuracy);
  o.set("top1", r.top1);
  return o;
}

val trainer_step() {
  return guarded([&] {
    require(!trainer().finished(), "trainer: the run has finished (", trainer().state().step, " steps)");
    return report_to_js(trainer().step());
  });
}

val trainer_evaluate(val opts) {
  return guarded([&] {
    only_keys(opts, {"task", "level", "docs", "seed"}, "trainerEvaluate");
    const Trainer& t = trainer();
    const auto kind = tasks::kind_from_name(string_opt(opts, "task", "passkey"));
    const std::size_t level = size_opt(opts, "level", 1), n = size_opt(opts, "docs", 32, 1);
    require(n <= 4096, "trainerEvaluate: docs must be <= 4096, got ", n);
    const std::uint64_t seed = seed_opt(opts, "seed", 1);
    const tasks::TaskSpec spec = t.config().spec(kind, level);
    std::vector<tasks::Document> docs;
    for (std::size_t i = 0; i < n; ++i) docs.push_back(tasks::make(spec, seed + i, tasks::Split::Eval));
    train::LossWeights lw = t.config().loss;
    std::size_t correct = 0, chars = 0, whole = 0;
    for (std::size_t b0 = 0; b0 < n; b0 += t.config().group) {
      const std::size_t b1 = std::min(n, b0 + t.config().group);
      for (const auto& st : lab().net->run(t.state().params.data(), nullptr, docs.data() + b0, b1 - b0, lw)) {
        correct += st.answer_correct, chars += st.answer_bytes;
        whole += st.answer_correct == st.answer_bytes;
      }
    }
    val o = val::object();
    o.set("accuracy", chars ? double(correct) / double(chars) : 0.0);
    o.set("answerAccuracy", double(whole) / double(n));
    o.set("chars", double(chars));
    o.set("docs", double(n));
    return o;
  });
}

val trainer_weights() {
  return guarded([&] { return bytes_to_js(train::to_model(trainer().config().net, trainer().state().params).save()); });
}
val trainer_checkpoint() {
  return guarded([&] { return bytes_to_js(train::checkpoint_bytes(trainer().config().text, trainer().state())); });
}
val trainer_restore(val bytes) {
  return guarded([&] {
    Trainer& t = trainer();
    train::TrainState s = train::parse_checkpoint(uint8_array(bytes, "checkpoint"), t.config().text, "the saved run");
    require(s.params.size() == t.state().params.size(), "the saved run has ", s.params.size(), " parameters, this model ",
            t.state().params.size());
    t.state() = std::move(s);
    return describe(t);
  });
}
val trainer_free() {
  return guarded([&] {
    lab().trainer.reset();
    lab().net.reset();
    return val(true);
  });
}

// ---- one step over several workers: every worker holds the same config and
// parameters; each runs some groups; one adds them in group order and steps.
// The plan is a pure function of the state, so it is not sent: a worker is
// given the state's step, levels and parameters (trainerSync) and plans itself.
val trainer_sync(val params, double step, val levels) {
  return guarded([&] {
    Trainer& t = trainer();
    std::vector<float>& p = t.state().params;
    require(params.instanceof(val::global("Float32Array")) && params["length"].as<std::size_t>() == p.size(),
            "trainerSync: params must be a Float32Array of ", p.size(), " values");
    val(typed_memory_view(p.size(), p.data())).call<void>("set", params);
    t.state().step = std::size_t(step);
    const auto lv = emscripten::vecFromJSArray<double>(levels);
    require(lv.size() == t.state().tasks.size(), "trainerSync: one level per task");
    for (std::size_t i = 0; i < lv.size(); ++i) t.state().tasks[i].level = std::size_t(lv[i]);
    return val(true);
  });
}

val trainer_run_group(double group) {
  return guarded([&] {
    Trainer& t = trainer();
    require(group >= 0 && group < double(t.groups()) && group == std::floor(group), "trainerRunGroup: group must be in [0, ",
            t.groups(), ")");
    std::vector<float> grad(t.state().params.size());
    const train::GroupResult r = t.run_group(t.plan(), std::size_t(group), *lab().net, grad.data());
    // per document: loss, answer nats/bytes/correct, lm nats/bytes, probe nats/chars/correct, top1, tokens
    std::vector<double> flat;
    for (std::size_t i = 0; i < r.stats.size(); ++i) {
      const auto& s = r.stats[i];
      flat.insert(flat.end(), {s.loss, s.answer_nats, double(s.answer_bytes), double(s.answer_correct), s.lm_nats,
                               double(s.lm_bytes), s.probe_nats, double(s.probe_chars), double(s.probe_correct),
                               double(s.top1_hit), double(r.tokens[i])});
    }
    val o = val::object();
    o.set("grad", floats_to_js(grad));
    o.set("stats", val(typed_memory_view(flat.size(), flat.data())).call<val>("slice"));
    return o;
  });
}

val trainer_finish(val groups) {
  return guarded([&] {
    Trainer& t = trainer();
    const std::size_t G = t.groups(), P = t.state().params.size();
    require(groups["length"].as<std::size_t>() == G, "trainerFinish: one result per group (", G, ")");
    std::vector<std::vector<float>> grads(G, std::vector<float>(P));
    std::vector<train::GroupResult> results(G);
    for (std::size_t g = 0; g < G; ++g) {
      const val r = groups[g];
      require(r["grad"]["length"].as<std::size_t>() == P, "trainerFinish: group ", g, "'s gradient has the wrong size");
      val(typed_memory_view(P, grads[g].data())).call<void>("set", r["grad"]);
      const auto flat = emscripten::convertJSArrayToNumberVector<double>(r["stats"]);
      require(flat.size() % 11 == 0, "trainerFinish: group ", g, "'s statistics are malformed");
      for (std::size_t i = 0; i < flat.size(); i += 11) {
        train::DocStats s;
        s.loss = flat[i], s.answer_nats = flat[i + 1], s.answer_bytes = std::size_t(flat[i + 2]);
        s.answer_correct = std::size_t(flat[i + 3]), s.lm_nats = flat[i + 4], s.lm_bytes = std::size_t(flat[i + 5]);
        s.probe_nats = flat[i + 6], s.probe_chars = std::size_t(flat[i + 7]), s.probe_correct = std::size_t(flat[i + 8]);
        s.top1_hit = int(flat[i + 9]);
        results[g].stats.push_back(s);
        results[g].tokens.push_back(std::size_t(flat[i + 10]));
      }
    }
    std::vector<const float*> ptrs;
    for (const auto& g : grads) ptrs.push_back(g.data());
    return report_to_js(t.finish(t.plan(), ptrs, results));
  });
}

val trainer_params() {
  return guarded([&] { return floats_to_js(trainer().state().params); });
}

}  // namespace
}  // namespace lml::bind

EMSCRIPTEN_BINDINGS(lml_trainer) {
  using namespace emscripten;
  using namespace lml::bind;
  function("trainerCreate", &trainer_create);
  function("trainerStep", &trainer_step);
  function("trainerEvaluate", &trainer_evaluate);
  function("trainerWeights", &trainer_weights);
  function("trainerCheckpoint", &trainer_checkpoint);
  function("trainerRestore", &trainer_restore);
  function("trainerFree", &trainer_free);
  function("trainerSync", &trainer_sync);
  function("trainerRunGroup", &trainer_run_group);
  function("trainerFinish", &trainer_finish);
  function("trainerParams", &trainer_params);
}
