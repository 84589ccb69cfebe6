#include "checkpoint.hpp"

#include <cstring>

#include "core/error.hpp"
#include "core/model/weight_file.hpp"
#include "config.hpp"
#include "weights.hpp"

namespace lml::train {
namespace {
constexpr char kMagic[8] = {'L', 'M', 'L', 'C', 'K', 'P', 'T', '1'};

struct Writer {
  std::vector<std::uint8_t> b;
  void raw(const void* p, std::size_t n) {
    const auto* c = static_cast<const std::uint8_t*>(p);
    b.insert(b.end(), c, c + n);
  }
  template <class T>
  void put(T v) { raw(&v, sizeof v); }
  void floats(const std::vector<float>& v) { raw(v.data(), v.size() * sizeof(float)); }
};

struct Reader {
  const std::vector<std::uint8_t>& b;
  std::size_t at = 0;
  void raw(void* p, std::size_t n) {
    require(at + n <= b.size(), "checkpoint: truncated file");
    std::memcpy(p, b.data() + at, n);
    at += n;
  }
  template <class T>
  T get() {
    T v;
    raw(&v, sizeof v);
    return v;
  }
  std::vector<float> floats(std::size_t n) {
    require(n <= (b.size() - at) / sizeof(float), "checkpoint: truncated file");
    std::vector<float> v(n);
    raw(v.data(), n * sizeof(float));
    return v;
  }
};
}  // namespace

std::vector<std::uint8_t> checkpoint_bytes(const std::string& config_text, const TrainState& s) {
  Writer w;
  w.raw(kMagic, sizeof kMagic);
  w.put<std::uint64_t>(config_text.size());
  w.raw(config_text.data(), config_text.size());
  w.put<std::uint64_t>(s.step);
  w.put<std::int64_t>(s.decay_start);
  w.put<std::uint64_t>(s.tasks.size());
  for (const auto& t : s.tasks) {
    w.put<std::uint64_t>(t.level);
    w.put<double>(t.ema);
  }
  w.put<std::uint64_t>(s.params.size());
  w.floats(s.params);
  w.floats(s.opt.m);
  w.floats(s.opt.v);
  w.put<std::uint64_t>(s.opt.t);
  w.put<std::uint32_t>(model::fnv1a32(w.b.data(), w.b.size()));
  return w.b;
}

void save_checkpoint(const std::string& path, const std::string& config_text, const TrainState& s) {
  write_bytes(path, checkpoint_bytes(config_text, s));
}

TrainState load_checkpoint(const std::string& path, const std::string& config_text) {
  return parse_checkpoint(read_bytes(path), config_text, path);
}

TrainState parse_checkpoint(const std::vector<std::uint8_t>& bytes, const std::string& config_text,
                            const std::string& path) {
  require(bytes.size() > sizeof kMagic + 4 && std::memcmp(bytes.data(), kMagic, sizeof kMagic) == 0,
          "checkpoint ", path, ": not a checkpoint file");
  std::uint32_t stored;
  std::memcpy(&stored, bytes.data() + bytes.size() - 4, 4);
  require(stored == model::fnv1a32(bytes.data(), bytes.size() - 4), "checkpoint ", path,
          ": checksum mismatch (damaged file); delete it or pass --fresh");
  Reader r{bytes, sizeof kMagic};
  const auto n_text = r.get<std::uint64_t>();
  require(n_text <= bytes.size(), "checkpoint: truncated file");
  std::string text(n_text, '\0');
  r.raw(text.data(), n_text);
  TrainState s;
  s.step = r.get<std::uint64_t>();
  s.decay_start = r.get<std::int64_t>();
  s.tasks.resize(r.get<std::uint64_t>());
  for (auto& t : s.tasks) {
    t.level = r.get<std::uint64_t>();
    t.ema = r.get<double>();
  }
  const auto n = r.get<std::uint64_t>();
  s.params = r.floats(n);
  s.opt.m = r.floats(n);
  s.opt.v = r.floats(n);
  s.opt.t = r.get<std::uint64_t>();
  if (text != config_text) {
    // Another text may still describe the same run so far (e.g. a larger maxSteps before the decay began).
    const TrainConfig then = parse_config(text), now = parse_config(config_text);
    const bool same_history = history_key(then) == history_key(now);
    const bool schedule_only = then.max_steps != now.max_steps || then.final_steps != now.final_steps;
    require(same_history && (!schedule_only || (s.decay_start < 0 && s.step < now.max_steps)), "checkpoint ", path,
            " was made with a different config; pass --fresh to start over (its progress will be overwritten)");
  }
  return s;
}

}  // namespace lml::train
