// The numeric tower's C++ interface (number.hpp): conversions, rounding, remainders,
// powers, roots, bitwise operations, text in and out, random numbers, size limits.
#include <catch.hpp>

#include <cmath>
#include <cstring>
#include <functional>
#include <string>

#include <gc/gc.h>

#include "l2d/number.hpp"
#include "l2d/printer.hpp"
#include "l2d/symbol.hpp"

using namespace l2d;

namespace {

Value num(const char* token) {
  Value v = parse_number_token(token);
  REQUIRE(v != no_value);
  return v;
}
std::string show(Value v) { return readable_form(v); }

// The error code [f] raises, or "" when it returns.
std::string raised(const std::function<void()>& f) {
  try {
    f();
  } catch (rt::Thrown&) {
    return std::string(name_of(rt::thrown_value()));
  }
  return "";
}

// The decimal digits of base^exp.
std::string pow_text(unsigned long base, unsigned long exp) {
  mpz_t z;
  mpz_init(z);
  mpz_ui_pow_ui(z, base, exp);
  std::string s(mpz_sizeinbase(z, 10) + 2, '\0');
  mpz_get_str(s.data(), 10, z);
  s.resize(std::strlen(s.c_str()));
  return s;
}

double mpq_double(const char* text) {
  mpq_t q;
  mpq_init(q);
  REQUIRE(mpq_set_str(q, text, 10) == 0);
  mpq_canonicalize(q);
  return mpq_to_double(q);
}

}  // namespace

TEST_CASE("floats print as Python's repr (spec 13)") {
  CHECK(float_to_string(1e16) == "1e+16");
  CHECK(float_to_string(1e15) == "1000000000000000.0");
  CHECK(float_to_string(1e-5) == "1e-05");
  CHECK(float_to_string(1e-4) == "0.0001");
  CHECK(float_to_string(100.0) == "100.0");
  CHECK(float_to_string(-0.0) == "-0.0");
  CHECK(float_to_string(0.0) == "0.0");
  CHECK(float_to_string(0.1 + 0.2) == "0.30000000000000004");
  CHECK(float_to_string(1.5e-7) == "1.5e-07");
  CHECK(float_to_string(123456.789) == "123456.789");
  CHECK(float_to_string(5e-324) == "5e-324");
  CHECK(float_to_string(1.7976931348623157e308) == "1.7976931348623157e+308");
  CHECK(float_to_string(HUGE_VAL) == "inf");
  CHECK(float_to_string(-HUGE_VAL) == "-inf");
  CHECK(float_to_string(std::nan("")) == "nan");
  CHECK(float_to_string(-std::nan("")) == "nan");
}

TEST_CASE("exact to float rounds to nearest, ties to even (spec 7.2)") {
  CHECK(mpq_double("1/10") == 0.1);
  CHECK(mpq_double("17/12") == 1.4166666666666667);
  CHECK(mpq_double("9007199254740993") == 9007199254740992.0);   // 2^53 + 1: tie, even below
  CHECK(mpq_double("9007199254740995") == 9007199254740996.0);   // 2^53 + 3: tie, even above
  CHECK(mpq_double("-9007199254740993") == -9007199254740992.0);
  // Smallest subnormal, and exactly half of it (a tie that goes to zero).
  CHECK(mpq_double(("1/" + pow_text(2, 1074)).c_str()) == 5e-324);
  CHECK(mpq_double(("1/" + pow_text(2, 1075)).c_str()) == 0.0);
  CHECK(mpq_double(("3/" + pow_text(2, 1076)).c_str()) == 5e-324);  // above the tie
  CHECK(std::isinf(mpq_double(pow_text(10, 400).c_str())));
  CHECK(mpq_double(("1/" + pow_text(10, 400)).c_str()) == 0.0);
  CHECK(mpq_double("-1/3") == -1.0 / 3.0);
  CHECK(to_double(num("12345678901234567890123")) == 1.2345678901234568e22);
}

