#include "trainer.hpp"

#include <algorithm>
#include <thread>

#include "core/error.hpp"

namespace lml::train {
namespace {
std::uint64_t mix(std::uint64_t z) {
  z += 0x9E3779B97F4A7C15ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// Runs f(t) for t in [0, threads) on threads (t = 0 on the caller's).
void parallel(std::size_t threads, const std::function<void(std::size_t)>& f) {
  std::vector<std::thread> pool;
  for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(f, t);
  f(0);
  for (auto& th : pool) th.join();
}
}  // namespace

DocChoice choose_document(const TrainConfig& c, const std::vector<TaskState>& tasks, std::size_t step, std::size_t b) {
  const std::uint64_t h = mix(mix(c.seed * 0x100000001B3ull + step) ^ (b * 0x9E3779B97F4A7C15ull));
  DocChoice d;
  d.task = (step * c.batch + b) % c.tasks.size();
  d.level = tasks[d.task].level;
  const double u = double(mix(h ^ 1) >> 11) * (1.0 / 9007199254740992.0);
  if (d.level > 0 && u < c.replay) d.level = std::size_t(mix(h ^ 2) % d.level);
  d.seed = mix(h ^ 3);
  return d;
}

Trainer::Trainer(TrainConfig c) : cfg_(std::move(c)) {
  const Layout lay(cfg_.net);
  st_.params = init_params(cfg_.net, cfg_.seed, cfg_.init);
  st_.opt.init(lay.total);
  st_.tasks.assign(cfg_.tasks.size(), TaskState{});
  for (std::size_t t = 0; t < cfg_.threads; ++t) nets_.push_back(std::make_unique<Net<float>>(cfg_.net));
  group_grads_.assign((cfg_.batch + cfg_.group - 1) / cfg_.group, std::vector<float>(lay.total, 0.f));
  grad_.assign(lay.total, 0.f);
  decay_.assign(lay.total, false);
  for (const Slot& s : lay.slots)
    for (std::size_t i = 0; i < s.rows * s.cols; ++i) decay_[s.offset + i] = s.decay;
}

Trainer::~Trainer() = default;

std::size_t Trainer::planned_steps() const {
  return (st_.decay_start >= 0 ? std::size_t(st_.decay_start) : cfg_.max_steps) + cfg_.final_steps;
}

bool Trainer::finished() const { return st_.step >= planned_steps(); }

StepPlan Trainer::plan() const {
  StepPlan pl;
  pl.step = st_.step;
  pl.choice.resize(cfg_.batch);
  for (std::size_t b = 0; b < cfg_.batch; ++b) pl.choice[b] = choose_document(cfg_, st_.tasks, pl.step, b);
  pl.lw = cfg_.loss;
  if (pl.step >= cfg_.probe_steps) pl.lw.probe = 0;
  return pl;
}

GroupResult Trainer::run_group(const StepPlan& pl, std::size_t gi, Net<float>& net, float* grad) const {
  const std::size_t b0 = gi * cfg_.group, b1 = std::min(cfg_.batch, b0 + cfg_.group);
  require(b0 < b1, "trainer: group ", gi, " is past the batch");
  std::vector<tasks::Document> docs;
  GroupResult res;
  for (std::size_t b = b0; b < b1; ++b) {
    const TaskPlan& tp = cfg_.tasks[pl.choice[b].task];
    docs.push_back(tasks::make(cfg_.spec(tp.kind, tp.levels[pl.choice[b].level]), pl.choice[b].seed, tasks::Split::Train));
    res.tokens.push_back(docs.back().bytes.size());
  }
  std::fill(grad, grad + st_.params.size(), 0.f);
  res.stats = net.run(st_.params.data(), grad, docs.data(), docs.size(), pl.lw);
  return res;
}

StepReport Trainer::step() {
  const std::size_t G = group_grads_.size(), T = std::min(cfg_.threads, G);
  const StepPlan pl = plan();
  std::vector<GroupResult> results(G);
  parallel(T, [&](std::size_t t) {
    for (std::size_t gi = t; gi < G; gi += T) results[gi] = run_group(pl, gi, *nets_[t], group_grads_[gi].data());
  });
  std::vector<const float*> grads;
  for (const auto& g : group_grads_) grads.push_back(g.data());
  return finish(pl, grads, results);
}

StepReport Trainer::finish(const StepPlan& pl, const std::vector<const float*>& grads,
                           const std::vector<GroupResult>& results) {
  const std::size_t B = cfg_.batch, P = grad_.size(), G = group_grads_.size(), T = std::min(cfg_.threads, G);
  require(grads.size() == G && results.size() == G, "trainer: finish needs the gradients of all ", G, " groups");
  require(pl.step == st_.step, "trainer: the plan is for step ", pl.step, ", the state is at step ", st_.step);
  const std::size_t step = pl.step;
  const std::vector<DocChoice>& choice = pl.choice;
  std::vector<DocStats> stats(B);
  std::vector<std::size_t> tokens(B);
  for (std::size_t gi = 0; gi < G; ++gi) {
    require(results[gi].stats.size() == std::min(B, (gi + 1) * cfg_.group) - gi * cfg_.group,
            "trainer: group ", gi, " reports the wrong number of documents");
    std::copy(results[gi].stats.begin(), results[gi].stats.end(), stats.begin() + std::ptrdiff_t(gi * cfg_.group));
    std::copy(results[gi].tokens.begin(), results[gi].tokens.end(), tokens.begin() + std::ptrdiff_t(gi * cfg_.group));
  }
  // grad = mean over documents: the groups' sums added in group order (any thread count gives the same bits)
  const float inv = 1.f / float(B);
  parallel(T, [&](std::size_t t) {
    const std::size_t lo = P * t / T, hi = P * (t + 1) / T;
    for (std::size_t i = lo; i < hi; ++i) {
      float s = 0.f;
      for (std::size_t gi = 0; gi < G; ++gi) s += grads[gi][i];
      grad_[i] = s * inv;
    }
  });
  StepReport r;
  r.step = step + 1;
  r.grad_norm = clip_grad_norm(grad_.data(), P, cfg_.clip);
  r.lr = learning_rate(step, cfg_.warmup, cfg_.lr, cfg_.lr_min, st_.decay_start, cfg_.final_steps);
  st_.opt.beta1 = cfg_.beta1, st_.opt.beta2 = cfg_.beta2, st_.opt.eps = cfg_.eps, st_.opt.weight_decay = cfg_.weight_decay;
  st_.opt.step(st_.params.data(), grad_.data(), decay_, r.lr);

  // statistics and the curriculum
  r.loss = 0;
  r.tokens = 0;
  std::size_t probe_c = 0, probe_n = 0, hit = 0, hit_n = 0, ans_n = 0, lm_n = 0;
  double ans_s = 0, lm_s = 0, probe_s = 0;
  std::vector<std::size_t> correct(cfg_.tasks.size(), 0), total(cfg_.tasks.size(), 0);
  for (std::size_t b = 0; b < B; ++b) {
    r.loss += stats[b].loss / double(B);
    r.tokens += tokens[b];
    probe_c += stats[b].probe_correct, probe_n += stats[b].probe_chars, probe_s += stats[b].probe_nats;
    ans_s += stats[b].answer_nats, ans_n += stats[b].answer_bytes, lm_s += stats[b].lm_nats, lm_n += stats[b].lm_bytes;
    if (stats[b].top1_hit >= 0) hit += std::size_t(stats[b].top1_hit), ++hit_n;
    if (choice[b].level == st_.tasks[choice[b].task].level) {
      correct[choice[b].task] += stats[b].answer_correct;
      total[choice[b].task] += stats[b].answer_bytes;
    }
  }
  r.probe_accuracy = probe_n ? double(probe_c) / double(probe_n) : -1;
  r.answer_nats = ans_n ? ans_s / double(ans_n) : 0;
  r.lm_nats = lm_n ? lm_s / double(lm_n) : 0;
  r.probe_nats = probe_n ? probe_s / double(probe_n) : 0;
  r.top1 = hit_n ? double(hit) / double(hit_n) : -1;
  bool all_top = true;
  for (std::size_t t = 0; t < cfg_.tasks.size(); ++t) {
    TaskState& ts = st_.tasks[t];
    r.accuracy.push_back(total[t] ? double(correct[t]) / double(total[t]) : -1);
    if (total[t]) ts.ema = cfg_.ema_decay * ts.ema + (1 - cfg_.ema_decay) * r.accuracy.back();
    const bool top = ts.level + 1 == cfg_.tasks[t].levels.size();
    if (!top && ts.ema > cfg_.advance) {
      ++ts.level;
      ts.ema = 0;
    }
    all_top = all_top && top && ts.ema > cfg_.advance;
  }
  st_.step = step + 1;
  if (st_.decay_start < 0 && (all_top || st_.step >= cfg_.max_steps)) st_.decay_start = (long long)st_.step;
  return r;
}

}  // namespace lml::train
