// The emitter (emitter.hpp).
#include "emitter.hpp"

#include "mangle.hpp"

namespace l2dc {

void Emitter::raw(const std::string& s) {
  out_ += s;
  for (char c : s)
    if (c == '\n') ++out_line_;
}

void Emitter::line(const std::string& text) {
  raw(std::string(size_t(indent_) * 2, ' ') + text + "\n");
  if (!mapped_file_.empty()) ++mapped_line_;
}

void Emitter::open(const std::string& text) {
  line(text + (text.empty() ? "{" : " {"));
  ++indent_;
}

void Emitter::close(const std::string& suffix) {
  --indent_;
  line("}" + suffix);
}

void Emitter::source_line(const std::string& file, unsigned l) {
  if (file.empty() || l == 0) return;
  if (file == mapped_file_ && l == mapped_line_) return;
  raw("#line " + std::to_string(l) + " " + cpp_string_literal(file) + "\n");
  mapped_file_ = file;
  mapped_line_ = l;
}

void Emitter::generated_lines() {
  if (mapped_file_.empty()) return;
  mapped_file_.clear();
  // The line number in the final file is known only once the template is filled:
  // finish_line_markers() rewrites this marker.
  raw(std::string(line_marker) + "\n");
}

std::string finish_line_markers(const std::string& text, const std::string& cpp_name) {
  std::string out;
  out.reserve(text.size());
  unsigned line = 1;
  size_t i = 0;
  const std::string marker = line_marker;
  while (i < text.size()) {
    size_t end = text.find('\n', i);
    if (end == std::string::npos) end = text.size();
    if (text.compare(i, end - i, marker) == 0) {
      out += "#line " + std::to_string(line + 1) + " " + cpp_string_literal(cpp_name);
    } else {
      out.append(text, i, end - i);
    }
    if (end < text.size()) out += '\n';
    ++line;
    i = end + 1;
  }
  return out;
}

void Emitter::append(const std::string& other) { raw(other); }

}  // namespace l2dc
