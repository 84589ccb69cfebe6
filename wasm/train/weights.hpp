// Between the trainer's flat parameters and the course's weight files (the
// LMLW format of core/model/weight_file.hpp, read by HmtModel::load): the
// fused W_qkv is split into W_q, W_k, W_v; the write probe is not saved.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/hmt/model.hpp"
#include "net.hpp"

namespace lml::train {

hmt::HmtModel to_model(const NetConfig& c, const std::vector<float>& params);
// The model's parameters in the trainer's layout (probe zero).
std::vector<float> from_model(const NetConfig& c, const hmt::HmtModel& m);

// A run's starting parameters from a weight file's backbone: every tensor the
// file holds, and, with reset_memory, T, P_0, W_q, W_k and the probe drawn
// afresh from init_params(c, seed, init) (only the backbone is kept). The
// file's shapes must match the config's.
std::vector<float> start_from_weights(const NetConfig& c, std::uint64_t seed, const std::string& init,
                                      const std::vector<std::uint8_t>& weight_file, bool reset_memory);

void write_bytes(const std::string& path, const std::vector<std::uint8_t>& bytes);  // atomic (temp + rename)
// A result file (JSON): its parent directories made, then written as write_bytes does.
void write_text_file(const std::string& path, const std::string& text);
std::vector<std::uint8_t> read_bytes(const std::string& path);

}  // namespace lml::train
