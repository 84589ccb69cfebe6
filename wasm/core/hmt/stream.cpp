#include "stream.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "../kernels/gemm.hpp"
#include "passes.hpp"
#include "retrieval.hpp"

namespace lml::hmt {
namespace {
float norm(const float* v, std::size_t n) {
  double s = 0;
  for (std::size_t i = 0; i < n; ++i) s += double(v[i]) * v[i];
  return float(std::sqrt(s));
}
}  // namespace

HmtStream::HmtStream(std::shared_ptr<const HmtModel> model, const HmtConfig& c) : cfg_(c), model_(std::move(model)) {
  cfg_.validate();
  require(cfg_.encoder == Encoder::Transformer, "HMT stream: the bag-of-words encoder takes no model");
  require(model_ != nullptr, "HMT stream: no model given");
  const auto& bc = model_->backbone().config();
  require(cfg_.pass_rows() <= bc.max_positions, "HMT: one augmented pass needs L + k", cfg_.retrieval ? " + 2" : "",
          " = ", cfg_.pass_rows(), " positions but the model has maxPositions = ", bc.max_positions,
          " (make the model with a larger maxPositions or shorten L or k)");
  d_ = bc.d_model;
  dr_ = model_->config().d_retrieval;
  wq_ = model_->w_q().data();
  wk_ = model_->w_k().data();
  allocate();
}

HmtStream::HmtStream(const HmtConfig& c) : cfg_(c) {
  cfg_.validate();
  require(cfg_.encoder == Encoder::BagOfWords, "HMT stream: the transformer encoder needs a model");
  bow_.emplace(cfg_.bow);
  d_ = dr_ = cfg_.bow.dim;
  wq_ = wk_ = bow_->projection().data();
  allocate();
}

void HmtStream::allocate() {
  const std::size_t L = cfg_.segment_len, k = cfg_.sensory_len, rows = cfg_.pass_rows();
  const std::size_t N = cfg_.retrieval ? cfg_.cache_size : 1;
  bank_ = std::make_unique<MemoryBank>(N, d_, dr_);
  if (model_) ws_ = std::make_unique<model::Workspace>(model_->backbone().config(), rows);
  H_ = AlignedBuffer(L * d_);
  sensory_h_ = AlignedBuffer(std::max<std::size_t>(k, 1) * d_);
  seq_ = AlignedBuffer(rows * d_);
  out_ = AlignedBuffer(rows * d_);
  outputs_ = AlignedBuffer(L * d_);
  summary_ = AlignedBuffer(d_);
  retrieved_ = AlignedBuffer(d_);
  memory_ = AlignedBuffer(d_);
  key_ = AlignedBuffer(dr_);
  query_ = AlignedBuffer(dr_);
  weights_ = AlignedBuffer(N);
  if (model_) {
    preview_outputs_ = AlignedBuffer(L * d_);
    preview_summary_ = AlignedBuffer(d_);
    preview_retrieved_ = AlignedBuffer(d_);
    preview_trace_.weights.reserve(cfg_.retrieval ? N : 0);
    preview_trace_.slot_segments.reserve(cfg_.retrieval ? N : 0);
  }
  pending_.assign(L, 0);
  sensory_.assign(std::max<std::size_t>(k, 1), 0);
  traces_.assign(cfg_.trace_limit, SegmentTrace{});
  for (auto& t : traces_) {
    t.weights.reserve(cfg_.retrieval ? N : 0);
    t.slot_segments.reserve(cfg_.retrieval ? N : 0);
  }
  state_bytes_ = bank_->bytes() + (ws_ ? ws_->bytes() : 0) +
                 (H_.size() + sensory_h_.size() + seq_.size() + out_.size() + outputs_.size() + 3 * d_ + 2 * dr_ + N +
                  preview_outputs_.size() + preview_summary_.size() + preview_retrieved_.size()) *
                     sizeof(float) +
                 (cfg_.retrieval && model_ ? N * (sizeof(float) + sizeof(std::int64_t)) : 0) +
                 pending_.size() + sensory_.size() +
                 cfg_.trace_limit * (sizeof(SegmentTrace) + (cfg_.retrieval ? N * (sizeof(float) + sizeof(std::int64_t)) : 0));
}

std::size_t HmtStream::held_bytes() const {
  return bank_->size() * (bank_->dim() + bank_->key_dim()) * sizeof(float) + sensory_len_ * sizeof(std::uint8_t);
}

void HmtStream::force_retrieval(std::size_t chrono) {
  require(cfg_.retrieval, "HMT stream: force_retrieval needs retrieval on");
  require(chrono < bank_->size(), "HMT stream: memory ", chrono, " is not cached (", bank_->size(), " cached)");
  forced_ = std::int64_t(chrono);
}

void HmtStream::replace_cache(const MemoryBank& other) {
  require(other.dim() == d_ && other.key_dim() == dr_, "HMT stream: the other cache holds [", other.dim(), "]-memories with [",
          other.key_dim(), "]-keys, this stream needs [", d_, "] and [", dr_, "]");
  bank_->clear();
  const std::size_t from = other.size() > bank_->capacity() ? other.size() - bank_->capacity() : 0;
  for (std::size_t c = from; c < other.size(); ++c) bank_->push(other.memory(c), other.key(c), other.segment(c));
  forced_ = -1;
  peak_held_ = std::max(peak_held_, held_bytes());
}

void HmtStream::reset() {
  forced_ = -1;
  bank_->clear();
  if (bow_) bow_->reset();
  pending_len_ = sensory_len_ = outputs_rows_ = 0;
  segments_ = 0;
  tokens_ = 0;
  peak_held_ = 0;
  for (auto& t : traces_) {
    t.weights.clear();
    t.slot_segments.clear();
  }
}

std::size_t HmtStream::feed(const std::uint8_t* bytes, std::size_t n) {
  const std::size_t L = cfg_.segment_len;
  std::size_t ran = 0;
  for (std::size_t i = 0; i < n;) {
    const std::size_t take = std::min(L - pending_len_, n - i);
    std::memcpy(pending_.data() + pending_len_, bytes + i, take);
    pending_len_ += take;
    i += take;
    if (pending_len_ == L) {
      run_segment(pending_.data(), L);
      pending_len_ = 0;
      ++ran;
    }
  }
  return ran;
}

std::size_t HmtStream::flush() {
  if (pending_len_ == 0) return 0;
  run_segment(pending_.data(), pending_len_);
  pending_len_ = 0;
  return 1;
}

ConstView HmtStream::preview() {
  require(model_ != nullptr, "HMT stream: the bag-of-words encoder produces no token outputs to preview");
  require(pending_len_ > 0, "HMT stream: preview needs pending bytes (a segment has just closed: read last_outputs())");
  run_segment(pending_.data(), pending_len_, false);
  return {preview_outputs_.data(), pending_len_, d_, d_};
}

std::size_t HmtStream::traces_kept() const {
  return std::size_t(std::min<std::int64_t>(segments_, std::int64_t(traces_.size())));
}

const SegmentTrace& HmtStream::trace(std::size_t i) const {
  require(i < traces_kept(), "HMT stream: trace ", i, " is not kept (", traces_kept(), " kept)");
  const std::size_t slot = std::size_t((segments_ - 1 - std::int64_t(i)) % std::int64_t(traces_.size()));
  return traces_[slot];
}

ConstView HmtStream::last_outputs() const {
  require(model_ != nullptr, "HMT stream: the bag-of-words encoder produces no token outputs");
  require(segments_ > 0, "HMT stream: no segment has run yet");
  return {outputs_.data(), outputs_rows_, d_, d_};
}

// query = S·W_q; weights over the cache (chronological in the trace); P.
void HmtStream::search_into(SegmentTrace& tr, const float* summary, float* retrieved) {
  kernels::matmul_nn(ConstView{summary, 1, d_, d_}, ConstView{wq_, d_, dr_, dr_}, View{query_.data(), 1, dr_, dr_});
  search(*bank_, query_.data(), weights_.data(), retrieved);
  const std::size_t n = bank_->size();
  tr.weights.resize(n);
  tr.slot_segments.resize(n);
  for (std::size_t c = 0; c < n; ++c) {
    const std::size_t p = bank_->physical(c);
    tr.weights[c] = weights_.data()[p];
    tr.slot_segments[c] = bank_->segment_physical(p);
  }
}

void HmtStream::run_segment(const std::uint8_t* t, std::size_t len, bool keep) {
  const std::size_t d = d_;
  const std::int64_t n = segments_;
  SegmentTrace& tr = keep ? traces_[std::size_t(n % std::int64_t(traces_.size()))] : preview_trace_;
  // a preview writes S_n, P_n and the outputs to buffers of its own
  float* summary = (keep ? summary_ : preview_summary_).data();
  float* retrieved = (keep ? retrieved_ : preview_retrieved_).data();
  float* outputs = (keep ? outputs_ : preview_outputs_).data();
  tr.index = n;
  tr.start = tokens_;
  tr.length = len;
  tr.sensory = model_ ? sensory_len_ : 0;
  tr.summary_norm = tr.retrieved_norm = tr.memory_norm = 0.f;
  tr.weights.clear();
  tr.slot_segments.clear();

  View H{H_.data(), len, d, d};
  View seq{seq_.data(), cfg_.pass_rows(), d, d};
  const std::size_t j = std::min(cfg_.summary_len, len);

  if (model_) {
    const model::Backbone& bb = model_->backbone();
    bb.embed(t, len, H);
    const float* P = nullptr;
    if (cfg_.retrieval) {
      // 1. summary pass
      const std::size_t rows = build_summary_input(model_->summary_token().data(), H, j, seq);
      View out{out_.data(), rows, d, d};
      bb.forward(ConstView{seq.data, rows, d, d}, *ws_, out);
      std::memcpy(summary, out.row(summary_row(j, cfg_.summary_index)), d * sizeof(float));
      tr.summary_norm = norm(summary, d);
      // 2–3. search and retrieve
      if (bank_->size() == 0) std::memcpy(retrieved, model_->initial_memory().data(), d * sizeof(float));
      else search_into(tr, summary, retrieved);
      if (forced_ >= 0 && std::size_t(forced_) < bank_->size()) {
        std::memcpy(retrieved, bank_->memory(std::size_t(forced_)), d * sizeof(float));
        for (std::size_t c = 0; c < tr.weights.size(); ++c) tr.weights[c] = c == std::size_t(forced_) ? 1.f : 0.f;
      }
      if (keep) forced_ = -1;
      if (cfg_.ablate_memory) std::memcpy(retrieved, model_->initial_memory().data(), d * sizeof(float));
      tr.retrieved_norm = norm(retrieved, d);
      P = retrieved;
    }
    // 4. augmented pass
    View sens{sensory_h_.data(), sensory_len_, d, d};
    if (sensory_len_) bb.embed(sensory_.data(), sensory_len_, sens);
    const std::size_t rows = build_augmented_input(P, ConstView{sens.data, sensory_len_, d, d}, H, seq);
    View out{out_.data(), rows, d, d};
    bb.forward(ConstView{seq.data, rows, d, d}, *ws_, out);
    // 5. keep the outputs and write the memory
    const std::size_t first = (P ? 1 : 0) + sensory_len_;
    std::memcpy(outputs, out.row(first), len * d * sizeof(float));
    if (!keep) return;  // a preview: nothing else changes
    outputs_rows_ = len;
    if (cfg_.retrieval) {
      std::memcpy(memory_.data(), out.row(rows - 1), d * sizeof(float));
    }
    // the next segment's sensory memory: this segment's last k tokens
    sensory_len_ = std::min(cfg_.sensory_len, len);
    std::memcpy(sensory_.data(), t + len - sensory_len_, sensory_len_);
  } else {
    bow_->embed(t, len, H);
    if (cfg_.retrieval) {
      pool_unit(H, j, summary);
      tr.summary_norm = norm(summary, d);
      if (bank_->size() == 0) std::fill(retrieved, retrieved + d, 0.f);
      else search_into(tr, summary, retrieved);
      tr.retrieved_norm = norm(retrieved, d);
      pool_unit(H, len, memory_.data());
    }
  }
  if (cfg_.retrieval) {
    kernels::matmul_nn(ConstView{memory_.data(), 1, d, d}, ConstView{wk_, d, dr_, dr_}, View{key_.data(), 1, dr_, dr_});
    bank_->push(memory_.data(), key_.data(), n);
    tr.memory_norm = norm(memory_.data(), d);
  }
  ++segments_;
  tokens_ += len;
  peak_held_ = std::max(peak_held_, held_bytes());
  if (observer_ && model_) observer_(n, ConstView{outputs_.data(), len, d, d});
}

}  // namespace lml::hmt
