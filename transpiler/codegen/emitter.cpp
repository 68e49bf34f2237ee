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
  // Every line of a function maps to the script line of the form it belongs to: without
  // a directive the compiler would number the following lines N+1, N+2… (gdb would stop
  // at script lines in the wrong places).
  if (!want_file_.empty() && (want_file_ != mapped_file_ || want_line_ != mapped_line_)) {
    // The file name only when it changes: `#line N` keeps the current one.
    if (want_file_ == mapped_file_) raw("#line " + std::to_string(want_line_) + "\n");
    else raw("#line " + std::to_string(want_line_) + " " + cpp_string_literal(want_file_) + "\n");
    mapped_file_ = want_file_;
    mapped_line_ = want_line_;
  }
  // Past max_indent levels the text stops moving right: deep nesting must not make
  // the output grow with the square of the depth.
  raw(std::string(size_t(indent_ < max_indent ? indent_ : max_indent) * 2, ' ') + text + "\n");
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
  want_file_ = file;
  want_line_ = l;
}

void Emitter::generated_lines() {
  want_file_.clear();
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

void Emitter::insert_line(size_t at, const std::string& text) {
  out_.insert(at, text + "\n");
  ++out_line_;
}

}  // namespace l2dc
