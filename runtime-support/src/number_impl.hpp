// Numeric tower internals shared by the number_*.cpp files: GMP views of number
// objects, collector-managed GMP temporaries, and the exact-size guard of spec 7.
// Not part of the runtime's interface: number.hpp is.
#pragma once

#include <gmp.h>

#include <cmath>

#include "l2d/error.hpp"
#include "l2d/number.hpp"

namespace l2d::numimpl {

// GMP's view of a bignum's or a fraction's value (object.hpp spells the layouts out).
inline __mpz_struct* mpz_of(Value v) { return reinterpret_cast<__mpz_struct*>(&v.as<Bignum>()->z); }
inline __mpq_struct* mpq_of(Value v) { return reinterpret_cast<__mpq_struct*>(&v.as<Fraction>()->num); }

// Temporaries. GMP's memory is malloc'd (number.cpp: GMP chains its own blocks, which
// collected atomic memory would not keep alive), so a temporary clears itself, also when
// an error unwinds. make_integer_move / make_fraction_move copy the limbs of a result
// into the new object and leave the temporary empty.
struct Z {
  mpz_t z;
  Z() { mpz_init(z); }
  ~Z() { mpz_clear(z); }
  Z(const Z&) = delete;
  Z& operator=(const Z&) = delete;
  operator mpz_ptr() { return z; }
};
struct Q {
  mpq_t q;
  Q() { mpq_init(q); }
  ~Q() { mpq_clear(q); }
  Q(const Q&) = delete;
  Q& operator=(const Q&) = delete;
  operator mpq_ptr() { return q; }
};

enum class NumKind { fixnum, bignum, fraction, flonum, none };

// [v] unwrapped.
inline NumKind num_kind(Value v) {
  if (v.is_fixnum()) return NumKind::fixnum;
  if (!v.is_ptr()) return NumKind::none;
  switch (v.ptr()->kind) {
    case Kind::bignum: return NumKind::bignum;
    case Kind::fraction: return NumKind::fraction;
    case Kind::flonum: return NumKind::flonum;
    default: return NumKind::none;
  }
}

// A number argument, unwrapped; anything else raises wrong-type.
inline Value number_arg(Value v) {
  v = unwrap(v);
  if (num_kind(v) == NumKind::none) raise_wrong_type();
  return v;
}

// An integer argument (fixnum or bignum), unwrapped; floats too raise wrong-type.
inline Value integer_value_arg(Value v) {
  v = unwrap(v);
  if (!v.is_fixnum() && !is_kind(v, Kind::bignum)) raise_wrong_type();
  return v;
}

// [v] (unwrapped) as a result the program may change: (nil const X) may have marked a
// number object read-only (spec 3.7), and a copy of it is not read-only.
Value fresh_number(Value v);

// Guards an exact result (spec 7): more than 2^32 bits raises out-of-memory before
// anything is computed. [bits] is an upper bound of the result's size.
inline void check_bits(uint64_t bits) {
  if (!fits_in_bits(bits)) raise_out_of_memory();
}

// Bits an integer of [n] digits in [radix] may need: at most n·log2(radix), rounded up.
inline uint64_t digits_bits(uint64_t n, int radix) {
  return uint64_t(std::ceil(double(n) * std::log2(double(radix))));
}

// Bits of an integer's magnitude, as mpz_sizeinbase(z, 2) counts them (0 has 1).
inline uint64_t bit_length(Value v) {
  if (v.is_fixnum()) {
    SWord n = v.fixnum_value();
    uint64_t m = n < 0 ? uint64_t(-n) : uint64_t(n);  // fixnums never reach INT64_MIN
    return m == 0 ? 1 : uint64_t(64 - __builtin_clzll(m));
  }
  return mpz_sizeinbase(mpz_of(v), 2);
}

// Bits of an exact number's numerator and denominator (an integer's is 1).
inline void part_bits(Value v, uint64_t& num, uint64_t& den) {
  if (is_kind(v, Kind::fraction)) {
    num = mpz_sizeinbase(mpq_numref(mpq_of(v)), 2);
    den = mpz_sizeinbase(mpq_denref(mpq_of(v)), 2);
  } else {
    num = bit_length(v);
    den = 1;
  }
}

// q = x/y rounded to an integer as [mode] says; [d] > 0.
void round_quotient(mpz_t q, const mpz_t n, const mpz_t d, Rounding mode);

// A finite float's exact value; nan and ±inf raise wrong-type (spec 7.2: where an
// integer or an exact value is needed).
void finite_to_mpq(double d, mpq_t out);

}  // namespace l2d::numimpl
