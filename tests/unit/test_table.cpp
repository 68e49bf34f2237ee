// Tables (spec 15.1): keys by = for numbers, strings and characters, by identity
// otherwise; insertion order; the methods, copy, and growth past many entries.
#include <cmath>

#include "l2d/number.hpp"
#include "l2d/table.hpp"
#include "support.hpp"

using namespace l2d;
using namespace l2d::test;

namespace {
Value make_table() { return new_object(classes.table, 0, nullptr); }
}  // namespace

TEST_CASE("table newobject takes no arguments") {
  CHECK(show(make_table()) == "Table(0)");
  Value one[] = {fix(1)};
  CHECK(error_of([&] { new_object(classes.table, 1, one); }) == "wrong-argument-count");
}

TEST_CASE("numbers that are = are one key") {
  Value h = make_table();
  CHECK(msg(h, "put", {fix(1), symv("one")}) == symv("one"));
  CHECK(show(msg(h, "get", {make_float(1.0)})) == "one");
  CHECK(show(msg(h, "get", {datum("2/2")})) == "one");
  msg(h, "put", {datum("1/2"), symv("half")});
  CHECK(show(msg(h, "get", {make_float(0.5)})) == "half");
  msg(h, "put", {make_float(-0.0), symv("zero")});
  CHECK(show(msg(h, "get", {fix(0)})) == "zero");
  Value big = datum("100000000000000000000");
  msg(h, "put", {big, symv("big")});
  CHECK(show(msg(h, "get", {make_float(1e20)})) == "big");
  msg(h, "put", {make_float(std::ldexp(1.0, 62)), symv("p62")});
  CHECK(show(msg(h, "get", {datum("4611686018427387904")})) == "p62");
  msg(h, "put", {make_float(INFINITY), symv("inf")});
  CHECK(show(msg(h, "get", {make_float(INFINITY)})) == "inf");
  CHECK(msg(h, "get", {make_float(-INFINITY)}).is_nil());
  CHECK(msg(h, "get", {datum("10000000000000000000000000000000000")}).is_nil());
  CHECK(send_error(h, "put", {make_float(NAN), fix(1)}) == "wrong-type");
  CHECK(send_error(h, "get", {make_float(NAN)}) == "wrong-type");
  CHECK(show(msg(h, "size")) == "6");
  // A shared number (a cell) is a key by its value, and values are stored as values.
  Value cell = make_cell(fix(1));
  CHECK(msg(h, "put", {cell, cell}) == cell);
  CHECK(msg(h, "get", {fix(1)}) == fix(1));
}

TEST_CASE("string keys are read-only copies; other keys by identity") {
  Value h = make_table();
  Value k = str("key");
  msg(h, "put", {k, fix(10)});
  msg(k, "setelt", {fix(0), chr('K')});
  CHECK(show(msg(h, "get", {str("key")})) == "10");
  CHECK(msg(h, "get", {str("Key")}).is_nil());
  Value stored = msg(h, "keys").as<Cons>()->first;
  CHECK(stored != k);
  CHECK(send_error(stored, "setelt", {fix(0), chr('x')}) == "read-only");
  msg(h, "put", {chr('c'), fix(1)});
  CHECK(show(msg(h, "get", {chr('c')})) == "1");
  Value v1 = datum("#(1)");
  msg(h, "put", {v1, symv("vec")});
  CHECK(show(msg(h, "get", {v1})) == "vec");
  CHECK(msg(h, "get", {datum("#(1)")}).is_nil());
  Value l = datum("(a)");
  msg(h, "put", {l, fix(2)});
  CHECK(msg(h, "get", {datum("(a)")}).is_nil());
  msg(h, "put", {nil, fix(3)});
  CHECK(msg(h, "has", {nil}) == make_true());
  CHECK(msg(h, "has", {l}) == l);
  CHECK(msg(h, "has", {symv("nope")}) == make_false());
  CHECK(show(msg(h, "get", {symv("nope"), symv("dflt")})) == "dflt");
}

TEST_CASE("insertion order, put keeping its place, remove") {
  Value h = make_table();
  msg(h, "put", {str("b"), fix(1)});
  msg(h, "put", {fix(1), fix(2)});
  msg(h, "put", {symv("c"), fix(3)});
  msg(h, "put", {str("b"), fix(4)});
  CHECK(show(msg(h, "keys")) == "(\"b\" 1 c)");
  CHECK(show(msg(h, "values")) == "(4 2 3)");
  CHECK(show(msg(h, "remove", {make_float(1.0)})) == "2");
  CHECK(msg(h, "remove", {fix(1)}).is_nil());
  msg(h, "put", {fix(1), fix(5)});
  CHECK(show(msg(h, "keys")) == "(\"b\" c 1)");
  CHECK(show(h) == "Table(3)");
  CHECK(send_error(h, "get") == "wrong-argument-count");
  CHECK(send_error(h, "put", {fix(1)}) == "wrong-argument-count");
  CHECK(send_error(h, "keys", {fix(1)}) == "wrong-argument-count");
}

TEST_CASE("many entries, many removals: order and lookups survive rebuilds") {
  Value h = make_table();
  for (int i = 0; i < 2000; ++i) msg(h, "put", {fix(i), fix(i * 2)});
  for (int i = 0; i < 2000; i += 2) msg(h, "remove", {fix(i)});
  for (int i = 2000; i < 2500; ++i) msg(h, "put", {fix(i), fix(i * 2)});
  CHECK(show(msg(h, "size")) == "1500");
  CHECK(show(msg(h, "get", {fix(1999)})) == "3998");
  CHECK(msg(h, "get", {fix(1998)}).is_nil());
  Value keys = msg(h, "keys");
  CHECK(show(keys.as<Cons>()->first) == "1");
  CHECK(show(keys.as<Cons>()->rest.as<Cons>()->first) == "3");
}

TEST_CASE("copy is a new table with the same entries; read-only tables") {
  Value h = make_table();
  msg(h, "put", {fix(1), symv("a")});
  Value c = msg(h, "copy");
  CHECK(c != h);
  msg(c, "put", {fix(2), symv("b")});
  msg(c, "put", {fix(1), symv("z")});
  CHECK(show(msg(h, "size")) == "1");
  CHECK(show(msg(h, "get", {fix(1)})) == "a");
  read_only(h);
  CHECK(send_error(h, "put", {fix(3), fix(3)}) == "read-only");
  CHECK(send_error(h, "remove", {fix(1)}) == "read-only");
  CHECK(show(msg(h, "get", {fix(1)})) == "a");
  Value fresh = msg(h, "copy");
  CHECK(msg(fresh, "put", {fix(3), fix(3)}) == fix(3));
}
