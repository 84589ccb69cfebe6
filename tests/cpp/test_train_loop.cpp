// The training loop end to end on small configs: determinism (any thread
// count), bit-exact resume from a checkpoint, overfitting one batch, the
// trainer's forward against the course's HmtStream, weight-file round trips,
// and the task generators' shortcut blockers.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <set>
#include <string>

#include "core/hmt/stream.hpp"
#include "core/rng.hpp"
#include "core/tasks/tasks.hpp"
#include "test_helpers.hpp"
#include "train/adamw.hpp"
#include "train/checkpoint.hpp"
#include "train/config.hpp"
#include "train/float_env.hpp"
#if defined(__SSE__) && !defined(LML_HAS_MXCSR)
#error "float_env.hpp must flush subnormals on every native x86 build"
#endif
#include "train/trainer.hpp"
#include "train/weights.hpp"

namespace lml::train {
namespace {

TrainConfig quick() { return load_config(std::string(LML_SOURCE_DIR) + "/wasm/train/configs/quick.json"); }

std::vector<float> run_steps(TrainConfig c, std::size_t steps) {
  Trainer t(std::move(c));
  for (std::size_t i = 0; i < steps; ++i) t.step();
  return t.state().params;
}

TEST(TrainLoop, SameSeedAndConfigGiveIdenticalWeightsWhateverTheThreadCount) {
  TrainConfig a = quick(), b = quick();
  a.threads = 2, b.threads = 1;
  const auto pa = run_steps(a, 8), pb = run_steps(b, 8);
  ASSERT_EQ(pa.size(), pb.size());
  EXPECT_EQ(0, std::memcmp(pa.data(), pb.data(), pa.size() * sizeof(float)));
  TrainConfig other = quick();
  other.seed += 1;
  const auto po = run_steps(other, 8);
  EXPECT_NE(0, std::memcmp(pa.data(), po.data(), pa.size() * sizeof(float))) << "the seed must matter";
}

// The browser's lab splits a step over workers: each runs some groups with its
// own Net, one finishes the step. Groups computed apart, in any order, give the
// same bits as step() (the group size is part of the config: it shapes the sums).
TEST(TrainLoop, GroupsComputedApartAndInAnyOrderEqualOneStep) {
  TrainConfig c = quick();
  c.group = 2;  // 6 documents → 3 groups
  Trainer whole(c), parts(c);
  ASSERT_EQ(parts.groups(), 3u);
  std::vector<std::unique_ptr<Net<float>>> workers;
  for (int w = 0; w < 3; ++w) workers.push_back(std::make_unique<Net<float>>(c.net));
  const std::size_t P = parts.state().params.size();
  for (int s = 0; s < 4; ++s) {
    const StepReport a = whole.step();
    const StepPlan pl = parts.plan();
    std::vector<std::vector<float>> g(3, std::vector<float>(P));
    std::vector<GroupResult> res(3);
    for (std::size_t gi = 3; gi-- > 0;) res[gi] = parts.run_group(pl, gi, *workers[gi], g[gi].data());
    const StepReport b = parts.finish(pl, {g[0].data(), g[1].data(), g[2].data()}, res);
    EXPECT_EQ(a.loss, b.loss) << "step " << s;
  }
  EXPECT_EQ(0, std::memcmp(whole.state().params.data(), parts.state().params.data(), P * sizeof(float)));
  const StepPlan stale = parts.plan();
  parts.step();
  std::vector<std::vector<float>> g(3, std::vector<float>(P));
  std::vector<GroupResult> res(3);
  for (std::size_t gi = 0; gi < 3; ++gi) res[gi] = parts.run_group(stale, gi, *workers[gi], g[gi].data());
  EXPECT_THROW(parts.finish(stale, {g[0].data(), g[1].data(), g[2].data()}, res), Error) << "a stale plan is refused";
  EXPECT_THROW(parts.finish(parts.plan(), {g[0].data()}, res), Error) << "every group is needed";
}

TEST(TrainLoop, ResumingFromACheckpointIsBitExact) {
  const TrainConfig c = quick();
  Trainer whole(c);
  while (!whole.finished()) whole.step();
  const std::string path = (std::filesystem::temp_directory_path() / "lml-test-resume.ckpt").string();
  {
    Trainer first(c);
    for (int i = 0; i < 7; ++i) first.step();
    save_checkpoint(path, c.text, first.state());
  }
  Trainer second(c);
  second.state() = load_checkpoint(path, c.text);
  EXPECT_EQ(second.state().step, 7u);
  while (!second.finished()) second.step();
  std::remove(path.c_str());
  EXPECT_EQ(whole.state().step, second.state().step);
  ASSERT_EQ(whole.state().params.size(), second.state().params.size());
  EXPECT_EQ(0, std::memcmp(whole.state().params.data(), second.state().params.data(),
                           whole.state().params.size() * sizeof(float)));
  EXPECT_EQ(0, std::memcmp(whole.state().opt.v.data(), second.state().opt.v.data(), whole.state().opt.v.size() * 4));
}

TEST(TrainLoop, ARunLengthenedBeforeItsDecayResumesAsIfPlannedLongFromTheStart) {
  TrainConfig shorter = quick(), longer = quick();
  longer.max_steps = shorter.max_steps + 6;
  longer.text.replace(longer.text.find("\"maxSteps\": 12"), 14, "\"maxSteps\": 18");
  ASSERT_EQ(parse_config(longer.text).max_steps, 18u);
  Trainer whole(longer);
  while (!whole.finished()) whole.step();
  const std::string path = (std::filesystem::temp_directory_path() / "lml-test-lengthen.ckpt").string();
  {
    Trainer first(shorter);
    for (int i = 0; i < 9; ++i) first.step();
    ASSERT_LT(first.state().decay_start, 0);
    save_checkpoint(path, shorter.text, first.state());
  }
  Trainer second(longer);
  second.state() = load_checkpoint(path, longer.text);
  while (!second.finished()) second.step();
  EXPECT_EQ(0, std::memcmp(whole.state().params.data(), second.state().params.data(), whole.state().params.size() * 4));
  // a change that alters the past (the seed) is refused
  TrainConfig other = quick();
  other.text.replace(other.text.find("\"seed\": 3"), 9, "\"seed\": 4");
  EXPECT_THROW(load_checkpoint(path, other.text), Error);
  std::remove(path.c_str());
}

TEST(TrainLoop, CheckpointsRefuseAnotherConfigAndDamage) {
  const TrainConfig c = quick();
  Trainer t(c);
  t.step();
  const std::string path = (std::filesystem::temp_directory_path() / "lml-test-damage.ckpt").string();
  save_checkpoint(path, c.text, t.state());
  std::string other = c.text;
  other.replace(other.find("\"batch\": 6"), 10, "\"batch\": 7");
  EXPECT_THROW(load_checkpoint(path, other), Error);
  auto bytes = read_bytes(path);
  bytes[bytes.size() / 2] ^= 0x40;
  write_bytes(path, bytes);
  try {
    load_checkpoint(path, c.text);
    ADD_FAILURE() << "a damaged checkpoint loaded";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("checksum"), std::string::npos) << e.what();
  }
  std::remove(path.c_str());
}

TEST(TrainLoop, OneBatchOverfitsBelowOneHundredthOfANat) {
  NetConfig c;
  c.backbone.d_model = 32, c.backbone.heads = 2, c.backbone.layers = 1, c.backbone.d_ff = 64;
  c.d_retrieval = 16, c.L = 40, c.j = 22, c.k = 4, c.N = 4;
  c.backbone.max_positions = c.L + c.k + 2;
  tasks::TaskSpec spec;
  spec.segment_len = 40, spec.summary_len = 22, spec.sensory_len = 4, spec.distance = 0, spec.lead_max = 0;
  std::vector<tasks::Document> docs;
  for (std::uint64_t s = 0; s < 4; ++s) docs.push_back(tasks::make(spec, s, tasks::Split::Train));
  LossWeights w;
  w.lm = 0, w.probe = 0, w.aux = 0;
  std::vector<float> p = init_params(c, 5), g(p.size());
  std::vector<bool> decay(p.size(), false);
  AdamW opt;
  opt.init(p.size());
  opt.weight_decay = 0;
  Net<float> net(c);
  double loss = 1e9;
  int steps = 0;
  for (; steps < 400 && loss >= 0.01; ++steps) {
    std::fill(g.begin(), g.end(), 0.f);
    loss = 0;
    for (const auto& d : docs) loss += net.run(p.data(), g.data(), d, w).loss / double(docs.size());
    for (auto& x : g) x /= float(docs.size());
    clip_grad_norm(g.data(), g.size(), 1.0);
    opt.step(p.data(), g.data(), decay, 1e-2);
  }
  EXPECT_LT(loss, 0.01) << "after " << steps << " steps";
}

TEST(TrainLoop, TrainerForwardAgreesWithTheCoursesHmtStream) {
  const TrainConfig cfg = quick();
  const NetConfig& c = cfg.net;
  std::vector<float> p = init_params(c, 11);
  Rng r(3);
  for (auto& x : p) x += 0.05f * r.normal();  // break the symmetric start
  auto model = std::make_shared<const hmt::HmtModel>(to_model(c, p));
  const std::vector<double> pd(p.begin(), p.end());
  for (auto kind : {tasks::Kind::Passkey, tasks::Kind::KeyValue}) {
    const tasks::Document doc = tasks::make(cfg.spec(kind, 2), 17, tasks::Split::Eval);
    LossWeights w;
    w.lm = 0, w.probe = 0, w.aux = 0;
    Net<double> net(c);
    const DocStats st = net.run(pd.data(), nullptr, doc, w);
    hmt::HmtConfig hc;
    hc.segment_len = c.L, hc.summary_len = c.j, hc.sensory_len = c.k, hc.cache_size = c.N;
    hmt::HmtStream s(model, hc);
    s.feed(doc.bytes.data(), doc.bytes.size());
    const ConstView out = s.last_outputs();
    const std::size_t first = doc.answer_pos - doc.question_segment * c.L - 1;
    Tensor logits(doc.answer.size(), 256);
    model->backbone().logits(ConstView{out.row(first), doc.answer.size(), out.cols, out.stride}, logits.view());
    double nats = 0;
    for (std::size_t i = 0; i < doc.answer.size(); ++i) {
      const float* row = logits.data() + i * 256;
      double mx = row[0], sum = 0;
      for (int v = 1; v < 256; ++v) mx = std::max(mx, double(row[v]));
      for (int v = 0; v < 256; ++v) sum += std::exp(row[v] - mx);
      nats += std::log(sum) - (row[std::uint8_t(doc.answer[i])] - mx);
    }
    EXPECT_NEAR(st.answer_nats, nats, 1e-3 * std::max(1.0, nats)) << tasks::kind_name(kind);
  }
}

// The float trainer flushes subnormals to zero while it runs (float_env.hpp): from
// the shipped weights, where the softmax gives wrong bytes probabilities near the
// smallest normal float, the gradient of one group of D = 8 documents with the
// flush is the gradient without it within relative L2 1e-6 (the flushed values
// are below any gradient's rounding), and the caller's MXCSR is as it was.
TEST(TrainLoop, FlushingSubnormalsKeepsTheGradientAndRestoresTheCallersFloatMode) {
  const TrainConfig cfg = load_config(std::string(LML_SOURCE_DIR) + "/wasm/train/configs/hmt-memory.json");
  const std::vector<float> p = start_from_weights(cfg.net, cfg.seed, cfg.init,
                                                  read_bytes(std::string(LML_SOURCE_DIR) + "/web/models/hmt-memory.lmlw"), false);
  tasks::TaskSpec spec = cfg.spec(tasks::Kind::Passkey, 8);
  spec.lead_max = 0;
  std::vector<tasks::Document> docs;
  for (std::size_t b = 0; b < cfg.group; ++b) docs.push_back(tasks::make(spec, 1000 + b, tasks::Split::Train));
  std::vector<float> flushed(p.size(), 0.f), exact(p.size(), 0.f);
  Net<float> with(cfg.net), without(cfg.net);
  without.set_flush_denormals(false);
#ifdef LML_HAS_MXCSR  // float_env.hpp: x86 natively, with <xmmintrin.h>
  const unsigned before = _mm_getcsr();
  ASSERT_EQ(before & (FlushDenormals::kFtz | FlushDenormals::kDaz), 0u) << "the test starts in IEEE mode";
#endif
  with.run(p.data(), flushed.data(), docs.data(), docs.size(), cfg.loss);
#ifdef LML_HAS_MXCSR
  EXPECT_EQ(_mm_getcsr(), before) << "run() restores the caller's MXCSR";
#endif
  without.run(p.data(), exact.data(), docs.data(), docs.size(), cfg.loss);
  double diff = 0, norm = 0;
  std::size_t same = 0;
  for (std::size_t i = 0; i < p.size(); ++i) {
    diff += (double(flushed[i]) - exact[i]) * (double(flushed[i]) - exact[i]);
    norm += double(exact[i]) * exact[i];
    same += flushed[i] == exact[i];
  }
  ASSERT_GT(norm, 0.0);
  EXPECT_LT(std::sqrt(diff / norm), 1e-6) << same << " of " << p.size() << " gradient floats equal";
}

TEST(TrainWeights, WeightFileRoundTripKeepsEveryParameterButTheProbe) {
  const TrainConfig cfg = quick();
  std::vector<float> p = init_params(cfg.net, 9);
  const auto bytes = to_model(cfg.net, p).save();
  const hmt::HmtModel m = hmt::HmtModel::load(bytes.data(), bytes.size());
  const std::vector<float> q = from_model(cfg.net, m);
  const Layout lay(cfg.net);
  for (const Slot& s : lay.slots) {
    const bool probe = s.name.rfind("probe.", 0) == 0;
    for (std::size_t i = 0; i < s.rows * s.cols; ++i)
      ASSERT_EQ(q[s.offset + i], probe ? 0.f : p[s.offset + i]) << s.name << "[" << i << "]";
  }
}

TEST(TrainConfigFile, UnknownKeysAndBadValuesAreRefusedWithTheirName) {
  const std::string ok = quick().text;
  std::string bad = ok;
  bad.replace(bad.find("\"seed\""), 6, "\"sede\"");
  try {
    parse_config(bad);
    ADD_FAILURE();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("sede"), std::string::npos);
  }
  std::string tasks_bad = ok;
  tasks_bad.replace(tasks_bad.find("\"passkey\""), 9, "\"pasky\"");
  EXPECT_THROW(parse_config(tasks_bad), Error);
}

