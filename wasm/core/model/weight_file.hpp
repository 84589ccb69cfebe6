// Weight files: a small JSON header followed by flat little-endian float32 data.
//
//   bytes [0, 4)          magic "LMLW"
//   bytes [4, 8)          uint32 format version = 1
//   bytes [8, 12)         uint32 H = header length in bytes (a multiple of 4)
//   bytes [12, 12 + H)    UTF-8 JSON, padded with spaces:
//       {"format": "lml-weights", "version": 1,
//        "config": { … model sizes, see hmt/model.hpp … },
//        "tensors": [{"name": "tok_emb", "shape": [256, 64]}, …],
//        "floats": F, "checksum": "fnv1a32:89abcdef"}
//   bytes [12 + H, 12 + H + 4F)   the tensors' values in header order, each
//                                 row-major, float32 little-endian
// The file is exactly 12 + H + 4F bytes long; checksum is FNV-1a (32-bit) over
// the data bytes. read_weight_file() checks all of this and that every value
// is finite, and throws lml::Error naming what is wrong (bad magic, version,
// truncated, trailing bytes, checksum mismatch, malformed header, NaN).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "json.hpp"
#include "params.hpp"

namespace lml::model {

inline constexpr std::uint32_t kWeightFileVersion = 1;

struct WeightFile {
  json::Value config;
  ParamSet params;
};

// config_json is a serialised JSON object written as the header's "config".
std::vector<std::uint8_t> write_weight_file(const std::string& config_json, const ParamSet& params);
WeightFile read_weight_file(const std::uint8_t* bytes, std::size_t size);

std::uint32_t fnv1a32(const std::uint8_t* bytes, std::size_t size);

}  // namespace lml::model
