#include "net.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <type_traits>

#include "core/error.hpp"
#include "core/rng.hpp"
#include "float_env.hpp"
#include "linalg.hpp"
#include "ops.hpp"

namespace lml::train {

void NetConfig::validate() const {
  backbone.validate();
  require(d_retrieval >= 1, "train: dRetrieval must be >= 1");
  require(j >= 1 && j <= L && k < L, "train: need 1 <= j <= L and k < L");
  require(!retrieval || N >= 1, "train: N must be >= 1 with retrieval");
  require(!full || !retrieval, "train: a full-attention model has no memory: set retrieval false");
  const std::size_t rows = full ? L : L + k + (retrieval ? 2 : 0);
  require(rows <= backbone.max_positions, "train: a pass needs ", rows, " positions, maxPositions is ",
          backbone.max_positions);
}

Layout::Layout(const NetConfig& c) {
  const std::size_t d = c.backbone.d_model, f = c.backbone.d_ff, dr = c.d_retrieval;
  auto add = [&](const std::string& name, std::size_t r, std::size_t cols, bool decay) {
    slots.push_back({name, total, r, cols, decay});
    total += r * cols;
    return slots.back().offset;
  };
  tok = add("tok_emb", 256, d, true);
  pos = add("pos_emb", c.backbone.max_positions, d, !c.full);  // fixed (no decay, no gradient) when full
  for (std::size_t l = 0; l < c.backbone.layers; ++l) {
    const std::string p = "layer" + std::to_string(l) + ".";
    LayerOffsets o;
    o.ln1_g = add(p + "ln1.gamma", 1, d, false);
    o.ln1_b = add(p + "ln1.beta", 1, d, false);
    o.wqkv = add(p + "attn.wqkv", d, 3 * d, true);
    o.wo = add(p + "attn.wo", d, d, true);
    o.ln2_g = add(p + "ln2.gamma", 1, d, false);
    o.ln2_b = add(p + "ln2.beta", 1, d, false);
    o.w1 = add(p + "mlp.w1", d, f, true);
    o.b1 = add(p + "mlp.b1", 1, f, false);
    o.w2 = add(p + "mlp.w2", f, d, true);
    o.b2 = add(p + "mlp.b2", 1, d, false);
    layers.push_back(o);
  }
  lnf_g = add("final_ln.gamma", 1, d, false);
  lnf_b = add("final_ln.beta", 1, d, false);
  T = add("hmt.summary_token", 1, d, false);
  P0 = add("hmt.initial_memory", 1, d, false);
  Wq = add("hmt.w_q", d, dr, false);
  Wk = add("hmt.w_k", d, dr, false);
  probe_w = add("probe.w", d, c.probe_slots * c.probe_classes, true);
  probe_b = add("probe.b", 1, c.probe_slots * c.probe_classes, false);
}

const Slot& Layout::slot(const std::string& name) const {
  for (const auto& s : slots)
    if (s.name == name) return s;
  fail("train: no parameter named '", name, "'");
}

// ---------------------------------------------------------------- activations
// The documents of one call run in lockstep, segment by segment: at segment s
// the passes of every document that has a segment s are stacked into one tall
// matrix of blocks (block a = the a-th such document, in call order), so every
// dense product runs once over all of them. Attention stays inside a block.

template <class T>
struct LayerTape {
  std::vector<T> ln1, xhat1, rstd1, qkv, probs, att, ln2, xhat2, rstd2, u, th, g;  // th = tanh inside GELU
};

// One backbone pass over nb blocks of n rows (R = nb·n rows in all): everything its backward needs.
template <class T>
struct PassTape {
  std::size_t n = 0, nb = 0;
  std::vector<LayerTape<T>> layers;
  std::vector<T> xhatf, rstdf, out;
};

// Segment s of the stacked documents.
template <class T>
struct SegTape {
  std::vector<std::size_t> act;    // the documents that have a segment s, in call order
  PassTape<T> sum, aug;            // summary pass (blocks of j + 2 rows), augmented pass (blocks of `rows`)
  std::size_t sens = 0, rows = 0;  // sensory tokens, augmented rows per block
  bool summary = false;            // the summary pass ran (a search over ≥ 2 memories)
  std::vector<T> content;          // [na·L, d] the content rows of the augmented outputs
  std::vector<T> dlogits;          // [na·L, 256] (already weighted)
};

// Segment s of one document: its memory search.
template <class T>
struct Search {
  bool searched = false;           // a memory search ran (else P = P_0, or no retrieval)
  std::size_t win0 = 0, win = 0;   // searched memories: indices [win0, win0 + win)
  std::vector<T> q, w, P;          // [d_r], [win], [d]
};

template <class T>
struct DocTape {
  std::vector<Search<T>> segs;
  std::vector<T> M, K, dM, dK;     // [S, d], [S, d_r] and their gradients
};

template <class T>
struct Workspace {
  std::vector<SegTape<T>> segs;
  std::vector<DocTape<T>> docs;
  std::vector<T> x, tmp, tmp2, dx, dqkv, dff, dp, X, dX, dout, logits, probe_logits, dprobe, rows_a, rows_b, rows_c;
  std::vector<T> alt_M, alt_K;  // a MemoryTap's perturbed copy of M_f and its key
};

namespace {

template <class T>
void resize(std::vector<T>& v, std::size_t n) {
  if (v.size() != n) v.assign(n, T(0));
}

// A scratch buffer whose first n values the caller overwrites before reading:
// grown when too small, never shrunk or cleared, so the summary and augmented
// passes (different row counts) reuse one warm allocation.
template <class T>
T* scratch(std::vector<T>& v, std::size_t n) {
  if (v.size() < n) v.resize(n);
  return v.data();
}

template <class T>
void zero(std::vector<T>& v, std::size_t n) {
  if (v.size() < n) v.resize(n);
  std::fill(v.begin(), v.begin() + std::ptrdiff_t(n), T(0));
}

template <class T>
void add_row_bias(T* y, const T* b, std::size_t n, std::size_t d) {
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t c = 0; c < d; ++c) y[i * d + c] += b[c];
}
template <class T>
void col_sum(const T* dy, T* db, std::size_t n, std::size_t d) {
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t c = 0; c < d; ++c) db[c] += dy[i * d + c];
}

