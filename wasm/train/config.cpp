#include "config.hpp"

#include <cmath>
#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "core/model/json.hpp"

namespace lml::train {
namespace {
using json::Value;

const Value& member(const Value& o, const char* key) {
  const Value* v = o.find(key);
  require(v != nullptr, "config: missing \"", key, "\"");
  return *v;
}
double number(const Value& o, const char* key, double fallback) {
  const Value* v = o.find(key);
  if (!v) return fallback;
  require(v->is(Value::Kind::Number) && std::isfinite(v->number), "config: \"", key, "\" must be a number");
  return v->number;
}
std::size_t count(const Value& o, const char* key, std::size_t fallback) {
  const double v = number(o, key, double(fallback));
  require(v >= 0 && v == std::floor(v) && v < 1e12, "config: \"", key, "\" must be a non-negative integer");
  return std::size_t(v);
}
void only_keys(const Value& o, std::initializer_list<const char*> keys, const char* where) {
  require(o.is(Value::Kind::Object), "config: ", where, " must be an object");
  for (const auto& kv : o.object) {
    bool known = false;
    for (const char* k : keys) known = known || kv.first == k;
    std::string list;
    for (const char* k : keys) list += std::string(list.empty() ? "" : ", ") + k;
    require(known, "config: unknown key \"", kv.first, "\" in ", where, " (known: ", list, ")");
  }
}
}  // namespace

tasks::TaskSpec TrainConfig::spec(tasks::Kind kind, std::size_t level_value) const {
  tasks::TaskSpec s;
  s.kind = kind;
  s.segment_len = net.L;
  s.summary_len = net.j;
  s.sensory_len = net.k;
  s.lead_max = lead_max;
  if (kind == tasks::Kind::KeyValue) s.facts = level_value;
  else s.distance = level_value;
  return s;
}

TrainConfig parse_config(const std::string& text) {
  const Value root = json::parse(text.data(), text.size());
  only_keys(root, {"name", "seed", "init", "kind", "model", "hmt", "tasks", "leadMax", "advance", "emaDecay", "replay", "batch", "group",
                   "maxSteps", "finalSteps", "lr", "lrMin", "beta1", "beta2", "eps", "weightDecay", "clip", "warmup",
                   "loss", "probeSteps", "threads", "checkpointEvery", "logEvery"},
            "the config");
  TrainConfig c;
  c.text = text;
  const Value& name = member(root, "name");
  require(name.is(Value::Kind::String) && !name.string.empty(), "config: \"name\" must be a non-empty string");
  c.name = name.string;
  c.seed = count(root, "seed", 1);
  if (const Value* i = root.find("init")) {
    require(i->is(Value::Kind::String) && (i->string == "unit" || i->string == "gpt2"),
            "config: \"init\" must be \"unit\" or \"gpt2\"");
    c.init = i->string;
  }
  const Value& m = member(root, "model");
  only_keys(m, {"dModel", "heads", "layers", "dFF", "dRetrieval", "maxPositions"}, "\"model\"");
  if (const Value* k = root.find("kind")) {
    require(k->is(Value::Kind::String) && (k->string == "hmt" || k->string == "full"),
            "config: \"kind\" must be \"hmt\" or \"full\" (full attention over the whole document)");
    c.net.full = k->string == "full";
  }
  c.net.backbone.d_model = count(m, "dModel", 64);
  c.net.backbone.heads = count(m, "heads", 4);
  c.net.backbone.layers = count(m, "layers", 2);
  c.net.backbone.d_ff = count(m, "dFF", 256);
  c.net.d_retrieval = count(m, "dRetrieval", 64);
  const Value& h = member(root, "hmt");
  only_keys(h, {"L", "j", "k", "N", "retrieval"}, "\"hmt\"");
  c.net.L = count(h, "L", 64);
  c.net.j = count(h, "j", 32);
  c.net.k = count(h, "k", 8);
  c.net.N = count(h, "N", 12);
  if (const Value* r = h.find("retrieval")) {
    require(r->is(Value::Kind::Bool), "config: \"retrieval\" must be true or false");
    c.net.retrieval = r->boolean;
  }
  c.net.backbone.max_positions = c.net.L + c.net.k + 2;
  if (c.net.full) {
    c.net.retrieval = false;
    require(m.find("maxPositions"), "config: a full-attention model needs model.maxPositions (the longest document it reads)");
    c.net.backbone.max_positions = count(m, "maxPositions", 0);
  } else {
    require(!m.find("maxPositions"), "config: model.maxPositions is set only for kind \"full\" (an HMT pass needs L + k + 2)");
  }
  c.net.validate();
  const Value& t = member(root, "tasks");
  require(t.is(Value::Kind::Object) && !t.object.empty(), "config: \"tasks\" must map task names to level lists");
  for (const auto& kv : t.object) {
    TaskPlan plan{tasks::kind_from_name(kv.first), {}};
    require(kv.second.is(Value::Kind::Array) && !kv.second.array.empty(), "config: tasks.", kv.first,
            " must be a non-empty list of levels");
    for (const auto& v : kv.second.array) {
      require(v.is(Value::Kind::Number) && v.number >= 0 && v.number == std::floor(v.number), "config: tasks.", kv.first,
              " levels must be non-negative integers");
      plan.levels.push_back(std::size_t(v.number));
    }
    c.tasks.push_back(plan);
  }
  c.lead_max = count(root, "leadMax", c.lead_max);
  c.advance = number(root, "advance", c.advance);
  c.ema_decay = number(root, "emaDecay", c.ema_decay);
  c.replay = number(root, "replay", c.replay);
  c.batch = count(root, "batch", c.batch);
  c.group = count(root, "group", c.group);
  c.max_steps = count(root, "maxSteps", c.max_steps);
  c.final_steps = count(root, "finalSteps", c.final_steps);
  c.lr = number(root, "lr", c.lr);
  c.lr_min = number(root, "lrMin", c.lr_min);
  c.beta1 = number(root, "beta1", c.beta1);
  c.beta2 = number(root, "beta2", c.beta2);
  c.eps = number(root, "eps", c.eps);
  c.weight_decay = number(root, "weightDecay", c.weight_decay);
  c.clip = number(root, "clip", c.clip);
  c.warmup = count(root, "warmup", c.warmup);
  if (const Value* l = root.find("loss")) {
    only_keys(*l, {"answer", "lm", "probe", "aux"}, "\"loss\"");
    c.loss.answer = number(*l, "answer", c.loss.answer);
    c.loss.lm = number(*l, "lm", c.loss.lm);
    c.loss.probe = number(*l, "probe", c.loss.probe);
    c.loss.aux = number(*l, "aux", c.loss.aux);
  }
  c.probe_steps = count(root, "probeSteps", c.probe_steps);
  c.threads = count(root, "threads", c.threads);
  c.checkpoint_every = count(root, "checkpointEvery", c.checkpoint_every);
  c.log_every = count(root, "logEvery", c.log_every);
  require(c.group >= 1, "config: group must be >= 1");
  require(c.batch >= 1 && c.threads >= 1 && c.log_every >= 1 && c.checkpoint_every >= 1,
          "config: batch, threads, logEvery and checkpointEvery must be >= 1");
  require(c.lr > 0 && c.lr_min >= 0 && c.clip > 0, "config: lr and clip must be > 0, lrMin >= 0");
  for (const auto& plan : c.tasks)
    for (std::size_t v : plan.levels) c.spec(plan.kind, v).validate();
  return c;
}

std::string history_key(const TrainConfig& c) {
  std::ostringstream o;
  o.precision(17);
  const auto& n = c.net;
  o << c.name << '|' << c.seed << '|' << c.init << '|' << n.backbone.d_model << ',' << n.backbone.heads << ','
    << n.backbone.layers << ',' << n.backbone.d_ff << ',' << n.backbone.max_positions << ',' << n.d_retrieval << ','
    << n.L << ',' << n.j << ',' << n.k << ',' << n.N << ',' << n.retrieval << (n.full ? ",full" : "") << '|';
  for (const auto& t : c.tasks) {
    o << tasks::kind_name(t.kind) << ':';
    for (auto v : t.levels) o << v << ',';
  }
  o << '|' << c.lead_max << ',' << c.advance << ',' << c.ema_decay << ',' << c.replay << ',' << c.batch << ',' << c.group << '|' << c.lr
    << ',' << c.lr_min << ',' << c.beta1 << ',' << c.beta2 << ',' << c.eps << ',' << c.weight_decay << ',' << c.clip << ','
    << c.warmup << '|' << c.loss.answer << ',' << c.loss.lm << ',' << c.loss.probe << ',' << c.loss.aux << ','
    << c.probe_steps;
  return o.str();
}

std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  require(bool(f), "cannot read ", path);
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

TrainConfig load_config(const std::string& path) { return parse_config(read_file(path)); }

}  // namespace lml::train
