// The runtime entries of generated code (runtime_api.hpp).
#include "runtime_api.hpp"

namespace l2dc::api {

using namespace l2d;

namespace {
struct Entry {
  Symbol* selector;
  const char* function;
};
}  // namespace

const char* comparison(Symbol* s) {
  static const Entry table[] = {{&sym::lt, "lt"}, {&sym::gt, "gt"}, {&sym::le, "le"},
                                {&sym::ge, "ge"}, {&sym::num_eq, "num_eq"}, {&sym::num_ne, "num_ne"}};
  for (const auto& e : table)
    if (e.selector == s) return e.function;
  return nullptr;
}

const char* binary_fast_path(Symbol* s) {
  static const Entry table[] = {{&sym::plus, "add"}, {&sym::minus, "sub"}, {&sym::times, "mul"}, {&sym::elt, "elt"},
                                {&sym::floor, "floor_div"}};
  for (const auto& e : table)
    if (e.selector == s) return e.function;
  return comparison(s);
}

const char* ternary_fast_path(Symbol* s) {
  if (s == &sym::setelt) return "setelt";
  return nullptr;
}

const char* unary_fast_path(Symbol* s) {
  if (s == &sym::first) return "first";
  if (s == &sym::rest) return "rest";
  if (s == &sym::size) return "size";
  return nullptr;
}

bool is_assign_op(Symbol* s) {
  return s == &sym::plus_assign || s == &sym::minus_assign || s == &sym::times_assign ||
         s == &sym::divide_assign || s == &sym::setf;
}

const char* inline_assign(Symbol* s) {
  if (s == &sym::plus_assign) return "plus_assign";
  if (s == &sym::minus_assign) return "minus_assign";
  return nullptr;
}

const char* global_fast_path(Symbol* s, uint32_t argc) {
  if (argc == 2 && s == &sym::eq) return "global_eq";
  if (argc == 2 && s == &sym::cons) return "global_cons";
  if (argc == 1 && s == &sym::not_) return "global_not";
  if (argc == 1 && s == &sym::consp) return "global_consp";
  return nullptr;
}

const char* builtin_symbol(Symbol* s) {
  if (s == &sym::plus_assign) return "plus_assign";
  if (s == &sym::minus_assign) return "minus_assign";
  if (s == &sym::times_assign) return "times_assign";
  if (s == &sym::divide_assign) return "divide_assign";
  if (s == &sym::setf) return "setf";
  return nullptr;
}

}  // namespace l2dc::api