TEST_CASE("numbers are canonical") {
  CHECK(show(num("4/2")) == "2");
  CHECK(show(num("-6/8")) == "-3/4");
  CHECK(num("4611686018427387903").is_fixnum());
  CHECK(!num("4611686018427387904").is_fixnum());
  CHECK(num_sub(num("4611686018427387904"), Value::fixnum(1)).is_fixnum());
  CHECK(show(num_add(num("1/3"), num("2/3"))) == "1");
  CHECK(show(num_div(Value::fixnum(fixnum_min), Value::fixnum(-1))) == "4611686018427387904");
  CHECK(raised([] { parse_number_token("1/0"); }) == "syntax");
  CHECK(parse_number_token("1.") == no_value);
  CHECK(parse_number_token("1/2/3") == no_value);
  CHECK(parse_number_token("+") == no_value);
  CHECK(parse_number_token("e5") == no_value);
  CHECK(show(parse_number_token("-.5")) == "-0.5");
  CHECK(show(parse_number_token("1e400")) == "inf");
}

TEST_CASE("comparison is exact across classes; nan is unordered") {
  Value nan = make_float(std::nan(""));
  CHECK(num_compare(num("1/3"), make_float(0.3333333333333333)) == 1);
  CHECK(num_compare(parse_number_token(pow_text(10, 400)), make_float(HUGE_VAL)) == -1);
  CHECK(num_compare(nan, nan) == 2);
  CHECK(num_compare(Value::fixnum(1), nan) == 2);
  CHECK(num_equal(make_float(0.0), make_float(-0.0)));
  CHECK(raised([] { num_compare(Value::fixnum(1), nil); }) == "wrong-type");
}

TEST_CASE("floor, ceil and round of x/y are exact integers") {
  auto r = [](const char* x, const char* y, Rounding m) {
    return show(num_to_integer(num(x), y ? num(y) : no_value, m));
  };
  CHECK(r("2.5", nullptr, Rounding::floor) == "2");
  CHECK(r("-2.5", nullptr, Rounding::floor) == "-3");
  CHECK(r("2.5", nullptr, Rounding::ceil) == "3");
  CHECK(r("2.5", nullptr, Rounding::round) == "2");
  CHECK(r("3.5", nullptr, Rounding::round) == "4");
  CHECK(r("-2.5", nullptr, Rounding::round) == "-2");
  CHECK(r("7", "2", Rounding::round) == "4");
  CHECK(r("5", "2", Rounding::round) == "2");
  CHECK(r("-7", "2", Rounding::round) == "-4");
  CHECK(r("-5", "2", Rounding::round) == "-2");
  CHECK(r("17", "5", Rounding::floor) == "3");
  CHECK(r("-17", "5", Rounding::floor) == "-4");
  CHECK(r("17", "-5", Rounding::floor) == "-4");
  CHECK(r("17", "5", Rounding::ceil) == "4");
  CHECK(r("-17", "5", Rounding::ceil) == "-3");
  CHECK(r("-7/2", nullptr, Rounding::round) == "-4");
  CHECK(r("-5/2", nullptr, Rounding::round) == "-2");
  CHECK(r("1", "0.1", Rounding::floor) == "9");  // 0.1 is slightly above 1/10
  CHECK(r("7.5", "2.5", Rounding::floor) == "3");
  CHECK(r("1e300", nullptr, Rounding::floor).size() == 301);
  CHECK(r("100000000000000000000000", "3", Rounding::round) == "33333333333333333333333");
  CHECK(raised([] { num_to_integer(Value::fixnum(1), Value::fixnum(0), Rounding::floor); }) == "division-by-zero");
  CHECK(raised([] { num_to_integer(Value::fixnum(1), make_float(0.0), Rounding::floor); }) == "division-by-zero");
  CHECK(raised([] { num_to_integer(make_float(HUGE_VAL), no_value, Rounding::floor); }) == "wrong-type");
  CHECK(raised([] { num_to_integer(make_float(std::nan("")), no_value, Rounding::round); }) == "wrong-type");
  CHECK(raised([] { num_to_integer(Value::fixnum(1), make_float(std::nan("")), Rounding::ceil); }) == "wrong-type");
}

