// Training state and its checkpoint file. A run interrupted and resumed from
// its checkpoint ends with the same weights, bit for bit, as one that was not:
// the file holds everything the next step reads (parameters, AdamW moments and
// step count, curriculum levels and EMAs, the decay start); the data of step s
// is a pure function of (seed, s), so no random-generator state is needed.
//   "LMLCKPT1" | u64 config bytes | config text | u64 step | i64 decay start |
//   u64 tasks | tasks × (u64 level, f64 ema) | u64 n | params, m, v (n float32 each) |
//   u64 AdamW t | u32 FNV-1a of every byte before it
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "adamw.hpp"

namespace lml::train {

struct TaskState {
  std::size_t level = 0;
  double ema = 0;
};

struct TrainState {
  std::size_t step = 0;           // steps done
  long long decay_start = -1;     // step the final decay began, or −1
  std::vector<TaskState> tasks;
  std::vector<float> params;
  AdamW opt;
};

void save_checkpoint(const std::string& path, const std::string& config_text, const TrainState& s);
// Throws when the file is damaged or was made with a config whose history_key
// differs (or that moves maxSteps/finalSteps after the final decay began).
TrainState load_checkpoint(const std::string& path, const std::string& config_text);
// The same in memory (the browser's lab keeps checkpoints in IndexedDB); path only names it in messages.
std::vector<std::uint8_t> checkpoint_bytes(const std::string& config_text, const TrainState& s);
TrainState parse_checkpoint(const std::vector<std::uint8_t>& bytes, const std::string& config_text,
                            const std::string& path = "checkpoint");

}  // namespace lml::train
