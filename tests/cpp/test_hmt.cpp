// HMT: ring buffer, memory search, the five steps of a segment against a
// hand-built re-computation, reductions to plain segments, chunked == whole,
// causality, bounded state, the untrained planted-passage retrieval, and
// every bad configuration.
#include <cmath>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/hmt/bow.hpp"
#include "core/hmt/memory_bank.hpp"
#include "core/hmt/passes.hpp"
#include "core/hmt/retrieval.hpp"
#include "core/hmt/stream.hpp"
#include "core/rng.hpp"
#include "test_helpers.hpp"

namespace lml {
using namespace hmt;

static std::shared_ptr<const HmtModel> small_model(std::size_t max_positions = 40, std::uint64_t seed = 17) {
  ModelConfig m;
  m.backbone.d_model = 16;
  m.backbone.heads = 2;
  m.backbone.layers = 2;
  m.backbone.d_ff = 32;
  m.backbone.max_positions = max_positions;
  m.d_retrieval = 8;
  return std::make_shared<const HmtModel>(HmtModel::random(m, seed));
}

static HmtConfig small_config() {
  HmtConfig c;
  c.segment_len = 16;
  c.summary_len = 8;
  c.sensory_len = 4;
  c.cache_size = 5;
  c.trace_limit = 100;
  return c;
}

static std::vector<std::uint8_t> text(std::size_t n, std::uint64_t seed) {
  Rng r(seed);
  std::vector<std::uint8_t> t(n);
  for (auto& b : t) b = std::uint8_t(32 + r.next_u64() % 95);
  return t;
}

static Tensor rows(ConstView v) {
  Tensor t(v.rows, v.cols);
  for (std::size_t i = 0; i < v.rows; ++i) std::memcpy(t.data() + i * v.cols, v.row(i), v.cols * sizeof(float));
  return t;
}

// ---------------------------------------------------------------- ring buffer
TEST(MemoryBank, KeepsTheLastNInOrder) {
  MemoryBank bank(4, 3, 2);
  for (int i = 1; i <= 10; ++i) {
    const float m[3] = {float(i), float(i), float(i)}, k[2] = {float(-i), 0.f};
    bank.push(m, k, i * 100);
    ASSERT_EQ(bank.size(), std::size_t(std::min(i, 4)));
    for (std::size_t c = 0; c < bank.size(); ++c) {  // oldest first: i − size + 1 … i
      const int expect = i - int(bank.size()) + 1 + int(c);
      EXPECT_EQ(bank.memory(c)[2], float(expect));
      EXPECT_EQ(bank.key(c)[0], float(-expect));
      EXPECT_EQ(bank.segment(c), expect * 100);
    }
  }
  EXPECT_THROW(bank.memory(4), Error);
  bank.clear();
  EXPECT_EQ(bank.size(), 0u);
  EXPECT_THROW(MemoryBank(0, 3, 2), Error);
}

// ---------------------------------------------------------------- retrieval
TEST(Retrieval, MatchesReferenceAndWeightsSumToOne) {
  // tolerance: float32 products over d ≤ 24 terms → 1e-5 absolute
  for (std::size_t n : {1u, 2u, 7u, 33u}) {
    Tensor S = randn(n, 1, 24), M = randn(n + 1, n, 24), Wq = randn(n + 2, 24, 12, 0.3f), Wk = randn(n + 3, 24, 12, 0.3f);
    Retrieval a = retrieve(S, M, Wq, Wk), r = reference::retrieve(S, M, Wq, Wk);
    EXPECT_TRUE(test::all_close(a.weights, r.weights, 1e-6f, 1e-5f));
    EXPECT_TRUE(test::all_close(a.retrieved, r.retrieved, 1e-5f, 1e-5f));
    EXPECT_TRUE(test::all_close(a.scores, r.scores, 1e-5f, 1e-5f));
    double sum = 0;
    for (std::size_t i = 0; i < n; ++i) sum += a.weights(0, i);
    EXPECT_NEAR(sum, 1.0, 1e-6) << "n = " << n;
  }
}

TEST(Retrieval, OneHotQueryReturnsExactlyTheMatchingMemory) {
  const std::size_t d = 8, n = 5;
  Tensor M(n, d), I(d, d), S(1, d);
  for (std::size_t i = 0; i < n; ++i) M(i, i) = 1.f + float(i);  // distinct one-hot memories
  for (std::size_t i = 0; i < d; ++i) I(i, i) = 1.f;
  for (std::size_t target = 0; target < n; ++target) {
    std::fill(S.data(), S.data() + d, 0.f);
    S(0, target) = 1000.f;  // score 1000·(1+t)/√8 against 0: every other weight underflows to 0
    Retrieval r = retrieve(S, M, I, I);
    for (std::size_t i = 0; i < n; ++i) EXPECT_EQ(r.weights(0, i), i == target ? 1.f : 0.f);
    for (std::size_t c = 0; c < d; ++c) EXPECT_EQ(r.retrieved(0, c), M(target, c));
  }
}

TEST(Retrieval, BadShapesThrow) {
  Tensor S(1, 8), M(3, 8), W(8, 4), Wbad(7, 4), Mbad(3, 6);
  EXPECT_ERROR_HAS(retrieve(S, Mbad, W, W), "same d");
  EXPECT_ERROR_HAS(retrieve(S, M, Wbad, W), "W_q and W_k");
  S(0, 0) = std::nanf("");
  EXPECT_ERROR_HAS(retrieve(S, M, W, W), "NaN");
}

// ---------------------------------------------------------------- one segment, by hand
TEST(HmtStream, SegmentsFollowTheEquations) {
  auto m = small_model();
  HmtConfig c = small_config();
  HmtStream s(m, c);
  std::vector<Tensor> outs;
  s.on_outputs([&](std::int64_t, ConstView o) { outs.push_back(rows(o)); });
  const auto t = text(3 * 16, 1);
  ASSERT_EQ(s.feed(t.data(), t.size()), 3u);

  // Recompute segment by segment with the public pieces and the reference retrieval.
  const model::Backbone& bb = m->backbone();
  const std::size_t d = 16, L = 16, j = 8, k = 4;
  std::vector<Tensor> mems;
  for (std::size_t n = 0; n < 3; ++n) {
    const std::uint8_t* seg = t.data() + n * L;
    SummaryPass sp = summary_pass(*m, seg, j);
    Tensor P(1, d);
    if (mems.empty()) {
      P = Tensor::from(m->initial_memory().data(), 1, d);
    } else {
      Tensor M(mems.size(), d);
      for (std::size_t i = 0; i < mems.size(); ++i) std::memcpy(M.data() + i * d, mems[i].data(), d * sizeof(float));
      Retrieval r = reference::retrieve(sp.trailing, M, m->w_q(), m->w_k());
      P = std::move(r.retrieved);
      ASSERT_EQ(s.trace(2 - n).weights.size(), mems.size());
      for (std::size_t i = 0; i < mems.size(); ++i) EXPECT_NEAR(s.trace(2 - n).weights[i], r.weights(0, i), 1e-5);
    }
    double q = 0;
    for (std::size_t i = 0; i < d; ++i) q += double(sp.trailing(0, i)) * sp.trailing(0, i);
    EXPECT_NEAR(s.trace(2 - n).summary_norm, std::sqrt(q), 1e-4);
    const std::size_t ks = n == 0 ? 0 : k;
    Tensor seq(1 + ks + L + 1, d);
    std::memcpy(seq.data(), P.data(), d * sizeof(float));
    if (ks) bb.embed(seg - k, k, View{seq.data() + d, k, d, d});  // previous segment's last k tokens
    bb.embed(seg, L, View{seq.data() + (1 + ks) * d, L, d, d});
    std::memcpy(seq.data() + (1 + ks + L) * d, P.data(), d * sizeof(float));
    Tensor H = bb.forward(seq);
    Tensor out = Tensor::from(H.data() + (1 + ks) * d, L, d);  // H[k+1, k+1+L)
    EXPECT_TRUE(test::all_close(outs[n], out, 1e-5f, 1e-5f)) << "segment " << n;
    mems.push_back(Tensor::from(H.data() + (ks + L + 1) * d, 1, d));  // M_n = H[L+k+1]
    EXPECT_EQ(s.trace(2 - n).sensory, ks);
  }
  ASSERT_EQ(s.bank().size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_TRUE(test::all_close(Tensor::from(s.bank().memory(i), 1, d), mems[i], 1e-5f, 1e-5f));
    EXPECT_EQ(s.bank().segment(i), std::int64_t(i));
  }
}

TEST(HmtStream, FirstSegmentUsesInitialMemoryThenWeightsSumToOne) {
  HmtStream s(small_model(), small_config());
  const auto t = text(16 * 9, 2);
  s.feed(t.data(), t.size());
  const SegmentTrace& first = s.trace(8);
  EXPECT_EQ(first.index, 0);
  EXPECT_TRUE(first.weights.empty());
  EXPECT_EQ(s.trace(7).weights.size(), 1u);
  EXPECT_EQ(s.trace(7).weights[0], 1.f);
  for (std::size_t i = 0; i < 7; ++i) {
    const SegmentTrace& tr = s.trace(i);
    EXPECT_EQ(tr.weights.size(), std::min<std::size_t>(std::size_t(tr.index), 5));  // cache N = 5
    double sum = 0;
    for (float w : tr.weights) sum += w;
    EXPECT_NEAR(sum, 1.0, 1e-5);
    // slots name the last min(n, N) segments, oldest first
    for (std::size_t q = 0; q < tr.slot_segments.size(); ++q)
      EXPECT_EQ(tr.slot_segments[q], tr.index - std::int64_t(tr.slot_segments.size()) + std::int64_t(q));
    EXPECT_GT(tr.memory_norm, 0.f);
  }
}

TEST(HmtStream, NoMemoryAndNoSensoryIsPlainSegments) {
  auto m = small_model();
  HmtConfig c = small_config();
  c.retrieval = false;
  c.cache_size = 0;
  c.sensory_len = 0;
  HmtStream s(m, c);
  std::vector<Tensor> outs;
  s.on_outputs([&](std::int64_t, ConstView o) { outs.push_back(rows(o)); });
  const auto t = text(16 * 4 + 5, 3);
  s.feed(t.data(), t.size());
  s.flush();
  ASSERT_EQ(outs.size(), 5u);
  const Tensor plain = independent_segments(m->backbone(), t.data(), t.size(), 16);
  for (std::size_t n = 0; n < 5; ++n)
    EXPECT_TRUE(test::all_close(outs[n], Tensor::from(plain.data() + n * 16 * 16, outs[n].rows(), 16), 0.f, 0.f))
        << "segment " << n;
  EXPECT_EQ(s.bank().size(), 0u);
  EXPECT_EQ(s.trace(0).summary_norm, 0.f);
}

TEST(HmtStream, ChunkedEqualsWhole) {
  auto m = small_model();
  const auto t = text(16 * 12 + 7, 4);
  auto run = [&](const std::vector<std::size_t>& chunks) {
    HmtStream s(m, small_config());
    std::vector<Tensor> outs;
    s.on_outputs([&](std::int64_t, ConstView o) { outs.push_back(rows(o)); });
    std::size_t at = 0;
    for (std::size_t i = 0; at < t.size(); ++i) {
      const std::size_t n = std::min(chunks[i % chunks.size()], t.size() - at);
      s.feed(t.data() + at, n);
      at += n;
    }
    s.flush();
    return std::make_pair(std::move(outs), std::move(s));
  };
  auto whole = run({t.size()});
  for (const auto& chunks : std::vector<std::vector<std::size_t>>{{1}, {3, 17, 5}, {16}, {15, 1, 40}}) {
    auto part = run(chunks);
    ASSERT_EQ(part.first.size(), whole.first.size());
    for (std::size_t n = 0; n < whole.first.size(); ++n)
      EXPECT_TRUE(test::all_close(part.first[n], whole.first[n], 0.f, 0.f)) << "segment " << n;
    HmtStream& a = part.second;
    HmtStream& b = whole.second;
    ASSERT_EQ(a.segments(), b.segments());
    for (std::size_t i = 0; i < a.traces_kept(); ++i) {
      EXPECT_EQ(a.trace(i).weights, b.trace(i).weights);
      EXPECT_EQ(a.trace(i).slot_segments, b.trace(i).slot_segments);
      EXPECT_EQ(a.trace(i).summary_norm, b.trace(i).summary_norm);
      EXPECT_EQ(a.trace(i).memory_norm, b.trace(i).memory_norm);
    }
    for (std::size_t i = 0; i < a.bank().size(); ++i)
      EXPECT_EQ(0, std::memcmp(a.bank().memory(i), b.bank().memory(i), 16 * sizeof(float)));
  }
}

TEST(HmtStream, ChangingALaterTokenChangesNoEarlierOutput) {
  // Across segments HMT is causal. Inside a segment the summary pass reads
  // H_n[0, j) before the augmented pass, so a change at position p < j reaches
  // every output of that segment; a change at p >= j reaches only positions >= p.
  auto m = small_model();
  const auto t = text(16 * 8, 5);
  auto outputs = [&](const std::vector<std::uint8_t>& x) {
    HmtStream s(m, small_config());
    std::vector<Tensor> outs;
    s.on_outputs([&](std::int64_t, ConstView o) { outs.push_back(rows(o)); });
    s.feed(x.data(), x.size());
    return outs;
  };
  const auto base = outputs(t);
  for (std::size_t pos : {5u * 16 + 3, 5u * 16 + 11}) {
    auto u = t;
    u[pos] ^= 0x15;
    const auto changed = outputs(u);
    for (std::size_t n = 0; n < 5; ++n) EXPECT_TRUE(test::all_close(changed[n], base[n], 0.f, 0.f)) << "segment " << n;
    const std::size_t p = pos % 16;
    for (std::size_t i = 0; i < 16; ++i) {
      float diff = 0;
      for (std::size_t c = 0; c < 16; ++c) diff = std::max(diff, std::fabs(changed[5](i, c) - base[5](i, c)));
      if (p >= 8 && i < p) EXPECT_EQ(diff, 0.f) << "position " << i << " of segment 5 (changed " << p << ")";
      if (i == p) EXPECT_GT(diff, 0.f);
    }
    EXPECT_FALSE(test::all_close(changed[6], base[6], 1e-6f, 0.f));  // later segments do see it (memory, sensory)
  }
}

// preview(): the tail run as flush() would run it, with nothing kept. Its rows
// equal flush()'s bit for bit, equal the whole segment's rows once the summary
// reads its j bytes, and a stream that previewed after every byte (as
// generation does) ends in exactly the state of one that never previewed —
// cache, traces, outputs, and an oracle's forced memory still applied.
TEST(HmtStream, PreviewIsFlushWithoutKeepingAnything) {
  auto m = small_model();
  const auto t = text(16 * 6, 8);
  const HmtConfig c = small_config();
  HmtStream plain(m, c), previewed(m, c);
  std::vector<Tensor> plain_outs, previewed_outs;
  plain.on_outputs([&](std::int64_t, ConstView o) { plain_outs.push_back(rows(o)); });
  previewed.on_outputs([&](std::int64_t, ConstView o) { previewed_outs.push_back(rows(o)); });
  plain.feed(t.data(), 16 * 3);
  previewed.feed(t.data(), 16 * 3);
  plain.force_retrieval(0);
  previewed.force_retrieval(0);
  for (std::size_t i = 16 * 3; i < t.size(); ++i) {
    previewed.feed(&t[i], 1);
    if (previewed.pending() == 0) continue;
    const std::size_t segs = std::size_t(previewed.segments()), cached = previewed.bank().size();
    const Tensor p = rows(previewed.preview());
    ASSERT_EQ(p.rows(), previewed.pending());
    EXPECT_EQ(std::size_t(previewed.segments()), segs) << "a preview runs no segment";
    EXPECT_EQ(previewed.bank().size(), cached) << "a preview writes no memory";
    // the same tail, flushed in a copy of the stream's history
    HmtStream ref(m, c);
    ref.feed(t.data(), 16 * 3);
    ref.force_retrieval(0);
    ref.feed(t.data() + 16 * 3, i + 1 - 16 * 3);
    ASSERT_EQ(ref.flush(), 1u);
    EXPECT_TRUE(test::all_close(p, rows(ref.last_outputs()), 0.f, 0.f)) << "preview = flush, after byte " << i;
  }
  plain.feed(t.data() + 16 * 3, t.size() - 16 * 3);
  ASSERT_EQ(plain_outs.size(), previewed_outs.size());
  for (std::size_t n = 0; n < plain_outs.size(); ++n)
    EXPECT_TRUE(test::all_close(previewed_outs[n], plain_outs[n], 0.f, 0.f)) << "segment " << n;
  for (std::size_t i = 0; i < plain.traces_kept(); ++i) EXPECT_EQ(previewed.trace(i).weights, plain.trace(i).weights);
  EXPECT_EQ(plain.trace(2).weights[0], 1.f) << "segment 3 took the forced memory";
  for (std::size_t i = 0; i < plain.bank().size(); ++i)
    EXPECT_EQ(0, std::memcmp(previewed.bank().memory(i), plain.bank().memory(i), 16 * sizeof(float)));
  EXPECT_EQ(0, std::memcmp(previewed.last_summary(), plain.last_summary(), 16 * sizeof(float)));
  // once the tail holds the summary's j = 8 bytes, its rows are the whole segment's
  HmtStream tail(m, c), whole(m, c);
  tail.feed(t.data(), 16 * 4 + 11);
  whole.feed(t.data(), 16 * 5);
  const Tensor p = rows(tail.preview());
  const ConstView full = whole.last_outputs();
  for (std::size_t r = 0; r < 11; ++r)
    for (std::size_t col = 0; col < 16; ++col) EXPECT_EQ(p(r, col), full(r, col)) << "row " << r;
  HmtStream empty(m, c);
  empty.feed(t.data(), 16);
  EXPECT_THROW(empty.preview(), Error) << "nothing pending";
}

TEST(HmtStream, StateIsFixedAndTracesAreBounded) {
  HmtConfig c = small_config();
  c.trace_limit = 8;
  HmtStream s(small_model(), c);
  const std::size_t bytes = s.state_bytes();
  const auto t = text(16 * 50, 6);
  s.feed(t.data(), t.size());
  EXPECT_EQ(s.state_bytes(), bytes);
  EXPECT_EQ(s.traces_kept(), 8u);
  EXPECT_EQ(s.trace(0).index, 49);
  EXPECT_EQ(s.trace(7).index, 42);
  EXPECT_THROW(s.trace(8), Error);
  EXPECT_EQ(s.bank().size(), 5u);
  EXPECT_EQ(s.bank().segment(0), 45);
  EXPECT_EQ(s.tokens(), 16u * 50);
  EXPECT_EQ(s.pending(), 0u);
  s.reset();
  EXPECT_EQ(s.segments(), 0);
  EXPECT_EQ(s.bank().size(), 0u);
}

TEST(HmtSummary, PrintedIndexCannotSeeTheTrailingToken) {
  auto m = small_model();
  const auto t = text(8, 7);
  SummaryPass sp = summary_pass(*m, t.data(), 8);
  ASSERT_EQ(sp.outputs.rows(), 10u);
  // Row j of BBM([T ‖ H[0,j) ‖ T]) equals the last row of BBM([T ‖ H[0,j)]): causally it never sees the trailing T.
  Tensor seq(9, 16);
  std::memcpy(seq.data(), m->summary_token().data(), 16 * sizeof(float));
  m->backbone().embed(t.data(), 8, View{seq.data() + 16, 8, 16, 16});
  const Tensor without = m->backbone().forward(seq);
  EXPECT_TRUE(test::all_close(sp.printed, Tensor::from(without.data() + 8 * 16, 1, 16), 0.f, 0.f));
  EXPECT_GT(test::max_abs_diff(sp.trailing, sp.printed), 1e-3f);
  // The stream reads the index it is told.
  HmtConfig c = small_config();
  c.summary_index = SummaryIndex::Printed;
  HmtStream a(m, c), b(m, small_config());
  a.feed(t.data(), 8);
  auto seg = text(16, 8);
  a.feed(seg.data(), 16);
  b.feed(seg.data(), 16);
  EXPECT_NE(a.trace(0).summary_norm, b.trace(0).summary_norm);
}

TEST(HmtConfig, EveryBadConfigurationThrows) {
  auto m = small_model();
  HmtConfig c = small_config();
  c.summary_len = 17;
  EXPECT_ERROR_HAS((HmtStream(m, c)), "j = 17 is larger than the segment length L = 16");
  c = small_config();
  c.summary_len = 0;
  EXPECT_ERROR_HAS((HmtStream(m, c)), "j must be >= 1");
  c = small_config();
  c.sensory_len = 16;
  EXPECT_ERROR_HAS((HmtStream(m, c)), "k = 16 must be smaller than the segment length L = 16");
  c = small_config();
  c.cache_size = 0;
  EXPECT_ERROR_HAS((HmtStream(m, c)), "N = 0 with retrieval on");
  c = small_config();
  c.segment_len = 0;
  EXPECT_ERROR_HAS((HmtStream(m, c)), "segment length L must be");
  c = small_config();
  c.segment_len = 36;
  c.summary_len = 18;  // needs 36 + 4 + 2 = 42 positions, the model has 40
  EXPECT_ERROR_HAS((HmtStream(m, c)), "needs L + k + 2 = 42 positions but the model has maxPositions = 40");
  c = small_config();
  c.encoder = Encoder::BagOfWords;
  EXPECT_ERROR_HAS((HmtStream(m, c)), "takes no model");
  EXPECT_ERROR_HAS(HmtStream{small_config()}, "needs a model");
  c.bow.sharpness = std::nanf("");
  EXPECT_ERROR_HAS(HmtStream{c}, "sharpness");
  // and a good configuration still works afterwards
  HmtStream ok(m, small_config());
  const auto t = text(20, 9);
  EXPECT_EQ(ok.feed(t.data(), t.size()), 1u);
}

// ---------------------------------------------------------------- untrained retrieval
static std::string pad(std::string s, std::size_t L) {
  s.resize(L, ' ');
  return s;
}

static std::string filler(Rng& r, std::size_t L) {
  static const char* words[] = {"river", "table", "window", "garden", "morning", "letter", "yellow", "basket",
                                "silver", "market", "winter", "candle", "pocket", "forest", "thunder", "meadow",
                                "harbor", "pencil", "blanket", "orchard", "lantern", "village", "compass",
                                "feather", "station", "kettle", "bridge", "ladder", "mirror", "saddle"};
  std::string s;
  while (s.size() + 9 < L) s += std::string(words[r.next_u64() % 30]) + (r.next_u64() % 5 ? " " : ". ");
  return pad(s, L);
}

TEST(HmtBagOfWords, PlantedPassageIsRetrievedAfterTwentyUnrelatedSegments) {
  HmtConfig c;
  c.encoder = Encoder::BagOfWords;
  c.segment_len = 256;
  c.summary_len = 128;
  c.sensory_len = 0;
  c.cache_size = 300;
  const std::string passage = pad(
      "The cartographer Ottoline Quenby charted the saltmarsh archipelago by zeppelin, "
      "logging every quasar above the marmalade-coloured lagoon in her vellum almanac, "
      "while the lighthouse keeper catalogued barnacles and tidepool anemones.", 256);
  Rng r(42);
  std::string textv;
  for (int i = 0; i < 3; ++i) textv += filler(r, 256);  // segments 0–2
  textv += passage;                                    // segment 3: planted
  for (int i = 0; i < 20; ++i) textv += filler(r, 256); // segments 4–23: unrelated
  textv += passage;                                    // segment 24: repeated
  HmtStream s(c);
  s.feed(reinterpret_cast<const std::uint8_t*>(textv.data()), textv.size());
  ASSERT_EQ(s.segments(), 25);
  const SegmentTrace& tr = s.trace(0);
  ASSERT_EQ(tr.weights.size(), 24u);
  std::size_t best = 0;
  for (std::size_t i = 1; i < tr.weights.size(); ++i)
    if (tr.weights[i] > tr.weights[best]) best = i;
  EXPECT_EQ(tr.slot_segments[best], 3) << "largest weight " << tr.weights[best];
  // and by a clear margin: the planted memory outweighs every other by 10×
  for (std::size_t i = 0; i < tr.weights.size(); ++i)
    if (i != best) EXPECT_GT(tr.weights[best], 10.f * tr.weights[i]);
  // An unrelated segment has no such peak on segment 3.
  const SegmentTrace& prev = s.trace(1);
  EXPECT_LT(prev.weights[3], 0.5f);
}

TEST(HmtBagOfWords, WordVectorsAreCausalAndCaseFolded) {
  BowConfig bc;
  BowEncoder e(bc);
  const std::string a = "Zeppelin ran. zeppelin";
  Tensor H(a.size(), bc.dim);
  e.embed(reinterpret_cast<const std::uint8_t*>(a.data()), a.size(), H.view());
  std::vector<float> u(bc.dim);
  const std::string w = "zeppelin";
  e.word_vector(reinterpret_cast<const std::uint8_t*>(w.data()), w.size(), u.data());
  for (std::size_t c = 0; c < bc.dim; ++c) EXPECT_EQ(H(8, c), u[c]);  // the space after "Zeppelin"
  double norm = 0;
  for (std::size_t i = 0; i < a.size(); ++i)
    for (std::size_t c = 0; c < bc.dim; ++c) norm += double(H(i, c)) * H(i, c);
  EXPECT_NEAR(norm, 1.0, 1e-5);  // "ran" is too short; the last "zeppelin" has not ended yet
  const std::string rest = " ";
  Tensor H2(1, bc.dim);
  e.embed(reinterpret_cast<const std::uint8_t*>(rest.data()), 1, H2.view());
  for (std::size_t c = 0; c < bc.dim; ++c) EXPECT_EQ(H2(0, c), u[c]);  // it ends in the next chunk
}

}  // namespace lml
