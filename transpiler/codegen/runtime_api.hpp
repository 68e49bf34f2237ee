// Every runtime entry the generated code uses, listed once (the generator's side of the
// contract in runtime-support/include/l2d/runtime.hpp; change both together).
#pragma once

#include "l2d/runtime.hpp"

namespace l2dc::api {

inline constexpr const char* cellify = "cellify";
inline constexpr const char* set_global = "set_global";

// `(a OP b)` with an inline fixnum path: the rt:: function, or nullptr.
const char* binary_fast_path(l2d::Symbol* selector);
// Comparisons also have a `NAME_test` form returning a C++ bool.
const char* comparison(l2d::Symbol* selector);
// `(a OP b c)` with an inline path.
const char* ternary_fast_path(l2d::Symbol* selector);
// `(a OP)` with an inline path.
const char* unary_fast_path(l2d::Symbol* selector);
// `(nil F a…)` with an inline path (global built-ins), for [argc] arguments.
const char* global_fast_path(l2d::Symbol* selector, uint32_t argc);
// The destructive number operators (+= -= *= /= setf).
bool is_assign_op(l2d::Symbol* selector);
// Those with an inline fixnum path on a variable.
const char* inline_assign(l2d::Symbol* selector);
// The C++ name of a well-known symbol (symbols.def) for the selectors above.
const char* builtin_symbol(l2d::Symbol* selector);

}  // namespace l2dc::api
