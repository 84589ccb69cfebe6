// Sizes of the byte-level decoder-only backbone.
//   vocab 256 (bytes: any text works without a tokenizer), d_model, heads
//   (d_head = d_model / heads), layers, d_ff (MLP width, default 4·d_model),
//   max_positions (rows of the learned position table = longest sequence one
//   forward pass may take).
#pragma once
#include <cstddef>

namespace lml::model {

struct BackboneConfig {
  static constexpr std::size_t vocab = 256;
  std::size_t d_model = 64;
  std::size_t heads = 4;
  std::size_t layers = 2;
  std::size_t d_ff = 256;
  std::size_t max_positions = 256;

  std::size_t d_head() const { return d_model / heads; }
  // Throws lml::Error naming the first bad size.
  void validate() const;
};

// Upper bounds accepted by validate() (keep a model within the browser's heap).
inline constexpr std::size_t kMaxDModel = 1024, kMaxLayers = 24, kMaxDff = 8192, kMaxPositions = 65536;

}  // namespace lml::model
