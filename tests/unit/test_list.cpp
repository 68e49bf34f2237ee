// Lists (spec 7.6, 15.4) on pairs and on nil: access, destructive methods, searching,
// pairlist, map (as parallel tasks), sort and join.
#include "l2d/number.hpp"
#include "l2d/sequence.hpp"
#include "support.hpp"

using namespace l2d;
using namespace l2d::test;

namespace {

// A designator that raises wrong-type for receivers other than fixnums, else returns
// the receiver times ten: map's applications and their failures.
Value times_ten(Function*, Value self, int, Value*) {
  self = unwrap(self);
  if (!self.is_fixnum()) rt::raise(sym::wrong_type);
  if (self.fixnum_value() == 0) rt::raise(sym::division_by_zero);
  return Value::fixnum(self.fixnum_value() * 10);
}

// (a before b): compares the first elements of pairs as fixnums.
Value first_less(Function*, Value self, int, Value* argv) {
  return boolean(self.as<Cons>()->first.fixnum_value() < argv[0].as<Cons>()->first.fixnum_value());
}

}  // namespace

TEST_CASE("list methods on nil treat it as the empty list") {
  CHECK(msg(nil, "first").is_nil());
  CHECK(msg(nil, "rest").is_nil());
  CHECK(show(msg(nil, "size")) == "0");
  CHECK(msg(nil, "reverse").is_nil());
  CHECK(msg(nil, "sort").is_nil());
  CHECK(show(msg(nil, "join")) == "\"\"");
  CHECK(show(msg(nil, "append", {datum("(a)")})) == "(a)");
  CHECK(send_error(nil, "setfirst", {fix(1)}) == "index-out-of-range");
  CHECK(send_error(nil, "setrest", {fix(1)}) == "index-out-of-range");
  CHECK(send_error(nil, "setelt", {fix(0), fix(1)}) == "index-out-of-range");
  CHECK(send_error(nil, "elt", {fix(0)}) == "index-out-of-range");
}

TEST_CASE("list access and errors") {
  Value l = datum("(a b c)");
  CHECK(show(msg(l, "elt", {make_float(1.0)})) == "b");
  CHECK(send_error(l, "elt", {make_float(NAN)}) == "wrong-type");
  CHECK(send_error(l, "elt", {fix(3)}) == "index-out-of-range");
  CHECK(send_error(l, "elt", {datum("100000000000000000000000")}) == "index-out-of-range");
  CHECK(send_error(l, "first", {fix(1)}) == "wrong-argument-count");
  CHECK(send_error(l, "setelt", {fix(1)}) == "wrong-argument-count");
  CHECK(send_error(datum("(a . b)"), "size") == "wrong-type");
  CHECK(send_error(datum("(a . b)"), "append") == "wrong-type");
}

TEST_CASE("destructive list methods: values stored, read-only respected") {
  Value l = datum("(a b c)");
  Value n = make_cell(fix(5));
  CHECK(msg(l, "setelt", {fix(1), n}) == l);
  CHECK(l.as<Cons>()->rest.as<Cons>()->first == fix(5));  // the value, never the cell
  msg(l, "setfirst", {n});
  CHECK(l.as<Cons>()->first == fix(5));
  Value ro = read_only(datum("(a b)"));
  CHECK(send_error(ro, "setfirst", {fix(1)}) == "read-only");
  CHECK(send_error(ro, "setrest", {fix(1)}) == "read-only");
  CHECK(send_error(ro, "setelt", {fix(0), fix(1)}) == "read-only");
  CHECK(show(ro) == "(a b)");
  // A new list made from a read-only one is not read-only.
  Value r = msg(ro, "reverse");
  CHECK(msg(r, "setfirst", {fix(1)}) == r);
}

TEST_CASE("append shares no pair with its inputs") {
  Value a = datum("(1 2)");
  Value b = datum("(3)");
  Value r = msg(a, "append", {b});
  CHECK(show(r) == "(1 2 3)");
  Value last = r.as<Cons>()->rest.as<Cons>()->rest;
  CHECK(last != b);
  CHECK(msg(nil, "append").is_nil());
}

TEST_CASE("searching compares with =") {
  Value l = datum("(1 \"x\" (2) 3/2)");
  CHECK(show(msg(l, "position", {make_float(1.5)})) == "3");
  CHECK(show(msg(l, "member", {str("x")})) == "(\"x\" (2) 3/2)");
  CHECK(show(msg(l, "remove", {datum("(2)")})) == "(1 \"x\" 3/2)");
  CHECK(show(msg(datum("((1 . a) (2 . b))"), "assoc", {make_float(2.0)})) == "(2 . b)");
}

TEST_CASE("pairlist: pairs up to the shorter, then the receiver") {
  Value tail = datum("((z . 0))");
  Value r = msg(tail, "pairlist", {datum("(a b c)"), datum("#(1 2)")});
  CHECK(show(r) == "((a . 1) (b . 2) (z . 0))");
  CHECK(r.as<Cons>()->rest.as<Cons>()->rest == tail);
  CHECK(send_error(nil, "pairlist", {datum("(a)"), fix(1)}) == "wrong-type");
  CHECK(send_error(nil, "pairlist", {datum("(a)")}) == "wrong-argument-count");
}

TEST_CASE("map runs a task per element and keeps element order") {
  Value f = Value(make_builtin("times-ten", times_ten, 0, -1));
  Value l = datum("(1 2 3 4 5 6 7 8 9)");
  CHECK(show(msg(l, "map", {f})) == "(10 20 30 40 50 60 70 80 90)");
  CHECK(msg(nil, "map", {f}).is_nil());
  // Extra sequences: up to the shortest.
  CHECK(show(msg(datum("(1 2 3)"), "map", {f, datum("(a b)"), datum("#(x y z)")})) == "(10 20)");
  CHECK(msg(datum("(1 2)"), "map", {f, nil}).is_nil());
  // The first failing application in element order is re-thrown, whichever ends first.
  CHECK(send_error(datum("(1 a 0 b)"), "map", {f}) == "wrong-type");
  CHECK(send_error(datum("(1 0 a)"), "map", {f}) == "division-by-zero");
  CHECK(send_error(datum("(1)"), "map", {f, fix(3)}) == "wrong-type");
  CHECK(send_error(datum("(1)"), "map") == "wrong-argument-count");
  CHECK(send_error(datum("(1)"), "map", {fix(3)}) == "wrong-type");
}

TEST_CASE("sort makes a new stable list; join") {
  Value l = datum("((2 . a) (1 . b) (2 . c) (1 . d) (0 . e))");
  Value f = Value(make_builtin("first-less", first_less, 1, 1));
  CHECK(show(msg(l, "sort", {f})) == "((0 . e) (1 . b) (1 . d) (2 . a) (2 . c))");
  CHECK(show(l) == "((2 . a) (1 . b) (2 . c) (1 . d) (0 . e))");
  CHECK(show(msg(datum("(\"b\" \"a\")"), "sort")) == "(\"a\" \"b\")");
  CHECK(send_error(datum("(1 2)"), "sort", {f, f}) == "wrong-argument-count");
  CHECK(show(msg(datum("(\"a\" #\\b 1 nil)"), "join", {str(", ")})) == "\"a, b, 1, nil\"");
  CHECK(send_error(datum("(1)"), "join", {fix(1)}) == "wrong-type");
}

TEST_CASE("vector on a list") {
  CHECK(show(msg(datum("(1 (2))"), "vector")) == "#(1 (2))");
  CHECK(send_error(datum("(1)"), "vector", {fix(1)}) == "wrong-argument-count");
}
