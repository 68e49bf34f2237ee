// Vectors (spec 7.7, 15.4): construction (fresh copies, nested), several indexes, the
// destructive methods, sort, map, join, and their errors.
#include <cmath>

#include "l2d/number.hpp"
#include "l2d/sequence.hpp"
#include "l2d/table.hpp"
#include "support.hpp"

using namespace l2d;
using namespace l2d::test;

namespace {

Value make(std::initializer_list<Value> args) {
  std::vector<Value> argv(args);
  return new_object(classes.vector, int(argv.size()), argv.data());
}

std::string make_error(std::initializer_list<Value> args) {
  return error_of([&] { make(args); });
}

// Orders strings by size only, so that stability shows.
Value shorter(Function*, Value self, int, Value* argv) {
  return boolean(self.as<String>()->size < argv[0].as<String>()->size);
}

}  // namespace

TEST_CASE("vector newobject: empty, n copies, nested") {
  CHECK(show(make({})) == "#()");
  CHECK(show(make({fix(2)})) == "#(nil nil)");
  Value v = make({fix(3), str("s")});
  CHECK(show(v) == "#(\"s\" \"s\" \"s\")");
  const Vector* vec = v.as<Vector>();
  CHECK(vec->data[0] != vec->data[1]);  // fresh copies
  Value inner = make({fix(2), fix(0)});
  Value outer = make({fix(2), inner});
  CHECK(outer.as<Vector>()->data[0] != inner);
  CHECK(outer.as<Vector>()->data[0] != outer.as<Vector>()->data[1]);
  // Numbers are stored as values; tables and lists are copied too.
  Value n = make_cell(fix(7));
  CHECK(make({fix(1), n}).as<Vector>()->data[0] == fix(7));
  Value t = Value(new_table());
  table_put(t.as<Table>(), fix(1), fix(2));
  Value tables = make({fix(2), t});
  CHECK(tables.as<Vector>()->data[0] != t);
  CHECK(table_size(tables.as<Vector>()->data[1].as<Table>()) == 1);
  Value l = datum("(a b)");
  Value lists = make({fix(1), l});
  CHECK(lists.as<Vector>()->data[0] != l);
  CHECK(show(lists) == "#((a b))");
  Value grid = make({datum("(2 3)"), fix(0)});
  CHECK(show(grid) == "#(#(0 0 0) #(0 0 0))");
  CHECK(grid.as<Vector>()->data[0] != grid.as<Vector>()->data[1]);
  CHECK(show(make({datum("(2 0)")})) == "#(#() #())");
  CHECK(show(make({datum("(0 5)")})) == "#()");
}

TEST_CASE("vector newobject errors") {
  CHECK(make_error({fix(-1)}) == "wrong-type");
  CHECK(make_error({str("3")}) == "wrong-type");
  CHECK(make_error({make_float(1.5)}) == "wrong-type");
  CHECK(make_error({make_float(NAN)}) == "wrong-type");
  CHECK(make_error({datum("1099511627776")}) == "out-of-memory");  // 2^40
  CHECK(make_error({datum("4294967297")}) == "out-of-memory");     // 2^32 + 1
  CHECK(make_error({datum("(2 a)")}) == "wrong-type");
  CHECK(make_error({datum("(2 . 3)")}) == "wrong-type");
  CHECK(make_error({datum("(65536 65537)")}) == "out-of-memory");  // more than 2^32 in all
  CHECK(make_error({fix(1), fix(2), fix(3)}) == "wrong-argument-count");
}

TEST_CASE("vector access through several indexes") {
  Value m = datum("#(#(1 2) #(3 #(4 5)) \"ab\" (x y))");
  CHECK(show(msg(m, "elt", {fix(1), fix(1), fix(0)})) == "4");
  CHECK(show(msg(m, "elt", {fix(2), fix(1)})) == "#\\b");
  CHECK(show(msg(m, "elt", {fix(3), fix(1)})) == "y");
  CHECK(msg(m, "setelt", {fix(1), fix(1), fix(1), symv("q")}) == m);
  CHECK(show(msg(m, "elt", {fix(1), fix(1)})) == "#(4 q)");
  CHECK(send_error(m, "elt", {fix(0), fix(2)}) == "index-out-of-range");
  CHECK(send_error(m, "elt", {fix(0), fix(0), fix(0)}) == "undefined-method");
  CHECK(send_error(m, "elt", {}) == "wrong-argument-count");
  CHECK(send_error(m, "setelt", {fix(0)}) == "wrong-argument-count");
  Value inner = msg(m, "elt", {fix(0)});
  read_only(inner);
  CHECK(send_error(m, "setelt", {fix(0), fix(0), fix(9)}) == "read-only");
  CHECK(msg(m, "setelt", {fix(0), fix(9)}) == m);  // the outer vector is not read-only
  read_only(m);
  CHECK(send_error(m, "setelt", {fix(0), fix(8)}) == "read-only");
}

