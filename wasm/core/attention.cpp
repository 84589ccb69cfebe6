#include "attention.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#ifdef __EMSCRIPTEN__
#include <emscripten/emscripten.h>
#else
#include <chrono>
#endif

#include "kernels/exp.hpp"
#include "kernels/gemm.hpp"
#include "kernels/softmax.hpp"

namespace lml {
using kernels::NR;
using simd::vf;
using simd::W;

static constexpr float kNegInf = -std::numeric_limits<float>::infinity();

namespace {
// Q and K with rotary positions applied (when o.rope > 0): query i at p_i, key j at j.
struct Rotated {
  Tensor q, k;
  ConstView Q, K;
  Rotated(ConstView Q0, ConstView K0, const AttentionOptions& o) : Q(Q0), K(K0) {
    if (o.rope <= 0.f) return;
    q = rotate_positions(Q0, query_offset(Q0.rows, K0.rows, o), o.rope);
    k = rotate_positions(K0, 0, o.rope);
    Q = q;
    K = k;
  }
};
}  // namespace

// logits = scores * scale / temperature − recency·(p_i − j) for j < p_i, then the causal mask.
static void finish_logits(View S, std::size_t d_k, const AttentionOptions& o) {
  kernels::scale_inplace(S, effective_scale(d_k, o) / o.temperature);
  const std::ptrdiff_t offset = query_offset(S.rows, S.cols, o);
  if (o.recency > 0.f) {
    for (std::size_t i = 0; i < S.rows; ++i)
      for (std::size_t j = 0; j < S.cols; ++j) {
        const std::ptrdiff_t dist = std::ptrdiff_t(i) + offset - std::ptrdiff_t(j);
        if (dist > 0) S(i, j) -= o.recency * float(dist);
      }
  }
  if (o.causal) kernels::causal_mask(S, offset);
}

AttentionTrace attention_trace(ConstView Q0, ConstView K0, ConstView V, const AttentionOptions& o) {
  check_attention_inputs(Q0, K0, V, o);
  const Rotated rot(Q0, K0, o);
  const ConstView Q = rot.Q, K = rot.K;
  AttentionTrace t;
  t.scale = effective_scale(Q.cols, o);
  t.scores = Tensor(Q.rows, K.rows);
  kernels::matmul_nt(Q, K, t.scores.view());
  t.logits = Tensor::from(t.scores.data(), Q.rows, K.rows);
  finish_logits(t.logits.view(), Q.cols, o);
  t.weights = Tensor::from(t.logits.data(), Q.rows, K.rows);
  kernels::softmax_rows(t.weights.view());
  t.out = Tensor(Q.rows, V.cols);
  kernels::matmul_nn(t.weights, V, t.out.view());
  return t;
}

AttentionResult attention(ConstView Q0, ConstView K0, ConstView V, const AttentionOptions& o) {
  check_attention_inputs(Q0, K0, V, o);
  const Rotated rot(Q0, K0, o);
  const ConstView Q = rot.Q, K = rot.K;
  AttentionResult r;
  r.weights = Tensor(Q.rows, K.rows);
  kernels::matmul_nt(Q, K, r.weights.view());
  finish_logits(r.weights.view(), Q.cols, o);
  kernels::softmax_rows(r.weights.view());
  r.out = Tensor(Q.rows, V.cols);
  kernels::matmul_nn(r.weights, V, r.out.view());
  return r;
}

// ---------------------------------------------------------------------------
// Tiled attention with an online softmax (never materialises n_q × n_k).
// Per block of MB = 16 query rows and per tile of KB keys:
//   S[MB, KB] = Qb · Ktileᵀ        (Qb pre-multiplied by scale/temperature·log2 e)
//   m' = max(m, rowmax S);  O *= 2^(m − m');  l *= 2^(m − m')
//   P = 2^(S − m');  l += rowsum P;  O += P · Vtile
// and finally out = O / l. Both products run on the GEMM's MR × NR register tile.
// Working memory: packed K (n_k·d_k), V padded to whole panels (n_k·d_v rounded up
// to NR; none when d_v is a multiple of NR: P·V then reads V in place), and
// O(MB·(KB + d)) per block; buffers up to a fixed size are kept between calls.
namespace {
constexpr std::size_t MB = 16;
constexpr std::size_t KB = 256;
static_assert(KB % NR == 0 || NR > KB, "key tile must hold whole panels");
}  // namespace

double now_ms() {
#ifdef __EMSCRIPTEN__
  return emscripten_get_now();
#else
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
#endif
}

namespace {
// Adds the time since the previous lap to one phase (no clock without phases).
struct Laps {
  AttentionPhases* p;
  double last = p ? now_ms() : 0;
  void to(double AttentionPhases::*slot) {
    if (!p) return;
    const double t = now_ms();
    p->*slot += t - last;
    last = t;
  }
};
}  // namespace

namespace {
// Working buffers of attention_tiled. Calls as small as an HMT segment's (77 rows) would
// otherwise spend a good part of their time allocating and zero-filling them: each buffer
// is kept between calls at a fixed capacity and used whenever a call fits it; a larger
// call allocates its own for the call only, so the memory kept never grows past the caps.
struct TiledScratch {
  AlignedBuffer kpack, vpad, qb, s, acc;
};
TiledScratch& tiled_scratch() {
  static thread_local TiledScratch s;
  return s;
}
float* scratch(AlignedBuffer& kept, AlignedBuffer& own, std::size_t count, std::size_t cap) {
  if (count > cap) {
    own = AlignedBuffer(count);
    return own.data();
  }
  if (kept.size() == 0) kept = AlignedBuffer(cap);
  return kept.data();
}
constexpr std::size_t kKeepPanels = 16 * 1024;  // floats: packed K or padded V of n = 256, d = 64
constexpr std::size_t kKeepBlock = 16 * 256;    // floats: a block of queries or outputs, d <= 256
}  // namespace

Tensor attention_tiled(ConstView Q, ConstView K, ConstView V, const AttentionOptions& o,
                       AttentionPhases* phases) {
  Tensor out(Q.rows, V.cols);
  attention_tiled_into(Q, K, V, o, out.view(), phases);
  return out;
}

void attention_tiled_into(ConstView Q0, ConstView K0, ConstView V, const AttentionOptions& o, View out,
                          AttentionPhases* phases) {
  Laps lap{phases};
  check_attention_inputs(Q0, K0, V, o);
  require(o.recency == 0.f, "attention_tiled: recency bias is only available in attention()");
  require(out.rows == Q0.rows && out.cols == V.cols, "attention_tiled: the output must be ",
          shape_str(Q0.rows, V.cols), ", got ", shape_str(out.rows, out.cols));
  const Rotated rot(Q0, K0, o);
  const ConstView Q = rot.Q, K = rot.K;
  const std::size_t nq = Q.rows, nk = K.rows, dk = Q.cols, dv = V.cols;
  const std::size_t kb_tile = std::max(KB, NR);
  const std::size_t dv_pad = kernels::panels(dv) * NR;
  const std::ptrdiff_t offset = query_offset(nq, nk, o);
  const float qscale = effective_scale(dk, o) / o.temperature * 1.4426950408889634f;

  TiledScratch& ws = tiled_scratch();
  TiledScratch own;  // this call's buffers past the caps
  float* kpack = scratch(ws.kpack, own.kpack, kernels::panels(nk) * dk * NR, kKeepPanels);
  kernels::pack_nt(K, kpack);
  // P·V reads V in place when its rows are whole panels (d_v a multiple of NR), else a copy
  // padded with zeros to whole panels.
  const float* vdata = V.data;
  std::size_t ldv = V.stride;
  if (dv != dv_pad) {
    float* vpad = scratch(ws.vpad, own.vpad, nk * dv_pad, kKeepPanels);
    for (std::size_t j = 0; j < nk; ++j) {
      std::copy(V.row(j), V.row(j) + dv, vpad + j * dv_pad);
      std::fill(vpad + j * dv_pad + dv, vpad + (j + 1) * dv_pad, 0.f);
    }
    vdata = vpad;
    ldv = dv_pad;
  }
  float* qb = scratch(ws.qb, own.qb, MB * dk, kKeepBlock);
  float* s = scratch(ws.s, own.s, MB * kb_tile, MB * KB);
  float* acc = scratch(ws.acc, own.acc, MB * dv_pad, kKeepBlock);
  float m[MB], l[MB];
  const kernels::Exp2Consts ek;
  lap.to(&AttentionPhases::pack);

  // Row pointers of the register tile (MR rows: kernels/gemm.hpp) at row r of a block.
  const float* a[kernels::MR];
  float* c[kernels::MR];
  for (std::size_t i0 = 0; i0 < nq; i0 += MB) {
    const std::size_t mb = std::min(MB, nq - i0);
    for (std::size_t r = 0; r < mb; ++r)
      for (std::size_t cc = 0; cc < dk; ++cc) qb[r * dk + cc] = Q(i0 + r, cc) * qscale;
    std::fill(acc, acc + mb * dv_pad, 0.f);
    std::fill(m, m + MB, kNegInf);
    std::fill(l, l + MB, 0.f);

    // Keys this block can see: all, or up to the last row's diagonal.
    std::size_t key_end = nk;
    if (o.causal) key_end = std::size_t(std::min<std::ptrdiff_t>(nk, std::ptrdiff_t(i0 + mb) + offset));
    lap.to(&AttentionPhases::rows);

    for (std::size_t j0 = 0; j0 < key_end; j0 += kb_tile) {
      const std::size_t kb = std::min(kb_tile, key_end - j0);
      const std::size_t np = kernels::panels(kb);
      const std::size_t kbp = np * NR;
      // S = Qb · Ktileᵀ, one MR × NR tile at a time.
      for (std::size_t p = 0; p < np; ++p) {
        const float* panel = kpack + (j0 / NR + p) * dk * NR;
        for (std::size_t r = 0; r < mb; r += kernels::MR) {
          const std::size_t rows = std::min(kernels::MR, mb - r);
          for (std::size_t t = 0; t < rows; ++t) a[t] = qb + (r + t) * dk, c[t] = s + (r + t) * kbp + p * NR;
          kernels::micro_rows(a, panel, NR, dk, c, rows, false);
        }
      }
      lap.to(&AttentionPhases::qk);
      // Online softmax per row.
      for (std::size_t r = 0; r < mb; ++r) {
        float* srow = s + r * kbp;
        std::size_t valid = kb;  // columns [valid, kbp) are padding or masked
        if (o.causal) {
          const std::ptrdiff_t last = std::ptrdiff_t(i0 + r) + offset - std::ptrdiff_t(j0);  // last visible col
          valid = last < 0 ? 0 : std::min<std::size_t>(kb, std::size_t(last) + 1);
        }
        if (valid == 0) {  // row sees no key of this tile: contributes nothing
          std::fill(srow, srow + kbp, 0.f);
          continue;
        }
        std::fill(srow + valid, srow + kbp, kNegInf);
        vf vmax(kNegInf);
        for (std::size_t j = 0; j < kbp; j += W) vmax = xsimd::max(vmax, vf::load_unaligned(srow + j));
        const float mnew = std::max(m[r], xsimd::reduce_max(vmax));
        const bool first = m[r] == kNegInf;  // no key seen yet: acc and l are still zero
        const float corr = first ? 0.f : kernels::exp2_s(m[r] - mnew);
        m[r] = mnew;
        const vf vm(mnew);
        vf vsum(0.f);
        for (std::size_t j = 0; j < kbp; j += W) {
          const vf e = kernels::exp2_v(vf::load_unaligned(srow + j) - vm, ek);
          e.store_unaligned(srow + j);
          vsum += e;
        }
        l[r] = l[r] * corr + xsimd::reduce_add(vsum);
        // A row's first visible tile finds acc still zero: nothing to rescale (with
        // n_k <= KB, as in an HMT segment, that is every row's only tile).
        if (!first && corr != 1.f) {
          const vf vc(corr);
          float* arow = acc + r * dv_pad;
          for (std::size_t cc = 0; cc < dv_pad; cc += W) (vf::load_unaligned(arow + cc) * vc).store_unaligned(arow + cc);
        }
      }
      lap.to(&AttentionPhases::softmax);
      // acc += P · Vtile (rows of fully masked P are zero).
      for (std::size_t r = 0; r < mb; r += kernels::MR) {
        const std::size_t rows = std::min(kernels::MR, mb - r);
        for (std::size_t c0 = 0; c0 < dv_pad; c0 += NR) {
          for (std::size_t t = 0; t < rows; ++t) a[t] = s + (r + t) * kbp, c[t] = acc + (r + t) * dv_pad + c0;
          kernels::micro_rows(a, vdata + j0 * ldv + c0, ldv, kb, c, rows, true);
        }
      }
      lap.to(&AttentionPhases::pv);
    }
    for (std::size_t r = 0; r < mb; ++r) {
      const float inv = 1.f / l[r];
      float* orow = out.row(i0 + r);
      for (std::size_t cc = 0; cc < dv; ++cc) orow[cc] = acc[r * dv_pad + cc] * inv;
    }
    lap.to(&AttentionPhases::rows);
  }
}

}  // namespace lml
