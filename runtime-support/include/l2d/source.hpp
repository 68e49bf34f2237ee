// Source text and diagnostics: a diagnostic is a value (severity, position, message);
// phases append them to a list and carry on, and one printer renders them as
// `file:line:col: error: message`, the source line and a caret.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace l2d {

struct LineCol {
  uint32_t line;    // 1-based
  uint32_t column;  // 1-based, counted in characters (code points)
};

class SourceFile {
 public:
  SourceFile(std::string name, std::string text);
  const std::string& name() const { return name_; }
  const std::string& text() const { return text_; }
  LineCol line_col(size_t offset) const;
  std::string_view line_text(uint32_t line) const;  // without its newline

 private:
  std::string name_;
  std::string text_;
  std::vector<size_t> line_starts_;
};

enum class Severity { error, warning, note };

struct Diagnostic {
  Severity severity = Severity::error;
  std::string file;
  uint32_t line = 0;     // 0: no position (a whole-file or driver problem)
  uint32_t column = 0;
  std::string message;
  std::string source_line;
  // Lines shown under the header as they are (another tool's messages, such as the C++
  // compiler's), control characters made harmless; at most max_detail_lines of them.
  std::string detail;
};
constexpr size_t max_detail_lines = 60;

Diagnostic make_diagnostic(const SourceFile& src, size_t offset, Severity sev, std::string message);

struct RenderOptions {
  bool color = false;
};
// One diagnostic as text: the header line, then the source line and a caret.
std::string render(const Diagnostic& d, const RenderOptions& opts = {});

}  // namespace l2d
