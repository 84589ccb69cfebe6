#include "net.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/error.hpp"
#include "core/rng.hpp"
#include "linalg.hpp"
#include "ops.hpp"

namespace lml::train {

void NetConfig::validate() const {
  backbone.validate();
  require(d_retrieval >= 1, "train: dRetrieval must be >= 1");
  require(j >= 1 && j <= L && k < L, "train: need 1 <= j <= L and k < L");
  require(!retrieval || N >= 1, "train: N must be >= 1 with retrieval");
  const std::size_t rows = L + k + (retrieval ? 2 : 0);
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
  pos = add("pos_emb", c.backbone.max_positions, d, true);
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

template <class T>
struct LayerTape {
  std::vector<T> ln1, xhat1, rstd1, qkv, probs, att, ln2, xhat2, rstd2, u, g;
};

// One backbone pass over n rows: everything its backward needs.
template <class T>
struct PassTape {
  std::size_t n = 0;
  std::vector<LayerTape<T>> layers;
  std::vector<T> xhatf, rstdf, out;
};

template <class T>
struct SegTape {
  PassTape<T> sum, aug;
  bool searched = false;           // a memory search ran (else P = P_0, or no retrieval)
  std::size_t sens = 0, rows = 0;  // sensory tokens, augmented rows
  std::size_t win0 = 0, win = 0;   // searched memories: indices [win0, win0 + win)
  std::vector<T> q, w, P;          // [d_r], [win], [d]
  std::vector<T> dlogits;          // [L, 256] (already weighted)
};

template <class T>
struct Workspace {
  std::vector<SegTape<T>> segs;
  std::vector<T> x, tmp, tmp2, dx, dqkv, dff, dp, M, K, dM, dK, X, dX, logits, probe_logits, dprobe;
};

namespace {

template <class T>
void resize(std::vector<T>& v, std::size_t n) {
  if (v.size() != n) v.assign(n, T(0));
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

// BBM forward: X [n, d] input embeddings → tape.out [n, d].
template <class T>
void backbone_forward(const NetConfig& c, const Layout& lay, const T* p, const T* X, std::size_t n, PassTape<T>& t,
                      Workspace<T>& ws) {
  const std::size_t d = c.backbone.d_model, f = c.backbone.d_ff, H = c.backbone.heads, dh = d / H;
  t.n = n;
  t.layers.resize(c.backbone.layers);
  resize(ws.x, n * d);
  T* x = ws.x.data();
  for (std::size_t i = 0; i < n * d; ++i) x[i] = X[i] + p[lay.pos + i];
  for (std::size_t l = 0; l < c.backbone.layers; ++l) {
    const auto& o = lay.layers[l];
    LayerTape<T>& L = t.layers[l];
    resize(L.ln1, n * d), resize(L.xhat1, n * d), resize(L.rstd1, n), resize(L.qkv, n * 3 * d);
    resize(L.probs, H * n * n), resize(L.att, n * d), resize(L.ln2, n * d), resize(L.xhat2, n * d);
    resize(L.rstd2, n), resize(L.u, n * f), resize(L.g, n * f);
    ops::layernorm_forward(x, p + o.ln1_g, p + o.ln1_b, L.ln1.data(), L.xhat1.data(), L.rstd1.data(), n, d);
    mm_nn(L.ln1.data(), p + o.wqkv, L.qkv.data(), n, d, 3 * d, false);
    for (std::size_t h = 0; h < H; ++h) ops::attention_forward(L.qkv.data(), L.probs.data() + h * n * n, L.att.data(), n, d, dh, h);
    mm_nn(L.att.data(), p + o.wo, x, n, d, d, true);
    ops::layernorm_forward(x, p + o.ln2_g, p + o.ln2_b, L.ln2.data(), L.xhat2.data(), L.rstd2.data(), n, d);
    mm_nn(L.ln2.data(), p + o.w1, L.u.data(), n, d, f, false);
    add_row_bias(L.u.data(), p + o.b1, n, f);
    ops::gelu_forward(L.u.data(), L.g.data(), n * f);
    mm_nn(L.g.data(), p + o.w2, x, n, f, d, true);
    add_row_bias(x, p + o.b2, n, d);
  }
  resize(t.xhatf, n * d), resize(t.rstdf, n), resize(t.out, n * d);
  ops::layernorm_forward(x, p + lay.lnf_g, p + lay.lnf_b, t.out.data(), t.xhatf.data(), t.rstdf.data(), n, d);
}

// BBM backward: dout [n, d] → dX [n, d] (overwritten); parameter gradients accumulate into g.
template <class T>
void backbone_backward(const NetConfig& c, const Layout& lay, const T* p, T* g, const PassTape<T>& t, const T* dout,
                       T* dX, Workspace<T>& ws) {
  const std::size_t n = t.n, d = c.backbone.d_model, f = c.backbone.d_ff, H = c.backbone.heads, dh = d / H;
  T* dx = dX;
  std::fill(dx, dx + n * d, T(0));
  ops::layernorm_backward(dout, t.xhatf.data(), t.rstdf.data(), p + lay.lnf_g, dx, g + lay.lnf_g, g + lay.lnf_b, n, d);
  zero(ws.dff, n * f);
  zero(ws.tmp, n * d);
  zero(ws.dqkv, n * 3 * d);
  zero(ws.dp, n);
  for (std::size_t l = c.backbone.layers; l-- > 0;) {
    const auto& o = lay.layers[l];
    const LayerTape<T>& L = t.layers[l];
    // x_out = x_mid + GELU(LN2(x_mid)·W1 + b1)·W2 + b2
    mm_tn(L.g.data(), dx, g + o.w2, f, n, d, true);
    col_sum(dx, g + o.b2, n, d);
    T* dg = ws.dff.data();
    mm_nt(dx, p + o.w2, dg, n, d, f, false);
    // du overwrites dg's role: compute into tmp2 then reuse
    zero(ws.tmp2, n * f);
    ops::gelu_backward(dg, L.u.data(), ws.tmp2.data(), n * f);
    const T* du = ws.tmp2.data();
    mm_tn(L.ln2.data(), du, g + o.w1, d, n, f, true);
    col_sum(du, g + o.b1, n, f);
    T* dln = ws.tmp.data();
    mm_nt(du, p + o.w1, dln, n, f, d, false);
    ops::layernorm_backward(dln, L.xhat2.data(), L.rstd2.data(), p + o.ln2_g, dx, g + o.ln2_g, g + o.ln2_b, n, d);
    // x_mid = x_in + attention(LN1(x_in))·W_o
    mm_tn(L.att.data(), dx, g + o.wo, d, n, d, true);
    T* datt = ws.tmp.data();
    mm_nt(dx, p + o.wo, datt, n, d, d, false);
    std::fill(ws.dqkv.begin(), ws.dqkv.begin() + std::ptrdiff_t(n * 3 * d), T(0));
    for (std::size_t h = 0; h < H; ++h)
      ops::attention_backward(datt, L.qkv.data(), L.probs.data() + h * n * n, ws.dqkv.data(), ws.dp.data(), n, d, dh, h);
    mm_tn(L.ln1.data(), ws.dqkv.data(), g + o.wqkv, d, n, 3 * d, true);
    mm_nt(ws.dqkv.data(), p + o.wqkv, dln, n, 3 * d, d, false);
    ops::layernorm_backward(dln, L.xhat1.data(), L.rstd1.data(), p + o.ln1_g, dx, g + o.ln1_g, g + o.ln1_b, n, d);
  }
  for (std::size_t i = 0; i < n * d; ++i) g[lay.pos + i] += dx[i];
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

}  // namespace

template <class T>
Net<T>::Net(const NetConfig& c) : cfg_(c), lay_(c), ws_(new Workspace<T>()) {
  cfg_.validate();
}
template <class T>
Net<T>::~Net() {
  delete ws_;
}

template <class T>
DocStats Net<T>::run(const T* p, T* grad, const tasks::Document& doc, const LossWeights& lw) {
  const NetConfig& c = cfg_;
  const Layout& lay = lay_;
  Workspace<T>& ws = *ws_;
  const std::size_t d = c.backbone.d_model, dr = c.d_retrieval, L = c.L, S = doc.segments, V = 256;
  const std::size_t nbytes = doc.bytes.size();
  require(nbytes == S * L, "train: document of ", nbytes, " bytes is not ", S, " segments of L = ", L);
  const bool ret = c.retrieval;
  ws.segs.resize(std::max(ws.segs.size(), S));
  resize(ws.M, S * d), resize(ws.K, S * dr);
  const T inv_sqrt_dr = T(1.0 / std::sqrt(double(dr)));

  // Which bytes are answer targets; the answer's loss weight per byte, the LM's per byte.
  const std::size_t a0 = doc.answer_pos, a1 = doc.answer_pos + doc.answer.size();
  const std::size_t lm_count = (nbytes - 1) - doc.answer.size();
  const T w_ans = T(lw.answer / double(doc.answer.size()));
  const T w_lm = lm_count ? T(lw.lm / double(lm_count)) : T(0);
  std::size_t fact_chars = 0;
  if (ret)
    for (const auto& f : doc.facts) fact_chars += f.payload.size();
  const T w_probe = fact_chars && lw.probe > 0 ? T(lw.probe / double(fact_chars)) : T(0);

  DocStats st;
  resize(ws.X, (L + c.k + 2) * d);
  resize(ws.logits, L * V);
  for (std::size_t s = 0; s < S; ++s) {
    SegTape<T>& sg = ws.segs[s];
    const std::uint8_t* tok = doc.bytes.data() + s * L;
    sg.searched = false;
    // 1–3. summary, search, retrieve
    resize(sg.P, d);
    if (ret) {
      if (s == 0) {
        std::memcpy(sg.P.data(), p + lay.P0, d * sizeof(T));
      } else {
        const std::size_t j = c.j, n = j + 2;
        T* X = ws.X.data();
        std::memcpy(X, p + lay.T, d * sizeof(T));
        embed_rows(p + lay.tok, tok, j, d, X + d);
        std::memcpy(X + (j + 1) * d, p + lay.T, d * sizeof(T));
        backbone_forward(c, lay, p, X, n, sg.sum, ws);
        const T* Sn = sg.sum.out.data() + (j + 1) * d;
        resize(sg.q, dr);
        mm_nn(Sn, p + lay.Wq, sg.q.data(), 1, d, dr, false);
        sg.win0 = s > c.N ? s - c.N : 0;
        sg.win = s - sg.win0;
        resize(sg.w, sg.win);
        T mx = -INFINITY;
        for (std::size_t i = 0; i < sg.win; ++i) {
          const T* Ki = ws.K.data() + (sg.win0 + i) * dr;
          T sc = 0;
          for (std::size_t e = 0; e < dr; ++e) sc += sg.q[e] * Ki[e];
          sg.w[i] = sc * inv_sqrt_dr;
          mx = std::max(mx, sg.w[i]);
        }
        T sum = 0;
        for (auto& v : sg.w) sum += (v = std::exp(v - mx));
        for (auto& v : sg.w) v /= sum;
        std::fill(sg.P.begin(), sg.P.end(), T(0));
        for (std::size_t i = 0; i < sg.win; ++i) {
          const T* Mi = ws.M.data() + (sg.win0 + i) * d;
          for (std::size_t e = 0; e < d; ++e) sg.P[e] += sg.w[i] * Mi[e];
        }
        sg.searched = true;
      }
    }
    // 4. augmented pass
    sg.sens = s == 0 ? 0 : c.k;
    const std::size_t pr = ret ? 1 : 0;
    sg.rows = pr + sg.sens + L + pr;
    T* X = ws.X.data();
    if (ret) std::memcpy(X, sg.P.data(), d * sizeof(T));
    if (sg.sens) embed_rows(p + lay.tok, tok - c.k, c.k, d, X + pr * d);
    embed_rows(p + lay.tok, tok, L, d, X + (pr + sg.sens) * d);
    if (ret) std::memcpy(X + (sg.rows - 1) * d, sg.P.data(), d * sizeof(T));
    backbone_forward(c, lay, p, X, sg.rows, sg.aug, ws);
    const T* content = sg.aug.out.data() + (pr + sg.sens) * d;
    // logits and next-byte losses
    mm_nt(content, p + lay.tok, ws.logits.data(), L, d, V, false);
    resize(sg.dlogits, L * V);
    for (std::size_t i = 0; i < L; ++i) {
      const std::size_t g = s * L + i;
      T* dl = sg.dlogits.data() + i * V;
      if (g + 1 >= nbytes) {
        std::fill(dl, dl + V, T(0));
        continue;
      }
      const std::size_t target = doc.bytes[g + 1];
      const bool is_answer = g + 1 >= a0 && g + 1 < a1;
      std::size_t am = 0;
      const double nats = ops::softmax_xent(ws.logits.data() + i * V, V, target, is_answer ? w_ans : w_lm, dl, &am);
      if (is_answer) {
        st.answer_nats += nats;
        st.answer_bytes += 1;
        st.answer_correct += am == target;
      } else {
        st.lm_nats += nats;
        st.lm_bytes += 1;
      }
    }
    // 5. the memory written to the cache and its key
    if (ret) {
      std::memcpy(ws.M.data() + s * d, sg.aug.out.data() + (sg.rows - 1) * d, d * sizeof(T));
      mm_nn(ws.M.data() + s * d, p + lay.Wk, ws.K.data() + s * dr, 1, d, dr, false);
    }
  }

  // The question segment's search: top-1 hit and the auxiliary retrieval loss.
  const SegTape<T>& qs = ws.segs[doc.question_segment];
  std::vector<T> daux;
  double aux_nats = 0;
  if (ret && qs.searched && doc.fact_segment >= qs.win0 && doc.fact_segment < qs.win0 + qs.win) {
    const std::size_t fi = doc.fact_segment - qs.win0;
    st.top1_hit = std::size_t(std::max_element(qs.w.begin(), qs.w.end()) - qs.w.begin()) == fi;
    aux_nats = -std::log(std::max(double(qs.w[fi]), 1e-300));
    if (lw.aux > 0) {
      daux.assign(qs.win, T(0));
      for (std::size_t i = 0; i < qs.win; ++i) daux[i] = T(lw.aux) * (qs.w[i] - (i == fi ? T(1) : T(0)));
    }
  }

  // The write probe on each fact's memory.
  const std::size_t PC = c.probe_slots * c.probe_classes, C = c.probe_classes;
  resize(ws.dM, S * d), resize(ws.dK, S * dr);
  std::fill(ws.dM.begin(), ws.dM.end(), T(0));
  std::fill(ws.dK.begin(), ws.dK.end(), T(0));
  resize(ws.probe_logits, PC), resize(ws.dprobe, PC);
  if (w_probe > T(0)) {
    for (const auto& f : doc.facts) {
      const T* Mf = ws.M.data() + f.segment * d;
      mm_nn(Mf, p + lay.probe_w, ws.probe_logits.data(), 1, d, PC, false);
      for (std::size_t e = 0; e < PC; ++e) ws.probe_logits[e] += p[lay.probe_b + e];
      std::fill(ws.dprobe.begin(), ws.dprobe.end(), T(0));
      for (std::size_t ch = 0; ch < f.payload.size() && ch < c.probe_slots; ++ch) {
        const int cls = tasks::payload_class(f.payload[ch]);
        if (cls < 0) continue;
        std::size_t am = 0;
        st.probe_nats += ops::softmax_xent(ws.probe_logits.data() + ch * C, C, std::size_t(cls), w_probe,
                                           ws.dprobe.data() + ch * C, &am);
        st.probe_chars += 1;
        st.probe_correct += am == std::size_t(cls);
      }
      if (grad) {
        mm_tn(Mf, ws.dprobe.data(), grad + lay.probe_w, d, 1, PC, true);
        for (std::size_t e = 0; e < PC; ++e) grad[lay.probe_b + e] += ws.dprobe[e];
        mm_nt(ws.dprobe.data(), p + lay.probe_w, ws.dM.data() + f.segment * d, 1, PC, d, true);
      }
    }
  }
  st.loss = lw.answer * (st.answer_nats / double(doc.answer.size())) +
            (lm_count ? lw.lm * st.lm_nats / double(lm_count) : 0.0) +
            (fact_chars ? lw.probe * st.probe_nats / double(fact_chars) : 0.0) + (daux.empty() ? 0.0 : lw.aux * aux_nats);
  if (!grad) return st;

  // ------------------------------------------------------------- backward, last segment first
  resize(ws.dX, (L + c.k + 2) * d);
  std::vector<T> dout, dP(d), dq(dr), dw, dS(d);
  for (std::size_t s = S; s-- > 0;) {
    SegTape<T>& sg = ws.segs[s];
    const std::uint8_t* tok = doc.bytes.data() + s * L;
    const std::size_t pr = ret ? 1 : 0, rows = sg.rows;
    dout.assign(rows * d, T(0));
    // logits = content·tok_embᵀ
    const T* content = sg.aug.out.data() + (pr + sg.sens) * d;
    mm_nn(sg.dlogits.data(), p + lay.tok, dout.data() + (pr + sg.sens) * d, L, V, d, false);
    mm_tn(sg.dlogits.data(), content, grad + lay.tok, V, L, d, true);
    if (ret) {
      // K_s = M_s·W_k, then M_s = out[last]
      T* dMs = ws.dM.data() + s * d;
      mm_tn(ws.M.data() + s * d, ws.dK.data() + s * dr, grad + lay.Wk, d, 1, dr, true);
      mm_nt(ws.dK.data() + s * dr, p + lay.Wk, dMs, 1, dr, d, true);
      for (std::size_t e = 0; e < d; ++e) dout[(rows - 1) * d + e] += dMs[e];
    }
    backbone_backward(c, lay, p, grad, sg.aug, dout.data(), ws.dX.data(), ws);
    const T* dX = ws.dX.data();
    embed_backward(grad + lay.tok, tok, L, d, dX + (pr + sg.sens) * d);
    if (sg.sens) embed_backward(grad + lay.tok, tok - c.k, c.k, d, dX + pr * d);
    if (!ret) continue;
    for (std::size_t e = 0; e < d; ++e) dP[e] = dX[e] + dX[(rows - 1) * d + e];
    if (!sg.searched) {
      for (std::size_t e = 0; e < d; ++e) grad[lay.P0 + e] += dP[e];
      continue;
    }
    // P = Σ w_i M_i,  w = softmax(scores),  scores_i = q·K_i/√d_r
    dw.assign(sg.win, T(0));
    T dot = 0;
    for (std::size_t i = 0; i < sg.win; ++i) {
      const T* Mi = ws.M.data() + (sg.win0 + i) * d;
      T* dMi = ws.dM.data() + (sg.win0 + i) * d;
      T s_ = 0;
      for (std::size_t e = 0; e < d; ++e) {
        s_ += dP[e] * Mi[e];
        dMi[e] += sg.w[i] * dP[e];
      }
      dw[i] = s_;
      dot += s_ * sg.w[i];
    }
    std::fill(dq.begin(), dq.end(), T(0));
    for (std::size_t i = 0; i < sg.win; ++i) {
      T dscore = sg.w[i] * (dw[i] - dot);
      if (s == doc.question_segment && !daux.empty()) dscore += daux[i];
      const T* Ki = ws.K.data() + (sg.win0 + i) * dr;
      T* dKi = ws.dK.data() + (sg.win0 + i) * dr;
      for (std::size_t e = 0; e < dr; ++e) {
        dq[e] += dscore * inv_sqrt_dr * Ki[e];
        dKi[e] += dscore * inv_sqrt_dr * sg.q[e];
      }
    }
    // q = S_n·W_q, S_n = summary pass output j + 1
    const std::size_t j = c.j, n = j + 2;
    const T* Sn = sg.sum.out.data() + (j + 1) * d;
    mm_tn(Sn, dq.data(), grad + lay.Wq, d, 1, dr, true);
    dout.assign(n * d, T(0));
    mm_nt(dq.data(), p + lay.Wq, dout.data() + (j + 1) * d, 1, dr, d, false);
    backbone_backward(c, lay, p, grad, sg.sum, dout.data(), ws.dX.data(), ws);
    for (std::size_t e = 0; e < d; ++e) grad[lay.T + e] += dX[e] + dX[(j + 1) * d + e];
    embed_backward(grad + lay.tok, tok, j, d, dX + d);
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
    for (std::size_t i = 0; i < s.rows * s.cols; ++i) p[s.offset + i] = stdv * r.normal();
  }
  return p;
}

}  // namespace lml::train