TEST_CASE("mod takes the divisor's sign, rem the dividend's") {
  auto mod = [](const char* x, const char* y) { return show(num_mod(num(x), num(y))); };
  auto rem = [](const char* x, const char* y) { return show(num_rem(num(x), num(y))); };
  CHECK(mod("17", "5") == "2");
  CHECK(mod("-17", "5") == "3");
  CHECK(mod("17", "-5") == "-3");
  CHECK(rem("-17", "5") == "-2");
  CHECK(rem("17", "-5") == "2");
  CHECK(mod("-100000000000000000000000", "7") == "2");
  CHECK(rem("-100000000000000000000000", "7") == "-5");
  CHECK(mod("7/2", "1/3") == "1/6");
  CHECK(mod("-7/2", "1/3") == "1/6");
  CHECK(rem("-7/2", "1/3") == "-1/6");
  CHECK(mod("5.5", "2") == "1.5");
  CHECK(mod("-5.5", "2") == "0.5");
  CHECK(rem("-5.5", "2") == "-1.5");
  CHECK(mod("-4", "2.0") == "0.0");
  CHECK(mod("4", "-2.0") == "-0.0");
  CHECK(raised([] { num_mod(Value::fixnum(5), Value::fixnum(0)); }) == "division-by-zero");
  CHECK(raised([] { num_rem(make_float(5), make_float(0.0)); }) == "division-by-zero");
  CHECK(raised([] { num_mod(Value::fixnum(5), nil); }) == "wrong-type");
}

TEST_CASE("abs, gcd, lcm") {
  CHECK(show(num_abs(num("-4611686018427387904"))) == "4611686018427387904");
  CHECK(show(num_abs(num("-7/3"))) == "7/3");
  CHECK(show(num_abs(num("-0.0"))) == "0.0");
  CHECK(show(num_gcd(num("-4"), num("6"))) == "2");
  CHECK(show(num_gcd(num("0"), num("0"))) == "0");
  CHECK(show(num_gcd(num("1267650600228229401496703205376"), num("1208925819614629174706176"))) ==
        "1208925819614629174706176");
  CHECK(show(num_lcm(num("-4"), num("6"))) == "12");
  CHECK(show(num_lcm(num("0"), num("6"))) == "0");
  CHECK(raised([] { num_gcd(make_float(1.5), Value::fixnum(2)); }) == "wrong-type");
  CHECK(raised([] { num_gcd(make_float(2.0), Value::fixnum(2)); }) == "wrong-type");
  CHECK(raised([] { num_lcm(Value::fixnum(2), num("1/2")); }) == "wrong-type");
}

TEST_CASE("powers: exact for exact bases and integer exponents") {
  auto pow = [](const char* x, const char* y) { return show(num_expt(num(x), num(y))); };
  CHECK(pow("2", "100") == "1267650600228229401496703205376");
  CHECK(pow("2", "-2") == "1/4");
  CHECK(pow("2/3", "2") == "4/9");
  CHECK(pow("-2/3", "-3") == "-27/8");
  CHECK(pow("-2", "3") == "-8");
  CHECK(pow("0", "0") == "1");
  CHECK(pow("0.0", "0") == "1.0");
  CHECK(pow("2", "0.5") == "1.4142135623730951");
  CHECK(pow("4", "1/2") == "2.0");
  CHECK(pow("-8", "1/3") == "nan");
  CHECK(pow("-1", "1000000000000000000000001") == "-1");
  CHECK(pow("1", "-1000000000000000000000001") == "1");
  CHECK(pow("0", "1000000000000000000000001") == "0");
  CHECK(raised([] { num_expt(Value::fixnum(0), Value::fixnum(-1)); }) == "division-by-zero");
  CHECK(raised([] { num_expt(make_float(0.0), Value::fixnum(-1)); }) == "division-by-zero");
  // 2^(2^32 - 1) has exactly 2^32 bits; one more is too many (spec 7).
  CHECK(raised([] { num_expt(Value::fixnum(2), num("4294967296")); }) == "out-of-memory");
  CHECK(raised([] { num_expt(Value::fixnum(3), num("3000000000")); }) == "out-of-memory");
  CHECK(raised([] { num_expt(num("1/3"), num("3000000000")); }) == "out-of-memory");
  CHECK(raised([] { num_expt(Value::fixnum(2), num("100000000000000000000")); }) == "out-of-memory");
  CHECK(raised([] { num_expt(Value::fixnum(2), nil); }) == "wrong-type");
}

