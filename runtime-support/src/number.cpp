// The numeric tower: representation, canonical construction, exact-to-float rounding,
// generic arithmetic and comparison, parsing and printing of numbers.
#include "l2d/number.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>

#include "l2d/error.hpp"
#include "l2d/gc.hpp"
#include "number_impl.hpp"

namespace l2d {

using namespace numimpl;

static_assert(sizeof(MpzLayout) == sizeof(__mpz_struct), "MpzLayout must match mpz_t");
static_assert(sizeof(Fraction::num) * 2 == sizeof(__mpq_struct), "Fraction must match mpq_t");

namespace {

// GMP's own memory is malloc'd and freed by GMP: GMP links its temporary blocks through
// one another (mpz_get_str's table of powers, the chained blocks of TMP_ALLOC), which
// the collector cannot see inside atomic memory, so a collection in the middle of a
// big conversion freed blocks still in use. Only the limbs of finished number objects
// live in collected memory: adopt() copies them there, and temporaries (Z, Q and the
// mpz_t handed to make_*_move) are cleared.
void* gmp_alloc(size_t n) {
  void* p = std::malloc(n);
  if (L2D_UNLIKELY(!p)) raise_out_of_memory();
  return p;
}
void* gmp_realloc(void* p, size_t, size_t new_n) {
  void* q = std::realloc(p, new_n);
  if (L2D_UNLIKELY(!q)) raise_out_of_memory();
  return q;
}
void gmp_free(void* p, size_t) { std::free(p); }

// [dst] (a number object's) becomes a copy of [z] whose limbs are collected memory.
void adopt(MpzLayout& dst, const __mpz_struct* z) {
  size_t n = size_t(z->_mp_size < 0 ? -z->_mp_size : z->_mp_size);
  size_t alloc = n ? n : 1;
  auto* limbs = static_cast<mp_limb_t*>(gc::alloc_atomic(alloc * sizeof(mp_limb_t)));
  if (n) std::memcpy(limbs, z->_mp_d, n * sizeof(mp_limb_t));
  else limbs[0] = 0;
  dst.alloc = int(alloc);
  dst.size = z->_mp_size;
  dst.limbs = limbs;
}

}  // namespace

bool fits_in_bits(uint64_t bits) { return bits <= (uint64_t(1) << 32); }

void init_gmp_memory() { mp_set_memory_functions(gmp_alloc, gmp_realloc, gmp_free); }

bool is_number(Value v) { return num_kind(unwrap(v)) != NumKind::none; }
bool is_integer(Value v) {
  v = unwrap(v);
  return v.is_fixnum() || is_kind(v, Kind::bignum);
}
bool is_exact(Value v) {
  NumKind k = num_kind(unwrap(v));
  return k == NumKind::fixnum || k == NumKind::bignum || k == NumKind::fraction;
}
int mpz_sgn_of(Value v) { return mpz_sgn(mpz_of(unwrap(v))); }

int sign_of(Value v) {
  v = unwrap(v);
  switch (num_kind(v)) {
    case NumKind::fixnum: return (v.fixnum_value() > 0) - (v.fixnum_value() < 0);
    case NumKind::bignum: return mpz_sgn(mpz_of(v));
    case NumKind::fraction: return mpq_sgn(mpq_of(v));
    case NumKind::flonum: {
      double d = v.as<Flonum>()->d;
      return (d > 0) - (d < 0);
    }
    default: raise_wrong_type();
  }
}

// ---- construction ---------------------------------------------------------------------

Value make_integer(long long n) {
  if (fits_fixnum(n)) return Value::fixnum(n);
  Z z;
  mpz_set_si(z, n);
  return make_integer(z.z);
}

Value make_integer_move(mpz_t z) {
  Value v;
  if (mpz_fits_slong_p(z) && fits_fixnum(mpz_get_si(z))) {
    v = Value::fixnum(mpz_get_si(z));
  } else {
    auto* b = gc::make_exact<Bignum>(Kind::bignum, classes.integer);
    adopt(b->z, z);
    v = Value(b);
  }
  // The caller's limbs are freed; z is left empty (lazy mpz_init allocates nothing), so
  // a Z's destructor may still clear it.
  mpz_clear(z);
  mpz_init(z);
  return v;
}

Value make_integer(const mpz_t z) {
  if (mpz_fits_slong_p(z)) {
    long n = mpz_get_si(z);
    if (fits_fixnum(n)) return Value::fixnum(n);
  }
  auto* b = gc::make_exact<Bignum>(Kind::bignum, classes.integer);
  adopt(b->z, z);
  return Value(b);
}

Value make_fraction_move(mpq_t q) {
  if (mpz_cmp_ui(mpq_denref(q), 1) == 0) {
    Value v = make_integer_move(mpq_numref(q));
    mpq_clear(q);
    mpq_init(q);
    return v;
  }
  auto* f = gc::make_exact<Fraction>(Kind::fraction, classes.fraction);
  adopt(f->num, mpq_numref(q));
  adopt(f->den, mpq_denref(q));
  mpq_clear(q);
  mpq_init(q);
  return Value(f);
}

Value make_ratio(const mpz_t num, const mpz_t den) {
  if (mpz_sgn(den) == 0) raise(sym::division_by_zero);
  mpq_t q;
  mpq_init(q);
  mpz_set(mpq_numref(q), num);
  mpz_set(mpq_denref(q), den);
  mpq_canonicalize(q);
  return make_fraction_move(q);
}

Value make_float(double d) {
  auto* f = gc::make_exact<Flonum>(Kind::flonum, classes.flonum);
  f->d = d;
  return Value(f);
}

Value make_cell(Value number) {
  number = unwrap(number);
  auto* c = gc::make_exact<Cell>(Kind::cell, class_of(number));
  c->v = number;
  return Value(c);
}

Value numimpl::fresh_number(Value v) {
  if (!v.is_ptr() || !(v.ptr()->flags & flag_read_only)) return v;
  switch (v.ptr()->kind) {
    case Kind::bignum: return make_integer(mpz_of(v));
    case Kind::flonum: return make_float(v.as<Flonum>()->d);
    case Kind::fraction: {
      mpq_t q;
      mpq_init(q);
      mpq_set(q, mpq_of(v));
      return make_fraction_move(q);
    }
    default: return v;
  }
}

void to_mpz(Value v, mpz_t out) {
  v = unwrap(v);
  if (v.is_fixnum())
    mpz_set_si(out, v.fixnum_value());
  else
    mpz_set(out, mpz_of(v));
}

void to_mpq(Value v, mpq_t out) {
  v = unwrap(v);
  if (is_kind(v, Kind::fraction))
    mpq_set(out, mpq_of(v));
  else {
    to_mpz(v, mpq_numref(out));
    mpz_set_ui(mpq_denref(out), 1);
  }
}

void numimpl::finite_to_mpq(double d, mpq_t out) {
  if (!std::isfinite(d)) raise_wrong_type();
  mpq_set_d(out, d);  // exact: every finite double is a dyadic rational
}

// ---- exact to float, rounding to nearest with ties to even ---------------------------------

double mpq_to_double(const mpq_t q) {
  int sign = mpq_sgn(q);
  if (sign == 0) return 0.0;
  Z a, d, quo, rem;
  mpz_abs(a, mpq_numref(q));
  mpz_set(d, mpq_denref(q));
  long la = long(mpz_sizeinbase(a, 2)), ld = long(mpz_sizeinbase(d, 2));
  // Far outside the range of doubles: the value is in (2^(la-ld-1), 2^(la-ld+1)).
  if (la - ld > 1026) return sign * HUGE_VAL;
  if (la - ld < -1080) return sign * 0.0;
  // Scale so that the quotient has 65 or 66 bits: enough to round correctly.
  long shift = 65 - (la - ld);
  if (shift > 0)
    mpz_mul_2exp(a, a, shift);
  else if (shift < 0)
    mpz_mul_2exp(d, d, -shift);
  mpz_tdiv_qr(quo, rem, a, d);
  bool sticky = mpz_sgn(rem.z) != 0;
  long qbits = long(mpz_sizeinbase(quo, 2));
  long e = qbits - 1 - shift;  // value is in [2^e, 2^(e+1))
  if (e > 1023) return sign * HUGE_VAL;
  long keep = 53;
  if (e < -1022) keep = 53 - (-1022 - e);  // subnormal: fewer significant bits
  if (keep < 0) return sign * 0.0;         // below half the smallest subnormal
  long drop = qbits - keep;
  unsigned __int128 m = 0;
  {
    // quo < 2^66: read it as two 64-bit halves.
    Z hi;
    mpz_tdiv_q_2exp(hi, quo, 64);
    m = (unsigned __int128)mpz_get_ui(hi) << 64 | (unsigned __int128)mpz_get_ui(quo);
  }
  unsigned __int128 kept = drop > 0 ? m >> drop : m;
  if (drop > 0) {
    unsigned __int128 half = (unsigned __int128)1 << (drop - 1);
    unsigned __int128 rest = m & (((unsigned __int128)1 << drop) - 1);
    if (rest > half || (rest == half && (sticky || (kept & 1)))) ++kept;
    else if (rest == half && !sticky && !(kept & 1)) { /* tie, even: keep */ }
  }
  double r = std::ldexp(double(uint64_t(kept)), int(drop - shift));
  return sign * r;
}

double to_double(Value v) {
  v = unwrap(v);
  switch (num_kind(v)) {
    case NumKind::fixnum: {
      SWord n = v.fixnum_value();
      if (n > -(SWord(1) << 53) && n < (SWord(1) << 53)) return double(n);
      Q q;
      mpz_set_si(mpq_numref(q.q), n);
      return mpq_to_double(q.q);
    }
    case NumKind::bignum: {
      Q q;
      mpz_set(mpq_numref(q.q), mpz_of(v));
      return mpq_to_double(q.q);
    }
    case NumKind::fraction: return mpq_to_double(mpq_of(v));
    case NumKind::flonum: return v.as<Flonum>()->d;
    default: raise_wrong_type();
  }
}

// ---- arithmetic ---------------------------------------------------------------------------

namespace {

enum class Op { add, sub, mul, div };

Value float_op(Op op, double x, double y) {
  switch (op) {
    case Op::add: return make_float(x + y);
    case Op::sub: return make_float(x - y);
    case Op::mul: return make_float(x * y);
    case Op::div:
      if (y == 0.0) raise(sym::division_by_zero);
      return make_float(x / y);
  }
  return nil;
}

// Bounds of the result's numerator and denominator before reduction (spec 7: checked
// before computing).
void check_exact_op(Op op, Value a, Value b) {
  uint64_t an, ad, bn, bd;
  part_bits(a, an, ad);
  part_bits(b, bn, bd);
  // A denominator of 1 (an integer's) adds no bits to a product.
  if (ad == 1) ad = 0;
  if (bd == 1) bd = 0;
  switch (op) {
    case Op::add:
    case Op::sub:
      check_bits(std::max(an + bd, bn + ad) + 1);
      check_bits(ad + bd);
      break;
    case Op::mul:
      check_bits(an + bn);
      check_bits(ad + bd);
      break;
    case Op::div:
      check_bits(an + bd);
      check_bits(ad + bn);
      break;
  }
}

Value exact_op(Op op, Value a, Value b) {
  NumKind ka = num_kind(a), kb = num_kind(b);
  check_exact_op(op, a, b);
  if (ka != NumKind::fraction && kb != NumKind::fraction) {
    Z x, y;
    to_mpz(a, x);
    to_mpz(b, y);
    switch (op) {
      case Op::add: mpz_add(x, x, y); return make_integer_move(x.z);
      case Op::sub: mpz_sub(x, x, y); return make_integer_move(x.z);
      case Op::mul: mpz_mul(x, x, y); return make_integer_move(x.z);
      case Op::div:
        if (mpz_sgn(y.z) == 0) raise(sym::division_by_zero);
        return make_ratio(x, y);
    }
  }
  Q x, y;
  to_mpq(a, x);
  to_mpq(b, y);
  switch (op) {
    case Op::add: mpq_add(x, x, y); break;
    case Op::sub: mpq_sub(x, x, y); break;
    case Op::mul: mpq_mul(x, x, y); break;
    case Op::div:
      if (mpq_sgn(y.q) == 0) raise(sym::division_by_zero);
      mpq_div(x, x, y);
      break;
  }
  return make_fraction_move(x.q);
}

Value arith(Op op, Value a, Value b) {
  a = unwrap(a);
  b = unwrap(b);
  if (a.is_fixnum() && b.is_fixnum()) {
    SWord x = a.fixnum_value(), y = b.fixnum_value(), r;
    switch (op) {
      case Op::add: if (!__builtin_add_overflow(x, y, &r) && fits_fixnum(r)) return Value::fixnum(r); break;
      case Op::sub: if (!__builtin_sub_overflow(x, y, &r) && fits_fixnum(r)) return Value::fixnum(r); break;
      case Op::mul: if (!__builtin_mul_overflow(x, y, &r) && fits_fixnum(r)) return Value::fixnum(r); break;
      case Op::div:
        if (y == 0) raise(sym::division_by_zero);
        if (y != -1 && x % y == 0) return Value::fixnum(x / y);
        break;
    }
  }
  NumKind ka = num_kind(a), kb = num_kind(b);
  if (ka == NumKind::none || kb == NumKind::none) raise_wrong_type();
  if (ka == NumKind::flonum || kb == NumKind::flonum) return float_op(op, to_double(a), to_double(b));
  return exact_op(op, a, b);
}

}  // namespace

Value num_add(Value a, Value b) { return arith(Op::add, a, b); }
Value num_sub(Value a, Value b) { return arith(Op::sub, a, b); }
Value num_mul(Value a, Value b) { return arith(Op::mul, a, b); }
Value num_div(Value a, Value b) { return arith(Op::div, a, b); }
Value num_negate(Value a) {
  // A float's sign flips: -0.0 for 0.0 (0 - 0.0 would be 0.0).
  if (Value x = unwrap(a); num_kind(x) == NumKind::flonum) return make_float(-x.as<Flonum>()->d);
  return arith(Op::sub, Value::fixnum(0), a);
}

int num_compare(Value a, Value b) {
  a = unwrap(a);
  b = unwrap(b);
  if (a.is_fixnum() && b.is_fixnum()) {
    SWord x = a.fixnum_value(), y = b.fixnum_value();
    return (x > y) - (x < y);
  }
  NumKind ka = num_kind(a), kb = num_kind(b);
  if (ka == NumKind::none || kb == NumKind::none) raise_wrong_type();
  if (ka == NumKind::flonum && kb == NumKind::flonum) {
    double x = a.as<Flonum>()->d, y = b.as<Flonum>()->d;
    if (x != x || y != y) return 2;
    return (x > y) - (x < y);
  }
  if (ka == NumKind::flonum || kb == NumKind::flonum) {
    // Exact against float: the float's exact value; ±inf beyond every exact number.
    bool a_is_float = ka == NumKind::flonum;
    double d = a_is_float ? a.as<Flonum>()->d : b.as<Flonum>()->d;
    if (d != d) return 2;
    int r;
    if (std::isinf(d)) {
      r = d > 0 ? 1 : -1;  // float compared with exact
    } else {
      Q fq, eq;
      mpq_set_d(fq, d);
      to_mpq(a_is_float ? b : a, eq);
      int c = mpq_cmp(fq, eq);
      r = (c > 0) - (c < 0);
    }
    return a_is_float ? r : -r;
  }
  if (ka != NumKind::fraction && kb != NumKind::fraction) {
    Z x, y;
    to_mpz(a, x);
    to_mpz(b, y);
    int c = mpz_cmp(x, y);
    return (c > 0) - (c < 0);
  }
  Q x, y;
  to_mpq(a, x);
  to_mpq(b, y);
  int c = mpq_cmp(x, y);
  return (c > 0) - (c < 0);
}

bool num_equal(Value a, Value b) { return num_compare(a, b) == 0; }

// ---- parsing ---------------------------------------------------------------------------------

namespace {
bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}
}  // namespace

