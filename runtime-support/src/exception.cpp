// Throwing and catching Lisp2D exceptions (spec 11.1) on top of C++ exceptions. The
// thrown value and its history snapshot live in the task, where the collector sees them.
#include <cerrno>
#include <cmath>
#include <cstring>
#include <string>

#include "l2d/error.hpp"
#include "l2d/number.hpp"
#include "l2d/symbol.hpp"
#include "l2d/task.hpp"

namespace l2d::rt {

void throw_value(Value v) {
  Task* t = current_task;
  t->in_flight = unwrap(v);
  t->in_flight_history = history_snapshot(t);
  throw Thrown{0};
}

void raise(Symbol& code) { throw_value(Value(&code)); }
void raise_wrong_type() { raise(sym::wrong_type); }
void raise_index() { raise(sym::index_out_of_range); }
void raise_argument_count() { raise(sym::wrong_argument_count); }
void raise_unbound(Symbol*) { raise(sym::unbound_variable); }
void stack_overflow() { raise(sym::out_of_memory); }

Value thrown_value() { return current_task->in_flight; }

void handled(Value v) {
  Task* t = current_task;
  t->exception = v;
  t->exception_history = t->in_flight_history;
}

}  // namespace l2d::rt

namespace l2d {

int64_t integer_arg(Value v) {
  v = unwrap(v);
  if (v.is_fixnum()) return v.fixnum_value();
  if (is_kind(v, Kind::flonum)) {
    double d = v.as<Flonum>()->d;
    if (!std::isfinite(d) || d != std::trunc(d)) raise_wrong_type();  // nan, ±inf, 1.5
    if (d >= 9.2e18) return INT64_MAX;
    if (d <= -9.2e18) return INT64_MIN;
    return static_cast<int64_t>(d);
  }
  if (is_kind(v, Kind::bignum)) return mpz_sgn_of(v) < 0 ? INT64_MIN : INT64_MAX;
  raise_wrong_type();
}

size_t index_arg(Value v, size_t size) {
  int64_t i = integer_arg(v);
  if (i < 0 || uint64_t(i) >= size) raise_index();
  return size_t(i);
}

size_t bound_arg(Value v, size_t size) {
  int64_t i = integer_arg(v);
  if (i < 0 || uint64_t(i) > size) raise_index();
  return size_t(i);
}

size_t count_arg(Value v) {
  int64_t n = integer_arg(v);
  if (n < 0) raise_wrong_type();
  if (uint64_t(n) > max_sequence_size) raise_out_of_memory();
  return size_t(n);
}

Value errno_value(int err) {
  const char* name = strerrorname_np(err);
  if (!name) return Value(intern("ERRNO" + std::to_string(err)));
  if (name[0] == 'E') ++name;
  return Value(intern(name));
}

}  // namespace l2d