TEST_CASE("size limit of exact results: 2^32 bits, checked before computing (spec 7)") {
  // Each of these would need more than 2^32 bits; none allocates anything first.
  CHECK(raised([] { int_ash(Value::fixnum(1), num("4294967296")); }) == "out-of-memory");
  CHECK(raised([] { int_ash(Value::fixnum(-3), num("4294967295")); }) == "out-of-memory");
  CHECK(raised([] { num_expt(num("1/2"), num("-4294967296")); }) == "out-of-memory");
  CHECK(raised([] { num_expt(num("-3/2"), num("-3000000000")); }) == "out-of-memory");
  CHECK(raised([] { format_fixed(Value::fixnum(1), 1300000000); }) == "out-of-memory");
}

TEST_CASE("square roots") {
  CHECK(show(num_sqrt(num("16"))) == "4");
  CHECK(show(num_sqrt(num("9/4"))) == "3/2");
  CHECK(show(num_sqrt(num("1000000000000000000000000000000"))) == "1000000000000000");
  CHECK(show(num_sqrt(num("2.25"))) == "1.5");
  CHECK(show(num_sqrt(num("2"))) == "1.4142135623730951");
  CHECK(show(num_sqrt(num("-1"))) == "nan");
  CHECK(show(num_sqrt(num("-0.0"))) == "-0.0");
  CHECK(show(num_sqrt(num("0"))) == "0");
}

TEST_CASE("rational gives a float's exact value") {
  CHECK(show(num_rational(num("0.75"))) == "3/4");
  CHECK(show(num_rational(num("0.1"))) == "3602879701896397/36028797018963968");
  CHECK(show(num_rational(num("-0.0"))) == "0");
  CHECK(show(num_rational(num("1e20"))) == "100000000000000000000");
  CHECK(raised([] { num_rational(make_float(HUGE_VAL)); }) == "wrong-type");
  CHECK(raised([] { num_rational(make_float(std::nan(""))); }) == "wrong-type");
}

TEST_CASE("bitwise operations are two's complement of unlimited width") {
  auto bit = [](BitOp op, const char* a, const char* b) { return show(int_bitwise(op, num(a), num(b))); };
  CHECK(bit(BitOp::and_, "12", "10") == "8");
  CHECK(bit(BitOp::or_, "12", "10") == "14");
  CHECK(bit(BitOp::xor_, "12", "10") == "6");
  CHECK(bit(BitOp::and_, "-1", "255") == "255");
  CHECK(bit(BitOp::and_, "-6", "-3") == "-8");
  CHECK(bit(BitOp::and_, "-1", "1267650600228229401496703205376") == "1267650600228229401496703205376");
  CHECK(bit(BitOp::xor_, "-1", "1267650600228229401496703205376") == "-1267650600228229401496703205377");
  CHECK(show(int_lognot(num("5"))) == "-6");
  CHECK(show(int_lognot(num("-4611686018427387904"))) == "4611686018427387903");
  CHECK(show(int_lognot(num("1267650600228229401496703205376"))) == "-1267650600228229401496703205377");
  CHECK(show(int_ash(num("1"), num("100"))) == "1267650600228229401496703205376");
  CHECK(show(int_ash(num("-5"), num("-1"))) == "-3");
  CHECK(show(int_ash(num("5"), num("-1"))) == "2");
  CHECK(show(int_ash(num("-1"), num("-100"))) == "-1");
  CHECK(show(int_ash(num("-1"), num("-100000000000000000000000"))) == "-1");
  CHECK(show(int_ash(num("7"), num("-100000000000000000000000"))) == "0");
  CHECK(show(int_ash(num("0"), num("100000000000000000000000"))) == "0");
  CHECK(show(int_ash(num("-1267650600228229401496703205376"), num("-90"))) == "-1024");
  CHECK(raised([] { int_ash(num("1"), num("100000000000000000000000")); }) == "out-of-memory");
  CHECK(raised([] { int_bitwise(BitOp::and_, make_float(1.5), Value::fixnum(1)); }) == "wrong-type");
  CHECK(raised([] { int_bitwise(BitOp::or_, Value::fixnum(1), make_float(1.0)); }) == "wrong-type");
  CHECK(raised([] { int_lognot(num("1/2")); }) == "wrong-type");
  CHECK(raised([] { int_ash(Value::fixnum(1), make_float(1.0)); }) == "wrong-type");
}

