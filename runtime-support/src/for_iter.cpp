// (R for* VAR F…) over every kind of receiver (spec 4, 15.1): a count, the elements of a
// vector, string or byte vector while the index is below the current size, the
// elements of a list following rest from the current pair, the entries a table had
// when the loop started, nothing for nil. Counting is inline (runtime.hpp); the rest
// goes through next_slow.
#include <cmath>

#include "l2d/error.hpp"
#include "l2d/number.hpp"
#include "l2d/string.hpp"
#include "l2d/table.hpp"

namespace l2d::rt {

ForIter::ForIter(Value r) : kind(none), i(0), n(0), coll(nil), keys(nil) {
  r = unwrap(r);  // a count is read once, before the first iteration
  if (r.is_fixnum()) {
    kind = count;
    n = r.fixnum_value();  // ≤ 0: no iteration
    return;
  }
  if (r.is_nil()) return;
  if (!r.is_ptr()) raise_wrong_type();
  switch (r.ptr()->kind) {
    case l2d::Kind::bignum:
      if (mpz_sgn_of(r) < 0) return;
      kind = big;
      n = fixnum_max + 1;
      coll = r;
      return;
    case l2d::Kind::flonum: {
      // A float counts when its value is integral; nan, ±inf and 1.5 are wrong-type.
      double d = r.as<Flonum>()->d;
      if (!std::isfinite(d) || d != std::trunc(d)) raise_wrong_type();
      if (d <= 0) return;
      if (d <= double(fixnum_max)) {
        kind = count;
        n = SWord(d);
        return;
      }
      mpz_t z;
      mpz_init(z);
      mpz_set_d(z, d);
      kind = big;
      n = fixnum_max + 1;
      coll = make_integer_move(z);
      return;
    }
    case l2d::Kind::vector: kind = vector; break;
    case l2d::Kind::string: kind = string; break;
    case l2d::Kind::byte_vector: kind = bytes; break;
    case l2d::Kind::cons: kind = list; break;
    case l2d::Kind::table:
      kind = table;
      r = table_entries(r.as<Table>());
      break;
    default: raise_wrong_type();
  }
  coll = r;
}

bool ForIter::next_slow(Value& out) {
  switch (kind) {
    case vector: {
      const Vector* v = coll.as<Vector>();
      if (size_t(i) >= v->size) return false;
      out = v->data[i++];
      return true;
    }
    case string: {
      const String* s = coll.as<String>();
      if (size_t(i) >= s->size) return false;
      out = Value::character(string_ref(s, size_t(i++)));
      return true;
    }
    case bytes: {
      const ByteVector* bv = coll.as<ByteVector>();
      if (size_t(i) >= bv->size) return false;
      out = Value::fixnum(bv->data[i++]);
      return true;
    }
    case list:
      if (coll.is_nil()) return false;
      if (!is_cons(coll)) raise_wrong_type();  // an improper list's last rest
      out = coll.as<Cons>()->first;
      coll = coll.as<Cons>()->rest;
      return true;
    case table: {
      // The entries present at the start; those removed meanwhile are skipped. Each
      // time a new pair (key . value).
      const Vector* entries = coll.as<Vector>();
      while (size_t(i) < entries->size) {
        Value e = entries->data[i++];
        if (table_entry_live(e)) {
          out = cons(e.as<Cons>()->first, e.as<Cons>()->rest);
          return true;
        }
      }
      return false;
    }
    case big:
      if (i < n) {
        out = Value::fixnum(i++);
        return true;
      }
      if (keys.is_nil()) keys = make_integer((long long)n);
      if (num_compare(keys, coll) >= 0) return false;
      out = keys;
      keys = num_add(keys, Value::fixnum(1));
      return true;
    case count:
    case none: break;
  }
  return false;
}

}  // namespace l2d::rt
