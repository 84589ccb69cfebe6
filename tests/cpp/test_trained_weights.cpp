// The shipped weights (web/models/*.lmlw): they load, their checksums verify,
// and a fixed 20-document evaluation is consistent with the committed
// bench/results/eval.json: every committed main-row accuracy lies inside the
// Wilson interval of the same row measured on the first 20 of its documents —
// at 99.7% per row (z = 3), so that the 15 rows together hold at about 95%.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <string>

#include "core/error.hpp"
#include "core/hmt/model.hpp"
#include "core/model/json.hpp"
#include "core/model/weight_file.hpp"
#include "train/config.hpp"
#include "train/evaluate.hpp"
#include "train/weights.hpp"

namespace lml::train {
namespace {

const std::string kRoot = LML_SOURCE_DIR;

std::shared_ptr<const hmt::HmtModel> load_model(const std::string& name) {
  const auto bytes = read_bytes(kRoot + "/web/models/" + name + ".lmlw");
  return std::make_shared<const hmt::HmtModel>(hmt::HmtModel::load(bytes.data(), bytes.size()));
}

TEST(TrainedWeights, LoadAndVerifyTheirChecksums) {
  for (const char* name : {"hmt-memory", "hmt-retrieval-off"}) {
    auto bytes = read_bytes(kRoot + "/web/models/" + name + ".lmlw");
    ASSERT_GT(bytes.size(), 1000u) << name;
    EXPECT_LE(bytes.size(), 2u * 1024 * 1024) << name << " is larger than 2 MB";
    const model::WeightFile wf = model::read_weight_file(bytes.data(), bytes.size());  // throws on a bad checksum
    EXPECT_EQ(wf.params.total_floats() * 4 + 12 < bytes.size(), true);
    bytes[bytes.size() - 3] ^= 0x01;  // one flipped bit in the data
    try {
      model::read_weight_file(bytes.data(), bytes.size());
      ADD_FAILURE() << name << ": a corrupted file loaded";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("checksum"), std::string::npos) << e.what();
    }
  }
}

TEST(TrainedWeights, TwentyDocumentsReproduceTheCommittedEvaluation) {
  const auto model = load_model("hmt-memory"), baseline = load_model("hmt-retrieval-off");
  const std::string plan_text = read_file(kRoot + "/wasm/train/configs/eval.json");
  const json::Value plan = json::parse(plan_text.data(), plan_text.size());
  const std::string text = read_file(kRoot + "/bench/results/eval.json");
  const json::Value rows = json::parse(text.data(), text.size());
  ASSERT_TRUE(rows.is(json::Value::Kind::Array));
  std::size_t checked = 0;
  for (const auto& r : rows.array) {
    const std::string task = r.find("task")->string, cond = r.find("condition")->string;
    const std::size_t N = std::size_t(r.find("N")->number), D = std::size_t(r.find("D")->number),
                      K = std::size_t(r.find("K")->number);
    if (N != 16 || (task != "kv" && D != 8)) continue;  // the main rows: every condition at D = 8 (K = 8), N = 16
    EvalRequest q;
    q.kind = tasks::kind_from_name(task);
    q.condition = cond;
    q.D = D ? D : 8, q.K = K ? K : 8, q.N = N;
    q.L = std::size_t(plan.find("hmt")->find("L")->number);
    q.j = std::size_t(plan.find("hmt")->find("j")->number);
    q.k = std::size_t(plan.find("hmt")->find("k")->number);
    q.lead_max = std::size_t(plan.find("leadMax")->number);
    q.seed = std::uint64_t(plan.find("seed")->number);
    q.docs = 20;
    const EvalRecord e = evaluate(model, baseline, q);
    const double committed = r.find("accuracy")->number;
    double lo = 0, hi = 1;
    wilson(std::size_t(std::lround(e.accuracy * double(e.chars))), e.chars, &lo, &hi, 3.0);
    EXPECT_GE(committed, lo) << task << " " << cond << ": 20 documents give " << e.accuracy << " [" << lo << ", " << hi << "]";
    EXPECT_LE(committed, hi) << task << " " << cond << ": 20 documents give " << e.accuracy << " [" << lo << ", " << hi << "]";
    ++checked;
  }
  EXPECT_EQ(checked, 15u) << "three tasks × five conditions";
}

}  // namespace
}  // namespace lml::train