TEST_CASE("integers in a radix (spec 15.3)") {
  CHECK(number_to_string(num("255"), 16) == "ff");
  CHECK(number_to_string(num("-255"), 2) == "-11111111");
  CHECK(number_to_string(num("0"), 36) == "0");
  CHECK(number_to_string(num("100000000000000000000"), 36) == "l3r41ifs0q5ts");
  CHECK(show(parse_integer_radix("ff", 16)) == "255");
  CHECK(show(parse_integer_radix("-FF", 16)) == "-255");
  CHECK(show(parse_integer_radix("+777", 8)) == "511");
  CHECK(show(parse_integer_radix("z", 36)) == "35");
  CHECK(show(parse_integer_radix("l3r41ifs0q5ts", 36)) == "100000000000000000000");
  CHECK(parse_integer_radix("12", 2) == nil);
  CHECK(parse_integer_radix("", 10) == nil);
  CHECK(parse_integer_radix("-", 10) == nil);
  CHECK(parse_integer_radix("1 2", 10) == nil);
  CHECK(parse_integer_radix(" 12", 10) == nil);
  CHECK(parse_integer_radix("1.0", 10) == nil);
  CHECK(parse_integer_radix("+-1", 10) == nil);
}

TEST_CASE("fixed-point format (spec 15.3)") {
  auto f = [](const char* x, uint64_t d) { return format_fixed(num(x), d); };
  CHECK(f("2/3", 3) == "0.667");
  CHECK(f("2.5", 0) == "2");
  CHECK(f("3.5", 0) == "4");
  CHECK(f("-0.001", 2) == "0.00");
  CHECK(f("-1/8", 2) == "-0.12");
  CHECK(f("-3/8", 2) == "-0.38");
  CHECK(f("7", 2) == "7.00");
  CHECK(f("-7", 0) == "-7");
  CHECK(f("0.1", 20) == "0.10000000000000000555");
  CHECK(f("1e20", 1) == "100000000000000000000.0");
  CHECK(f("-0.0", 1) == "0.0");
  CHECK(f("1/3", 0) == "0");
  CHECK(f("123456789012345678901234567890", 1) == "123456789012345678901234567890.0");
  CHECK(format_fixed(make_float(HUGE_VAL), 2) == "inf");
  CHECK(format_fixed(make_float(-HUGE_VAL), 0) == "-inf");
  CHECK(format_fixed(make_float(std::nan("")), 3) == "nan");
  CHECK(raised([] { format_fixed(Value::fixnum(1), uint64_t(1) << 32); }) == "out-of-memory");
  CHECK(raised([] { format_fixed(nil, 1); }) == "wrong-type");
}

