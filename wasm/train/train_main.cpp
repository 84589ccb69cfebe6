// lml_train: trains an HMT from a committed config (npm run train).
//   lml_train --config wasm/train/configs/hmt-memory.json --out build/train
//             [--fresh] [--threads N] [--stop-after STEPS] [--export-only]
//             [--start-from WEIGHTS [--keep-memory]] [--export-grad FILE [--no-flush]]
// --start-from begins a fresh run from a weight file's backbone with the memory
// parameters (T, P_0, W_q, W_k, the probe) drawn afresh, as the browser's lab
// does (--keep-memory keeps the file's). --export-grad writes the first step's
// batch-mean gradient (float32, the trainer's layout) and trains nothing; with
// --no-flush it computes subnormal floats as IEEE says instead of flushing them
// to zero (float_env.hpp), so the two files show what the flush changes.
// --export-only writes <out>/<name>.lmlw from the checkpoint as it stands (the
// weights of a run still in progress) and trains nothing.
// Writes <out>/<name>.ckpt every checkpointEvery steps and on Ctrl-C (a second
// run with the same command resumes from it, bit-exactly), <out>/<name>.log.jsonl
// (one JSON line per logged step), and at the end <out>/<name>.lmlw (the
// weights, LMLW format) and <out>/<name>.summary.json.
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "core/error.hpp"
#include "core/model/weight_file.hpp"
#include "trainer.hpp"
#include "weights.hpp"

namespace {
std::atomic<bool> g_stop{false};
void on_signal(int) { g_stop = true; }

std::string duration(double s) {
  char b[32];
  if (s >= 3600) std::snprintf(b, sizeof b, "%dh%02dm", int(s / 3600), int(s / 60) % 60);
  else if (s >= 60) std::snprintf(b, sizeof b, "%dm%02ds", int(s / 60), int(s) % 60);
  else std::snprintf(b, sizeof b, "%.1fs", s);
  return b;
}

int usage() {
  std::fprintf(stderr, "usage: lml_train --config FILE [--out DIR] [--fresh] [--threads N] [--stop-after STEPS] [--export-only]\n"
                       "                 [--start-from WEIGHTS [--keep-memory]] [--export-grad FILE [--no-flush]]\n");
  return 2;
}
}  // namespace

