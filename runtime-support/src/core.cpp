// The object model's basic operations: pairs and lists, functions and closures,
// identity and structural equality, literal copies, variables and the glue behind the
// generated fast paths of runtime.hpp.
#include <cstring>

#include "l2d/class.hpp"
#include "l2d/error.hpp"
#include "l2d/number.hpp"
#include "l2d/runtime.hpp"
#include "l2d/sequence.hpp"
#include "l2d/string.hpp"
#include "l2d/symbol.hpp"

namespace l2d {

// Containers store numbers by value (spec 3.1): rt::make_cons unwraps cells.
Value cons(Value first, Value rest) { return rt::make_cons(first, rest); }

Value list(int n, const Value* items) {
  Value result = nil;
  for (int i = n; i-- > 0;) result = cons(items[i], result);
  return result;
}

Function* make_builtin(const char* name, Code code, int min_args, int max_args) {
  auto* f = gc::make_exact<Function>(Kind::function, classes.function);
  f->flags = flag_builtin;
  f->code = code;
  f->name = intern(name);
  f->min_args = min_args;
  f->max_args = max_args;
  return f;
}

bool eq(Value a, Value b) {
  a = unwrap(a);
  b = unwrap(b);
  if (a == b) return true;
  if (!a.is_ptr() || !b.is_ptr()) return false;
  Kind k = a.ptr()->kind;
  if (k != b.ptr()->kind) return false;
  switch (k) {
    case Kind::bignum:
    case Kind::fraction: return num_compare(a, b) == 0;
    case Kind::flonum: {
      double x = a.as<Flonum>()->d, y = b.as<Flonum>()->d;
      return std::memcmp(&x, &y, sizeof x) == 0;
    }
    default: return false;
  }
}

// Recursive in the elements of vectors and the firsts of pairs (guarded: nesting past
// the stack raises out-of-memory, spec 3.8), iterative along a list's rests.
bool equal(Value a, Value b) {
  if (L2D_UNLIKELY((char*)__builtin_frame_address(0) < rt::stack_limit)) rt::stack_overflow();
  a = unwrap(a);
  b = unwrap(b);
  if (is_number(a) || is_number(b)) {
    if (!is_number(a) || !is_number(b)) return false;
    return num_compare(a, b) == 0;
  }
  if (a == b) return true;
  if (!a.is_ptr() || !b.is_ptr() || a.ptr()->kind != b.ptr()->kind) return false;
  switch (a.ptr()->kind) {
    case Kind::string: return string_equal(a.as<String>(), b.as<String>());
    case Kind::byte_vector: {
      auto *x = a.as<ByteVector>(), *y = b.as<ByteVector>();
      return x->size == y->size && std::memcmp(x->data, y->data, x->size) == 0;
    }
    case Kind::vector: {
      auto *x = a.as<Vector>(), *y = b.as<Vector>();
      if (x->size != y->size) return false;
      for (size_t i = 0; i < x->size; ++i)
        if (!equal(x->data[i], y->data[i])) return false;
      return true;
    }
    case Kind::cons: {
      while (is_cons(a) && is_cons(b)) {
        if (!equal(a.as<Cons>()->first, b.as<Cons>()->first)) return false;
        a = a.as<Cons>()->rest;
        b = b.as<Cons>()->rest;
      }
      return equal(a, b);
    }
    default: return false;
  }
}

Value copy_literal(Value v) {
  if (!v.is_ptr()) return v;
  switch (v.ptr()->kind) {
    case Kind::string: return copy_string(v.as<String>());
    case Kind::byte_vector: return copy_byte_vector(v.as<ByteVector>());
    case Kind::vector: {
      // Strings, vectors and byte vectors inside are copied too (spec 3.2).
      auto* src = v.as<Vector>();
      Vector* dst = new_vector(src->size);
      for (size_t i = 0; i < src->size; ++i) dst->data[i] = copy_literal(src->data[i]);
      return Value(dst);
    }
    default: return v;
  }
}

namespace rt {

Function* make_closure(Code code, Value lambda_datum, Symbol* name, int ncaptured, Box** captured) {
  auto* f = gc::make_exact<Function>(Kind::function, classes.function);
  f->code = code;
  f->lambda = lambda_datum;
  f->name = name;
  f->min_args = 0;
  f->max_args = -1;
  if (ncaptured) {
    auto** env = static_cast<Box**>(gc::alloc(sizeof(Box*) * size_t(ncaptured)));
    std::memcpy(env, captured, sizeof(Box*) * size_t(ncaptured));
    f->env = env;
  }
  return f;
}

Value share_slow(Value* slot) {
  Value cell = make_cell(*slot);
  *slot = cell;
  return cell;
}

void set_global(Symbol* s, Value v) { s->value = v; }

Value send_binary(Symbol& selector, Value a, Value b, int32_t depth, SendCache& cache) {
  call_depth = depth;
  return send_cached(cache, &selector, a, 1, &b);
}
Value send_global(Symbol& selector, int argc, Value* argv, int32_t depth, SendCache& cache) {
  call_depth = depth;
  return send_cached(cache, &selector, nil, argc, argv);
}

Value send_ternary(Symbol& selector, Value a, Value b, Value c, int32_t depth, SendCache& cache) {
  call_depth = depth;
  Value args[2] = {b, c};
  return send_cached(cache, &selector, a, 2, args);
}
Value send_unary(Symbol& selector, Value a, int32_t depth, SendCache& cache) {
  call_depth = depth;
  return send_cached(cache, &selector, a, 0, nullptr);
}

// The destructive operators when the fast path does not apply: a cell is changed in
// place by the method; an immediate number is replaced in the variable. A program
// method of the operator's name gets the variable's number as a shared object.
Value assign_op_slow(Symbol& selector, Value* var, Value b, int32_t depth) {
  call_depth = depth;
  Value receiver = *var;
  if (selector.overridden || !is_number(receiver)) {
    if (is_number(receiver)) receiver = share(*var);
    return send(&selector, receiver, 1, &b);
  }
  Value result = send(&selector, receiver, 1, &b);
  if (!is_cell(receiver)) *var = result;
  return is_cell(receiver) ? receiver : result;
}

Value rest_list(int argc, Value* argv, int from) {
  Value result = nil;
  for (int i = argc; i-- > from;) result = cons(argv[i], result);
  return result;
}


}  // namespace rt
}  // namespace l2d