// BBM forward of nb blocks of n rows: X [nb·n, d] input embeddings → tape.out [nb·n, d].
// Positions restart at 0 in every block; attention is causal inside a block.
template <class T>
void backbone_forward(const NetConfig& c, const Layout& lay, const T* p, const T* X, std::size_t n, std::size_t nb,
                      PassTape<T>& t, Workspace<T>& ws) {
  const std::size_t d = c.backbone.d_model, f = c.backbone.d_ff, H = c.backbone.heads, dh = d / H, R = n * nb;
  t.n = n, t.nb = nb;
  t.layers.resize(c.backbone.layers);
  T* x = scratch(ws.x, R * d);
  for (std::size_t b = 0; b < nb; ++b)
    for (std::size_t i = 0; i < n * d; ++i) x[b * n * d + i] = X[b * n * d + i] + p[lay.pos + i];
  for (std::size_t l = 0; l < c.backbone.layers; ++l) {
    const auto& o = lay.layers[l];
    LayerTape<T>& L = t.layers[l];
    resize(L.ln1, R * d), resize(L.xhat1, R * d), resize(L.rstd1, R), resize(L.qkv, R * 3 * d);
    resize(L.probs, nb * H * n * n), resize(L.att, R * d), resize(L.ln2, R * d), resize(L.xhat2, R * d);
    resize(L.rstd2, R), resize(L.u, R * f), resize(L.th, R * f), resize(L.g, R * f);
    ops::layernorm_forward(x, p + o.ln1_g, p + o.ln1_b, L.ln1.data(), L.xhat1.data(), L.rstd1.data(), R, d);
    mm_nn(L.ln1.data(), p + o.wqkv, L.qkv.data(), R, d, 3 * d, false);
    for (std::size_t b = 0; b < nb; ++b)
      for (std::size_t h = 0; h < H; ++h)
        ops::attention_forward(L.qkv.data() + b * n * 3 * d, L.probs.data() + (b * H + h) * n * n,
                               L.att.data() + b * n * d, n, d, dh, h);
    mm_nn(L.att.data(), p + o.wo, x, R, d, d, true);
    ops::layernorm_forward(x, p + o.ln2_g, p + o.ln2_b, L.ln2.data(), L.xhat2.data(), L.rstd2.data(), R, d);
    mm_nn(L.ln2.data(), p + o.w1, L.u.data(), R, d, f, false);
    add_row_bias(L.u.data(), p + o.b1, R, f);
    ops::gelu_forward(L.u.data(), L.g.data(), L.th.data(), R * f);
    mm_nn(L.g.data(), p + o.w2, x, R, f, d, true);
    add_row_bias(x, p + o.b2, R, d);
  }
  resize(t.xhatf, R * d), resize(t.rstdf, R), resize(t.out, R * d);
  ops::layernorm_forward(x, p + lay.lnf_g, p + lay.lnf_b, t.out.data(), t.xhatf.data(), t.rstdf.data(), R, d);
}

