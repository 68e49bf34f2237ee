// Filling @NAME@ placeholders: templates carry no logic, only holes.
#include <stdexcept>

#include "templates.hpp"

namespace l2dc::templates {

std::string fill(const std::string& text, const std::map<std::string, std::string>& values) {
  std::string out;
  out.reserve(text.size() * 2);
  size_t i = 0;
  while (i < text.size()) {
    size_t at = text.find('@', i);
    if (at == std::string::npos) {
      out.append(text, i, std::string::npos);
      break;
    }
    out.append(text, i, at - i);
    size_t end = text.find('@', at + 1);
    std::string key = end == std::string::npos ? "" : text.substr(at + 1, end - at - 1);
    bool is_key = !key.empty() && key.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789") == std::string::npos;
    if (!is_key) {
      out += '@';
      i = at + 1;
      continue;
    }
    auto it = values.find(key);
    if (it == values.end()) throw std::logic_error("internal: template placeholder @" + key + "@ has no value");
    out += it->second;
    i = end + 1;
  }
  return out;
}

}  // namespace l2dc::templates
