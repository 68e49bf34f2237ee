// Source files and the one diagnostic printer: `file:line:col: error: message`, the
// source line, and a caret under the column.
#include "l2d/source.hpp"

#include <algorithm>
#include <cstdio>

#include "l2d/string.hpp"

namespace l2d {

SourceFile::SourceFile(std::string name, std::string text) : name_(std::move(name)), text_(std::move(text)) {
  line_starts_.push_back(0);
  for (size_t i = 0; i < text_.size(); ++i)
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
}

namespace {
// A byte-order mark is skipped by the reader (spec 1.1): it is no column of line 1.
bool starts_with_bom(const std::string& text) { return text.compare(0, 3, "\xEF\xBB\xBF") == 0; }
}  // namespace

LineCol SourceFile::line_col(size_t offset) const {
  if (offset > text_.size()) offset = text_.size();
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  size_t line = size_t(it - line_starts_.begin());  // 1-based
  size_t start = line_starts_[line - 1];
  if (line == 1 && offset >= 3 && starts_with_bom(text_)) start = 3;
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
  if (line == 1 && starts_with_bom(text_)) s.remove_prefix(3);
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
// Characters a terminal may act on: C0 and C1 controls, DEL, and the bidirectional
// overrides and isolates that reorder what is shown ("Trojan source").
bool is_control(uint32_t c) {
  return c < 32 || (c >= 127 && c < 160) || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

// Shows control characters and invalid bytes of a source line harmlessly, one character
// for one (the caret stays in place): a tab as a space, the others as '?'.
std::string printable_line(const std::string& line) {
  std::string out;
  auto* p = reinterpret_cast<const unsigned char*>(line.data());
  auto* end = p + line.size();
  while (p < end) {
    bool bad = false;
    uint32_t c = decode_utf8(p, end, bad);
    if (c == '\t') out += ' ';
    else if (is_control(c)) out += '?';
    else append_utf8(out, c);  // a malformed sequence as U+FFFD
  }
  return out;
}

// The longest message a header shows, in characters; a longer one (a huge token or form
// quoted in it) loses its middle. File names are never cut.
constexpr size_t max_message = 300;

// Text for the one-line header `file:line:col: error: message`: it quotes the user's
// program (names, forms, strings), so control characters are escaped as in a string
// literal (\n \t \r \e, else \xHH or \uHHHH), malformed UTF-8 bytes as \xHH, and the
// result is valid UTF-8 on one line, with no sequence a terminal would act on.
std::string header_text(std::string_view text, size_t max_chars) {
  std::vector<std::string> shown;  // one entry per character of [text]
  auto* p = reinterpret_cast<const unsigned char*>(text.data());
  auto* end = p + text.size();
  while (p < end) {
    const unsigned char* at = p;
    bool bad = false;
    uint32_t c = decode_utf8(p, end, bad);
    char buf[16];
    if (bad) {
      for (; at < p; ++at) {
        std::snprintf(buf, sizeof buf, "\\x%02x", *at);
        shown.emplace_back(buf);
      }
      continue;
    }
    if (!is_control(c)) {
      shown.emplace_back(reinterpret_cast<const char*>(at), size_t(p - at));
      continue;
    }
    switch (c) {
      case '\n': shown.emplace_back("\\n"); break;
      case '\t': shown.emplace_back("\\t"); break;
      case '\r': shown.emplace_back("\\r"); break;
      case 27: shown.emplace_back("\\e"); break;
      default:
        std::snprintf(buf, sizeof buf, c < 256 ? "\\x%02x" : "\\u%04x", unsigned(c));
        shown.emplace_back(buf);
    }
  }
  std::string out;
  if (shown.size() <= max_chars) {
    for (const auto& s : shown) out += s;
    return out;
  }
  size_t head = max_chars * 2 / 3, tail = max_chars - head - 1;
  for (size_t i = 0; i < head; ++i) out += shown[i];
  out += "…";
  for (size_t i = shown.size() - tail; i < shown.size(); ++i) out += shown[i];
  return out;
}
}  // namespace

std::string render(const Diagnostic& d, const RenderOptions& opts) {
  const char* bold = opts.color ? "\033[1m" : "";
  const char* reset = opts.color ? "\033[0m" : "";
  std::string out;
  out += bold;
  out += d.file.empty() ? "l2dc" : header_text(d.file, SIZE_MAX);
  if (d.line) {
    out += ':' + std::to_string(d.line) + ':' + std::to_string(d.column);
  }
  out += ": ";
  out += reset;
  if (opts.color) out += severity_color(d.severity);
  out += severity_word(d.severity);
  out += ": ";
  out += reset;
  out += header_text(d.message, max_message);
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
  if (!d.detail.empty()) {
    size_t shown = 0, from = 0, lines = 0;
    while (from < d.detail.size()) {
      size_t end = d.detail.find('\n', from);
      if (end == std::string::npos) end = d.detail.size();
      if (shown < max_detail_lines) {
        out += "  ";
        out += printable_line(d.detail.substr(from, end - from));
        out += '\n';
        ++shown;
      }
      ++lines;
      from = end + 1;
    }
    if (lines > shown) out += "  … " + std::to_string(lines - shown) + " more lines\n";
  }
  return out;
}

}  // namespace l2d