// BBM backward: dout [nb·n, d] → dX [nb·n, d] (overwritten); parameter gradients accumulate into g.
template <class T>
void backbone_backward(const NetConfig& c, const Layout& lay, const T* p, T* g, const PassTape<T>& t, const T* dout,
                       T* dX, Workspace<T>& ws) {
  const std::size_t n = t.n, nb = t.nb, R = n * nb, d = c.backbone.d_model, f = c.backbone.d_ff,
                    H = c.backbone.heads, dh = d / H;
  T* dx = dX;
  std::fill(dx, dx + R * d, T(0));
  ops::layernorm_backward(dout, t.xhatf.data(), t.rstdf.data(), p + lay.lnf_g, dx, g + lay.lnf_g, g + lay.lnf_b, R, d);
  zero(ws.dff, R * f);
  zero(ws.tmp, R * d);
  zero(ws.dqkv, R * 3 * d);
  zero(ws.dp, n);
  for (std::size_t l = c.backbone.layers; l-- > 0;) {
    const auto& o = lay.layers[l];
    const LayerTape<T>& L = t.layers[l];
    // x_out = x_mid + GELU(LN2(x_mid)·W1 + b1)·W2 + b2
    mm_tn(L.g.data(), dx, g + o.w2, f, R, d, true);
    col_sum(dx, g + o.b2, R, d);
    T* dg = ws.dff.data();
    mm_nt(dx, p + o.w2, dg, R, d, f, false);
    zero(ws.tmp2, R * f);
    ops::gelu_backward(dg, L.u.data(), L.th.data(), ws.tmp2.data(), R * f);
    const T* du = ws.tmp2.data();
    mm_tn(L.ln2.data(), du, g + o.w1, d, R, f, true);
    col_sum(du, g + o.b1, R, f);
    T* dln = ws.tmp.data();
    mm_nt(du, p + o.w1, dln, R, f, d, false);
    ops::layernorm_backward(dln, L.xhat2.data(), L.rstd2.data(), p + o.ln2_g, dx, g + o.ln2_g, g + o.ln2_b, R, d);
    // x_mid = x_in + attention(LN1(x_in))·W_o
    mm_tn(L.att.data(), dx, g + o.wo, d, R, d, true);
    T* datt = ws.tmp.data();
    mm_nt(dx, p + o.wo, datt, R, d, d, false);
    std::fill(ws.dqkv.begin(), ws.dqkv.begin() + std::ptrdiff_t(R * 3 * d), T(0));
    for (std::size_t b = 0; b < nb; ++b)
      for (std::size_t h = 0; h < H; ++h)
        ops::attention_backward(datt + b * n * d, L.qkv.data() + b * n * 3 * d, L.probs.data() + (b * H + h) * n * n,
                                ws.dqkv.data() + b * n * 3 * d, ws.dp.data(), n, d, dh, h);
    mm_tn(L.ln1.data(), ws.dqkv.data(), g + o.wqkv, d, R, 3 * d, true);
    mm_nt(ws.dqkv.data(), p + o.wqkv, dln, R, 3 * d, d, false);
    ops::layernorm_backward(dln, L.xhat1.data(), L.rstd1.data(), p + o.ln1_g, dx, g + o.ln1_g, g + o.ln1_b, R, d);
  }
  if (c.full) return;  // fixed sinusoidal positions
  for (std::size_t b = 0; b < nb; ++b)
    for (std::size_t i = 0; i < n * d; ++i) g[lay.pos + i] += dx[b * n * d + i];
}

template <class T>
void embed_rows(const T* tok, const std::uint8_t* bytes, std::size_t n, std::size_t d, T* out) {
  for (std::size_t i = 0; i < n; ++i) std::memcpy(out + i * d, tok + std::size_t(bytes[i]) * d, d * sizeof(T));
}
template <class T>
void embed_backward(T* dtok, const std::uint8_t* bytes, std::size_t n, std::size_t d, const T* dX) {
  for (std::size_t i = 0; i < n; ++i) {
    T* row = dtok + std::size_t(bytes[i]) * d;
    for (std::size_t c = 0; c < d; ++c) row[c] += dX[i * d + c];
  }
}

// Per-document loss weights and counts.
struct DocWeights {
  std::size_t a0, a1, lm_count, fact_chars;
  double w_ans, w_lm, w_probe;
};

}  // namespace

template <class T>
Net<T>::Net(const NetConfig& c) : cfg_(c), lay_(c), ws_(new Workspace<T>()) {
  cfg_.validate();
}
template <class T>
Net<T>::~Net() {
  delete ws_;
}

// The full-attention model: one causal pass over the whole document, answer and LM losses only.
template <class T>
DocStats Net<T>::run_full(const T* p, T* grad, const tasks::Document& doc, double w_ans, double w_lm,
                          const LossWeights& lw) {
  const NetConfig& c = cfg_;
  const Layout& lay = lay_;
  Workspace<T>& ws = *ws_;
  const std::size_t d = c.backbone.d_model, V = 256, n = doc.bytes.size();
  require(n <= c.backbone.max_positions, "train: a document of ", n, " bytes needs ", n,
          " positions; the full-attention model has maxPositions ", c.backbone.max_positions);
  ws.segs.resize(std::max<std::size_t>(ws.segs.size(), 1));
  SegTape<T>& sg = ws.segs[0];
  resize(ws.X, n * d);
  embed_rows(p + lay.tok, doc.bytes.data(), n, d, ws.X.data());
  backbone_forward(c, lay, p, ws.X.data(), n, 1, sg.aug, ws);
  resize(ws.logits, n * V), resize(sg.dlogits, n * V);
  mm_nt(sg.aug.out.data(), p + lay.tok, ws.logits.data(), n, d, V, false);
  DocStats st;
  const std::size_t a0 = doc.answer_pos, a1 = doc.answer_pos + doc.answer.size();
  for (std::size_t i = 0; i < n; ++i) {
    T* dl = sg.dlogits.data() + i * V;
    if (i + 1 >= n) {
      std::fill(dl, dl + V, T(0));
      continue;
    }
    const std::size_t target = doc.bytes[i + 1];
    const bool is_answer = i + 1 >= a0 && i + 1 < a1;
    std::size_t am = 0;
    const double nats = ops::softmax_xent(ws.logits.data() + i * V, V, target, T(is_answer ? w_ans : w_lm), dl, &am);
    if (is_answer) st.answer_nats += nats, st.answer_bytes += 1, st.answer_correct += am == target;
    else st.lm_nats += nats, st.lm_bytes += 1;
  }
  const std::size_t lm_count = (n - 1) - doc.answer.size();
  st.loss = lw.answer * (st.answer_nats / double(doc.answer.size())) + (lm_count ? lw.lm * st.lm_nats / double(lm_count) : 0.0);
  if (!grad) return st;
  resize(ws.dout, n * d), resize(ws.dX, n * d);
  mm_nn(sg.dlogits.data(), p + lay.tok, ws.dout.data(), n, V, d, false);
  mm_tn(sg.dlogits.data(), sg.aug.out.data(), grad + lay.tok, V, n, d, true);
  backbone_backward(c, lay, p, grad, sg.aug, ws.dout.data(), ws.dX.data(), ws);
  embed_backward(grad + lay.tok, doc.bytes.data(), n, d, ws.dX.data());
  return st;
}

