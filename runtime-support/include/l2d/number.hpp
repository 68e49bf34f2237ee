// The numeric tower (spec 7.2): fixnums, bignums (GMP mpz), exact fractions (GMP mpq)
// and floats, with the conversions and the generic arithmetic the built-in methods,
// the reader and the printer share. Every function here accepts cells (it unwraps).
#pragma once

#include <gmp.h>

#include <string>
#include <string_view>

#include "runtime.hpp"

namespace l2d {

// GMP's memory functions: malloc for GMP's own use; number objects get copies of their
// limbs in collected atomic memory (number.cpp). Called by gc::init.
void init_gmp_memory();

bool is_number(Value v);        // integer, fraction or float (a cell counts)
bool is_integer(Value v);       // fixnum or bignum
bool is_exact(Value v);         // integer or fraction
inline bool is_float(Value v) { return is_kind(unwrap(v), Kind::flonum); }
inline double float_of(Value v) { return unwrap(v).as<Flonum>()->d; }
int mpz_sgn_of(Value bignum);
int sign_of(Value number);      // -1, 0, 1 (nan: 0)

// --- construction: every result is canonical (fixnum when it fits, integer when the
//     denominator is 1, fraction in lowest terms) --------------------------------------
Value make_integer(const mpz_t z);       // copies z
Value make_integer_move(mpz_t z);        // takes z's limbs; z must not be used after
Value make_ratio(const mpz_t num, const mpz_t den);  // den != 0; normalises
Value make_fraction_move(mpq_t q);       // q canonical; takes ownership
Value make_cell(Value number);           // a new mutable number holding [number]

// Reads an exact value into GMP form (integers: den = 1). [v] must be exact.
void to_mpz(Value v, mpz_t out);         // integer v; out initialised by the caller
void to_mpq(Value v, mpq_t out);         // exact v; out initialised by the caller
// Nearest double, ties to even; ±inf beyond the range (spec 7.2).
double to_double(Value v);
double mpq_to_double(const mpq_t q);

// --- generic arithmetic (spec 7.2); raise wrong-type for non-numbers and
//     division-by-zero / out-of-memory as the spec says --------------------------------
Value num_add(Value a, Value b);
Value num_sub(Value a, Value b);
Value num_mul(Value a, Value b);
Value num_div(Value a, Value b);
Value num_negate(Value a);
// -1, 0, 1; 2 when unordered (a nan is involved). Exact against float compares exactly.
int num_compare(Value a, Value b);
bool num_equal(Value a, Value b);  // `=` on numbers
// false: an exact result of [bits] bits exceeds the limit of spec 7 (2^32 bits).
bool fits_in_bits(uint64_t bits);

// --- rounding, division and roots (spec 7.2, number_math.cpp). Exact results are
//     canonical; nan and ±inf raise wrong-type where an exact value is needed ---------
enum class Rounding { floor, ceil, round };  // round: to nearest, ties to even
// The integer [mode] of x/y; [y] no_value means 1. Division by zero raises.
Value num_to_integer(Value x, Value y, Rounding mode);
Value num_mod(Value x, Value y);     // remainder with the sign of y
Value num_rem(Value x, Value y);     // remainder with the sign of x
Value num_abs(Value x);
Value num_gcd(Value a, Value b);     // integers; non-negative
Value num_lcm(Value a, Value b);     // integers; non-negative
Value num_expt(Value x, Value y);    // x ^ y
Value num_sqrt(Value x);             // exact for exact perfect squares
Value num_rational(Value x);         // the exact value of a finite number

// --- two's complement bitwise operations of unlimited width on integers (spec 15.3,
//     number_bits.cpp); other operands raise wrong-type -------------------------------
enum class BitOp { and_, or_, xor_ };
Value int_bitwise(BitOp op, Value a, Value b);
Value int_lognot(Value a);
Value int_ash(Value a, Value shift);  // left for shift > 0, right rounding down

// --- random numbers (spec 7.2 random, 15.2 random-seed): one generator per process ---
void random_seed(Value n);               // integer n
Value random_below(Value x);             // (x random)

// --- text -----------------------------------------------------------------------------
// The number a token spells (spec 2.6), or no_value if the token is not a number.
// Raises syntax for a zero denominator.
Value parse_number_token(std::string_view token);
// Spec 15.3: the integer the whole of [text] spells in [radix] (2…36): an optional
// sign, then digits and letters of either case. nil if it spells none.
Value parse_integer_radix(std::string_view text, int radix);
// Digits in [radix] (2…36) of an integer, or the printed form of any number.
std::string number_to_string(Value v, int radix = 10);
// Spec 15.3 (x format D): exactly [digits] digits after the point, from the exact value
// rounded to nearest, ties to even (number_format.cpp).
std::string format_fixed(Value x, uint64_t digits);
std::string float_to_string(double d);   // spec 13: Python repr

}  // namespace l2d
