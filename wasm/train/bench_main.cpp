// lml_train_bench: training throughput of the shipped config on one thread
// (npm run bench, suite "train"), and the batch it times, exported so that a
// peer (bench/peers/torch_hmt.py) can check its loss and gradients against ours
// on identical weights and documents before timing the same step.
//   lml_train_bench --config wasm/train/configs/hmt-memory.json --export DIR
//                   [--steps N] [--batch B] [--distance D] [--threads T]
//                   [--start-from WEIGHTS] [--no-flush]
// The batch: B passkey documents with the question D segments after the fact
// (D + 2 segments of L bytes each; D = 0 is the smallest unroll, 2 segments),
// run in groups of the config's `group` documents as the trainer runs them,
// the groups spread over T threads.
// DIR/batch.json   {config, layout: [{name, offset, rows, cols}], docs: [{bytes (latin-1),
//                   answerPos, answerLen, facts: [{segment, payload}]}], loss weights,
//                   ours: {loss}}
// DIR/params.f32   the initial parameters (trainer layout, float32 little-endian)
// DIR/grad.f32     our gradient of the batch-mean loss at those parameters
// --start-from: the parameters of a weight file (every tensor it holds; the probe,
// which files do not keep, drawn afresh) instead of the config's initialisation:
// a late-training state, where the softmax gives wrong bytes probabilities near
// the smallest normal float. --no-flush: subnormals computed as IEEE says
// (float_env.hpp), to time what the flush saves there.
// Prints one JSON line: {"impl": "ours-native", "tokens_per_step", "ms_median", "tokens_per_s", "loss",
// "start", "flush"}.
// A step = forward + backward of every document + gradient mean + clip + AdamW.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "adamw.hpp"
#include "config.hpp"
#include "core/error.hpp"
#include "core/model/json.hpp"
#include "net.hpp"
#include "weights.hpp"

int main(int argc, char** argv) {
  using namespace lml::train;
  std::string config_path, dir, start_from;
  bool flush = true;
  std::size_t steps = 7, batch = 32, distance = 0, threads = 1;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--config") config_path = next();
    else if (a == "--export") dir = next();
    else if (a == "--steps") steps = std::size_t(std::atoll(next().c_str()));
    else if (a == "--batch") batch = std::size_t(std::atoll(next().c_str()));
    else if (a == "--distance") distance = std::size_t(std::atoll(next().c_str()));
    else if (a == "--threads") threads = std::size_t(std::atoll(next().c_str()));
    else if (a == "--start-from") start_from = next();
    else if (a == "--no-flush") flush = false;
    else {
      std::fprintf(stderr, "usage: lml_train_bench --config FILE --export DIR [--steps N] [--batch B] [--distance D] [--threads T]"
                           " [--start-from WEIGHTS] [--no-flush]\n");
      return 2;
    }
  }
  try {
    lml::require(!config_path.empty() && !dir.empty() && steps >= 1 && batch >= 1 && threads >= 1,
                  "lml_train_bench: --config and --export are required");
    const TrainConfig cfg = load_config(config_path);
    // The measured batch: passkey with the question D segments after the fact (D + 2 segments of L).
    lml::tasks::TaskSpec spec = cfg.spec(lml::tasks::Kind::Passkey, distance);
    spec.lead_max = 0;
    std::vector<lml::tasks::Document> docs;
    for (std::size_t b = 0; b < batch; ++b) docs.push_back(lml::tasks::make(spec, 1000 + b, lml::tasks::Split::Train));
    std::vector<float> p = start_from.empty()
                               ? init_params(cfg.net, cfg.seed, cfg.init)
                               : start_from_weights(cfg.net, cfg.seed, cfg.init, read_bytes(start_from), false);
    const Layout lay(cfg.net);
    const std::size_t G = (batch + cfg.group - 1) / cfg.group, T = std::min(threads, G);
    std::vector<std::unique_ptr<Net<float>>> nets;
    for (std::size_t t = 0; t < T; ++t) {
      nets.push_back(std::make_unique<Net<float>>(cfg.net));
      nets.back()->set_flush_denormals(flush);
    }
    std::vector<float> g(p.size());
    std::vector<std::vector<float>> gg(G, std::vector<float>(p.size()));
    std::vector<bool> decay(p.size());
    for (const Slot& s : lay.slots)
      for (std::size_t i = 0; i < s.rows * s.cols; ++i) decay[s.offset + i] = s.decay;
    // as Trainer::step: groups on threads, their gradients summed in group order, then the mean
    auto forward_backward = [&](const std::vector<float>& params) {
      std::vector<double> loss(G, 0.0);
      auto work = [&](std::size_t t) {
        for (std::size_t gi = t; gi < G; gi += T) {
          const std::size_t b0 = gi * cfg.group, b1 = std::min(batch, b0 + cfg.group);
          std::fill(gg[gi].begin(), gg[gi].end(), 0.f);
          for (const auto& st : nets[t]->run(params.data(), gg[gi].data(), docs.data() + b0, b1 - b0, cfg.loss))
            loss[gi] += st.loss / double(batch);
        }
      };
      std::vector<std::thread> pool;
      for (std::size_t t = 1; t < T; ++t) pool.emplace_back(work, t);
      work(0);
      for (auto& th : pool) th.join();
      for (std::size_t i = 0; i < g.size(); ++i) {
        float s = 0.f;
        for (std::size_t gi = 0; gi < G; ++gi) s += gg[gi][i];
        g[i] = s / float(batch);
      }
      double total = 0;
      for (double l : loss) total += l;
      return total;
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
    std::printf("{\"impl\": \"ours-native\", \"threads\": %zu, \"distance\": %zu, \"tokens_per_step\": %zu, \"ms_median\": %.3f, \"tokens_per_s\": %.1f, \"loss\": %.6f, \"loss_at_export\": %.6f, \"start\": \"%s\", \"flush\": %s}\n",
                T, distance, tokens, med, double(tokens) / (med / 1000.0), loss, loss0,
                start_from.empty() ? "init" : "weights", flush ? "true" : "false");
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "lml_train_bench: %s\n", e.what());
    return 1;
  }
}
