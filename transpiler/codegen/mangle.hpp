// Lisp2D names as readable C++ identifiers: `-` becomes `_`, every other character
// that C++ does not allow becomes _xHH_ (its UTF-8 bytes in hex), so `set-x` is
// set_x and `+=` is _x2B__x3D_ (Gambit's style).
#pragma once

#include <string>
#include <unordered_map>
#include <unordered_set>
#include <string_view>

namespace l2dc {

std::string mangle(std::string_view lisp_name);
// A C++ string literal for arbitrary bytes (escapes everything outside printable ASCII).
std::string cpp_string_literal(std::string_view bytes);
// The text safe to put inside a C++ // comment (no line breaks, no backslash at the end).
std::string comment_text(std::string_view text, size_t max = 100);

// A C++ name from [base] never issued before: base, else base_2, base_3, … skipping any
// name already issued (mangling is not injective: `a.b` and `|a-x2E-b|` share a base, and
// base_2 may be another name's base).
std::string issue_unique_name(const std::string& base, std::unordered_map<std::string, int>& counts,
                              std::unordered_set<std::string>& issued);

}  // namespace l2dc
