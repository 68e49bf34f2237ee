// Helpers shared by the libFuzzer targets: one-time runtime start-up, and the checks that
// turn a wrong diagnostic into a crash the fuzzer reports.
#pragma once

#include <cstdio>
#include <algorithm>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "l2d/init.hpp"
#include "l2d/source.hpp"

namespace l2dfuzz {

// Aborts with [what] and the offending diagnostic: libFuzzer saves the input.
[[noreturn]] inline void fail(const char* what, const l2d::Diagnostic& d) {
  std::fprintf(stderr, "l2dc fuzz: %s\n%s\n", what, l2d::render(d).c_str());
  std::abort();
}

// Every error must be positioned (spec 1.1: `file:line:col: error: …`) on a real line and
// column of the source, and render as a header, the source line and a caret.
inline void check_diagnostics(const l2d::SourceFile& src, const std::vector<l2d::Diagnostic>& diags) {
  for (const auto& d : diags) {
    if (d.severity != l2d::Severity::error) continue;
    if (d.line == 0 || d.column == 0) fail("an error without a position", d);
    if (d.message.empty()) fail("an error without a message", d);
    if (d.message.rfind("internal", 0) == 0) fail("an internal error", d);
    std::string_view line = src.line_text(d.line);
    size_t chars = 0;
    for (unsigned char c : line)
      if ((c & 0xC0) != 0x80) ++chars;
    if (d.column > chars + 1) fail("an error column past the end of its line", d);
    bool control = false;
    for (unsigned char c : d.message) control |= c < 0x20 || c == 0x7f;
    if (control) {
      // Known bug (tests/hostile/known-bugs.txt, *-in-message): messages quote source text
      // raw, newlines and escape sequences included. Make this a failure with its fix.
      continue;
    }
    std::string text = l2d::render(d);
    size_t lines = 0;
    for (char c : text) lines += c == '\n';
    if (lines != 3 || text.find('^') == std::string::npos) fail("a diagnostic without source line and caret", d);
  }
}

// ---- known bugs ---------------------------------------------------------------------------
// Inputs that reach a bug already reported (tests/hostile/known-bugs.txt) are skipped, so
// that a time-bounded run in CI does not stop on it again and again. Delete each filter
// with the fix of its bug.

// The nesting depth of brackets outside strings, comments and |symbols| (roughly).
inline size_t nesting_depth(std::string_view text) {
  size_t depth = 0, max = 0, quotes = 0;  // quotes: a run of quote prefixes, each one a level
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') continue;
    if (c == '\'' || c == '`' || c == ',') {
      max = std::max(max, depth + ++quotes);
      continue;
    }
    quotes = 0;
    if (c == ';') {
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (c == '"' || c == '|') {
      for (++i; i < text.size() && text[i] != c; ++i)
        if (text[i] == '\\' && c == '"') ++i;
    } else if (c == '#' && i + 1 < text.size() && text[i + 1] == '\\') {
      i += 2;
    } else if (c == '(' || c == '[') {
      max = std::max(max, ++depth);
    } else if ((c == ')' || c == ']') && depth) {
      --depth;
    }
  }
  return max;
}

// gen/deep/sends-4000: code generation of deeply nested forms overflows the stack check
// and throws l2d::rt::Thrown out of l2dc (from ~4 000 levels, ~500 under ASan).
inline bool known_deep_codegen_bug(std::string_view text) { return nesting_depth(text) > 200; }

}  // namespace l2dfuzz