TEST_CASE("random numbers: same kind and sign, below the bound; seeds repeat") {
  random_seed(Value::fixnum(42));
  Value a[4] = {random_below(Value::fixnum(1000)), random_below(num("100000000000000000000000")),
                random_below(num("-7/3")), random_below(make_float(1.0))};
  random_seed(Value::fixnum(42));
  Value b[4] = {random_below(Value::fixnum(1000)), random_below(num("100000000000000000000000")),
                random_below(num("-7/3")), random_below(make_float(1.0))};
  for (int i = 0; i < 4; ++i) CHECK(num_equal(a[i], b[i]));
  random_seed(num("-100000000000000000000000"));
  Value c = random_below(num("1000000000000"));
  random_seed(num("100000000000000000000000"));
  CHECK(!num_equal(c, random_below(num("1000000000000"))));  // the sign is part of the seed
  for (int i = 0; i < 2000; ++i) {
    Value r = random_below(Value::fixnum(10));
    REQUIRE(r.is_fixnum());
    REQUIRE(r.fixnum_value() >= 0);
    REQUIRE(r.fixnum_value() < 10);
    Value n = random_below(Value::fixnum(-3));
    REQUIRE(n.fixnum_value() <= 0);
    REQUIRE(n.fixnum_value() > -3);
    Value f = random_below(make_float(-1.5));
    REQUIRE(is_float(f));
    REQUIRE(float_of(f) <= 0.0);
    REQUIRE(float_of(f) > -1.5);
    Value q = random_below(num("7/2"));
    REQUIRE(is_exact(q));
    REQUIRE(num_compare(q, Value::fixnum(0)) >= 0);
    REQUIRE(num_compare(q, num("7/2")) < 0);
  }
  CHECK(show(random_below(Value::fixnum(0))) == "0");
  CHECK(show(random_below(make_float(0.0))) == "0.0");
  CHECK(raised([] { random_below(make_float(HUGE_VAL)); }) == "wrong-type");
  CHECK(raised([] { random_below(make_float(std::nan(""))); }) == "wrong-type");
  CHECK(raised([] { random_seed(make_float(1.0)); }) == "wrong-type");
}

// ---- GMP temporaries and the collector ------------------------------------------------------
// GMP chains its temporary blocks through one another (mpz_get_str's table of powers):
// were they collected memory, a collection in the middle of a big conversion would free
// blocks still in use. Here every sizeable GMP allocation first collects, so such a bug
// corrupts the digits (or crashes) at once (hostile gen/huge/integer-100k-digits).
namespace {
void* (*gmp_alloc_next)(size_t);
void* (*gmp_realloc_next)(void*, size_t, size_t);
void (*gmp_free_next)(void*, size_t);
void* collecting_alloc(size_t n) {
  if (n >= 4096) GC_gcollect();
  return gmp_alloc_next(n);
}
void* collecting_realloc(void* p, size_t old_n, size_t new_n) {
  if (new_n >= 4096) GC_gcollect();
  return gmp_realloc_next(p, old_n, new_n);
}
}  // namespace

TEST_CASE("big conversions survive collections inside GMP") {
  mp_get_memory_functions(&gmp_alloc_next, &gmp_realloc_next, &gmp_free_next);
  mp_set_memory_functions(collecting_alloc, collecting_realloc, gmp_free_next);
  std::string digits(100000, '7');
  digits[0] = '1';
  digits[50000] = '3';
  Value x = parse_number_token(digits);
  std::string printed = number_to_string(x);
  std::string negative = number_to_string(num_negate(x));
  std::string square = number_to_string(num_mul(x, x));
  Value ratio = num_div(x, make_integer(2));  // x is odd
  std::string fraction = number_to_string(ratio);
  mp_set_memory_functions(gmp_alloc_next, gmp_realloc_next, gmp_free_next);
  CHECK(printed == digits);
  CHECK(negative == "-" + digits);
  CHECK(square.size() == 199999);
  CHECK(fraction == digits + "/2");
  // The square, exactly, from GMP alone.
  mpz_t z;
  mpz_init_set_str(z, digits.c_str(), 10);
  mpz_mul(z, z, z);
  std::string expected(mpz_sizeinbase(z, 10) + 2, '\0');
  mpz_get_str(expected.data(), 10, z);
  expected.resize(std::strlen(expected.c_str()));
  mpz_clear(z);
  CHECK(square == expected);
}