TEST_CASE("destructive vector methods on a read-only vector") {
  Value v = read_only(datum("#(3 1 2)"));
  CHECK(send_error(v, "push", {fix(1)}) == "read-only");
  CHECK(send_error(v, "pop") == "read-only");
  CHECK(send_error(v, "swap", {fix(0), fix(1)}) == "read-only");
  CHECK(send_error(v, "sort") == "read-only");
  CHECK(send_error(v, "setelt", {fix(0), fix(1)}) == "read-only");
  CHECK(show(v) == "#(3 1 2)");
  CHECK(show(msg(v, "reverse")) == "#(2 1 3)");
}

TEST_CASE("push, pop, swap and their limits") {
  Value v = datum("#()");
  Value s = str("s");
  CHECK(msg(v, "push", {s, fix(3)}) == v);
  CHECK(v.as<Vector>()->data[0] == s);  // x itself, shared by the slots
  CHECK(v.as<Vector>()->data[2] == s);
  Value n = make_cell(fix(4));
  msg(v, "push", {n});
  CHECK(v.as<Vector>()->data[3] == fix(4));
  CHECK(msg(v, "pop") == fix(4));
  CHECK(send_error(v, "push", {fix(1), datum("4294967296")}) == "out-of-memory");
  CHECK(send_error(v, "push", {fix(1), datum("100000000000000000000")}) == "out-of-memory");
  CHECK(send_error(v, "push", {fix(1), fix(-1)}) == "wrong-type");
  CHECK(send_error(v, "push") == "wrong-argument-count");
  CHECK(send_error(v, "swap", {fix(0), fix(3)}) == "index-out-of-range");
  CHECK(send_error(v, "swap", {fix(0)}) == "wrong-argument-count");
  CHECK(v.as<Vector>()->size == 3);
  msg(v, "pop");
  msg(v, "pop");
  msg(v, "pop");
  CHECK(send_error(v, "pop") == "index-out-of-range");
}

TEST_CASE("sort is stable and in place; a designator orders it") {
  Value v = datum("#(\"ccc\" \"a\" \"bb\" \"b\" \"aa\" \"c\" \"dd\" \"e\" \"fff\" \"g\" \"hh\" \"i\" \"j\")");
  Value f = Value(make_builtin("shorter", shorter, 1, 1));
  CHECK(msg(v, "sort", {f}) == v);
  CHECK(show(v) == "#(\"a\" \"b\" \"c\" \"e\" \"g\" \"i\" \"j\" \"bb\" \"aa\" \"dd\" \"hh\" \"ccc\" \"fff\")");
  Value nums = datum("#(5 3 9 1 7 2 8 6 4 0 11 10)");
  msg(nums, "sort");
  CHECK(show(nums) == "#(0 1 2 3 4 5 6 7 8 9 10 11)");
  CHECK(send_error(datum("#(1 a)"), "sort") != "");
  CHECK(send_error(datum("#(1 2)"), "sort", {fix(5)}) == "wrong-type");
}

TEST_CASE("map into a vector, join, list, remove, position") {
  CHECK(show(msg(datum("#(\"a\" \"bc\")"), "map", {symv("size")})) == "#(1 2)");
  CHECK(show(msg(datum("#()"), "map", {symv("size")})) == "#()");
  CHECK(send_error(datum("#(\"a\" 1)"), "map", {symv("size")}) == "undefined-method");
  CHECK(show(msg(datum("#(\"a\" #\\b 3)"), "join", {chr('-')})) == "\"a-b-3\"");
  CHECK(show(msg(datum("#(1 (2))"), "list")) == "(1 (2))");
  CHECK(show(msg(datum("#(1 1.0 2)"), "remove", {fix(1)})) == "#(2)");
  CHECK(show(msg(datum("#(a \"b\")"), "position", {str("b")})) == "1");
  CHECK(msg(datum("#(a)"), "position", {symv("b")}).is_nil());
}
