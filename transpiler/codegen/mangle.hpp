// Lisp2D names as readable C++ identifiers: `-` becomes `_`, every other character
// that C++ does not allow becomes _xHH_ (its UTF-8 bytes in hex), so `set-x` is
// set_x and `+=` is _x2B__x3D_ (Gambit's style). A `-` before an `x` is escaped too
// (_x2D_): `_x` then always starts an escape, so distinct names never mangle alike
// (`a.b` is a_x2E_b, `a-x2E-b` is a_x2D_x2E_b), and `_x_`, which no name produces,
// can join two mangled names.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace l2dc {

std::string mangle(std::string_view lisp_name);  // injective

// The C++ names of one scope: each name handed out is new, together with the names
// derived from it by appending [derived] suffixes (`_rec`, `_entry`). A taken name gets
// `_2`, `_3`… — tried until the name and its derived ones are all free, since another
// mangled name may already be spelled that way.
class NameRegistry {
 public:
  std::string unique(const std::string& base, const std::vector<const char*>& derived = {});
  bool taken(const std::string& name) const { return used_.count(name) != 0; }

 private:
  std::unordered_set<std::string> used_;
  std::unordered_map<std::string, int> next_;
};
// A C++ string literal for arbitrary bytes (escapes everything outside printable ASCII).
std::string cpp_string_literal(std::string_view bytes);
// The text safe to put inside a C++ // comment (no line breaks, no backslash at the end).
std::string comment_text(std::string_view text, size_t max = 100);

}  // namespace l2dc
