// Function merging for very large programs: methods whose compact code is the same but
// for constants (`(a + 1)`, `(a + 2)`, … in 20 000 methods) share one C++ body, and each
// method's constants become a row of numbers its Function points to (fn->env). A C++
// compiler spends milliseconds on every function; one body per shape keeps a program of
// many similar methods compiling in seconds while every method is still compiled code.
//
// While a body is generated for merging (ProgramGen::parametric), every value that may
// differ between methods of one shape comes out as a marker rather than as C++: a
// constant k[i], a symbol, a fixnum, a call-site cache and a history form index. The
// markers are then either turned back into that C++ (a method of its own) or into reads
// of the row (a shared body).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace l2dc {

enum class ParamKind : char {
  constant = 'k',    // k[N]
  symbol = 's',      // a symbol, by its index in the symbol table
  fixnum = 'f',      // fix(N)
  cache = 'c',       // ic[N]
  form_index = 'i',  // the index of a form, for history records
};

// The marker standing for a value of [kind]. Markers never contain '(' (a marker is a
// "plain name" as the value it stands for is).
std::string param_marker(ParamKind kind, int64_t value);

struct Shape {
  std::string key;                                   // the text with markers reduced to their kinds, no #line
  std::vector<std::pair<ParamKind, int64_t>> args;  // the markers' values, in order
};
Shape shape_of(const std::string& text);

// The text with every marker replaced by [concrete]'s C++ for it.
template <class Concrete>
std::string replace_markers(const std::string& text, Concrete&& concrete) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0, n = 0;
  while (i < text.size()) {
    size_t m = text.find('\x01', i);
    if (m == std::string::npos) {
      out.append(text, i, std::string::npos);
      break;
    }
    out.append(text, i, m - i);
    size_t end = text.find('\x02', m);
    ParamKind kind = ParamKind(text[m + 1]);
    int64_t value = std::stoll(text.substr(m + 2, end - m - 2));
    out += concrete(kind, value, n++);
    i = end + 1;
  }
  return out;
}

// A marker's value read from row P of a shared body: argument [index] of the shape.
std::string shared_param(ParamKind kind, size_t index);

}  // namespace l2dc