template <class T>
DocStats Net<T>::run(const T* p, T* grad, const tasks::Document& doc, const LossWeights& lw, MemoryTap* tap) {
  return run(p, grad, &doc, 1, lw, tap)[0];
}

template <class T>
std::vector<DocStats> Net<T>::run(const T* p, T* grad, const tasks::Document* docs, std::size_t nd,
                                  const LossWeights& lw, MemoryTap* taps) {
  const FlushDenormals flush(flush_ && std::is_same_v<T, float>);  // the double reference stays exact IEEE
  const NetConfig& c = cfg_;
  const Layout& lay = lay_;
  Workspace<T>& ws = *ws_;
  const std::size_t d = c.backbone.d_model, dr = c.d_retrieval, L = c.L, V = 256, j = c.j, ns = j + 2;
  const bool ret = c.retrieval;
  const std::size_t pr = ret ? 1 : 0;
  const T inv_sqrt_dr = T(1.0 / std::sqrt(double(dr)));
  require(nd >= 1, "train: a call needs at least one document");

  std::size_t Smax = 0;
  std::vector<DocWeights> dw(nd);
  ws.docs.resize(std::max(ws.docs.size(), nd));
  for (std::size_t b = 0; b < nd; ++b) {
    const tasks::Document& doc = docs[b];
    const std::size_t S = doc.segments, nbytes = doc.bytes.size();
    require(nbytes == S * L, "train: document of ", nbytes, " bytes is not ", S, " segments of L = ", L);
    Smax = std::max(Smax, S);
    DocWeights& w = dw[b];
    w.a0 = doc.answer_pos, w.a1 = doc.answer_pos + doc.answer.size();
    w.lm_count = (nbytes - 1) - doc.answer.size();
    w.w_ans = lw.answer / double(doc.answer.size());
    w.w_lm = w.lm_count ? lw.lm / double(w.lm_count) : 0.0;
    w.fact_chars = 0;
    if (ret)
      for (const auto& f : doc.facts) w.fact_chars += f.payload.size();
    w.w_probe = w.fact_chars && lw.probe > 0 ? lw.probe / double(w.fact_chars) : 0.0;
    DocTape<T>& dt = ws.docs[b];
    dt.segs.resize(std::max(dt.segs.size(), S));
    resize(dt.M, S * d), resize(dt.K, S * dr);
    if (taps) {
      MemoryTap& tp = taps[b];
      require(ret && !c.full, "train: a memory tap needs a model with memory");
      require(tp.segment < S && tp.reader < S, "train: a memory tap names segments ", tp.segment, " and ", tp.reader,
              " of a document of ", S);
      require(tp.delta_all.empty() || tp.delta_all.size() == d, "train: a tap's delta_all must hold d values");
      require(tp.delta_reader.empty() || tp.delta_reader.size() == d, "train: a tap's delta_reader must hold d values");
      require(!grad || tp.delta_reader.empty(), "train: delta_reader is for finite differences: run it without a gradient");
      tp.reader_reads = false;
      for (auto* v : {&tp.grad_total, &tp.grad_reader, &tp.grad_others}) v->assign(grad ? d : 0, 0.0);
    }
  }
  std::vector<DocStats> st(nd);
  if (c.full) {
    for (std::size_t b = 0; b < nd; ++b) st[b] = run_full(p, grad, docs[b], dw[b].w_ans, dw[b].w_lm, lw);
    return st;
  }
  ws.segs.resize(std::max(ws.segs.size(), Smax));

  // ------------------------------------------------------------- forward, segment by segment
  for (std::size_t s = 0; s < Smax; ++s) {
    SegTape<T>& sg = ws.segs[s];
    sg.act.clear();
    for (std::size_t b = 0; b < nd; ++b)
      if (docs[b].segments > s) sg.act.push_back(b);
    const std::size_t na = sg.act.size();
    // 1. summary pass, stacked: only where the search has ≥ 2 memories (one memory gets weight 1
    //    whatever the query, so the summary would change nothing, forward or backward)
    const std::size_t win0 = s > c.N ? s - c.N : 0, win = s - win0;
    sg.summary = ret && win >= 2;
    if (sg.summary) {
      scratch(ws.X, na * ns * d);
      for (std::size_t a = 0; a < na; ++a) {
        T* X = ws.X.data() + a * ns * d;
        std::memcpy(X, p + lay.T, d * sizeof(T));
        embed_rows(p + lay.tok, docs[sg.act[a]].bytes.data() + s * L, j, d, X + d);
        std::memcpy(X + (j + 1) * d, p + lay.T, d * sizeof(T));
      }
      backbone_forward(c, lay, p, ws.X.data(), ns, na, sg.sum, ws);
    }
    // 2–3. search and retrieve, per document
    for (std::size_t a = 0; a < na && ret; ++a) {
      DocTape<T>& dt = ws.docs[sg.act[a]];
      Search<T>& se = dt.segs[s];
      resize(se.P, d);
      se.searched = s > 0;
      se.win0 = win0, se.win = win;
      if (s == 0) {
        std::memcpy(se.P.data(), p + lay.P0, d * sizeof(T));
        continue;
      }
      resize(se.w, win);
      // a tap's delta_reader: this search reads M_f + delta (key and value), no other does
      MemoryTap* tp = taps ? &taps[sg.act[a]] : nullptr;
      const bool tapped = tp && s == tp->reader && tp->segment >= win0 && tp->segment < win0 + win;
      if (tp && s == tp->reader) tp->reader_reads = tapped;
      const std::size_t alt_i = tapped && !tp->delta_reader.empty() ? tp->segment - win0 : win;
      if (alt_i < win) {
        resize(ws.alt_M, d), resize(ws.alt_K, dr);
        for (std::size_t e = 0; e < d; ++e) ws.alt_M[e] = dt.M[tp->segment * d + e] + T(tp->delta_reader[e]);
        mm_nn(ws.alt_M.data(), p + lay.Wk, ws.alt_K.data(), 1, d, dr, false);
      }
      if (sg.summary) {
        const T* Sn = sg.sum.out.data() + (a * ns + j + 1) * d;
        resize(se.q, dr);
        mm_nn(Sn, p + lay.Wq, se.q.data(), 1, d, dr, false);
        T mx = -INFINITY;
        for (std::size_t i = 0; i < win; ++i) {
          const T* Ki = i == alt_i ? ws.alt_K.data() : dt.K.data() + (win0 + i) * dr;
          T sc = 0;
          for (std::size_t e = 0; e < dr; ++e) sc += se.q[e] * Ki[e];
          se.w[i] = sc * inv_sqrt_dr;
          mx = std::max(mx, se.w[i]);
        }
        T sum = 0;
        for (auto& v : se.w) sum += (v = std::exp(v - mx));
        for (auto& v : se.w) v /= sum;
      } else {
        se.w[0] = T(1);
      }
      std::fill(se.P.begin(), se.P.end(), T(0));
      for (std::size_t i = 0; i < win; ++i) {
        const T* Mi = i == alt_i ? ws.alt_M.data() : dt.M.data() + (win0 + i) * d;
        for (std::size_t e = 0; e < d; ++e) se.P[e] += se.w[i] * Mi[e];
      }
    }
    // 4. augmented pass, stacked
    sg.sens = s == 0 ? 0 : c.k;
    sg.rows = pr + sg.sens + L + pr;
    const std::size_t rows = sg.rows;
    scratch(ws.X, na * rows * d);
    for (std::size_t a = 0; a < na; ++a) {
      const std::uint8_t* tok = docs[sg.act[a]].bytes.data() + s * L;
      T* X = ws.X.data() + a * rows * d;
      if (ret) std::memcpy(X, ws.docs[sg.act[a]].segs[s].P.data(), d * sizeof(T));
      if (sg.sens) embed_rows(p + lay.tok, tok - c.k, c.k, d, X + pr * d);
      embed_rows(p + lay.tok, tok, L, d, X + (pr + sg.sens) * d);
      if (ret) std::memcpy(X + (rows - 1) * d, ws.docs[sg.act[a]].segs[s].P.data(), d * sizeof(T));
    }
    backbone_forward(c, lay, p, ws.X.data(), rows, na, sg.aug, ws);
    // logits of the content rows and the next-byte losses
    resize(sg.content, na * L * d);
    for (std::size_t a = 0; a < na; ++a)
      std::memcpy(sg.content.data() + a * L * d, sg.aug.out.data() + (a * rows + pr + sg.sens) * d, L * d * sizeof(T));
    resize(ws.logits, na * L * V);
    mm_nt(sg.content.data(), p + lay.tok, ws.logits.data(), na * L, d, V, false);
    resize(sg.dlogits, na * L * V);
    for (std::size_t a = 0; a < na; ++a) {
      const std::size_t b = sg.act[a];
      const tasks::Document& doc = docs[b];
      const DocWeights& w = dw[b];
      const std::size_t nbytes = doc.bytes.size();
      for (std::size_t i = 0; i < L; ++i) {
        const std::size_t g = s * L + i;
        T* dl = sg.dlogits.data() + (a * L + i) * V;
        if (g + 1 >= nbytes) {
          std::fill(dl, dl + V, T(0));
          continue;
        }
        const std::size_t target = doc.bytes[g + 1];
        const bool is_answer = g + 1 >= w.a0 && g + 1 < w.a1;
        std::size_t am = 0;
        const double nats = ops::softmax_xent(ws.logits.data() + (a * L + i) * V, V, target,
                                              T(is_answer ? w.w_ans : w.w_lm), dl, &am);
        if (is_answer) {
          st[b].answer_nats += nats;
          st[b].answer_bytes += 1;
          st[b].answer_correct += am == target;
        } else {
          st[b].lm_nats += nats;
          st[b].lm_bytes += 1;
        }
      }
    }
    // 5. the memory written to the cache and its key
    if (ret) {
      resize(ws.rows_a, na * d), resize(ws.rows_b, na * dr);
      for (std::size_t a = 0; a < na; ++a) {
        std::memcpy(ws.rows_a.data() + a * d, sg.aug.out.data() + (a * rows + rows - 1) * d, d * sizeof(T));
        const MemoryTap* tp = taps ? &taps[sg.act[a]] : nullptr;  // a tap's delta_all: M_f + delta, key included
        if (tp && tp->segment == s && !tp->delta_all.empty())
          for (std::size_t e = 0; e < d; ++e) ws.rows_a[a * d + e] += T(tp->delta_all[e]);
      }
      mm_nn(ws.rows_a.data(), p + lay.Wk, ws.rows_b.data(), na, d, dr, false);
      for (std::size_t a = 0; a < na; ++a) {
        DocTape<T>& dt = ws.docs[sg.act[a]];
        std::memcpy(dt.M.data() + s * d, ws.rows_a.data() + a * d, d * sizeof(T));
        std::memcpy(dt.K.data() + s * dr, ws.rows_b.data() + a * dr, dr * sizeof(T));
      }
    }
  }

  // ------------------------------------------------------------- per document: aux and probe losses
  const std::size_t PC = c.probe_slots * c.probe_classes, C = c.probe_classes;
  std::vector<std::vector<T>> daux(nd);
  resize(ws.probe_logits, PC), resize(ws.dprobe, PC);
  for (std::size_t b = 0; b < nd; ++b) {
    const tasks::Document& doc = docs[b];
    DocTape<T>& dt = ws.docs[b];
    const std::size_t S = doc.segments;
    resize(dt.dM, S * d), resize(dt.dK, S * dr);
    std::fill(dt.dM.begin(), dt.dM.end(), T(0));
    std::fill(dt.dK.begin(), dt.dK.end(), T(0));
    // The question segment's search: top-1 hit and the auxiliary retrieval loss.
    const Search<T>& qs = dt.segs[doc.question_segment];
    double aux_nats = 0;
    if (ret && qs.searched && doc.fact_segment >= qs.win0 && doc.fact_segment < qs.win0 + qs.win) {
      const std::size_t fi = doc.fact_segment - qs.win0;
      st[b].top1_hit = std::size_t(std::max_element(qs.w.begin(), qs.w.begin() + std::ptrdiff_t(qs.win)) -
                                   qs.w.begin()) == fi;
      aux_nats = -std::log(std::max(double(qs.w[fi]), 1e-300));
      if (lw.aux > 0) {
        daux[b].assign(qs.win, T(0));
        for (std::size_t i = 0; i < qs.win; ++i) daux[b][i] = T(lw.aux) * (qs.w[i] - (i == fi ? T(1) : T(0)));
      }
    }
    // The write probe on each fact's memory.
    const DocWeights& w = dw[b];
    if (w.w_probe > 0) {
      for (const auto& f : doc.facts) {
        const T* Mf = dt.M.data() + f.segment * d;
        mm_nn(Mf, p + lay.probe_w, ws.probe_logits.data(), 1, d, PC, false);
        for (std::size_t e = 0; e < PC; ++e) ws.probe_logits[e] += p[lay.probe_b + e];
        std::fill(ws.dprobe.begin(), ws.dprobe.end(), T(0));
        for (std::size_t ch = 0; ch < f.payload.size() && ch < c.probe_slots; ++ch) {
          const int cls = tasks::payload_class(f.payload[ch]);
          if (cls < 0) continue;
          std::size_t am = 0;
          st[b].probe_nats += ops::softmax_xent(ws.probe_logits.data() + ch * C, C, std::size_t(cls), T(w.w_probe),
                                                ws.dprobe.data() + ch * C, &am);
          st[b].probe_chars += 1;
          st[b].probe_correct += am == std::size_t(cls);
        }
        if (grad) {
          mm_tn(Mf, ws.dprobe.data(), grad + lay.probe_w, d, 1, PC, true);
          for (std::size_t e = 0; e < PC; ++e) grad[lay.probe_b + e] += ws.dprobe[e];
          mm_nt(ws.dprobe.data(), p + lay.probe_w, dt.dM.data() + f.segment * d, 1, PC, d, true);
        }
      }
    }
    st[b].loss = lw.answer * (st[b].answer_nats / double(doc.answer.size())) +
                 (w.lm_count ? lw.lm * st[b].lm_nats / double(w.lm_count) : 0.0) +
                 (w.fact_chars ? lw.probe * st[b].probe_nats / double(w.fact_chars) : 0.0) +
                 (daux[b].empty() ? 0.0 : lw.aux * aux_nats);
  }
  if (!grad) return st;

  // ------------------------------------------------------------- backward, last segment first
  std::vector<T> dP(d), dq(dr), dwin;
  for (std::size_t s = Smax; s-- > 0;) {
    SegTape<T>& sg = ws.segs[s];
    const std::size_t na = sg.act.size(), rows = sg.rows;
    zero(ws.dout, na * rows * d);
    // logits = content·tok_embᵀ
    resize(ws.rows_c, na * L * d);
    mm_nn(sg.dlogits.data(), p + lay.tok, ws.rows_c.data(), na * L, V, d, false);
    for (std::size_t a = 0; a < na; ++a)
      std::memcpy(ws.dout.data() + (a * rows + pr + sg.sens) * d, ws.rows_c.data() + a * L * d, L * d * sizeof(T));
    mm_tn(sg.dlogits.data(), sg.content.data(), grad + lay.tok, V, na * L, d, true);
    if (ret) {
      // K_s = M_s·W_k, then M_s = out[last], stacked over the documents
      resize(ws.rows_a, na * d), resize(ws.rows_b, na * dr);
      for (std::size_t a = 0; a < na; ++a) {
        const DocTape<T>& dt = ws.docs[sg.act[a]];
        std::memcpy(ws.rows_a.data() + a * d, dt.M.data() + s * d, d * sizeof(T));
        std::memcpy(ws.rows_b.data() + a * dr, dt.dK.data() + s * dr, dr * sizeof(T));
      }
      mm_tn(ws.rows_a.data(), ws.rows_b.data(), grad + lay.Wk, d, na, dr, true);
      for (std::size_t a = 0; a < na; ++a) std::memcpy(ws.rows_a.data() + a * d, ws.docs[sg.act[a]].dM.data() + s * d, d * sizeof(T));
      mm_nt(ws.rows_b.data(), p + lay.Wk, ws.rows_a.data(), na, dr, d, true);
      for (std::size_t a = 0; a < na; ++a) {
        for (std::size_t e = 0; e < d; ++e) ws.dout[(a * rows + rows - 1) * d + e] += ws.rows_a[a * d + e];
        MemoryTap* tp = taps ? &taps[sg.act[a]] : nullptr;  // dL/dM_s complete: every later search has run backward
        if (tp && tp->segment == s)
          for (std::size_t e = 0; e < d; ++e) tp->grad_total[e] = double(ws.rows_a[a * d + e]);
      }
    }
    scratch(ws.dX, na * rows * d);
    backbone_backward(c, lay, p, grad, sg.aug, ws.dout.data(), ws.dX.data(), ws);
    for (std::size_t a = 0; a < na; ++a) {
      const std::uint8_t* tok = docs[sg.act[a]].bytes.data() + s * L;
      const T* dX = ws.dX.data() + a * rows * d;
      embed_backward(grad + lay.tok, tok, L, d, dX + (pr + sg.sens) * d);
      if (sg.sens) embed_backward(grad + lay.tok, tok - c.k, c.k, d, dX + pr * d);
    }
    if (!ret) continue;
    // P = Σ w_i M_i,  w = softmax(scores),  scores_i = q·K_i/√d_r  (per document), dq stacked
    if (sg.summary) zero(ws.rows_b, na * dr);
    for (std::size_t a = 0; a < na; ++a) {
      const std::size_t b = sg.act[a];
      DocTape<T>& dt = ws.docs[b];
      const Search<T>& se = dt.segs[s];
      const T* dX = ws.dX.data() + a * rows * d;
      for (std::size_t e = 0; e < d; ++e) dP[e] = dX[e] + dX[(rows - 1) * d + e];
      if (!se.searched) {
        for (std::size_t e = 0; e < d; ++e) grad[lay.P0 + e] += dP[e];
        continue;
      }
      // a tap on M_f: this read's share of dL/dM_f (value now, key below) goes to grad_reader or grad_others
      MemoryTap* tp = taps ? &taps[b] : nullptr;
      const std::size_t tap_i = tp && tp->segment >= se.win0 && tp->segment < se.win0 + se.win ? tp->segment - se.win0 : se.win;
      std::vector<double>* tap_g = tap_i < se.win ? (s == tp->reader ? &tp->grad_reader : &tp->grad_others) : nullptr;
      if (tap_g)
        for (std::size_t e = 0; e < d; ++e) (*tap_g)[e] += double(se.w[tap_i]) * double(dP[e]);
      dwin.assign(se.win, T(0));
      T dot = 0;
      for (std::size_t i = 0; i < se.win; ++i) {
        const T* Mi = dt.M.data() + (se.win0 + i) * d;
        T* dMi = dt.dM.data() + (se.win0 + i) * d;
        T s_ = 0;
        for (std::size_t e = 0; e < d; ++e) {
          s_ += dP[e] * Mi[e];
          dMi[e] += se.w[i] * dP[e];
        }
        dwin[i] = s_;
        dot += s_ * se.w[i];
      }
      if (!sg.summary) continue;  // one memory: its weight is 1 whatever the scores
      T* dqa = ws.rows_b.data() + a * dr;
      for (std::size_t i = 0; i < se.win; ++i) {
        T dscore = se.w[i] * (dwin[i] - dot);
        if (s == docs[b].question_segment && !daux[b].empty()) dscore += daux[b][i];
        const T* Ki = dt.K.data() + (se.win0 + i) * dr;
        T* dKi = dt.dK.data() + (se.win0 + i) * dr;
        for (std::size_t e = 0; e < dr; ++e) {
          dqa[e] += dscore * inv_sqrt_dr * Ki[e];
          dKi[e] += dscore * inv_sqrt_dr * se.q[e];
        }
        if (tap_g && i == tap_i)  // through the key: dM_f += dK_f·W_kᵀ
          for (std::size_t e = 0; e < d; ++e) {
            double acc = 0;
            for (std::size_t r = 0; r < dr; ++r) acc += double(dscore * inv_sqrt_dr * se.q[r]) * double(p[lay.Wk + e * dr + r]);
            (*tap_g)[e] += acc;
          }
      }
    }
    if (!sg.summary) continue;
    // q = S_n·W_q, S_n = summary pass output j + 1, stacked
    resize(ws.rows_a, na * d);
    for (std::size_t a = 0; a < na; ++a)
      std::memcpy(ws.rows_a.data() + a * d, sg.sum.out.data() + (a * ns + j + 1) * d, d * sizeof(T));
    mm_tn(ws.rows_a.data(), ws.rows_b.data(), grad + lay.Wq, d, na, dr, true);
    mm_nt(ws.rows_b.data(), p + lay.Wq, ws.rows_a.data(), na, dr, d, false);
    zero(ws.dout, na * ns * d);
    for (std::size_t a = 0; a < na; ++a)
      std::memcpy(ws.dout.data() + (a * ns + j + 1) * d, ws.rows_a.data() + a * d, d * sizeof(T));
    scratch(ws.dX, na * ns * d);
    backbone_backward(c, lay, p, grad, sg.sum, ws.dout.data(), ws.dX.data(), ws);
    for (std::size_t a = 0; a < na; ++a) {
      const T* dX = ws.dX.data() + a * ns * d;
      for (std::size_t e = 0; e < d; ++e) grad[lay.T + e] += dX[e] + dX[(j + 1) * d + e];
      embed_backward(grad + lay.tok, docs[sg.act[a]].bytes.data() + s * L, j, d, dX + d);
    }
  }
  return st;
}

