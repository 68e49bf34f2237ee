// The one writer of generated text: it owns indentation, and the `#line` directives
// that map each statement back to its line in the script (and the C++ lines between
// forms back to the generated file). Generator code never builds text elsewhere.
#pragma once

#include <string>

namespace l2dc {

// Stands for "#line <this line + 1> <the generated file>" until the text is final.
inline constexpr const char* line_marker = "#line __L2DC_GENERATED_LINE__";
// Replaces every line marker with the real #line back to [cpp_name].
std::string finish_line_markers(const std::string& text, const std::string& cpp_name);

class Emitter {
 public:
  static constexpr int max_indent = 32;  // levels of indentation shown
  Emitter() = default;

  // A statement or declaration on its own line, at the current indentation.
  void line(const std::string& text);
  void blank() { raw("\n"); }
  // `text {` and one more level of indentation; close() ends it.
  void open(const std::string& text);
  void close(const std::string& suffix = "");
  // Statements from now on come from [line] of [file] (0: the generated file itself).
  void source_line(const std::string& file, unsigned line);
  void generated_lines();  // back to the generated file's own line numbers
  const std::string& text() const { return out_; }
  void append(const std::string& other_text);  // another emitter's text (whole lines)
  // The place the next line will go, for insert_line.
  size_t mark() const { return out_.size(); }
  // Puts [text] as a line of its own at [at], a mark taken earlier, unindented: a label
  // found to be needed only once the code after it is written. Only where the next
  // line restates its #line anyway (just after open() under a source line): the mapping
  // of the lines after it stays right.
  void insert_line(size_t at, const std::string& text);

 private:
  void raw(const std::string& s);
  std::string out_;
  int indent_ = 0;
  unsigned out_line_ = 1;        // the line the next text starts on
  std::string mapped_file_;      // the file the current #line maps to ("" = none)
  unsigned mapped_line_ = 0;     // the line the next text gets under that mapping
  std::string want_file_;        // the script position of the lines being emitted
  unsigned want_line_ = 0;
};

}  // namespace l2dc
