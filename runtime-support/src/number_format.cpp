// Fixed-point text of a number (spec 15.3 format): exactly D digits after the point,
// computed from the exact value (a float's too), rounded to nearest with ties to even.
#include <cmath>
#include <cstring>

#include "number_impl.hpp"

namespace l2d {

using namespace numimpl;

std::string format_fixed(Value x, uint64_t digits) {
  x = number_arg(x);
  if (is_kind(x, Kind::flonum) && !std::isfinite(x.as<Flonum>()->d))
    return float_to_string(x.as<Flonum>()->d);  // nan, inf, -inf as spec 13 prints them
  // The text alone would exceed the longest string (spec 7).
  if (digits >= max_sequence_size) raise_out_of_memory();
  Q value;
  if (is_kind(x, Kind::flonum))
    finite_to_mpq(x.as<Flonum>()->d, value);
  else
    to_mpq(x, value);
  // value · 10^D needs about D·log2(10) more bits than the numerator.
  check_bits(mpz_sizeinbase(mpq_numref(value.q), 2) + digits_bits(digits, 10));
  Z scaled, rounded;
  mpz_ui_pow_ui(scaled, 10, (unsigned long)digits);
  mpz_mul(scaled, scaled, mpq_numref(value.q));
  round_quotient(rounded, scaled, mpq_denref(value.q), Rounding::round);
  // The sign shows only when the rounded value is negative: (-0.001 format 2) is "0.00".
  bool negative = mpz_sgn(rounded.z) < 0;
  mpz_abs(rounded, rounded);
  std::string body(mpz_sizeinbase(rounded, 10) + 1, '\0');
  mpz_get_str(body.data(), 10, rounded);
  body.resize(std::strlen(body.c_str()));
  if (body.size() <= digits) body.insert(0, size_t(digits + 1 - body.size()), '0');
  std::string out = negative ? "-" : "";
  if (digits == 0) return out + body;
  out.append(body, 0, body.size() - digits);
  out += '.';
  out.append(body, body.size() - digits, std::string::npos);
  return out;
}

}  // namespace l2d
