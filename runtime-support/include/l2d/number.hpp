// The numeric tower (spec 7.2): fixnums, bignums (GMP mpz), exact fractions (GMP mpq)
// and floats, with the conversions and the generic arithmetic the built-in methods,
// the reader and the printer share. Every function here accepts cells (it unwraps).
#pragma once

#include <gmp.h>

#include <string>
#include <string_view>

#include "runtime.hpp"

namespace l2d {

// Routes GMP's memory to the collector (limbs are atomic memory). Called by gc::init.
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
// Integer division helpers used by floor/mod/etc. (exact operands, b != 0).
bool fits_in_bits(uint64_t bits);  // false: the result would exceed 2^32 bits

// --- random numbers (spec 7.2 random, 15.2 random-seed): one generator per process ---
void random_seed(Value n);               // integer n
Value random_below(Value x);             // (x random)

// --- text -----------------------------------------------------------------------------
// The number a token spells (spec 2.6), or no_value if the token is not a number.
// Raises syntax for a zero denominator.
Value parse_number_token(std::string_view token);
// Digits in [radix] (2…36) of an integer, or the printed form of any number.
std::string number_to_string(Value v, int radix = 10);
std::string float_to_string(double d);   // spec 13: Python repr

}  // namespace l2d