int main(int argc, char** argv) {
  using namespace lml::train;
  std::string config_path, out = "build/train";
  bool fresh = false, export_only = false, keep_memory = false, flush = true;
  std::string start_from, export_grad;
  long long stop_after = -1, threads = -1;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--config") config_path = next();
    else if (a == "--out") out = next();
    else if (a == "--fresh") fresh = true;
    else if (a == "--export-only") export_only = true;
    else if (a == "--start-from") start_from = next(), fresh = true;
    else if (a == "--keep-memory") keep_memory = true;
    else if (a == "--export-grad") export_grad = next();
    else if (a == "--no-flush") flush = false;
    else if (a == "--threads") threads = std::atoll(next().c_str());
    else if (a == "--stop-after") stop_after = std::atoll(next().c_str());
    else return usage();
  }
  if (config_path.empty() || (!flush && export_grad.empty())) return usage();
  try {
    TrainConfig cfg = load_config(config_path);
    if (threads > 0) cfg.threads = std::size_t(threads);
    std::filesystem::create_directories(out);
    const std::string base = out + "/" + cfg.name;
    const std::string ckpt = base + ".ckpt";
    Trainer tr(cfg);
    if (!fresh && std::filesystem::exists(ckpt)) {
      tr.state() = load_checkpoint(ckpt, cfg.text);
      std::printf("resuming %s from step %zu (%s)\n", cfg.name.c_str(), tr.state().step, ckpt.c_str());
    } else {
      std::printf("training %s from scratch: seed %llu, %zu parameters, batch %zu, %zu threads\n", cfg.name.c_str(),
                  (unsigned long long)cfg.seed, tr.state().params.size(), cfg.batch, cfg.threads);
    }
    if (!start_from.empty()) {
      tr.state().params = start_from_weights(cfg.net, cfg.seed, cfg.init, read_bytes(start_from), !keep_memory);
      std::printf("starting from the backbone of %s%s\n", start_from.c_str(), keep_memory ? "" : " (memory parameters drawn afresh)");
    }
    if (!export_grad.empty()) {
      const StepPlan pl = tr.plan();
      Net<float> net(cfg.net);
      net.set_flush_denormals(flush);
      std::vector<float> g(tr.state().params.size()), sum(g.size(), 0.f);
      for (std::size_t gi = 0; gi < tr.groups(); ++gi) {
        tr.run_group(pl, gi, net, g.data());
        for (std::size_t i = 0; i < g.size(); ++i) sum[i] += g[i];
      }
      for (auto& x : sum) x *= 1.f / float(cfg.batch);
      std::ofstream f(export_grad, std::ios::binary);
      f.write(reinterpret_cast<const char*>(sum.data()), std::streamsize(sum.size() * sizeof(float)));
      std::printf("wrote the first step's gradient (%zu floats) to %s\n", sum.size(), export_grad.c_str());
      return 0;
    }
    if (export_only) {
      lml::require(std::filesystem::exists(ckpt), "--export-only: no checkpoint ", ckpt);
      write_bytes(base + ".lmlw", to_model(cfg.net, tr.state().params).save());
      std::printf("wrote %s from the checkpoint at step %zu\n", (base + ".lmlw").c_str(), tr.state().step);
      return 0;
    }
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
    std::ofstream log(base + ".log.jsonl", std::ios::app);
    const auto t0 = std::chrono::steady_clock::now();
    const std::size_t start_step = tr.state().step;
    std::size_t tokens = 0;
    while (!tr.finished()) {
      const StepReport r = tr.step();
      tokens += r.tokens;
      const double el = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      if (r.step % cfg.log_every == 0 || tr.finished()) {
        std::string acc;
        char buf[96];
        for (std::size_t t = 0; t < cfg.tasks.size(); ++t) {
          const auto& ts = tr.state().tasks[t];
          const auto& plan = cfg.tasks[t];
          std::snprintf(buf, sizeof buf, " %s %.2f@%s%zu", lml::tasks::kind_name(plan.kind), ts.ema,
                        plan.kind == lml::tasks::Kind::KeyValue ? "K" : "D", plan.levels[ts.level]);
          acc += buf;
        }
        const double per_step = el / double(r.step - start_step);
        std::printf("step %5zu/%zu | loss %.3f (ans %.2f lm %.2f) | ema%s | probe %.2f | top1 %.2f | %.1fk tok/s | lr %.1e | %s, ETA <= %s\n",
                    r.step, tr.planned_steps(), r.loss, r.answer_nats, r.lm_nats, acc.c_str(), r.probe_accuracy, r.top1, tokens / el / 1000,
                    r.lr, duration(el).c_str(), duration(per_step * double(tr.planned_steps() - r.step)).c_str());
        std::fflush(stdout);
        log << "{\"step\": " << r.step << ", \"loss\": " << r.loss << ", \"answer_nats\": " << r.answer_nats
            << ", \"lm_nats\": " << r.lm_nats << ", \"probe_nats\": " << r.probe_nats << ", \"grad_norm\": " << r.grad_norm
            << ", \"lr\": " << r.lr << ", \"probe\": " << r.probe_accuracy << ", \"top1\": " << r.top1
            << ", \"seconds\": " << el << ", \"accuracy\": [";
        for (std::size_t t = 0; t < r.accuracy.size(); ++t) log << (t ? ", " : "") << r.accuracy[t];
        log << "], \"levels\": [";
        for (std::size_t t = 0; t < r.accuracy.size(); ++t) log << (t ? ", " : "") << tr.state().tasks[t].level;
        log << "]}\n";
        log.flush();
      }
      const bool stop = g_stop || (stop_after >= 0 && (long long)r.step >= stop_after);
      if (r.step % cfg.checkpoint_every == 0 || stop) save_checkpoint(ckpt, cfg.text, tr.state());
      if (stop) {
        std::printf("stopped after step %zu; checkpoint %s — run the same command again to resume\n", r.step, ckpt.c_str());
        return g_stop ? 130 : 0;
      }
    }
    save_checkpoint(ckpt, cfg.text, tr.state());
    const auto bytes = to_model(cfg.net, tr.state().params).save();
    write_bytes(base + ".lmlw", bytes);
    const double el = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::ofstream sum(base + ".summary.json");
    sum << "{\"name\": \"" << cfg.name << "\", \"steps\": " << tr.state().step << ", \"seconds_this_run\": " << el
        << ", \"decay_start\": " << tr.state().decay_start << ", \"weights_fnv1a32\": \"" << std::hex
        << lml::model::fnv1a32(bytes.data(), bytes.size()) << std::dec << "\", \"levels\": [";
    for (std::size_t t = 0; t < cfg.tasks.size(); ++t) sum << (t ? ", " : "") << tr.state().tasks[t].level;
    sum << "]}\n";
    std::printf("done: %zu steps; weights %s (%zu bytes)\n", tr.state().step, (base + ".lmlw").c_str(), bytes.size());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "lml_train: %s\n", e.what());
    return 1;
  }
}
