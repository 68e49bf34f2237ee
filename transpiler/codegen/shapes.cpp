// Markers and shapes of function bodies (shapes.hpp).
#include "shapes.hpp"

namespace l2dc {

std::string param_marker(ParamKind kind, int64_t value) {
  return std::string("\x01") + char(kind) + std::to_string(value) + "\x02";
}

Shape shape_of(const std::string& text) {
  Shape s;
  s.key.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    size_t end = text.find('\n', i);
    if (end == std::string::npos) end = text.size();
    // Where a body maps to the script is no part of its shape.
    if (text.compare(i, 5, "#line") != 0) {
      std::string line = replace_markers(text.substr(i, end - i), [&](ParamKind k, int64_t v, size_t) {
        s.args.push_back({k, v});
        return std::string("\x01") + char(k) + "\x02";
      });
      s.key += line;
      s.key += '\n';
    }
    i = end + 1;
  }
  return s;
}

std::string shared_param(ParamKind kind, size_t index) {
  std::string p = "P[" + std::to_string(index) + "]";
  switch (kind) {
    case ParamKind::constant: return "k[" + p + "]";
    case ParamKind::symbol: return "(*symbol_slots[" + p + "])";
    case ParamKind::fixnum: return "fix(" + p + ")";
    case ParamKind::cache: return "ic[" + p + "]";
    case ParamKind::form_index: return p;
  }
  return p;
}

}  // namespace l2dc
