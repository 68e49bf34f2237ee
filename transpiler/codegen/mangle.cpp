// Mangling Lisp2D names into C++ identifiers, and C++ literal escaping.
#include "mangle.hpp"

#include <cstdio>

namespace l2dc {

std::string mangle(std::string_view name) {
  std::string out;
  for (size_t i = 0; i < name.size(); ++i) {
    unsigned char c = name[i];
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      out += char(c);
    } else if (c == '-' && !(i + 1 < name.size() && name[i + 1] == 'x')) {
      out += '_';
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "_x%02X_", c);
      out += buf;
    }
  }
  if (out.empty()) out = "_x_";  // not `_`, which is `-`
  return out;
}

std::string NameRegistry::unique(const std::string& base, const std::vector<const char*>& derived) {
  int& n = next_[base];
  for (;;) {
    std::string name = n ? base + "_" + std::to_string(n + 1) : base;
    ++n;
    bool free = !used_.count(name);
    for (const char* d : derived) free = free && !used_.count(name + d);
    if (!free) continue;
    used_.insert(name);
    for (const char* d : derived) used_.insert(name + d);
    return name;
  }
}

std::string cpp_string_literal(std::string_view bytes) {
  std::string out = "\"";
  bool last_was_escape = false;
  for (unsigned char c : bytes) {
    bool hex_digit = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (c == '"' || c == '\\') {
      out += '\\';
      out += char(c);
      last_was_escape = false;
    } else if (c >= 32 && c < 127 && c != '?' && !(last_was_escape && hex_digit)) {
      out += char(c);
      last_was_escape = false;
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\%03o", c);  // octal: at most three digits, never runs on
      out += buf;
      last_was_escape = false;
    }
  }
  out += '"';
  return out;
}

std::string comment_text(std::string_view text, size_t max) {
  std::string out;
  for (unsigned char c : text) {
    if (out.size() >= max) {
      out += "...";
      break;
    }
    if (c == '\n' || c == '\r' || c == '\t') out += ' ';
    else if (c < 32 || c == 127) out += '?';
    else out += char(c);
  }
  while (!out.empty() && (out.back() == '\\' || out.back() == ' ')) out.pop_back();
  // "*/" cannot end a // comment, but keep trigraph-like "??" harmless anyway.
  return out;
}

}  // namespace l2dc
