// Methods of `number` (spec 7.2, 15.3): integer, fraction and float inherit them all.
// Also `random-seed` on nil (spec 15.2) and `number` on strings (spec 7.4, 15.3), whose
// work is numeric.
//
// A receiver may be a cell (a shared number, spec 3.1): the destructive methods change
// the cell in place, predicates return it as passed, everything else reads its value.
#include <time.h>

#include <cerrno>
#include <cmath>

#include "l2d/class.hpp"
#include "l2d/error.hpp"
#include "l2d/number.hpp"
#include "l2d/stream.hpp"
#include "l2d/string.hpp"
#include "number_impl.hpp"

namespace l2d {

using namespace numimpl;

namespace {

// ---- arithmetic -----------------------------------------------------------------------------

// Left to right over the arguments; one operand: [unary].
Value fold(Value self, int argc, Value* argv, Value (*op)(Value, Value), Value (*unary)(Value)) {
  Value acc = number_arg(self);
  if (argc == 0) return unary(acc);
  for (int i = 0; i < argc; ++i) acc = op(acc, argv[i]);
  return acc;
}

Value same(Value x) { return fresh_number(x); }  // (x +), (x *): a copy
Value reciprocal(Value x) { return num_div(Value::fixnum(1), x); }

L2D_BUILTIN(number_add) { return fold(self, argc, argv, num_add, same); }
L2D_BUILTIN(number_sub) { return fold(self, argc, argv, num_sub, num_negate); }
L2D_BUILTIN(number_mul) { return fold(self, argc, argv, num_mul, same); }
L2D_BUILTIN(number_div) { return fold(self, argc, argv, num_div, reciprocal); }

// The destructive operators (spec 3.7): a cell takes the new value, keeping its class in
// step; an immediate number cannot change, so the result goes back to the caller, whose
// variable takes it (rt::assign_op_slow).
Value store(Value self, Value result) {
  if (!is_cell(self)) return result;
  Cell* c = self.as<Cell>();
  c->v = result;
  c->klass = class_of(result);
  return self;
}

Value assign(Value self, Value arg, Value (*op)(Value, Value)) {
  number_arg(self);
  check_writable(self);
  return store(self, op(self, arg));
}

L2D_BUILTIN(number_add_assign) { return assign(self, argv[0], num_add); }
L2D_BUILTIN(number_sub_assign) { return assign(self, argv[0], num_sub); }
L2D_BUILTIN(number_mul_assign) { return assign(self, argv[0], num_mul); }
L2D_BUILTIN(number_div_assign) { return assign(self, argv[0], num_div); }

// (x setf y): number ← number (spec 7.1).
L2D_BUILTIN(number_setf) {
  number_arg(self);
  check_writable(self);
  return store(self, fresh_number(number_arg(argv[0])));
}

L2D_BUILTIN(number_copy) { return fresh_number(number_arg(self)); }

// ---- comparison -----------------------------------------------------------------------------

// `=`: a non-number is simply unequal. Returns the receiver as passed (spec 3.9).
L2D_BUILTIN(number_eq) {
  number_arg(self);
  for (int i = 0; i < argc; ++i)
    if (!is_number(argv[i]) || num_compare(self, argv[i]) != 0) return make_false();
  return self;
}

// `<>`: no argument equals the receiver.
L2D_BUILTIN(number_ne) {
  number_arg(self);
  for (int i = 0; i < argc; ++i)
    if (is_number(argv[i]) && num_compare(self, argv[i]) == 0) return make_false();
  return self;
}

// The ordering predicates hold for each neighbouring pair of the chain. Every operand
// must be a number, even past the first failing pair. num_compare gives 2 for nan.
template <bool (*holds)(int)>
Value ordered(Value self, int argc, Value* argv) {
  number_arg(self);
  for (int i = 0; i < argc; ++i) number_arg(argv[i]);
  Value prev = self;
  for (int i = 0; i < argc; ++i) {
    if (!holds(num_compare(prev, argv[i]))) return make_false();
    prev = argv[i];
  }
  return self;
}
bool less(int c) { return c == -1; }
bool greater(int c) { return c == 1; }
bool less_equal(int c) { return c == -1 || c == 0; }
bool greater_equal(int c) { return c == 1 || c == 0; }

L2D_BUILTIN(number_lt) { return ordered<less>(self, argc, argv); }
L2D_BUILTIN(number_gt) { return ordered<greater>(self, argc, argv); }
L2D_BUILTIN(number_le) { return ordered<less_equal>(self, argc, argv); }
L2D_BUILTIN(number_ge) { return ordered<greater_equal>(self, argc, argv); }

bool is_nan(Value v) {  // [v] unwrapped
  return is_kind(v, Kind::flonum) && std::isnan(v.as<Flonum>()->d);
}

// min / max: the first operand that no other one beats; a nan among them gives nan
// (no order can place it).
Value extreme(Value self, int argc, Value* argv, int wanted) {
  Value best = number_arg(self);
  for (int i = 0; i < argc; ++i) number_arg(argv[i]);
  if (is_nan(best)) return fresh_number(best);
  for (int i = 0; i < argc; ++i) {
    Value v = unwrap(argv[i]);
    if (is_nan(v)) return fresh_number(v);
    if (num_compare(v, best) == wanted) best = v;
  }
  return fresh_number(best);
}

L2D_BUILTIN(number_min) { return extreme(self, argc, argv, -1); }
L2D_BUILTIN(number_max) { return extreme(self, argc, argv, 1); }

// ---- integers and rounding ------------------------------------------------------------------

L2D_BUILTIN(number_abs) { return num_abs(self); }
L2D_BUILTIN(number_floor) { return num_to_integer(self, argc ? argv[0] : no_value, Rounding::floor); }
L2D_BUILTIN(number_ceil) { return num_to_integer(self, argc ? argv[0] : no_value, Rounding::ceil); }
L2D_BUILTIN(number_round) { return num_to_integer(self, argc ? argv[0] : no_value, Rounding::round); }
L2D_BUILTIN(number_mod) { return num_mod(self, argv[0]); }
L2D_BUILTIN(number_rem) { return num_rem(self, argv[0]); }

// gcd and lcm over the receiver and the arguments; alone: the absolute value.
Value fold_integers(Value self, int argc, Value* argv, Value (*op)(Value, Value)) {
  Value acc = integer_value_arg(self);
  if (argc == 0) return num_abs(acc);
  for (int i = 0; i < argc; ++i) acc = op(acc, argv[i]);
  return acc;
}
L2D_BUILTIN(number_gcd) { return fold_integers(self, argc, argv, num_gcd); }
L2D_BUILTIN(number_lcm) { return fold_integers(self, argc, argv, num_lcm); }

Value exact_arg(Value v) {
  v = number_arg(v);
  if (is_kind(v, Kind::flonum)) raise_wrong_type();
  return v;
}

L2D_BUILTIN(number_numerator) {
  Value x = exact_arg(self);
  if (!is_kind(x, Kind::fraction)) return fresh_number(x);
  return make_integer(mpq_numref(mpq_of(x)));
}

L2D_BUILTIN(number_denominator) {
  Value x = exact_arg(self);
  if (!is_kind(x, Kind::fraction)) return Value::fixnum(1);
  return make_integer(mpq_denref(mpq_of(x)));
}

bool is_odd(Value v) {
  v = integer_value_arg(v);
  return v.is_fixnum() ? (v.fixnum_value() & 1) != 0 : mpz_odd_p(mpz_of(v)) != 0;
}
L2D_BUILTIN(number_evenp) { return is_odd(self) ? make_false() : self; }
L2D_BUILTIN(number_oddp) { return is_odd(self) ? self : make_false(); }

// ---- powers, roots and transcendental functions ----------------------------------------------

L2D_BUILTIN(number_sqrt) { return num_sqrt(self); }
L2D_BUILTIN(number_expt) { return num_expt(self, argv[0]); }

// A float function of one number: exact operands are converted first (spec 7.2), and the
// C library gives IEEE inf and nan outside the domain.
template <double (*f)(double)>
Value float_function(Value self) {
  return make_float(f(to_double(number_arg(self))));
}

double log_of(double x) { return std::log(x); }
double exp_of(double x) { return std::exp(x); }
double sin_of(double x) { return std::sin(x); }
double cos_of(double x) { return std::cos(x); }
double tan_of(double x) { return std::tan(x); }
double asin_of(double x) { return std::asin(x); }
double acos_of(double x) { return std::acos(x); }
double atan_of(double x) { return std::atan(x); }
double sinh_of(double x) { return std::sinh(x); }
double cosh_of(double x) { return std::cosh(x); }
double tanh_of(double x) { return std::tanh(x); }
double asinh_of(double x) { return std::asinh(x); }
double acosh_of(double x) { return std::acosh(x); }
double atanh_of(double x) { return std::atanh(x); }

L2D_BUILTIN(number_exp) { return float_function<exp_of>(self); }
L2D_BUILTIN(number_ln) { return float_function<log_of>(self); }
L2D_BUILTIN(number_sin) { return float_function<sin_of>(self); }
L2D_BUILTIN(number_cos) { return float_function<cos_of>(self); }
L2D_BUILTIN(number_tan) { return float_function<tan_of>(self); }
L2D_BUILTIN(number_arcsin) { return float_function<asin_of>(self); }
L2D_BUILTIN(number_arccos) { return float_function<acos_of>(self); }
L2D_BUILTIN(number_arctan) { return float_function<atan_of>(self); }
L2D_BUILTIN(number_sinh) { return float_function<sinh_of>(self); }
L2D_BUILTIN(number_cosh) { return float_function<cosh_of>(self); }
L2D_BUILTIN(number_tanh) { return float_function<tanh_of>(self); }
L2D_BUILTIN(number_arsinh) { return float_function<asinh_of>(self); }
L2D_BUILTIN(number_arcosh) { return float_function<acosh_of>(self); }
L2D_BUILTIN(number_artanh) { return float_function<atanh_of>(self); }

// (x log b) is ln x / ln b; like `/`, a zero divisor (b = 1) raises division-by-zero.
L2D_BUILTIN(number_log) {
  double x = std::log(to_double(number_arg(self)));
  double b = std::log(to_double(number_arg(argv[0])));
  if (b == 0.0) raise(sym::division_by_zero);
  return make_float(x / b);
}

// ---- conversions ------------------------------------------------------------------------------

L2D_BUILTIN(number_float) {
  Value x = number_arg(self);
  return is_kind(x, Kind::flonum) ? fresh_number(x) : make_float(to_double(x));
}

L2D_BUILTIN(number_rational) { return num_rational(self); }

// (n char): the character with code n, 0…#x10FFFF (an integral float counts, spec 7).
L2D_BUILTIN(number_char) {
  number_arg(self);
  int64_t code = integer_arg(self);
  if (code < 0 || code > 0x10FFFF) raise_wrong_type();
  return Value::character(uint32_t(code));
}

L2D_BUILTIN(number_random) { return random_below(self); }

// A radix argument: an integer 2…36 (spec 15.3).
int radix_arg(Value v) {
  v = integer_value_arg(v);
  if (!v.is_fixnum() || v.fixnum_value() < 2 || v.fixnum_value() > 36) raise_wrong_type();
  return int(v.fixnum_value());
}

// (x string [RADIX]): the display form; with a radix, the digits of an integer.
L2D_BUILTIN(number_string) {
  Value x = number_arg(self);
  if (argc == 0) return make_ascii_string(number_to_string(x));
  int radix = radix_arg(argv[0]);
  if (!is_integer(x)) raise_wrong_type();
  return make_ascii_string(number_to_string(x, radix));
}

// (x format D): D a non-negative integer (spec 15.3).
L2D_BUILTIN(number_format) {
  Value x = number_arg(self);
  size_t digits = count_arg(argv[0]);  // a count (spec 7): an integral float will do
  return make_ascii_string(format_fixed(x, digits));
}

// ---- bitwise operations (spec 15.3) ------------------------------------------------------------

template <BitOp op>
Value bitwise(Value self, int argc, Value* argv) {
  Value acc = integer_value_arg(self);
  for (int i = 0; i < argc; ++i) integer_value_arg(argv[i]);
  for (int i = 0; i < argc; ++i) acc = int_bitwise(op, acc, argv[i]);
  return fresh_number(acc);
}
L2D_BUILTIN(number_logand) { return bitwise<BitOp::and_>(self, argc, argv); }
L2D_BUILTIN(number_logor) { return bitwise<BitOp::or_>(self, argc, argv); }
L2D_BUILTIN(number_logxor) { return bitwise<BitOp::xor_>(self, argc, argv); }
L2D_BUILTIN(number_lognot) { return int_lognot(self); }
L2D_BUILTIN(number_ash) { return int_ash(self, argv[0]); }

// ---- sleep ----------------------------------------------------------------------------------------

// (x sleep): x seconds, exact or float; nothing for x <= 0; nan raises wrong-type and
// inf sleeps for ever. Spec 1.3 lists sleep as a flush point.
L2D_BUILTIN(number_sleep) {
  double seconds = to_double(number_arg(self));
  if (std::isnan(seconds)) raise_wrong_type();
  flush_pending_output();
  if (!(seconds > 0)) return nil;
  bool forever = std::isinf(seconds);
  constexpr double longest = 1e9;  // about 31 years per nanosleep call
  do {
    double chunk = seconds > longest ? longest : seconds;
    if (!forever) seconds -= chunk;
    timespec ts;
    ts.tv_sec = time_t(chunk);
    ts.tv_nsec = long(std::llround((chunk - double(ts.tv_sec)) * 1e9));
    if (ts.tv_nsec >= 1000000000L) {
      ++ts.tv_sec;
      ts.tv_nsec -= 1000000000L;
    }
    // A signal handler may interrupt the pause: sleep for what remains.
    while (nanosleep(&ts, &ts) == -1 && errno == EINTR) {
    }
  } while (forever || seconds > 0);
  return nil;
}

// ---- on other classes --------------------------------------------------------------------------

// (nil random-seed N), spec 15.2.
L2D_BUILTIN(null_random_seed) {
  random_seed(argv[0]);
  return nil;
}

// (s number [RADIX]), spec 7.4 and 15.3: the number the whole string spells, or nil.
L2D_BUILTIN(string_number) {
  auto* s = arg_as<String>(self, Kind::string);
  int radix = argc ? radix_arg(argv[0]) : 0;
  std::string text = string_to_utf8(s);
  if (radix) return parse_integer_radix(text, radix);
  // A zero denominator spells no number here; the reader would raise syntax instead.
  size_t slash = text.find('/');
  if (slash != std::string::npos && parse_integer_radix(text.substr(slash + 1), 10) == Value::fixnum(0))
    return nil;
  Value v = parse_number_token(text);
  return v == no_value ? nil : v;
}

// ---- binding tables ---------------------------------------------------------------------------------

const BuiltinSpec number_methods[] = {
    {"+", number_add, 0, -1},
    {"-", number_sub, 0, -1},
    {"*", number_mul, 0, -1},
    {"/", number_div, 0, -1},
    {"+=", number_add_assign, 1, 1},
    {"-=", number_sub_assign, 1, 1},
    {"*=", number_mul_assign, 1, 1},
    {"/=", number_div_assign, 1, 1},
    {"setf", number_setf, 1, 1},
    {"copy", number_copy, 0, 0},
    {"=", number_eq, 0, -1},
    {"<>", number_ne, 0, -1},
    {"<", number_lt, 0, -1},
    {">", number_gt, 0, -1},
    {"<=", number_le, 0, -1},
    {">=", number_ge, 0, -1},
    {"min", number_min, 0, -1},
    {"max", number_max, 0, -1},
    {"abs", number_abs, 0, 0},
    {"floor", number_floor, 0, 1},
    {"ceil", number_ceil, 0, 1},
    {"round", number_round, 0, 1},
    {"mod", number_mod, 1, 1},
    {"rem", number_rem, 1, 1},
    {"gcd", number_gcd, 0, -1},
    {"lcm", number_lcm, 0, -1},
    {"numerator", number_numerator, 0, 0},
    {"denominator", number_denominator, 0, 0},
    {"evenp", number_evenp, 0, 0},
    {"oddp", number_oddp, 0, 0},
    {"sqrt", number_sqrt, 0, 0},
    {"^", number_expt, 1, 1},
    {"exp", number_exp, 0, 0},
    {"ln", number_ln, 0, 0},
    {"log", number_log, 1, 1},
    {"sin", number_sin, 0, 0},
    {"cos", number_cos, 0, 0},
    {"tan", number_tan, 0, 0},
    {"arcsin", number_arcsin, 0, 0},
    {"arccos", number_arccos, 0, 0},
    {"arctan", number_arctan, 0, 0},
    {"sinh", number_sinh, 0, 0},
    {"cosh", number_cosh, 0, 0},
    {"tanh", number_tanh, 0, 0},
    {"arsinh", number_arsinh, 0, 0},
    {"arcosh", number_arcosh, 0, 0},
    {"artanh", number_artanh, 0, 0},
    // the old names (spec 7.2)
    {"tg", number_tan, 0, 0},
    {"arctg", number_arctan, 0, 0},
    {"sh", number_sinh, 0, 0},
    {"ch", number_cosh, 0, 0},
    {"th", number_tanh, 0, 0},
    {"arsh", number_arsinh, 0, 0},
    {"arch", number_arcosh, 0, 0},
    {"arth", number_artanh, 0, 0},
    {"random", number_random, 0, 0},
    {"float", number_float, 0, 0},
    {"rational", number_rational, 0, 0},
    {"char", number_char, 0, 0},
    {"sleep", number_sleep, 0, 0},
    {"string", number_string, 0, 1},
    {"format", number_format, 1, 1},
    {"logand", number_logand, 0, -1},
    {"logor", number_logor, 0, -1},
    {"logxor", number_logxor, 0, -1},
    {"lognot", number_lognot, 0, 0},
    {"ash", number_ash, 1, 1},
};

const BuiltinSpec null_number_methods[] = {
    {"random-seed", null_random_seed, 1, 1},
};

const BuiltinSpec string_number_methods[] = {
    {"number", string_number, 0, 1},
};

}  // namespace

void register_number_methods() {
  define_builtins(classes.number, number_methods);
  define_builtins(classes.null, null_number_methods);
  define_builtins(classes.string, string_number_methods);
}

}  // namespace l2d
