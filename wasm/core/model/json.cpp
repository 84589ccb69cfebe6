#include "json.hpp"

#include <cstdio>
#include <cstdlib>

#include "../error.hpp"

namespace lml::json {

const Value* Value::find(const std::string& key) const {
  if (kind != Kind::Object) return nullptr;
  for (const auto& kv : object)
    if (kv.first == key) return &kv.second;
  return nullptr;
}

namespace {

class Parser {
 public:
  Parser(const char* s, std::size_t n) : s_(s), n_(n) {}

  Value document() {
    Value v = value(0);
    skip_ws();
    if (p_ != n_) error("unexpected text after the JSON value");
    return v;
  }

 private:
  const char* s_;
  std::size_t n_, p_ = 0;

  [[noreturn]] void error(const char* what) const { fail("weight file header: invalid JSON at byte ", p_, ": ", what); }
  void skip_ws() {
    while (p_ < n_ && (s_[p_] == ' ' || s_[p_] == '\t' || s_[p_] == '\n' || s_[p_] == '\r')) ++p_;
  }
  char peek() const { return p_ < n_ ? s_[p_] : '\0'; }
  void expect(char c) {
    if (peek() != c) {
      char msg[32];
      std::snprintf(msg, sizeof msg, "expected '%c'", c);
      error(msg);
    }
    ++p_;
  }
  bool literal(const char* word) {
    std::size_t i = 0;
    while (word[i] && p_ + i < n_ && s_[p_ + i] == word[i]) ++i;
    if (word[i]) return false;
    p_ += i;
    return true;
  }

  Value value(int depth) {
    if (depth > 32) error("nested too deeply");
    skip_ws();
    Value v;
    const char c = peek();
    if (c == '{') {
      v.kind = Value::Kind::Object;
      ++p_;
      skip_ws();
      if (peek() == '}') { ++p_; return v; }
      for (;;) {
        skip_ws();
        std::string key = string();
        skip_ws();
        expect(':');
        v.object.emplace_back(std::move(key), value(depth + 1));
        skip_ws();
        if (peek() == ',') { ++p_; continue; }
        expect('}');
        return v;
      }
    }
    if (c == '[') {
      v.kind = Value::Kind::Array;
      ++p_;
      skip_ws();
      if (peek() == ']') { ++p_; return v; }
      for (;;) {
        v.array.push_back(value(depth + 1));
        skip_ws();
        if (peek() == ',') { ++p_; continue; }
        expect(']');
        return v;
      }
    }
    if (c == '"') {
      v.kind = Value::Kind::String;
      v.string = string();
      return v;
    }
    if (literal("true")) { v.kind = Value::Kind::Bool; v.boolean = true; return v; }
    if (literal("false")) { v.kind = Value::Kind::Bool; return v; }
    if (literal("null")) return v;
    if (c == '-' || (c >= '0' && c <= '9')) {
      std::size_t q = p_;
      while (q < n_ && (std::string("+-.eE").find(s_[q]) != std::string::npos || (s_[q] >= '0' && s_[q] <= '9'))) ++q;
      const std::string num(s_ + p_, q - p_);
      char* end = nullptr;
      v.kind = Value::Kind::Number;
      v.number = std::strtod(num.c_str(), &end);
      if (end != num.c_str() + num.size()) error("malformed number");
      p_ = q;
      return v;
    }
    error("expected a value");
  }

  static void utf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
      out += char(cp);
    } else if (cp < 0x800) {
      out += char(0xC0 | (cp >> 6));
      out += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += char(0xE0 | (cp >> 12));
      out += char(0x80 | ((cp >> 6) & 0x3F));
      out += char(0x80 | (cp & 0x3F));
    } else {
      out += char(0xF0 | (cp >> 18));
      out += char(0x80 | ((cp >> 12) & 0x3F));
      out += char(0x80 | ((cp >> 6) & 0x3F));
      out += char(0x80 | (cp & 0x3F));
    }
  }

  unsigned hex4() {
    if (p_ + 4 > n_) error("truncated \\u escape");
    unsigned cp = 0;
    for (int i = 0; i < 4; ++i) {
      const char h = s_[p_++];
      cp <<= 4;
      if (h >= '0' && h <= '9') cp |= unsigned(h - '0');
      else if (h >= 'a' && h <= 'f') cp |= unsigned(h - 'a' + 10);
      else if (h >= 'A' && h <= 'F') cp |= unsigned(h - 'A' + 10);
      else error("bad hex digit in \\u escape");
    }
    return cp;
  }

  std::string string() {
    expect('"');
    std::string out;
    for (;;) {
      if (p_ >= n_) error("unterminated string");
      const char c = s_[p_++];
      if (c == '"') return out;
      if (static_cast<unsigned char>(c) < 0x20) error("control character in string");
      if (c != '\\') { out += c; continue; }
      if (p_ >= n_) error("unterminated escape");
      const char e = s_[p_++];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          unsigned cp = hex4();
          if (cp >= 0xD800 && cp < 0xDC00 && p_ + 1 < n_ && s_[p_] == '\\' && s_[p_ + 1] == 'u') {
            p_ += 2;
            const unsigned lo = hex4();
            if (lo < 0xDC00 || lo >= 0xE000) error("bad surrogate pair");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          }
          utf8(out, cp);
          break;
        }
        default: error("unknown escape");
      }
    }
  }
};

}  // namespace

Value parse(const char* text, std::size_t length) { return Parser(text, length).document(); }

std::string quote(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", unsigned(c));
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

}  // namespace lml::json