// Spec 2.6: integer [+-]?D+, fraction [+-]?D+/D+, float [+-]?(D+.D+|.D+|D+)([eE][+-]?D+)?
// with a '.' part or an exponent.
Value parse_number_token(std::string_view tok) {
  std::string_view body = tok;
  bool negative = false;
  if (!body.empty() && (body[0] == '+' || body[0] == '-')) {
    negative = body[0] == '-';
    body.remove_prefix(1);
  }
  if (body.empty()) return no_value;
  if (all_digits(body)) {
    std::string digits(body);
    if (digits.size() < 18) {
      long long n = std::strtoll(digits.c_str(), nullptr, 10);
      return make_integer(negative ? -n : n);
    }
    check_bits(digits_bits(digits.size(), 10));
    mpz_t z;
    mpz_init_set_str(z, digits.c_str(), 10);
    if (negative) mpz_neg(z, z);
    return make_integer_move(z);
  }
  size_t slash = body.find('/');
  if (slash != std::string_view::npos) {
    std::string_view n = body.substr(0, slash), d = body.substr(slash + 1);
    if (!all_digits(n) || !all_digits(d)) return no_value;
    check_bits(digits_bits(n.size(), 10));
    check_bits(digits_bits(d.size(), 10));
    Z num, den;
    mpz_set_str(num, std::string(n).c_str(), 10);
    mpz_set_str(den, std::string(d).c_str(), 10);
    if (mpz_sgn(den.z) == 0) raise(sym::syntax);
    if (negative) mpz_neg(num, num);
    return make_ratio(num, den);
  }
  // float
  std::string_view mant = body, expo;
  size_t e = body.find_first_of("eE");
  if (e != std::string_view::npos) {
    mant = body.substr(0, e);
    expo = body.substr(e + 1);
    std::string_view ed = expo;
    if (!ed.empty() && (ed[0] == '+' || ed[0] == '-')) ed.remove_prefix(1);
    if (!all_digits(ed)) return no_value;
  }
  size_t dot = mant.find('.');
  if (dot == std::string_view::npos) {
    if (!all_digits(mant) || expo.data() == nullptr) return no_value;
  } else {
    std::string_view ip = mant.substr(0, dot), fp = mant.substr(dot + 1);
    if (!all_digits(fp)) return no_value;             // "1." is a symbol
    if (!ip.empty() && !all_digits(ip)) return no_value;
  }
  std::string text(tok);
  return make_float(std::strtod(text.c_str(), nullptr));
}

