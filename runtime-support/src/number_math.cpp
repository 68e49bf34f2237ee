// Number functions beyond the four operations (spec 7.2): rounding to integers,
// remainders, absolute value, gcd and lcm, powers, square roots, exact values of floats.
#include <cmath>
#include <cstdlib>
#include <numeric>

#include "number_impl.hpp"

namespace l2d {

using namespace numimpl;

namespace {

// An exact number's value as a fraction; a float's exact value (nan, ±inf: wrong-type).
void exact_value(Value v, mpq_t out) {
  if (is_kind(v, Kind::flonum))
    finite_to_mpq(v.as<Flonum>()->d, out);
  else
    to_mpq(v, out);
}

bool is_zero(Value v) {  // [v] an unwrapped number
  if (v.is_fixnum()) return v.fixnum_value() == 0;
  if (is_kind(v, Kind::flonum)) return v.as<Flonum>()->d == 0.0;
  return false;  // bignums and fractions are never zero (canonical)
}

// Floor division of fixnums without overflow: |q| <= 2^62 fits a long long.
SWord fixnum_div(SWord a, SWord b, Rounding mode) {
  SWord q = a / b, r = a % b;
  if (r == 0) return q;
  bool negative = (r < 0) != (b < 0);  // the true quotient is below zero
  switch (mode) {
    case Rounding::floor: return negative ? q - 1 : q;
    case Rounding::ceil: return negative ? q : q + 1;
    case Rounding::round: {
      // Compare |r| with |b|/2; the remainder's magnitude decides, ties go to even.
      unsigned long long ar = r < 0 ? 0ull - (unsigned long long)r : (unsigned long long)r;
      unsigned long long ab = b < 0 ? 0ull - (unsigned long long)b : (unsigned long long)b;
      bool away = 2 * ar > ab || (2 * ar == ab && (q & 1) != 0);
      return away ? (negative ? q - 1 : q + 1) : q;
    }
  }
  return q;
}

}  // namespace

void numimpl::round_quotient(mpz_t q, const mpz_t n, const mpz_t d, Rounding mode) {
  switch (mode) {
    case Rounding::floor: mpz_fdiv_q(q, n, d); return;
    case Rounding::ceil: mpz_cdiv_q(q, n, d); return;
    case Rounding::round: {
      Z r, twice;
      mpz_fdiv_qr(q, r, n, d);  // 0 <= r < d
      mpz_mul_2exp(twice, r, 1);
      int c = mpz_cmp(twice, d);
      if (c > 0 || (c == 0 && mpz_odd_p(q))) mpz_add_ui(q, q, 1);
      return;
    }
  }
}

Value num_to_integer(Value x, Value y, Rounding mode) {
  x = number_arg(x);
  bool unary = y == no_value;
  if (!unary) y = number_arg(y);
  if (unary) {
    if (x.is_fixnum() || is_kind(x, Kind::bignum)) return fresh_number(x);
    if (is_kind(x, Kind::flonum)) {
      double d = x.as<Flonum>()->d;
      if (!std::isfinite(d)) raise_wrong_type();
      // nearbyint rounds to nearest, ties to even, in the default rounding mode.
      d = mode == Rounding::floor ? std::floor(d) : mode == Rounding::ceil ? std::ceil(d) : std::nearbyint(d);
      Z z;
      mpz_set_d(z, d);  // exact: d is integral
      return make_integer_move(z.z);
    }
  } else if (x.is_fixnum() && y.is_fixnum()) {
    if (y.fixnum_value() == 0) raise(sym::division_by_zero);
    return make_integer((long long)fixnum_div(x.fixnum_value(), y.fixnum_value(), mode));
  }
  // The exact quotient: floats count as their exact values, so (1 floor 0.1) is 9.
  Q a, b;
  exact_value(x, a);
  if (unary) {
    mpz_set_ui(mpq_numref(b.q), 1);
  } else {
    exact_value(y, b);
    if (mpq_sgn(b.q) == 0) raise(sym::division_by_zero);
  }
  check_bits(mpz_sizeinbase(mpq_numref(a.q), 2) + mpz_sizeinbase(mpq_denref(b.q), 2));
  check_bits(mpz_sizeinbase(mpq_denref(a.q), 2) + mpz_sizeinbase(mpq_numref(b.q), 2));
  mpq_div(a, a, b);  // canonical: the denominator is positive
  Z q;
  round_quotient(q, mpq_numref(a.q), mpq_denref(a.q), mode);
  return make_integer_move(q.z);
}

namespace {

// Spec 7.2 mod (sign of y, [floor] true) and rem (sign of x).
Value remainder(Value x, Value y, bool floor) {
  x = number_arg(x);
  y = number_arg(y);
  if (is_zero(y)) raise(sym::division_by_zero);
  if (x.is_fixnum() && y.is_fixnum()) {
    SWord a = x.fixnum_value(), b = y.fixnum_value(), r = a % b;
    if (floor && r != 0 && (r < 0) != (b < 0)) r += b;
    return Value::fixnum(r);
  }
  if (is_kind(x, Kind::flonum) || is_kind(y, Kind::flonum)) {
    // As Python's float % (mod) and math.fmod (rem): fmod is exact; a zero remainder of
    // mod takes y's sign.
    double a = to_double(x), b = to_double(y), r = std::fmod(a, b);
    if (floor) {
      if (r == 0.0)
        r = std::copysign(0.0, b);
      else if ((r < 0) != (b < 0))
        r += b;
    }
    return make_float(r);
  }
  if (is_integer(x) && is_integer(y)) {
    Z a, b, r;
    to_mpz(x, a);
    to_mpz(y, b);
    if (floor)
      mpz_fdiv_r(r, a, b);
    else
      mpz_tdiv_r(r, a, b);
    return make_integer_move(r.z);
  }
  // Fractions: x - y * k with k = floor(x/y) (mod) or trunc(x/y) (rem).
  uint64_t an, ad, bn, bd;
  part_bits(x, an, ad);
  part_bits(y, bn, bd);
  check_bits(an + bd + bn + ad + 1);
  check_bits(ad + bd);
  Q a, b, quotient;
  to_mpq(x, a);
  to_mpq(y, b);
  mpq_div(quotient, a, b);
  Z k;
  if (floor)
    mpz_fdiv_q(k, mpq_numref(quotient.q), mpq_denref(quotient.q));
  else
    mpz_tdiv_q(k, mpq_numref(quotient.q), mpq_denref(quotient.q));
  mpq_t r;
  mpq_init(r);
  mpq_set_z(r, k);
  mpq_mul(r, r, b);
  mpq_sub(r, a, r);
  return make_fraction_move(r);
}

}  // namespace

Value num_mod(Value x, Value y) { return remainder(x, y, true); }
Value num_rem(Value x, Value y) { return remainder(x, y, false); }

Value num_abs(Value x) {
  x = number_arg(x);
  if (sign_of(x) >= 0 && !is_kind(x, Kind::flonum)) return fresh_number(x);
  switch (num_kind(x)) {
    case NumKind::fixnum: return make_integer(-(long long)x.fixnum_value());
    case NumKind::flonum: return make_float(std::fabs(x.as<Flonum>()->d));  // also -0.0, nan
    default: return num_negate(x);
  }
}

Value num_gcd(Value a, Value b) {
  a = integer_value_arg(a);
  b = integer_value_arg(b);
  if (a.is_fixnum() && b.is_fixnum()) {
    unsigned long long x = (unsigned long long)std::llabs(a.fixnum_value());
    unsigned long long y = (unsigned long long)std::llabs(b.fixnum_value());
    return make_integer((long long)std::gcd(x, y));  // at most 2^62
  }
  Z x, y;
  to_mpz(a, x);
  to_mpz(b, y);
  mpz_gcd(x, x, y);  // non-negative
  return make_integer_move(x.z);
}

Value num_lcm(Value a, Value b) {
  a = integer_value_arg(a);
  b = integer_value_arg(b);
  check_bits(bit_length(a) + bit_length(b));
  Z x, y;
  to_mpz(a, x);
  to_mpz(b, y);
  mpz_lcm(x, x, y);  // non-negative; 0 if either is 0
  return make_integer_move(x.z);
}

namespace {

// Raises out-of-memory unless |base|^e fits in 2^32 bits: it needs floor(e·log2|base|)+1.
void check_power_bits(const mpz_t base, unsigned long e) {
  if (mpz_cmpabs_ui(base, 1) <= 0) return;
  long exp2;
  double mant = std::fabs(mpz_get_d_2exp(&exp2, base));  // |base| = mant · 2^exp2, mant in [0.5, 1)
  double log2_base = double(exp2) + std::log2(mant);
  if (double(e) * log2_base >= 4294967296.0) raise_out_of_memory();
}

// x ^ y for exact x and integer y (spec 7.2): exact, 1/x^-y for negative y.
Value exact_power(Value x, Value y) {
  int ysign = sign_of(y);
  if (ysign == 0) return Value::fixnum(1);  // (0 ^ 0) is 1 too
  int xsign = sign_of(x);
  if (xsign == 0) {
    if (ysign < 0) raise(sym::division_by_zero);
    return Value::fixnum(0);
  }
  Q base;
  to_mpq(x, base);
  if (ysign < 0) mpq_inv(base, base);  // keeps the denominator positive
  Z e;
  to_mpz(y, e);
  mpz_abs(e, e);
  // ±1 to any power: no size limit applies.
  if (mpz_cmp_ui(mpq_denref(base.q), 1) == 0 && mpz_cmpabs_ui(mpq_numref(base.q), 1) == 0) {
    bool negative = mpz_sgn(mpq_numref(base.q)) < 0 && mpz_odd_p(e.z);
    return Value::fixnum(negative ? -1 : 1);
  }
  if (!mpz_fits_ulong_p(e)) raise_out_of_memory();
  unsigned long n = mpz_get_ui(e);
  check_power_bits(mpq_numref(base.q), n);
  check_power_bits(mpq_denref(base.q), n);
  // Powers of coprime parts stay coprime: the result is canonical as computed.
  mpq_t r;
  mpq_init(r);
  mpz_pow_ui(mpq_numref(r), mpq_numref(base.q), n);
  mpz_pow_ui(mpq_denref(r), mpq_denref(base.q), n);
  return make_fraction_move(r);
}

}  // namespace

Value num_expt(Value x, Value y) {
  x = number_arg(x);
  y = number_arg(y);
  if (is_exact(x) && is_integer(y)) return exact_power(x, y);
  double b = to_double(x), e = to_double(y);
  // A zero base with a negative exponent divides by zero (as Python's 0.0 ** -1).
  if (b == 0.0 && e < 0) raise(sym::division_by_zero);
  return make_float(std::pow(b, e));
}

Value num_sqrt(Value x) {
  x = number_arg(x);
  if (is_exact(x) && sign_of(x) >= 0) {
    if (is_kind(x, Kind::fraction)) {
      __mpq_struct* q = mpq_of(x);
      if (mpz_perfect_square_p(mpq_numref(q)) && mpz_perfect_square_p(mpq_denref(q))) {
        mpq_t r;
        mpq_init(r);
        mpz_sqrt(mpq_numref(r), mpq_numref(q));
        mpz_sqrt(mpq_denref(r), mpq_denref(q));
        return make_fraction_move(r);
      }
    } else {
      Z z;
      to_mpz(x, z);
      if (mpz_perfect_square_p(z)) {
        mpz_sqrt(z, z);
        return make_integer_move(z.z);
      }
    }
  }
  // Otherwise a float: the exact operand is converted first (spec 7.2); negative: nan.
  return make_float(std::sqrt(to_double(x)));
}

Value num_rational(Value x) {
  x = number_arg(x);
  if (!is_kind(x, Kind::flonum)) return fresh_number(x);
  mpq_t q;
  mpq_init(q);
  finite_to_mpq(x.as<Flonum>()->d, q);
  mpq_canonicalize(q);
  return make_fraction_move(q);
}

}  // namespace l2d