// ------------------------------------------------------------------- tasks

struct Geometry {
  std::size_t L = 64, j = 32, k = 8;
};

TEST(Tasks, FactsQuestionsAndAnswersObeyTheShortcutBlockers) {
  const Geometry g;
  for (auto kind : {tasks::Kind::Passkey, tasks::Kind::KeyValue, tasks::Kind::Copy})
    for (std::uint64_t seed = 0; seed < 200; ++seed) {
      tasks::TaskSpec s;
      s.kind = kind, s.segment_len = g.L, s.summary_len = g.j, s.sensory_len = g.k, s.distance = seed % 5, s.facts = 1 + seed % 8;
      const auto split = seed % 2 ? tasks::Split::Eval : tasks::Split::Train;
      const tasks::Document d = tasks::make(s, seed, split);
      ASSERT_EQ(d.bytes.size(), d.segments * g.L);
      ASSERT_EQ(d.question_segment, d.segments - 1);
      const std::string text(d.bytes.begin(), d.bytes.end());
      // the answer sits at positions ≥ j of the question segment, followed by a full stop
      const std::size_t a = d.answer_pos - d.question_segment * g.L;
      EXPECT_GE(a, g.j);
      EXPECT_EQ(text.substr(d.answer_pos, d.answer.size() + 1), d.answer + ".");
      // every fact lies inside [0, L − k) of its segment
      for (const auto& f : d.facts) {
        const std::string value = kind == tasks::Kind::KeyValue ? f.payload.substr(4) : f.payload;
        const std::size_t at = text.find(value, f.segment * g.L);
        ASSERT_NE(at, std::string::npos);
        EXPECT_LT(at + value.size() + 1, (f.segment + 1) * g.L - g.k + 1) << "fact in the sensory window";
      }
      if (kind != tasks::Kind::KeyValue) {
        EXPECT_EQ(d.question_segment - d.fact_segment, s.distance + 1);
        // the answer's characters occur only in the fact and in the answer
        for (std::size_t i = 0; i < text.size(); ++i) {
          const bool in_answer = i >= d.answer_pos && i < d.answer_pos + d.answer.size();
          const char ch = text[i];
          if (!in_answer && ((ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z'))) {
            const std::size_t fact_at = text.find(d.answer, d.fact_segment * g.L);
            EXPECT_TRUE(i >= fact_at && i < fact_at + d.answer.size()) << "stray '" << ch << "' at " << i;
          }
        }
      } else {
        // the question "key XXXX = " ends at the answer; its key letters lie inside [0, j)
        const std::string key = text.substr(d.answer_pos - 7, 4);
        EXPECT_EQ(key + d.answer, d.facts[d.fact_segment - d.facts[0].segment].payload);
        EXPECT_LE(a - 3, g.j);
        for (const auto& f : d.facts) EXPECT_EQ(tasks::key_held_out(f.payload.substr(0, 4)), split == tasks::Split::Eval);
      }
    }
}

TEST(Tasks, SeedsAreReproducibleAndSplitsDisjoint) {
  tasks::TaskSpec s;
  const auto a = tasks::make(s, 5, tasks::Split::Train), b = tasks::make(s, 5, tasks::Split::Train);
  EXPECT_EQ(a.bytes, b.bytes);
  const auto e = tasks::make(s, 5, tasks::Split::Eval);
  EXPECT_NE(a.bytes, e.bytes);
  // an evaluation seed with the top bit set and a training seed with it clear are the same document range
  EXPECT_EQ(tasks::make(s, 5 | (std::uint64_t(1) << 63), tasks::Split::Train).bytes, a.bytes);
  std::set<std::string> keys;
  for (std::uint64_t i = 0; i < 300; ++i) keys.insert(tasks::make(s, i, tasks::Split::Train).answer);
  EXPECT_GT(keys.size(), 290u) << "passkeys should rarely repeat";
  tasks::TaskSpec bad = s;
  bad.segment_len = 30;
  EXPECT_THROW(tasks::make(bad, 1, tasks::Split::Train), Error);
}

TEST(Tasks, LongerPassKeysFitTheGeometryAndLeaveTheTasksOwnDocumentsAlone) {
  const Geometry g;
  tasks::TaskSpec s;
  s.segment_len = g.L, s.summary_len = g.j, s.sensory_len = g.k, s.distance = 4;
  // payload 0 and 5 are the task's own key: the very documents every model was trained and evaluated on
  tasks::TaskSpec five = s;
  five.payload = 5;
  for (std::uint64_t seed = 0; seed < 20; ++seed)
    EXPECT_EQ(tasks::make(s, seed, tasks::Split::Eval).bytes, tasks::make(five, seed, tasks::Split::Eval).bytes);
  // the longest key that fits: the answer and its full stop end by L when the question ends at j + 2
  const std::size_t longest = g.L - g.j - 3;
  for (std::size_t P : {std::size_t(1), std::size_t(10), std::size_t(20), longest}) {
    tasks::TaskSpec t = s;
    t.payload = P;
    EXPECT_EQ(tasks::payload_length(t), P);
    for (std::uint64_t seed = 0; seed < 100; ++seed) {
      const tasks::Document d = tasks::make(t, seed, tasks::Split::Eval);
      const std::string text(d.bytes.begin(), d.bytes.end());
      ASSERT_EQ(d.answer.size(), P);
      EXPECT_EQ(d.answer.find_first_not_of("0123456789"), std::string::npos);
      EXPECT_EQ(text.substr(d.answer_pos, P + 1), d.answer + ".");
      EXPECT_LE(d.answer_pos + P + 1, (d.question_segment + 1) * g.L) << "the full stop stays in the question segment";
      EXPECT_GE(d.answer_pos - d.question_segment * g.L, g.j);
      const std::size_t fact_at = text.find("the pass key is " + d.answer + ".");
      ASSERT_NE(fact_at, std::string::npos);
      EXPECT_LE(fact_at + 16 + P + 1, d.fact_segment * g.L + g.L - g.k) << "the fact stays out of the sensory window";
      EXPECT_EQ(d.facts.at(0).payload, d.answer);
    }
  }
  // another length draws other documents (not a prefix of the 5-digit ones)
  tasks::TaskSpec ten = s;
  ten.payload = 10;
  EXPECT_NE(tasks::make(ten, 3, tasks::Split::Eval).answer.substr(0, 5), tasks::make(s, 3, tasks::Split::Eval).answer);
  // too long for the segment, or on a task that has no pass key: refused with the reason
  tasks::TaskSpec too_long = s;
  too_long.payload = longest + 1;
  EXPECT_ERROR_HAS(tasks::make(too_long, 1, tasks::Split::Eval), "answer does not fit");
  tasks::TaskSpec kv = s;
  kv.kind = tasks::Kind::KeyValue, kv.payload = 6;
  EXPECT_THROW(tasks::make(kv, 1, tasks::Split::Eval), Error);
  EXPECT_EQ(tasks::payload_length(tasks::TaskSpec{tasks::Kind::KeyValue}), 4u);
  EXPECT_EQ(tasks::payload_length(tasks::TaskSpec{tasks::Kind::Copy}), 8u);
}

TEST(Tasks, DocumentsFromYourOwnTextKeepTheGeometryAndCleanTheFiller) {
  const Geometry g;
  tasks::TaskSpec s;
  s.segment_len = g.L, s.summary_len = g.j, s.sensory_len = g.k, s.distance = 3;
  const std::string text = "It was the BEST of times, it was the worst of times; 1859\n\tby Dickens \xc3\xa9!";
  EXPECT_EQ(tasks::clean_filler(text), "it was the best of times, it was the worst of times; by dickens !");
  for (std::uint64_t seed = 0; seed < 50; ++seed) {
    const tasks::Document d = tasks::make_from_text(s, text, "48213", seed);
    ASSERT_EQ(d.segments, s.distance + 2);
    ASSERT_EQ(d.bytes.size(), d.segments * g.L);
    EXPECT_EQ(d.question_segment - d.fact_segment, s.distance + 1);
    const std::string doc(d.bytes.begin(), d.bytes.end());
    const std::size_t fact = doc.find("the pass key is 48213.");
    ASSERT_NE(fact, std::string::npos);
    EXPECT_LE(fact + 22, g.L - g.k) << "the fact must end before the sensory window";
    EXPECT_EQ(doc.substr(d.answer_pos, 6), "48213.");
    EXPECT_GE(d.answer_pos - d.question_segment * g.L, g.j);
    EXPECT_EQ(doc.substr(d.answer_pos - 22, 22), "what is the pass key? ");
    // digits occur only in the fact and the answer; no capitals at all
    std::size_t digits = 0;
    for (char c : doc) {
      digits += c >= '0' && c <= '9';
      EXPECT_FALSE(c >= 'A' && c <= 'Z');
    }
    EXPECT_EQ(digits, 10u);
    EXPECT_NE(doc.find("it was the best of times"), std::string::npos);
  }
  EXPECT_EQ(tasks::make_from_text(s, text, "48213", 7).bytes, tasks::make_from_text(s, text, "48213", 7).bytes);
  s.kind = tasks::Kind::Copy;
  const auto copy = tasks::make_from_text(s, text, "QWERTYUI", 1).bytes;
  EXPECT_NE(std::string(copy.begin(), copy.end()).find("paste: QWERTYUI."), std::string::npos);
  auto message = [&](const std::string& t, const std::string& payload) {
    try {
      tasks::make_from_text(s, t, payload, 1);
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message(text, "QWERTY").find("8 capitals"), std::string::npos);
  EXPECT_NE(message(text, "qwertyui").find("8 capitals"), std::string::npos);
  EXPECT_NE(message("1234 ... !!", "QWERTYUI").find("no letters"), std::string::npos);
  EXPECT_NE(message(std::string(100001, 'a'), "QWERTYUI").find("100,000"), std::string::npos);
  s.kind = tasks::Kind::Passkey;
  EXPECT_NE(message(text, "4821").find("5 digits"), std::string::npos);
  s.kind = tasks::Kind::KeyValue;
  EXPECT_NE(message(text, "48213").find("not kv"), std::string::npos);
}

}  // namespace
}  // namespace lml::train
