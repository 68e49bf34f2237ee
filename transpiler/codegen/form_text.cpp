// form_comment (form_text.hpp): lists and vectors walked with an explicit stack,
// atoms printed by the runtime's printer unless they are big.
#include "form_text.hpp"

#include <vector>

#include "l2d/printer.hpp"
#include "mangle.hpp"

namespace l2dc {

using namespace l2d;

namespace {

// An atom's readable text, or a short stand-in for a huge one (a bignum of a million
// digits would be converted only to be cut to a few characters).
bool big(const MpzLayout& z) { return z.size > 8 || z.size < -8; }

void print_atom(std::string& out, Value v) {
  if (is_kind(v, Kind::bignum) && big(v.as<Bignum>()->z)) {
    out += "<big integer>";
    return;
  }
  if (is_kind(v, Kind::fraction) && (big(v.as<Fraction>()->num) || big(v.as<Fraction>()->den))) {
    out += "<big fraction>";
    return;
  }
  print_value(out, v, true);
}

}  // namespace

std::string form_comment(Value v, size_t max) {
  std::string out;
  // Each frame: the rest of a list to print, or a vector and the next index.
  struct Frame {
    Value rest;
    const Vector* vec;
    size_t index;
  };
  std::vector<Frame> stack;
  Value next = v;
  bool have = true;
  while (out.size() <= max) {
    if (have) {
      have = false;
      if (is_cons(next)) {
        out += '(';
        stack.push_back({next, nullptr, 0});
      } else if (is_kind(next, Kind::vector)) {
        out += "#(";
        stack.push_back({nil, next.as<Vector>(), 0});
      } else {
        print_atom(out, next);
      }
      continue;
    }
    if (stack.empty()) break;
    Frame& f = stack.back();
    bool first = f.index == 0;  // lists: index is 1 once an element was printed
    if (f.vec) {
      if (f.index < f.vec->size) {
        if (!first) out += ' ';
        next = f.vec->data[f.index++];
        have = true;
      } else {
        out += ')';
        stack.pop_back();
      }
      continue;
    }
    if (is_cons(f.rest)) {
      if (!first) out += ' ';
      next = f.rest.as<Cons>()->first;
      f.rest = f.rest.as<Cons>()->rest;
      f.index = 1;
      have = true;
    } else {
      if (!f.rest.is_nil()) {
        out += " . ";
        next = f.rest;
        f.rest = nil;
        have = true;
        continue;
      }
      out += ')';
      stack.pop_back();
    }
  }
  return comment_text(out, max);
}

}  // namespace l2dc
