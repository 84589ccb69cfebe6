// A small JSON reader for weight-file headers (objects, arrays, strings,
// numbers, true/false/null; \uXXXX escapes become UTF-8). Malformed text throws
// lml::Error naming the byte offset. Nesting is limited to 32 levels.
#pragma once
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace lml::json {

struct Value {
  enum class Kind { Null, Bool, Number, String, Array, Object } kind = Kind::Null;
  bool boolean = false;
  double number = 0;
  std::string string;
  std::vector<Value> array;
  std::vector<std::pair<std::string, Value>> object;  // in file order

  // Member lookup (nullptr when absent or when this is not an object).
  const Value* find(const std::string& key) const;
  bool is(Kind k) const { return kind == k; }
};

Value parse(const char* text, std::size_t length);

// "text" with quotes, backslashes and control characters escaped.
std::string quote(const std::string& text);

}  // namespace lml::json
