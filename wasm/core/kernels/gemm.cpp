#include "gemm.hpp"

#include <algorithm>
#include <cstring>

namespace lml::kernels {
using simd::vf;
using simd::W;

namespace {
// The register tile: c[r][0, NR) (+)= sum_p A(r, p) * b[p*ldb + (0..NR)] for r < R, where
//   Tr = false: A(r, p) = a[r][p]          (rows of A)
//   Tr = true:  A(r, p) = a[0][p*lda + r]  (A stored transposed: the R values of step p are adjacent)
// R and NV are compile-time constants, so the accumulators stay in registers.
template <std::size_t R, bool Tr = false>
inline void micro(const float* const* a, std::size_t lda, const float* b, std::size_t ldb, std::size_t k,
                  float* const* c, bool accumulate) {
  vf acc[R][NV];
  for (std::size_t r = 0; r < R; ++r)
    for (std::size_t v = 0; v < NV; ++v) acc[r][v] = accumulate ? vf::load_unaligned(c[r] + v * W) : vf(0.f);
  for (std::size_t p = 0; p < k; ++p) {
    const float* bp = b + p * ldb;
    vf bv[NV];
    for (std::size_t v = 0; v < NV; ++v) bv[v] = vf::load_unaligned(bp + v * W);
    for (std::size_t r = 0; r < R; ++r) {
      const vf s(Tr ? a[0][p * lda + r] : a[r][p]);
      for (std::size_t v = 0; v < NV; ++v) acc[r][v] = simd::madd(s, bv[v], acc[r][v]);
    }
  }
  for (std::size_t r = 0; r < R; ++r)
    for (std::size_t v = 0; v < NV; ++v) acc[r][v].store_unaligned(c[r] + v * W);
}

// Rows [i, i + R) of C's panel at columns j0 .. j0 + w: the tile into t, then
// C = (accumulate ? C : 0) + alpha * t. Tr: A holds the transpose ([k, m]).
// Packed: the panel's rows are NR floats apart (a compile-time stride; the 4-lane
// builds measured about 5% slower with it passed at run time), else ldb apart.
template <std::size_t R, bool Tr, bool Packed>
inline void tile(ConstView A, std::size_t i, const float* panel, std::size_t ldb, std::size_t k, View C,
                 std::size_t j0, std::size_t w, float alpha, bool accumulate) {
  alignas(64) float t[R][NR];
  const float* a[R];
  float* c[R];
  for (std::size_t r = 0; r < R; ++r) a[r] = Tr ? A.data + i : A.row(i + r), c[r] = t[r];
  const bool direct = w == NR && alpha == 1.f;  // write C in place: no temporary
  if (direct)
    for (std::size_t r = 0; r < R; ++r) c[r] = C.row(i + r) + j0;
  micro<R, Tr>(a, A.stride, panel, Packed ? NR : ldb, k, c, direct && accumulate);
  if (direct) return;
  for (std::size_t r = 0; r < R; ++r) {
    float* cr = C.row(i + r) + j0;
    for (std::size_t jj = 0; jj < w; ++jj) cr[jj] = (accumulate ? cr[jj] : 0.f) + alpha * t[r][jj];
  }
}

template <std::size_t R, bool Tr, bool Packed>
void rows_tile(ConstView A, std::size_t i, std::size_t rows, const float* panel, std::size_t ldb, std::size_t k,
               View C, std::size_t j0, std::size_t w, float alpha, bool accumulate) {
  if constexpr (R == 0) {
    (void)A, (void)i, (void)rows, (void)panel, (void)ldb, (void)k, (void)C, (void)j0, (void)w, (void)alpha,
        (void)accumulate;
  } else {
    if (rows == R) return tile<R, Tr, Packed>(A, i, panel, ldb, k, C, j0, w, alpha, accumulate);
    rows_tile<R - 1, Tr, Packed>(A, i, rows, panel, ldb, k, C, j0, w, alpha, accumulate);
  }
}
}  // namespace

void micro_2xNR(const float* a0, const float* a1, const float* b, std::size_t ldb, std::size_t k,
                float* c0, float* c1, bool accumulate) noexcept {
  const float* a[2] = {a0, a1};
  float* c[2] = {c0, c1};
  micro<2>(a, 0, b, ldb, k, c, accumulate);
}

namespace {
template <std::size_t R>
void micro_rows_any(const float* const* a, const float* b, std::size_t ldb, std::size_t k, float* const* c,
                    std::size_t rows, bool accumulate) {
  if constexpr (R == 0) {
    (void)a, (void)b, (void)ldb, (void)k, (void)c, (void)rows, (void)accumulate;
  } else {
    if (rows == R) return micro<R>(a, 0, b, ldb, k, c, accumulate);
    micro_rows_any<R - 1>(a, b, ldb, k, c, rows, accumulate);
  }
}
}  // namespace

void micro_rows(const float* const* a, const float* b, std::size_t ldb, std::size_t k, float* const* c,
                std::size_t rows, bool accumulate) noexcept {
  micro_rows_any<MR>(a, b, ldb, k, c, rows, accumulate);
}

void pack_nt(ConstView B, float* dst) noexcept {
  const std::size_t n = B.rows, k = B.cols;
  for (std::size_t p = 0; p < panels(n); ++p) {
    float* panel = dst + p * k * NR;
    for (std::size_t jj = 0; jj < NR; ++jj) {
      const std::size_t j = p * NR + jj;
      if (j < n) {
        const float* row = B.row(j);
        for (std::size_t c = 0; c < k; ++c) panel[c * NR + jj] = row[c];
      } else {
        for (std::size_t c = 0; c < k; ++c) panel[c * NR + jj] = 0.f;
      }
    }
  }
}

void pack_nn(ConstView B, float* dst) noexcept {
  const std::size_t k = B.rows, n = B.cols;
  for (std::size_t p = 0; p < panels(n); ++p) {
    float* panel = dst + p * k * NR;
    const std::size_t j0 = p * NR, w = std::min(NR, n - j0);
    for (std::size_t c = 0; c < k; ++c) {
      std::memcpy(panel + c * NR, B.row(c) + j0, w * sizeof(float));
      std::fill(panel + c * NR + w, panel + (c + 1) * NR, 0.f);
    }
  }
}

namespace {
// B's column panels: panel p starts at data + p·step, its rows ldb floats apart.
//   packed (pack_nt/pack_nn): step = k·NR, ldb = NR
//   read in place (row-major [k, n], n a multiple of NR): step = NR, ldb = B's row stride
struct Panels {
  const float* data;
  std::size_t step, ldb;
};

// Loop order, by instruction set (the sums run in the same order either way, so
// the results are the same bits):
//   8 lanes (native, MR = 6): row blocks outer, panels inner. A block's A rows (or,
//     transposed, its column strip) stay in L1 across every panel and C is written
//     block by block; before a block runs, the next block's A rows and C rows are
//     prefetched — in training they are often activations written long before
//     (cold), and the prefetch lets the block's arithmetic overlap their loads.
//   4 lanes (WebAssembly, MR = 2): panels outer, row tiles inner. With 2-row tiles a
//     row-outer order would stream all of B through L1 once per 2 rows; panel-outer
//     keeps the panel (k × NR floats) in L1 while A streams once per panel.
template <bool Tr, bool Packed>
void gemm_any(ConstView A, std::size_t m, std::size_t k, Panels B, View C, float alpha, bool accumulate) {
  const std::size_t n = C.cols;
  auto block = [&](std::size_t i, std::size_t p) {
    const std::size_t j0 = p * NR, w = std::min(NR, n - j0);
    rows_tile<MR, Tr, Packed>(A, i, std::min(MR, m - i), B.data + p * B.step, B.ldb, k, C, j0, w, alpha, accumulate);
  };
  if constexpr (W >= 8) {
    constexpr std::size_t kLine = 64 / sizeof(float);
    for (std::size_t i = 0; i < m; i += MR) {
      const std::size_t i1 = i + MR, rows1 = i1 < m ? std::min(MR, m - i1) : 0;
      for (std::size_t r = 0; r < rows1; ++r) {
        if (!Tr)
          for (std::size_t c = 0; c < k; c += kLine) __builtin_prefetch(A.row(i1 + r) + c, 0, 3);
        for (std::size_t c = 0; c < n; c += kLine) __builtin_prefetch(C.row(i1 + r) + c, 1, 3);
      }
      for (std::size_t p = 0; p < panels(n); ++p) block(i, p);
    }
  } else {
    for (std::size_t p = 0; p < panels(n); ++p)
      for (std::size_t i = 0; i < m; i += MR) block(i, p);
  }
}
}  // namespace

void gemm_packed(ConstView A, const float* packed, View C, float alpha, bool accumulate) noexcept {
  gemm_any<false, true>(A, A.rows, A.cols, Panels{packed, A.cols * NR, NR}, C, alpha, accumulate);
}

void gemm_packed_tn(ConstView At, const float* packed, View C, float alpha, bool accumulate) noexcept {
  gemm_any<true, true>(At, At.cols, At.rows, Panels{packed, At.rows * NR, NR}, C, alpha, accumulate);
}

static void require_inplace(ConstView B, std::size_t k, View C, const char* op) {
  require(B.rows == k && B.cols == C.cols && B.cols % NR == 0, op, ": B must be ", shape_str(k, C.cols),
          " with a multiple of ", NR, " columns, got ", shape_str(B.rows, B.cols));
}

void gemm_inplace(ConstView A, ConstView B, View C, float alpha, bool accumulate) {
  require_inplace(B, A.cols, C, "gemm_inplace");
  gemm_any<false, false>(A, A.rows, A.cols, Panels{B.data, NR, B.stride}, C, alpha, accumulate);
}

void gemm_inplace_tn(ConstView At, ConstView B, View C, float alpha, bool accumulate) {
  require_inplace(B, At.rows, C, "gemm_inplace_tn");
  gemm_any<true, false>(At, At.cols, At.rows, Panels{B.data, NR, B.stride}, C, alpha, accumulate);
}

static void require_out(ConstView A, std::size_t n, View C, const char* op) {
  require(C.rows == A.rows && C.cols == n, op, ": output must be ", shape_str(A.rows, n),
          ", got ", shape_str(C.rows, C.cols));
}

void matmul_nt(ConstView A, ConstView B, View C, float alpha) {
  require(A.cols == B.cols, "matmul_nt: A is ", shape_str(A.rows, A.cols), " and B is ",
          shape_str(B.rows, B.cols), "; A·Bᵀ needs equal column counts");
  require_out(A, B.rows, C, "matmul_nt");
  AlignedBuffer packed(panels(B.rows) * B.cols * NR);
  pack_nt(B, packed.data());
  gemm_packed(A, packed.data(), C, alpha);
}

void matmul_nn(ConstView A, ConstView B, View C, float alpha) {
  require(A.cols == B.rows, "matmul_nn: A is ", shape_str(A.rows, A.cols), " and B is ",
          shape_str(B.rows, B.cols), "; A·B needs A's columns = B's rows");
  require_out(A, B.cols, C, "matmul_nn");
  AlignedBuffer packed(panels(B.cols) * B.rows * NR);
  pack_nn(B, packed.data());
  gemm_packed(A, packed.data(), C, alpha);
}

}  // namespace lml::kernels