// Spec 15.3 (s number RADIX): [+-]? then one or more digits of [radix], letters in
// either case. Checked by hand: mpz_set_str would also accept embedded white space.
Value parse_integer_radix(std::string_view text, int radix) {
  std::string_view body = text;
  bool negative = false;
  if (!body.empty() && (body[0] == '+' || body[0] == '-')) {
    negative = body[0] == '-';
    body.remove_prefix(1);
  }
  if (body.empty()) return nil;
  for (char c : body) {
    int digit = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'z' ? c - 'a' + 10
                : c >= 'A' && c <= 'Z' ? c - 'A' + 10
                                       : 99;
    if (digit >= radix) return nil;
  }
  check_bits(digits_bits(body.size(), radix));
  Z z;
  mpz_set_str(z, std::string(body).c_str(), radix);
  if (negative) mpz_neg(z, z);
  return make_integer_move(z.z);
}

// ---- printing ---------------------------------------------------------------------------

std::string float_to_string(double d) {
  if (d != d) return "nan";
  if (std::isinf(d)) return d > 0 ? "inf" : "-inf";
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  std::string sci(buf, res.ptr);  // [-]d[.ddd]e[+-]XX, shortest round trip
  bool neg = sci[0] == '-';
  if (neg) sci.erase(0, 1);
  size_t epos = sci.find('e');
  int exp10 = std::atoi(sci.c_str() + epos + 1);
  std::string digits;
  for (size_t i = 0; i < epos; ++i)
    if (sci[i] != '.') digits += sci[i];
  std::string out = neg ? "-" : "";
  if (exp10 >= -4 && exp10 < 16) {
    if (exp10 < 0) {
      out += "0.";
      out.append(size_t(-exp10 - 1), '0');
      out += digits;
    } else {
      size_t int_digits = size_t(exp10) + 1;
      if (digits.size() <= int_digits) {
        out += digits;
        out.append(int_digits - digits.size(), '0');
        out += ".0";
      } else {
        out += digits.substr(0, int_digits);
        out += '.';
        out += digits.substr(int_digits);
      }
    }
    return out;
  }
  out += digits[0];
  if (digits.size() > 1) {
    out += '.';
    out += digits.substr(1);
  }
  char ebuf[16];
  std::snprintf(ebuf, sizeof ebuf, "e%c%02d", exp10 < 0 ? '-' : '+', exp10 < 0 ? -exp10 : exp10);
  out += ebuf;
  return out;
}

std::string number_to_string(Value v, int radix) {
  v = unwrap(v);
  switch (num_kind(v)) {
    case NumKind::fixnum:
      if (radix == 10) return std::to_string(v.fixnum_value());
      [[fallthrough]];
    case NumKind::bignum: {
      Z fix_z;  // a fixnum in another radix; a bignum is read in place
      if (v.is_fixnum()) to_mpz(v, fix_z);
      const __mpz_struct* z = v.is_fixnum() ? fix_z.z : mpz_of(v);
      std::string s(mpz_sizeinbase(z, radix) + 2, '\0');
      mpz_get_str(s.data(), radix, z);
      s.resize(std::strlen(s.c_str()));
      return s;
    }
    case NumKind::fraction: {
      __mpq_struct* q = mpq_of(v);
      std::string s(mpz_sizeinbase(mpq_numref(q), radix) + mpz_sizeinbase(mpq_denref(q), radix) + 3, '\0');
      mpq_get_str(s.data(), radix, q);
      s.resize(std::strlen(s.c_str()));
      return s;
    }
    case NumKind::flonum: return float_to_string(v.as<Flonum>()->d);
    default: raise_wrong_type();
  }
}

}  // namespace l2d
