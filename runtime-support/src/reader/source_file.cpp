// Source files and the one diagnostic printer: `file:line:col: error: message`, the
// source line, and a caret under the column.
#include "l2d/source.hpp"

#include <algorithm>

#include "l2d/string.hpp"

namespace l2d {

SourceFile::SourceFile(std::string name, std::string text) : name_(std::move(name)), text_(std::move(text)) {
  line_starts_.push_back(0);
  for (size_t i = 0; i < text_.size(); ++i)
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
}

LineCol SourceFile::line_col(size_t offset) const {
  if (offset > text_.size()) offset = text_.size();
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  size_t line = size_t(it - line_starts_.begin());  // 1-based
  size_t start = line_starts_[line - 1];
  uint32_t column = 1;
  for (size_t i = start; i < offset; ++i)
    if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++column;  // count code points
  return {uint32_t(line), column};
}

std::string_view SourceFile::line_text(uint32_t line) const {
  if (line == 0 || line > line_starts_.size()) return {};
  size_t start = line_starts_[line - 1];
  size_t end = line < line_starts_.size() ? line_starts_[line] - 1 : text_.size();
  std::string_view s(text_.data() + start, end - start);
  if (!s.empty() && s.back() == '\r') s.remove_suffix(1);
  return s;
}

Diagnostic make_diagnostic(const SourceFile& src, size_t offset, Severity sev, std::string message) {
  Diagnostic d;
  d.severity = sev;
  d.file = src.name();
  LineCol lc = src.line_col(offset);
  d.line = lc.line;
  d.column = lc.column;
  d.message = std::move(message);
  d.source_line = std::string(src.line_text(lc.line));
  return d;
}

namespace {
const char* severity_word(Severity s) {
  switch (s) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::note: return "note";
  }
  return "error";
}
const char* severity_color(Severity s) {
  switch (s) {
    case Severity::error: return "\033[1;31m";
    case Severity::warning: return "\033[1;35m";
    case Severity::note: return "\033[1;36m";
  }
  return "";
}
// Shows control characters and invalid bytes of a source line harmlessly.
std::string printable_line(const std::string& line) {
  std::string out;
  for (unsigned char c : line) {
    if (c == '\t') out += ' ';
    else if (c < 32 || c == 127) out += '?';
    else out += char(c);
  }
  if (!valid_utf8(out)) {
    std::string clean;
    auto* p = reinterpret_cast<const unsigned char*>(out.data());
    auto* end = p + out.size();
    bool bad = false;
    while (p < end) append_utf8(clean, decode_utf8(p, end, bad));
    out = clean;
  }
  return out;
}
}  // namespace

std::string render(const Diagnostic& d, const RenderOptions& opts) {
  const char* bold = opts.color ? "\033[1m" : "";
  const char* reset = opts.color ? "\033[0m" : "";
  std::string out;
  out += bold;
  out += d.file.empty() ? "l2dc" : d.file;
  if (d.line) {
    out += ':' + std::to_string(d.line) + ':' + std::to_string(d.column);
  }
  out += ": ";
  out += reset;
  if (opts.color) out += severity_color(d.severity);
  out += severity_word(d.severity);
  out += ": ";
  out += reset;
  out += d.message;
  out += '\n';
  if (d.line) {
    std::string line = printable_line(d.source_line);
    // Very long lines (minified or binary input) are cut around the caret.
    size_t col = d.column ? d.column - 1 : 0;
    std::u32string chars;
    {
      auto* p = reinterpret_cast<const unsigned char*>(line.data());
      auto* end = p + line.size();
      bool bad = false;
      while (p < end) chars += char32_t(decode_utf8(p, end, bad));
    }
    size_t from = 0;
    if (chars.size() > 200) {
      from = col > 80 ? col - 80 : 0;
      chars = chars.substr(from, 160);
    }
    std::string shown;
    for (char32_t c : chars) append_utf8(shown, uint32_t(c));
    out += "  ";
    out += shown;
    out += "\n  ";
    out += std::string(col - from, ' ');
    if (opts.color) out += "\033[1;32m";
    out += '^';
    out += reset;
    out += '\n';
  }
  return out;
}

}  // namespace l2d
