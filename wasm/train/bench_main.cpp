// lml_train_bench: training throughput of the shipped config on one thread
// (npm run bench, suite "train"), and the batch it times, exported so that a
// peer (bench/peers/torch_hmt.py) can check its loss and gradients against ours
// on identical weights and documents before timing the same step.
//   lml_train_bench --config wasm/train/configs/hmt-memory.json --export DIR
//                   [--steps N] [--batch B]
// DIR/batch.json   {config, layout: [{name, offset, rows, cols}], docs: [{bytes (latin-1),
//                   answerPos, answerLen, facts: [{segment, payload}]}], loss weights,
//                   ours: {loss}}
// DIR/params.f32   the initial parameters (trainer layout, float32 little-endian)
// DIR/grad.f32     our gradient of the batch-mean loss at those parameters
// Prints one JSON line: {"impl": "ours-native", "tokens_per_step", "ms_median", "tokens_per_s", "loss"}.
// A step = forward + backward of every document + gradient mean + clip + AdamW.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "adamw.hpp"
#include "config.hpp"
#include "core/error.hpp"
#include "core/model/json.hpp"
#include "net.hpp"
#include "weights.hpp"

int main(int argc, char** argv) {
  using namespace lml::train;
  std::string config_path, dir;
  std::size_t steps = 7, batch = 32;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--config") config_path = next();
    else if (a == "--export") dir = next();
    else if (a == "--steps") steps = std::size_t(std::atoll(next().c_str()));
    else if (a == "--batch") batch = std::size_t(std::atoll(next().c_str()));
    else {
      std::fprintf(stderr, "usage: lml_train_bench --config FILE --export DIR [--steps N] [--batch B]\n");
      return 2;
    }
  }
  try {
    lml::require(!config_path.empty() && !dir.empty() && steps >= 1 && batch >= 1, "lml_train_bench: --config and --export are required");
    const TrainConfig cfg = load_config(config_path);
    // The measured batch: passkey with the question in the segment after the fact (2 segments of L).
    lml::tasks::TaskSpec spec = cfg.spec(lml::tasks::Kind::Passkey, 0);
    spec.lead_max = 0;
    std::vector<lml::tasks::Document> docs;
    for (std::size_t b = 0; b < batch; ++b) docs.push_back(lml::tasks::make(spec, 1000 + b, lml::tasks::Split::Train));
    std::vector<float> p = init_params(cfg.net, cfg.seed, cfg.init);
    const Layout lay(cfg.net);
    Net<float> net(cfg.net);
    std::vector<float> g(p.size());
    std::vector<bool> decay(p.size());
    for (const Slot& s : lay.slots)
      for (std::size_t i = 0; i < s.rows * s.cols; ++i) decay[s.offset + i] = s.decay;
    auto forward_backward = [&](const std::vector<float>& params) {
      std::fill(g.begin(), g.end(), 0.f);
      double loss = 0;
      for (const auto& d : docs) loss += net.run(params.data(), g.data(), d, cfg.loss).loss / double(batch);
      for (auto& x : g) x /= float(batch);
      return loss;
    };
    // export the batch, the parameters and our gradient
    std::filesystem::create_directories(dir);
    const double loss0 = forward_backward(p);
    {
      std::ofstream f(dir + "/params.f32", std::ios::binary);
      f.write(reinterpret_cast<const char*>(p.data()), std::streamsize(p.size() * 4));
      std::ofstream h(dir + "/grad.f32", std::ios::binary);
      h.write(reinterpret_cast<const char*>(g.data()), std::streamsize(g.size() * 4));
      std::ofstream j(dir + "/batch.json");
      const auto& n = cfg.net;
      j << "{\"config\": {\"dModel\": " << n.backbone.d_model << ", \"heads\": " << n.backbone.heads
        << ", \"layers\": " << n.backbone.layers << ", \"dFF\": " << n.backbone.d_ff << ", \"dRetrieval\": " << n.d_retrieval
        << ", \"maxPositions\": " << n.backbone.max_positions << ", \"L\": " << n.L << ", \"j\": " << n.j << ", \"k\": " << n.k
        << ", \"N\": " << n.N << ", \"probeSlots\": " << n.probe_slots << ", \"probeClasses\": " << n.probe_classes << "},\n";
      j << " \"loss_weights\": {\"answer\": " << cfg.loss.answer << ", \"lm\": " << cfg.loss.lm << ", \"probe\": " << cfg.loss.probe
        << ", \"aux\": " << cfg.loss.aux << "},\n \"optimizer\": {\"lr\": " << cfg.lr << ", \"beta1\": " << cfg.beta1
        << ", \"beta2\": " << cfg.beta2 << ", \"eps\": " << cfg.eps << ", \"weightDecay\": " << cfg.weight_decay
        << ", \"clip\": " << cfg.clip << "},\n \"layout\": [";
      for (std::size_t i = 0; i < lay.slots.size(); ++i) {
        const Slot& s = lay.slots[i];
        j << (i ? ", " : "") << "{\"name\": \"" << s.name << "\", \"offset\": " << s.offset << ", \"rows\": " << s.rows
          << ", \"cols\": " << s.cols << ", \"decay\": " << (s.decay ? "true" : "false") << "}";
      }
      j << "],\n \"docs\": [";
      for (std::size_t b = 0; b < docs.size(); ++b) {
        const auto& d = docs[b];
        j << (b ? ",\n  " : "") << "{\"bytes\": " << lml::json::quote(std::string(d.bytes.begin(), d.bytes.end()))
          << ", \"answerPos\": " << d.answer_pos << ", \"answerLen\": " << d.answer.size() << ", \"factSegment\": " << d.fact_segment
          << ", \"facts\": [";
        for (std::size_t f = 0; f < d.facts.size(); ++f)
          j << (f ? ", " : "") << "{\"segment\": " << d.facts[f].segment << ", \"payload\": \"" << d.facts[f].payload << "\"}";
        j << "]}";
      }
      j << "],\n \"ours\": {\"loss\": " << loss0 << "}}\n";
    }
    // time the step: warm up for at least 0.5 s, then `steps` timed steps, median
    AdamW opt;
    opt.init(p.size());
    opt.beta1 = cfg.beta1, opt.beta2 = cfg.beta2, opt.eps = cfg.eps, opt.weight_decay = cfg.weight_decay;
    auto one_step = [&] {
      const double l = forward_backward(p);
      clip_grad_norm(g.data(), g.size(), cfg.clip);
      opt.step(p.data(), g.data(), decay, cfg.lr);
      return l;
    };
    using clock = std::chrono::steady_clock;
    const auto w0 = clock::now();
    while (std::chrono::duration<double>(clock::now() - w0).count() < 0.5) one_step();
    std::vector<double> ms;
    double loss = 0;
    for (std::size_t s = 0; s < steps; ++s) {
      const auto t0 = clock::now();
      loss = one_step();
      ms.push_back(std::chrono::duration<double, std::milli>(clock::now() - t0).count());
    }
    std::sort(ms.begin(), ms.end());
    const double med = ms[ms.size() / 2];
    std::size_t tokens = 0;
    for (const auto& d : docs) tokens += d.bytes.size();
    std::printf("{\"impl\": \"ours-native\", \"tokens_per_step\": %zu, \"ms_median\": %.3f, \"tokens_per_s\": %.1f, \"loss\": %.6f, \"loss_at_export\": %.6f}\n",
                tokens, med, double(tokens) / (med / 1000.0), loss, loss0);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "lml_train_bench: %s\n", e.what());
    return 1;
  }
}
