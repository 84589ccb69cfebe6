// A training run's whole configuration, read from a committed JSON file
// (wasm/train/configs/*.json). Same file + same seed + same build → the same
// weights, bit for bit, whatever the thread count.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/tasks/tasks.hpp"
#include "net.hpp"

namespace lml::train {

// One task of the curriculum: its levels (D for passkey and copy, K for kv),
// easiest first.
struct TaskPlan {
  tasks::Kind kind;
  std::vector<std::size_t> levels;
};

struct TrainConfig {
  std::string name;            // the run's name (file names derive from it)
  std::uint64_t seed = 1;
  NetConfig net;
  std::string init = "unit";  // initial scales: "unit" or "gpt2" (see init_params in net.hpp)
  std::vector<TaskPlan> tasks;
  std::size_t lead_max = 1;    // filler segments before the first fact, uniform in [0, leadMax]
  double advance = 0.9;        // advance a task's level when its answer-accuracy EMA exceeds this
  double ema_decay = 0.9;      // EMA of the per-step accuracy at the current level
  double replay = 0.25;        // probability that a document uses a lower level
  std::size_t batch = 32;
  std::size_t group = 8;       // documents run in lockstep (stacked products), one gradient buffer per group,
                               // groups summed in order: shapes the rounding, so it is part of the run
  std::size_t max_steps = 6000;   // hard cap on the steps before the final decay
  std::size_t final_steps = 500;  // cosine decay lr → lr_min once every task is at its top level
  double lr = 3e-3, lr_min = 3e-4, beta1 = 0.9, beta2 = 0.95, eps = 1e-8, weight_decay = 0.01, clip = 1.0;
  std::size_t warmup = 100;
  LossWeights loss;
  std::size_t probe_steps = 1500;  // the write probe's loss is on for steps < probeSteps
  std::size_t threads = 2;         // does not change the result (per-group gradients, summed in group order)
  std::size_t checkpoint_every = 50, log_every = 10;
  std::string text;                // the file's text (stored in checkpoints to refuse a mismatch)

  tasks::TaskSpec spec(tasks::Kind kind, std::size_t level_value) const;
};

TrainConfig parse_config(const std::string& json_text);
// Every setting that shapes the steps taken so far, as one string: all but
// maxSteps, finalSteps (they only decide when the final decay starts), threads,
// checkpointEvery and logEvery (they change no bit). Two configs with the same
// key describe the same run until the decay starts, so a checkpoint taken
// before then resumes under either (a run can be lengthened).
std::string history_key(const TrainConfig& c);
TrainConfig load_config(const std::string& path);
std::string read_file(const std::string& path);

}  // namespace lml::train
