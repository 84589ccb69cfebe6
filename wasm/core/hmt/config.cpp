#include "config.hpp"

#include "../error.hpp"

namespace lml::hmt {

void HmtConfig::validate() const {
  require(segment_len >= 1 && segment_len <= kMaxSegmentLen, "HMT: segment length L must be in [1, ", kMaxSegmentLen,
          "], got ", segment_len);
  require(summary_len >= 1, "HMT: summary length j must be >= 1, got ", summary_len);
  require(summary_len <= segment_len, "HMT: summary length j = ", summary_len, " is larger than the segment length L = ",
          segment_len, " (the summary reads H_n[0, j), so j <= L)");
  require(sensory_len < segment_len, "HMT: sensory length k = ", sensory_len,
          " must be smaller than the segment length L = ", segment_len,
          " (the sensory memory is the last k tokens of the previous segment)");
  require(!retrieval || cache_size >= 1,
          "HMT: cache size N = 0 with retrieval on: the memory search needs at least one cached memory (N >= 1), "
          "or turn retrieval off");
  require(cache_size <= kMaxCacheSize, "HMT: cache size N must be <= ", kMaxCacheSize, ", got ", cache_size);
  require(trace_limit >= 1 && trace_limit <= kMaxTraceLimit, "HMT: traceLimit must be in [1, ", kMaxTraceLimit,
          "], got ", trace_limit);
  require(!retrieval || trace_limit * cache_size <= (std::size_t(1) << 24), "HMT: traceLimit × N = ",
          trace_limit * cache_size, " retrieval weights would be kept; keep it <= 16777216");
}

}  // namespace lml::hmt
