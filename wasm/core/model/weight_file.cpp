#include "weight_file.hpp"

#include <cmath>
#include <cstdio>
#include <cstring>

namespace lml::model {
namespace {

constexpr char kMagic[4] = {'L', 'M', 'L', 'W'};

bool little_endian() {
  const std::uint32_t one = 1;
  std::uint8_t b;
  std::memcpy(&b, &one, 1);
  return b == 1;
}

void put_u32(std::uint8_t* out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out[i] = std::uint8_t(v >> (8 * i));
}

std::uint32_t get_u32(const std::uint8_t* p) {
  return std::uint32_t(p[0]) | std::uint32_t(p[1]) << 8 | std::uint32_t(p[2]) << 16 | std::uint32_t(p[3]) << 24;
}

std::string checksum_text(std::uint32_t c) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "fnv1a32:%08x", unsigned(c));
  return buf;
}

std::size_t shape_dim(const json::Value& v, const std::string& name, int i) {
  require(v.is(json::Value::Kind::Number) && v.number >= 1 && v.number == std::floor(v.number) &&
              v.number <= double(kMaxElements),
          "weight file: tensor '", name, "' has a bad shape[", i, "]");
  return std::size_t(v.number);
}

}  // namespace

std::uint32_t fnv1a32(const std::uint8_t* bytes, std::size_t size) {
  std::uint32_t h = 2166136261u;
  for (std::size_t i = 0; i < size; ++i) {
    h ^= bytes[i];
    h *= 16777619u;
  }
  return h;
}

std::vector<std::uint8_t> write_weight_file(const std::string& config_json, const ParamSet& params) {
  require(little_endian(), "weight files are little-endian; this machine is not");
  const std::size_t floats = params.total_floats();
  std::vector<std::uint8_t> data(floats * sizeof(float));
  std::size_t off = 0;
  for (const auto& it : params.items()) {
    std::memcpy(data.data() + off, it.value.data(), it.value.size() * sizeof(float));
    off += it.value.size() * sizeof(float);
  }
  std::string header = "{\"format\":\"lml-weights\",\"version\":" + std::to_string(kWeightFileVersion) +
                       ",\"config\":" + config_json + ",\"tensors\":[";
  for (std::size_t i = 0; i < params.items().size(); ++i) {
    const auto& it = params.items()[i];
    header += (i ? ",{\"name\":" : "{\"name\":") + json::quote(it.name) + ",\"shape\":[" +
              std::to_string(it.value.rows()) + "," + std::to_string(it.value.cols()) + "]}";
  }
  header += "],\"floats\":" + std::to_string(floats) + ",\"checksum\":\"" +
            checksum_text(fnv1a32(data.data(), data.size())) + "\"}";
  while (header.size() % 4) header += ' ';

  std::vector<std::uint8_t> out(12 + header.size() + data.size());
  std::memcpy(out.data(), kMagic, 4);
  put_u32(out.data() + 4, kWeightFileVersion);
  put_u32(out.data() + 8, std::uint32_t(header.size()));
  std::memcpy(out.data() + 12, header.data(), header.size());
  if (!data.empty()) std::memcpy(out.data() + 12 + header.size(), data.data(), data.size());
  return out;
}

WeightFile read_weight_file(const std::uint8_t* bytes, std::size_t size) {
  require(little_endian(), "weight files are little-endian; this machine is not");
  require(size >= 12, "weight file: ", size, " bytes is too short to be a weight file (the fixed prefix alone is 12)");
  require(std::memcmp(bytes, kMagic, 4) == 0, "weight file: bad magic (expected \"LMLW\"); this is not a weight file");
  const std::uint32_t version = get_u32(bytes + 4);
  require(version == kWeightFileVersion, "weight file: format version ", version, " is not supported (expected ",
          kWeightFileVersion, ")");
  const std::uint32_t hlen = get_u32(bytes + 8);
  require(hlen <= size - 12, "weight file: truncated: the header claims ", hlen, " bytes but only ", size - 12,
          " follow");
  json::Value h = json::parse(reinterpret_cast<const char*>(bytes + 12), hlen);
  require(h.is(json::Value::Kind::Object), "weight file: the header is not a JSON object");
  const json::Value* fmt = h.find("format");
  require(fmt && fmt->is(json::Value::Kind::String) && fmt->string == "lml-weights",
          "weight file: header \"format\" must be \"lml-weights\"");
  const json::Value* cfg = h.find("config");
  require(cfg && cfg->is(json::Value::Kind::Object), "weight file: header has no \"config\" object");
  const json::Value* tensors = h.find("tensors");
  require(tensors && tensors->is(json::Value::Kind::Array), "weight file: header has no \"tensors\" array");
  const json::Value* floats = h.find("floats");
  require(floats && floats->is(json::Value::Kind::Number) && floats->number >= 0 &&
              floats->number == std::floor(floats->number),
          "weight file: header has no valid \"floats\" count");
  const json::Value* sum = h.find("checksum");
  require(sum && sum->is(json::Value::Kind::String), "weight file: header has no \"checksum\"");

  // Sizes first: a truncated file is reported as such, before any allocation.
  std::size_t total = 0;
  for (const auto& t : tensors->array) {
    const json::Value* name = t.find("name");
    const json::Value* shape = t.find("shape");
    require(name && name->is(json::Value::Kind::String), "weight file: a tensor entry has no \"name\"");
    require(shape && shape->is(json::Value::Kind::Array) && shape->array.size() == 2, "weight file: tensor '",
            name->string, "' needs \"shape\": [rows, cols]");
    const std::size_t r = shape_dim(shape->array[0], name->string, 0), c = shape_dim(shape->array[1], name->string, 1);
    require(r <= kMaxElements / c, "weight file: tensor '", name->string, "' is too large");
    total += r * c;
    require(total <= kMaxElements, "weight file: more than ", kMaxElements, " floats in total");
  }
  require(double(total) == floats->number, "weight file: the tensors hold ", total, " floats but the header says ",
          floats->number);
  const std::size_t need = 12 + std::size_t(hlen) + total * sizeof(float);
  require(size >= need, "weight file: truncated: ", size, " bytes, expected ", need, " (", total, " floats after a ",
          hlen, "-byte header)");
  require(size == need, "weight file: ", size - need, " unexpected bytes after the data (expected ", need,
          " bytes in all)");
  const std::uint8_t* data = bytes + 12 + hlen;
  const std::string actual = checksum_text(fnv1a32(data, total * sizeof(float)));
  require(sum->string == actual, "weight file: checksum mismatch (header ", sum->string, ", data ", actual,
          "): the file is corrupt");

  WeightFile wf;
  wf.config = *cfg;
  std::size_t off = 0;
  for (const auto& t : tensors->array) {
    const std::string& name = t.find("name")->string;
    const std::size_t r = std::size_t(t.find("shape")->array[0].number), c = std::size_t(t.find("shape")->array[1].number);
    Tensor v(r, c);
    std::memcpy(v.data(), data + off, r * c * sizeof(float));
    off += r * c * sizeof(float);
    require_finite(v.data(), v.size(), ("weight file tensor '" + name + "'").c_str());
    wf.params.add(name, std::move(v));
  }
  return wf;
}

}  // namespace lml::model
