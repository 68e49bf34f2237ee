// Bitwise operations on integers (spec 15.3): two's complement of unlimited width, as
// GMP's mpz_and/ior/xor/com define them for negative numbers.
#include "number_impl.hpp"

namespace l2d {

using namespace numimpl;

Value int_bitwise(BitOp op, Value a, Value b) {
  a = integer_value_arg(a);
  b = integer_value_arg(b);
  if (a.is_fixnum() && b.is_fixnum()) {
    // Fixnums are 63-bit two's complement values; the operations stay in range.
    SWord x = a.fixnum_value(), y = b.fixnum_value();
    switch (op) {
      case BitOp::and_: return Value::fixnum(x & y);
      case BitOp::or_: return Value::fixnum(x | y);
      case BitOp::xor_: return Value::fixnum(x ^ y);
    }
  }
  Z x, y;
  to_mpz(a, x);
  to_mpz(b, y);
  switch (op) {
    case BitOp::and_: mpz_and(x, x, y); break;
    case BitOp::or_: mpz_ior(x, x, y); break;
    case BitOp::xor_: mpz_xor(x, x, y); break;
  }
  return make_integer_move(x.z);
}

Value int_lognot(Value a) {
  a = integer_value_arg(a);
  if (a.is_fixnum()) return Value::fixnum(~a.fixnum_value());  // -x - 1 stays in range
  Z x;
  to_mpz(a, x);
  mpz_com(x, x);
  return make_integer_move(x.z);
}

Value int_ash(Value a, Value shift) {
  a = integer_value_arg(a);
  shift = integer_value_arg(shift);
  int a_sign = sign_of(a);
  if (a_sign == 0) return a;
  if (!shift.is_fixnum()) {
    // A shift beyond any fixnum: left needs more than 2^32 bits; right leaves the sign.
    if (mpz_sgn_of(shift) > 0) raise_out_of_memory();
    return Value::fixnum(a_sign < 0 ? -1 : 0);
  }
  SWord n = shift.fixnum_value();
  if (n == 0) return fresh_number(a);
  if (n > 0) {
    check_bits(bit_length(a) + uint64_t(n));
    Z x;
    to_mpz(a, x);
    mpz_mul_2exp(x, x, mp_bitcnt_t(n));
    return make_integer_move(x.z);
  }
  uint64_t right = uint64_t(-n);  // n >= fixnum_min, so this does not overflow
  if (a.is_fixnum()) {
    // An arithmetic shift rounds down; 63 places already leave only the sign.
    return Value::fixnum(a.fixnum_value() >> (right > 63 ? 63 : right));
  }
  Z x;
  to_mpz(a, x);
  mpz_fdiv_q_2exp(x, x, mp_bitcnt_t(right));
  return make_integer_move(x.z);
}

}  // namespace l2d
