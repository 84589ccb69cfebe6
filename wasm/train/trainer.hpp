// The training loop: each step draws `batch` documents (task round-robin, level
// from the task's curriculum, 25% replay of lower levels), cuts them into groups
// of `group` documents that run in lockstep (Net::run over a group), runs the
// groups on `threads` threads (one gradient buffer per group, summed in group
// order, so the thread count never changes a bit), clips, steps AdamW, updates
// the curriculum, logs and checkpoints.
#pragma once
#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "checkpoint.hpp"
#include "config.hpp"
#include "net.hpp"

namespace lml::train {

struct StepReport {
  std::size_t step;            // 1-based: steps done after this one
  double loss, grad_norm, lr;
  std::size_t tokens;          // content tokens of the batch (segments × L)
  // per task: answer accuracy of this step's documents at the current level (−1 if none)
  std::vector<double> accuracy;
  double answer_nats, lm_nats, probe_nats;  // mean per answer byte / filler byte / probed character
  double probe_accuracy;       // −1 when the probe is off
  double top1;                 // fraction of question segments whose top weight hit the fact (−1 if none)
};

// One document's seed, task and level for (seed, step, b): pure, used by the
// trainer and by tests.
struct DocChoice {
  std::size_t task, level;
  std::uint64_t seed;
};
DocChoice choose_document(const TrainConfig& c, const std::vector<TaskState>& tasks, std::size_t step, std::size_t b);

// One step cut in three, so that several workers (the browser's lab) can each
// compute some groups' gradients and one of them finish the step:
//   plan()        the step's documents (a pure function of the state)
//   run_group()   one group's summed gradient and its documents' statistics
//   finish()      the groups' gradients added in group order → mean, clip,
//                 AdamW, curriculum; the same bits as step() on one machine
struct StepPlan {
  std::size_t step = 0;
  std::vector<DocChoice> choice;  // [batch]
  LossWeights lw;
};
struct GroupResult {
  std::vector<DocStats> stats;     // one per document of the group
  std::vector<std::size_t> tokens;  // bytes of each document
};

class Trainer {
 public:
  explicit Trainer(TrainConfig c);
  ~Trainer();

  const TrainConfig& config() const { return cfg_; }
  TrainState& state() { return st_; }
  const TrainState& state() const { return st_; }
  bool finished() const;
  std::size_t planned_steps() const;  // max_steps + final_steps, or decay start + final_steps
  StepReport step();

  std::size_t groups() const { return group_grads_.size(); }
  StepPlan plan() const;
  // grad [parameters] is overwritten with the sum of the group's document gradients.
  GroupResult run_group(const StepPlan& plan, std::size_t group, Net<float>& net, float* grad) const;
  // grads[g] = run_group's gradient of group g, for every g < groups(), in order.
  StepReport finish(const StepPlan& plan, const std::vector<const float*>& grads, const std::vector<GroupResult>& results);

 private:
  TrainConfig cfg_;
  TrainState st_;
  std::vector<std::unique_ptr<Net<float>>> nets_;  // one per thread
  std::vector<std::vector<float>> group_grads_;  // [groups][parameters]
  std::vector<float> grad_;
  std::vector<bool> decay_;
};

}  // namespace lml::train
