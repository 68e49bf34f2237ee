// rt::ForIter (spec 4 for*, 15.1): counts, sequences read at their current size, lists
// followed from the current pair, tables, nil, and wrong receivers.
#include <cmath>

#include "l2d/number.hpp"
#include "l2d/table.hpp"
#include "support.hpp"

using namespace l2d;
using namespace l2d::test;

namespace {
std::string all(Value r, size_t limit = 100) {
  rt::ForIter it(r);
  std::string out;
  Value x;
  for (size_t k = 0; k < limit && it.next(x); ++k) out += show(x) + " ";
  return out;
}
}  // namespace

TEST_CASE("counts: integers, integral floats, read once") {
  CHECK(all(fix(3)) == "0 1 2 ");
  CHECK(all(fix(0)) == "");
  CHECK(all(fix(-4)) == "");
  CHECK(all(make_float(2.0)) == "0 1 ");
  CHECK(all(make_float(-2.0)) == "");
  CHECK(all(make_float(-0.0)) == "");
  Value cell = make_cell(fix(2));
  rt::ForIter it(cell);
  cell.as<Cell>()->v = fix(10);  // changing the number later does not change the count
  Value x;
  int n = 0;
  while (it.next(x)) ++n;
  CHECK(n == 2);
  CHECK(error_of([] { rt::ForIter i(make_float(1.5)); (void)i; }) == "wrong-type");
  CHECK(error_of([] { rt::ForIter i(make_float(NAN)); (void)i; }) == "wrong-type");
  CHECK(error_of([] { rt::ForIter i(make_float(INFINITY)); (void)i; }) == "wrong-type");
  CHECK(error_of([] { rt::ForIter i(make_float(-INFINITY)); (void)i; }) == "wrong-type");
  CHECK(error_of([] { rt::ForIter i(datum("1/2")); (void)i; }) == "wrong-type");
  CHECK(error_of([] { rt::ForIter i(chr('a')); (void)i; }) == "wrong-type");
  CHECK(error_of([] { rt::ForIter i(symv("a")); (void)i; }) == "wrong-type");
}

TEST_CASE("bignum counts go on past the fixnums") {
  CHECK(all(datum("-100000000000000000000000")) == "");
  rt::ForIter it(datum("100000000000000000000000"));
  CHECK(it.kind == rt::ForIter::big);
  Value x;
  REQUIRE(it.next(x));
  CHECK(x == fix(0));
  it.i = it.n;  // skip to the end of the fixnums
  REQUIRE(it.next(x));
  CHECK(show(x) == "4611686018427387904");
  REQUIRE(it.next(x));
  CHECK(show(x) == "4611686018427387905");
  rt::ForIter f(make_float(1e20));
  CHECK(f.kind == rt::ForIter::big);
  rt::ForIter small(datum("4611686018427387905"));  // 2^62 + 1
  small.i = small.n;
  CHECK(small.next(x));
  CHECK(!small.next(x));
}

TEST_CASE("sequences at their current size; lists from the current pair") {
  CHECK(all(datum("#(a \"b\")")) == "a \"b\" ");
  CHECK(all(str("жa")) == "#\\ж #\\a ");
  CHECK(all(datum("#[0 255]")) == "0 255 ");
  CHECK(all(datum("(a (b))")) == "a (b) ");
  CHECK(all(nil) == "");
  Value v = datum("#(1 2)");
  rt::ForIter it(v);
  Value x;
  REQUIRE(it.next(x));
  msg(v, "push", {fix(3)});
  REQUIRE(it.next(x));
  REQUIRE(it.next(x));
  CHECK(x == fix(3));
  CHECK(!it.next(x));
  rt::ForIter improper(datum("(1 . 2)"));
  REQUIRE(improper.next(x));
  CHECK(error_of([&] { improper.next(x); }) == "wrong-type");
}

TEST_CASE("tables: entries present at the start, removed ones skipped, new pairs") {
  Value h = new_object(classes.table, 0, nullptr);
  msg(h, "put", {fix(1), symv("a")});
  msg(h, "put", {fix(2), symv("b")});
  msg(h, "put", {fix(3), symv("c")});
  rt::ForIter it(h);
  Value x;
  REQUIRE(it.next(x));
  CHECK(show(x) == "(1 . a)");
  msg(x, "setrest", {symv("changed")});  // a new pair: the table is not changed
  CHECK(show(msg(h, "get", {fix(1)})) == "a");
  msg(h, "remove", {fix(2)});
  msg(h, "put", {fix(3), symv("C")});
  msg(h, "put", {fix(4), symv("d")});  // added after the start: not visited
  REQUIRE(it.next(x));
  CHECK(show(x) == "(3 . C)");  // the value now, not at the start
  CHECK(!it.next(x));
}

// Generated loops run a count on a counter of their own (take_count) and walk the rest
// through next_or_end, which ends with no_value.
TEST_CASE("take_count hands a count over; other receivers stay with the iterator") {
  rt::ForIter count(fix(3));
  CHECK(count.take_count() == 3);
  Value x;
  CHECK_FALSE(count.next(x));  // nothing left for the iterator
  CHECK(count.next_or_end().bits == no_value.bits);
  rt::ForIter none(fix(-2));
  CHECK(none.take_count() == -2);
  CHECK(none.next_or_end().bits == no_value.bits);
  rt::ForIter list(datum("(a b)"));
  CHECK(list.take_count() == 0);
  CHECK(show(list.next_or_end()) == "a");
  CHECK(show(list.next_or_end()) == "b");
  CHECK(list.next_or_end().bits == no_value.bits);
  // A count beyond the fixnums stays with the iterator, which makes the big integers.
  rt::ForIter big(datum("100000000000000000000000"));
  CHECK(big.take_count() == 0);
  CHECK(show(big.next_or_end()) == "0");
}