template class Net<float>;
template class Net<double>;

std::vector<float> init_params(const NetConfig& c, std::uint64_t seed, const std::string& scheme) {
  c.validate();
  const Layout lay(c);
  std::vector<float> p(lay.total, 0.f);
  require(scheme == "unit" || scheme == "gpt2", "init: scheme must be unit or gpt2");
  const bool unit = scheme == "unit";
  const float resid_scale = 1.f / std::sqrt(2.f * float(c.backbone.layers));
  std::uint64_t idx = 0;
  for (const Slot& s : lay.slots) {
    Rng r(seed * 0x9E3779B97F4A7C15ull + (++idx) * 0xD1B54A32D192ED03ull);
    const auto ends = [&](const char* suf) {
      const std::size_t n = std::strlen(suf);
      return s.name.size() >= n && s.name.compare(s.name.size() - n, n, suf) == 0;
    };
    // fan_in of a [rows, cols] matrix is rows
    float stdv = unit ? 1.f / std::sqrt(float(s.rows)) : 0.02f;
    if (s.name == "tok_emb") stdv = unit ? 1.f : 0.02f;
    if (s.name == "pos_emb") stdv = unit ? 0.2f : 0.02f;
    if (s.name == "hmt.summary_token") stdv = unit ? 1.f : 0.02f;
    if (s.name == "probe.w") stdv = 0.02f;
    if (ends(".gamma")) {
      std::fill(p.begin() + std::ptrdiff_t(s.offset), p.begin() + std::ptrdiff_t(s.offset + s.rows * s.cols), 1.f);
      continue;
    }
    if (ends(".beta") || ends(".b1") || ends(".b2") || s.name == "probe.b") continue;
    if (ends(".wo") || ends(".w2")) stdv *= resid_scale;
    if (s.name == "hmt.initial_memory") stdv = 1.f;
    if (s.name == "hmt.w_q") stdv = 1.f / std::sqrt(float(c.backbone.d_model));
    if (s.name == "hmt.w_k") {
      const Slot& q = lay.slot("hmt.w_q");
      std::copy(p.begin() + std::ptrdiff_t(q.offset), p.begin() + std::ptrdiff_t(q.offset + q.rows * q.cols),
                p.begin() + std::ptrdiff_t(s.offset));
      continue;
    }
    if (s.name == "pos_emb" && c.full) {
      for (std::size_t t = 0; t < s.rows; ++t)
        for (std::size_t i = 0; i < s.cols; ++i) {
          const double angle = double(t) / std::pow(10000.0, double(i - i % 2) / double(s.cols));
          p[s.offset + t * s.cols + i] = float(0.2 * (i % 2 ? std::cos(angle) : std::sin(angle)));
        }
      continue;
    }
    for (std::size_t i = 0; i < s.rows * s.cols; ++i) p[s.offset + i] = stdv * r.normal();
  }
  return p;
}

}  // namespace lml::train
