// The methods of `number` through dispatch (spec 7.2, 15.3): argument counts, operand
// classes, cells changed in place, predicates returning the receiver as passed.
#include <catch.hpp>

#include <chrono>
#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "l2d/number.hpp"
#include "l2d/printer.hpp"
#include "l2d/string.hpp"
#include "l2d/symbol.hpp"

using namespace l2d;

namespace {

Value num(const char* token) {
  Value v = parse_number_token(token);
  REQUIRE(v != no_value);
  return v;
}
std::string show(Value v) { return readable_form(v); }

Value msg(Value self, const char* selector, std::vector<Value> args = {}) {
  return send(intern(selector), self, int(args.size()), args.data());
}
std::string msg_text(Value self, const char* selector, std::vector<Value> args = {}) {
  return show(msg(self, selector, std::move(args)));
}

// The error code [f] raises, or "" when it returns.
std::string raised(const std::function<void()>& f) {
  try {
    f();
  } catch (rt::Thrown&) {
    return std::string(name_of(rt::thrown_value()));
  }
  return "";
}
std::string msg_error(Value self, const char* selector, std::vector<Value> args = {}) {
  return raised([&] { msg(self, selector, args); });
}

Value str(const char* s) { return make_string(s); }
Value nan() { return make_float(std::nan("")); }

}  // namespace

TEST_CASE("+ - * / fold left to right; the one-operand forms") {
  CHECK(msg_text(num("1"), "+", {num("2"), num("3"), num("4")}) == "10");
  CHECK(msg_text(num("1"), "-", {num("2"), num("3")}) == "-4");
  CHECK(msg_text(num("2"), "*", {num("3"), num("4")}) == "24");
  CHECK(msg_text(num("100"), "/", {num("2"), num("5")}) == "10");
  CHECK(msg_text(num("1"), "/", {num("3"), num("3")}) == "1/9");
  CHECK(msg_text(num("7"), "/", {num("2")}) == "7/2");
  CHECK(msg_text(num("1"), "+", {num("0.5")}) == "1.5");
  CHECK(msg_text(num("1/2"), "+", {num("0.5")}) == "1.0");
  CHECK(msg_text(num("5"), "-") == "-5");
  CHECK(msg_text(num("2/3"), "/") == "3/2");
  CHECK(msg_text(num("-4611686018427387904"), "-") == "4611686018427387904");
  CHECK(msg_text(num("1.5"), "+") == "1.5");
  CHECK(msg_text(num("7"), "*") == "7");
  CHECK(msg_error(num("0"), "/") == "division-by-zero");
  CHECK(msg_error(num("0.0"), "/") == "division-by-zero");
  CHECK(msg_error(num("1"), "/", {num("0")}) == "division-by-zero");
  CHECK(msg_error(num("1.5"), "/", {num("0.0")}) == "division-by-zero");
  CHECK(msg_error(num("1.5"), "/", {num("-0.0")}) == "division-by-zero");
  CHECK(msg_error(num("1"), "/", {num("2"), num("0")}) == "division-by-zero");
  CHECK(msg_error(num("1"), "+", {str("2")}) == "wrong-type");
  CHECK(msg_error(num("1"), "*", {num("2"), nil}) == "wrong-type");
  CHECK(msg_text(num("1e308"), "*", {num("10")}) == "inf");
  CHECK(msg_text(msg(num("1e308"), "*", {num("10")}), "-", {msg(num("1e308"), "*", {num("10")})}) == "nan");
}

TEST_CASE("the destructive operators change a cell in place and return it") {
  Value cell = make_cell(num("10"));
  CHECK(msg(cell, "+=", {num("5")}) == cell);
  CHECK(show(cell) == "15");
  CHECK(msg(cell, "-=", {num("1/2")}) == cell);
  CHECK(show(cell) == "29/2");
  CHECK(cell.ptr()->klass == classes.fraction);  // the class follows the value
  msg(cell, "*=", {num("2")});
  CHECK(show(cell) == "29");
  CHECK(cell.ptr()->klass == classes.integer);
  msg(cell, "/=", {num("4")});
  CHECK(show(cell) == "29/4");
  msg(cell, "+=", {num("0.5")});
  CHECK(show(cell) == "7.75");
  CHECK(cell.ptr()->klass == classes.flonum);
  // The operand may be a cell too; it is read, not changed.
  Value other = make_cell(num("1/4"));
  msg(cell, "+=", {other});
  CHECK(show(cell) == "8.0");
  CHECK(show(other) == "1/4");
  // An immediate number cannot change: the new number comes back.
  Value five = num("5");
  CHECK(msg_text(five, "+=", {num("1")}) == "6");
  CHECK(show(five) == "5");
  // Errors leave the number as it was.
  CHECK(msg_error(cell, "/=", {num("0")}) == "division-by-zero");
  CHECK(msg_error(cell, "+=", {str("a")}) == "wrong-type");
  CHECK(show(cell) == "8.0");
  CHECK(msg_error(cell, "+=") == "wrong-argument-count");
  CHECK(msg_error(cell, "+=", {num("1"), num("2")}) == "wrong-argument-count");
}

TEST_CASE("read-only numbers refuse the destructive methods (spec 3.7)") {
  Value pi = sym::pi.value;
  REQUIRE(is_cell(pi));
  CHECK(msg_error(pi, "+=", {num("1")}) == "read-only");
  CHECK(msg_error(pi, "*=", {num("2")}) == "read-only");
  CHECK(msg_error(pi, "setf", {num("3")}) == "read-only");
  CHECK(show(pi) == "3.141592653589793");
  // A copy is a new number, and not read-only.
  Value copy = msg(pi, "copy");
  CHECK(!is_cell(copy));
  CHECK(show(copy) == "3.141592653589793");
  Value cell = make_cell(copy);
  CHECK(msg(cell, "+=", {num("1")}) == cell);
  // A marked number object that is not a cell: copies and results are unmarked.
  Value marked = make_float(2.5);
  marked.ptr()->flags |= flag_read_only;
  CHECK(msg_error(marked, "+=", {num("1")}) == "read-only");
  CHECK((msg(marked, "copy").ptr()->flags & flag_read_only) == 0);
  CHECK((msg(marked, "+").ptr()->flags & flag_read_only) == 0);
  CHECK((msg(marked, "max", {num("1")}).ptr()->flags & flag_read_only) == 0);
  CHECK((msg(make_cell(num("1")), "setf", {marked}).as<Cell>()->v.ptr()->flags & flag_read_only) == 0);
}

TEST_CASE("setf and copy on numbers") {
  Value cell = make_cell(num("1"));
  CHECK(msg(cell, "setf", {num("7/2")}) == cell);
  CHECK(show(cell) == "7/2");
  CHECK(cell.ptr()->klass == classes.fraction);
  Value from = make_cell(num("2.5"));
  msg(cell, "setf", {from});
  CHECK(show(cell) == "2.5");
  CHECK(!is_cell(cell.as<Cell>()->v));
  CHECK(msg_text(num("1"), "setf", {num("9")}) == "9");
  CHECK(msg_error(cell, "setf", {str("a")}) == "wrong-type");
  CHECK(msg_error(cell, "setf", {nil}) == "wrong-type");
  CHECK(msg_error(cell, "setf") == "wrong-argument-count");
  Value copy = msg(cell, "copy");
  CHECK(copy != cell);
  CHECK(show(copy) == "2.5");
  CHECK(msg_error(cell, "copy", {num("1")}) == "wrong-argument-count");
}

TEST_CASE("comparisons are predicates on the chain; they return the receiver as passed") {
  Value cell = make_cell(num("2"));
  CHECK(msg(cell, "<", {num("3"), num("5"), num("8")}) == cell);
  CHECK(msg_text(num("2"), "<", {num("5"), num("3")}) == "false");
  CHECK(msg_text(num("5"), ">", {num("4"), num("4")}) == "false");
  CHECK(msg_text(num("5"), ">=", {num("4"), num("4")}) == "5");
  CHECK(msg_text(num("1"), "<=", {num("1"), num("2")}) == "1");
  CHECK(msg_text(num("3"), "=", {num("3"), num("3.0"), num("6/2")}) == "3");
  CHECK(msg_text(num("3"), "=", {num("3"), num("4")}) == "false");
  CHECK(msg_text(num("3"), "=") == "3");
  CHECK(msg_text(num("3"), "<") == "3");
  CHECK(msg_text(num("3"), "<>", {num("4"), num("5")}) == "3");
  CHECK(msg_text(num("3"), "<>", {num("4"), num("3.0")}) == "false");
  CHECK(msg_text(num("1/3"), "<", {num("0.5")}) == "1/3");
  CHECK(msg_text(num("1/3"), "<", {num("0.3333333333333333")}) == "false");
  CHECK(msg_text(num("0.0"), "=", {num("-0.0")}) == "0.0");
  CHECK(msg_text(num("1e400"), ">", {num("100000000000000000000000000000000000000000")}) == "inf");
  // = with a non-number is false; the ordering ones raise.
  CHECK(msg_text(num("3"), "=", {str("3")}) == "false");
  CHECK(msg_text(num("3"), "=", {nil}) == "false");
  CHECK(msg_text(num("3"), "<>", {str("3")}) == "3");
  CHECK(msg_error(num("3"), "<", {str("a")}) == "wrong-type");
  CHECK(msg_error(num("5"), "<", {num("3"), str("a")}) == "wrong-type");
  CHECK(msg_error(num("5"), ">=", {nil}) == "wrong-type");
  // nan is unequal and unordered to everything.
  CHECK(msg_text(nan(), "=", {nan()}) == "false");
  CHECK(msg_text(nan(), "<>", {nan()}) == "nan");
  CHECK(msg_text(nan(), "<", {num("1")}) == "false");
  CHECK(msg_text(nan(), ">=", {num("1")}) == "false");
  CHECK(msg_text(num("1"), "<=", {nan()}) == "false");
}

TEST_CASE("min and max give a new number") {
  CHECK(msg_text(num("2"), "max", {num("7"), num("3")}) == "7");
  CHECK(msg_text(num("2"), "min", {num("7"), num("-3")}) == "-3");
  CHECK(msg_text(num("1/2"), "max", {num("0.25")}) == "1/2");
  CHECK(msg_text(num("1"), "max", {num("1.0")}) == "1");  // the first of equals
  CHECK(msg_text(num("4"), "min") == "4");
  CHECK(msg_text(num("1"), "max", {nan(), num("2")}) == "nan");
  Value cell = make_cell(num("9"));
  Value m = msg(cell, "max", {num("1")});
  CHECK(!is_cell(m));
  CHECK(show(m) == "9");
  CHECK(msg_error(num("1"), "max", {str("2")}) == "wrong-type");
  CHECK(msg_error(num("1"), "min", {num("0"), nil}) == "wrong-type");
}

TEST_CASE("abs floor ceil round mod rem") {
  CHECK(msg_text(num("-7"), "abs") == "7");
  CHECK(msg_text(num("7/2"), "abs") == "7/2");
  CHECK(msg_text(num("-2.5"), "abs") == "2.5");
  CHECK(msg_text(num("2.5"), "floor") == "2");
  CHECK(msg_text(num("-2.5"), "floor") == "-3");
  CHECK(msg_text(num("2.5"), "ceil") == "3");
  CHECK(msg_text(num("2.5"), "round") == "2");
  CHECK(msg_text(num("3.5"), "round") == "4");
  CHECK(msg_text(num("-2.5"), "round") == "-2");
  CHECK(msg_text(num("7"), "round", {num("2")}) == "4");
  CHECK(msg_text(num("17"), "floor", {num("5")}) == "3");
  CHECK(msg_text(num("-17"), "floor", {num("5")}) == "-4");
  CHECK(msg_text(num("17"), "ceil", {num("5")}) == "4");
  CHECK(msg(num("1.5"), "floor").is_fixnum());
  CHECK(msg_text(num("17"), "mod", {num("5")}) == "2");
  CHECK(msg_text(num("-17"), "mod", {num("5")}) == "3");
  CHECK(msg_text(num("17"), "mod", {num("-5")}) == "-3");
  CHECK(msg_text(num("-17"), "rem", {num("5")}) == "-2");
  CHECK(msg_text(num("17"), "rem", {num("-5")}) == "2");
  CHECK(msg_error(num("5"), "mod", {num("0")}) == "division-by-zero");
  CHECK(msg_error(num("5"), "floor", {num("0")}) == "division-by-zero");
  CHECK(msg_error(nan(), "floor") == "wrong-type");
  CHECK(msg_error(num("1e400"), "ceil") == "wrong-type");
  CHECK(msg_error(num("1"), "round", {num("1e400")}) == "wrong-type");
  CHECK(msg_error(num("1"), "floor", {str("2")}) == "wrong-type");
  CHECK(msg_error(num("5"), "mod") == "wrong-argument-count");
  CHECK(msg_error(num("5"), "floor", {num("1"), num("2")}) == "wrong-argument-count");
  CHECK(msg_error(num("5"), "abs", {num("1")}) == "wrong-argument-count");
}

TEST_CASE("gcd lcm numerator denominator evenp oddp") {
  CHECK(msg_text(num("12"), "gcd", {num("18"), num("30")}) == "6");
  CHECK(msg_text(num("-4"), "gcd", {num("6")}) == "2");
  CHECK(msg_text(num("-12"), "gcd") == "12");
  CHECK(msg_text(num("4"), "lcm", {num("6")}) == "12");
  CHECK(msg_text(num("6"), "lcm", {num("4"), num("10")}) == "60");
  CHECK(msg_text(num("-3"), "lcm") == "3");
  CHECK(msg_error(num("1.5"), "gcd", {num("2")}) == "wrong-type");
  CHECK(msg_error(num("2"), "gcd", {num("1/2")}) == "wrong-type");
  CHECK(msg_error(num("2"), "lcm", {num("4.0")}) == "wrong-type");
  CHECK(msg_text(num("7/3"), "numerator") == "7");
  CHECK(msg_text(num("-7/3"), "numerator") == "-7");
  CHECK(msg_text(num("7/3"), "denominator") == "3");
  CHECK(msg_text(num("5"), "numerator") == "5");
  CHECK(msg_text(num("5"), "denominator") == "1");
  CHECK(msg_error(num("0.5"), "numerator") == "wrong-type");
  CHECK(msg_error(num("0.5"), "denominator") == "wrong-type");
  Value cell = make_cell(num("8"));
  CHECK(msg(cell, "evenp") == cell);
  CHECK(msg_text(num("7"), "evenp") == "false");
  CHECK(msg_text(num("7"), "oddp") == "7");
  CHECK(msg_text(num("0"), "evenp") == "0");
  CHECK(msg_text(num("-3"), "oddp") == "-3");
  CHECK(msg_text(num("100000000000000000000001"), "oddp") == "100000000000000000000001");
  CHECK(msg_error(num("2"), "evenp", {num("3")}) == "wrong-argument-count");
  CHECK(msg_error(num("2.0"), "evenp") == "wrong-type");
  CHECK(msg_error(num("1/2"), "oddp") == "wrong-type");
}

TEST_CASE("sqrt ^ exp ln log and the trigonometric methods") {
  CHECK(msg_text(num("16"), "sqrt") == "4");
  CHECK(msg_text(num("9/4"), "sqrt") == "3/2");
  CHECK(msg_text(num("2.25"), "sqrt") == "1.5");
  CHECK(msg_text(num("-1"), "sqrt") == "nan");
  CHECK(msg_text(num("2"), "^", {num("-2")}) == "1/4");
  CHECK(msg_text(num("2"), "^", {num("0.5")}) == "1.4142135623730951");
  CHECK(msg_error(num("0"), "^", {num("-1")}) == "division-by-zero");
  CHECK(msg_error(num("2"), "^") == "wrong-argument-count");
  CHECK(msg_error(num("2"), "^", {str("2")}) == "wrong-type");
  CHECK(msg_text(num("0"), "exp") == "1.0");
  CHECK(msg_text(num("1"), "exp") == "2.718281828459045");
  CHECK(msg_text(num("1"), "ln") == "0.0");
  CHECK(msg_text(num("0"), "ln") == "-inf");
  CHECK(msg_text(num("-1"), "ln") == "nan");
  CHECK(msg_text(num("1000"), "exp") == "inf");
  CHECK(msg_text(num("100"), "log", {num("10")}) == "2.0");
  CHECK(msg_text(num("8"), "log", {num("2")}) == "3.0");
  CHECK(msg_error(num("100"), "log", {num("1")}) == "division-by-zero");
  CHECK(msg_error(num("100"), "log") == "wrong-argument-count");
  CHECK(msg_error(num("100"), "log", {str("e")}) == "wrong-type");
  CHECK(msg_text(num("0"), "sin") == "0.0");
  CHECK(msg_text(num("0"), "cos") == "1.0");
  CHECK(msg_text(num("1"), "arctan") == "0.7853981633974483");
  CHECK(msg_text(num("1"), "arcsin") == "1.5707963267948966");
  CHECK(msg_text(num("1"), "arccos") == "0.0");
  CHECK(msg_text(num("2"), "arcsin") == "nan");
  CHECK(msg_text(num("0"), "cosh") == "1.0");
  CHECK(msg_text(num("1"), "arcosh") == "0.0");
  CHECK(msg_text(num("1"), "artanh") == "inf");
  // Old names are the same functions.
  const char* pairs[][2] = {{"tg", "tan"},   {"arctg", "arctan"}, {"sh", "sinh"}, {"ch", "cosh"},
                            {"th", "tanh"},  {"arsh", "arsinh"},  {"arch", "arcosh"}, {"arth", "artanh"}};
  for (auto& p : pairs) {
    Value x = std::string(p[0]) == "arch" ? num("1.5") : num("0.5");
    CHECK(msg_text(x, p[0]) == msg_text(x, p[1]));
  }
  CHECK(msg_error(num("1"), "sin", {num("1")}) == "wrong-argument-count");
}

TEST_CASE("float rational char random") {
  CHECK(msg_text(num("3"), "float") == "3.0");
  CHECK(msg_text(num("1/10"), "float") == "0.1");
  CHECK(msg_text(num("2.5"), "float") == "2.5");
  CHECK(msg_text(num("0.75"), "rational") == "3/4");
  CHECK(msg_text(num("3/4"), "rational") == "3/4");
  CHECK(msg_error(num("1e400"), "rational") == "wrong-type");
  CHECK(msg(num("65"), "char") == Value::character('A'));
  CHECK(msg(num("1103"), "char") == Value::character(1103));
  CHECK(msg(num("65.0"), "char") == Value::character('A'));
  CHECK(msg(num("0"), "char") == Value::character(0));
  CHECK(msg(num("1114111"), "char") == Value::character(0x10FFFF));
  CHECK(msg_error(num("-1"), "char") == "wrong-type");
  CHECK(msg_error(num("1114112"), "char") == "wrong-type");
  CHECK(msg_error(num("100000000000000000000000"), "char") == "wrong-type");
  CHECK(msg_error(num("65.5"), "char") == "wrong-type");
  CHECK(msg_error(num("1/2"), "char") == "wrong-type");
  CHECK(msg_error(nan(), "char") == "wrong-type");
  CHECK(msg_text(num("0"), "random") == "0");
  Value r = msg(num("10"), "random");
  CHECK((r.is_fixnum() && r.fixnum_value() >= 0 && r.fixnum_value() < 10));
  CHECK(msg_error(num("10"), "random", {num("1")}) == "wrong-argument-count");
  CHECK(msg_error(nan(), "random") == "wrong-type");
}

TEST_CASE("random-seed is a global function") {
  CHECK(msg(nil, "random-seed", {num("42")}) == nil);
  Value a = msg(num("1000000"), "random");
  msg(nil, "random-seed", {num("42")});
  CHECK(num_equal(a, msg(num("1000000"), "random")));
  CHECK(msg_error(nil, "random-seed", {num("1.5")}) == "wrong-type");
  CHECK(msg_error(nil, "random-seed", {str("1")}) == "wrong-type");
  CHECK(msg_error(nil, "random-seed") == "wrong-argument-count");
}

TEST_CASE("string and format") {
  CHECK(msg_text(num("42"), "string") == "\"42\"");
  CHECK(msg_text(num("-7/8"), "string") == "\"-7/8\"");
  CHECK(msg_text(num("2.5"), "string") == "\"2.5\"");
  CHECK(msg_text(num("1e16"), "string") == "\"1e+16\"");
  CHECK(msg_text(num("255"), "string", {num("16")}) == "\"ff\"");
  CHECK(msg_text(num("-255"), "string", {num("2")}) == "\"-11111111\"");
  CHECK(msg_text(num("35"), "string", {num("36")}) == "\"z\"");
  CHECK(msg_error(num("10"), "string", {num("37")}) == "wrong-type");
  CHECK(msg_error(num("10"), "string", {num("1")}) == "wrong-type");
  CHECK(msg_error(num("10"), "string", {num("16.0")}) == "wrong-type");
  CHECK(msg_error(num("10"), "string", {str("16")}) == "wrong-type");
  CHECK(msg_error(num("2.5"), "string", {num("10")}) == "wrong-type");
  CHECK(msg_error(num("1/2"), "string", {num("2")}) == "wrong-type");
  CHECK(msg_error(num("10"), "string", {num("2"), num("3")}) == "wrong-argument-count");
  CHECK(msg_text(num("2/3"), "format", {num("3")}) == "\"0.667\"");
  CHECK(msg_text(num("2.5"), "format", {num("0")}) == "\"2\"");
  CHECK(msg_text(num("1"), "format", {num("2.0")}) == "\"1.00\"");  // a count (spec 7)
  CHECK(msg_error(num("1"), "format", {num("-1")}) == "wrong-type");
  CHECK(msg_error(num("1"), "format", {num("1.5")}) == "wrong-type");
  CHECK(msg_error(num("1"), "format", {str("2")}) == "wrong-type");
  CHECK(msg_error(num("1"), "format", {num("100000000000000000000000")}) == "out-of-memory");
  CHECK(msg_error(num("1"), "format") == "wrong-argument-count");
}

TEST_CASE("strings spell numbers: (s number [RADIX])") {
  CHECK(msg_text(str("12"), "number") == "12");
  CHECK(msg_text(str("-6/8"), "number") == "-3/4");
  CHECK(msg_text(str("2.5e3"), "number") == "2500.0");
  CHECK(msg_text(str(".5"), "number") == "0.5");
  CHECK(msg_text(str("1."), "number") == "nil");
  CHECK(msg_text(str(" 12"), "number") == "nil");
  CHECK(msg_text(str("12 "), "number") == "nil");
  CHECK(msg_text(str(""), "number") == "nil");
  CHECK(msg_text(str("abc"), "number") == "nil");
  CHECK(msg_text(str("1/0"), "number") == "nil");
  CHECK(msg_text(str("1/2/3"), "number") == "nil");
  CHECK(msg_text(str("١٢"), "number") == "nil");  // only ASCII digits
  CHECK(msg_text(str("ff"), "number", {num("16")}) == "255");
  CHECK(msg_text(str("-FF"), "number", {num("16")}) == "-255");
  CHECK(msg_text(str("+777"), "number", {num("8")}) == "511");
  CHECK(msg_text(str("12"), "number", {num("2")}) == "nil");
  CHECK(msg_text(str(""), "number", {num("10")}) == "nil");
  CHECK(msg_text(str("1.5"), "number", {num("10")}) == "nil");
  CHECK(msg_error(str("12"), "number", {num("37")}) == "wrong-type");
  CHECK(msg_error(str("12"), "number", {num("1")}) == "wrong-type");
  CHECK(msg_error(str("12"), "number", {str("10")}) == "wrong-type");
  CHECK(msg_error(str("12"), "number", {num("10"), num("1")}) == "wrong-argument-count");
}

TEST_CASE("bitwise methods") {
  CHECK(msg_text(num("12"), "logand", {num("10")}) == "8");
  CHECK(msg_text(num("12"), "logor", {num("10")}) == "14");
  CHECK(msg_text(num("12"), "logxor", {num("10")}) == "6");
  CHECK(msg_text(num("7"), "logand", {num("14"), num("12")}) == "4");
  CHECK(msg_text(num("7"), "logand") == "7");
  CHECK(msg_text(num("5"), "lognot") == "-6");
  CHECK(msg_text(num("-5"), "ash", {num("-1")}) == "-3");
  CHECK(msg_text(num("1"), "ash", {num("100")}) == "1267650600228229401496703205376");
  CHECK(msg_error(num("1.5"), "logand", {num("1")}) == "wrong-type");
  CHECK(msg_error(num("1"), "logor", {num("2"), num("1/2")}) == "wrong-type");
  CHECK(msg_error(num("1.0"), "lognot") == "wrong-type");
  CHECK(msg_error(num("1"), "ash", {num("1.0")}) == "wrong-type");
  CHECK(msg_error(num("1"), "ash") == "wrong-argument-count");
  CHECK(msg_error(num("1"), "lognot", {num("1")}) == "wrong-argument-count");
}

TEST_CASE("sleep pauses and returns nil") {
  auto start = std::chrono::steady_clock::now();
  CHECK(msg(num("1/50"), "sleep") == nil);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
  CHECK(ms >= 19);
  CHECK(msg(num("-1"), "sleep") == nil);
  CHECK(msg(num("0.0"), "sleep") == nil);
  CHECK(msg_error(nan(), "sleep") == "wrong-type");
  CHECK(msg_error(num("1"), "sleep", {num("1")}) == "wrong-argument-count");
}

TEST_CASE("a number method sent to another class raises wrong-type") {
  // Through getmethod/funcall a built-in can meet any receiver.
  Function* plus = rt::lookup_method(classes.integer, intern("+"));
  REQUIRE(plus);
  Value self = str("a");
  CHECK(raised([&] { rt::call(plus, self, 0, nullptr); }) == "wrong-type");
  Function* lt = rt::lookup_method(classes.integer, intern("<"));
  Value one = num("1");
  CHECK(raised([&] { rt::call(lt, self, 1, &one); }) == "wrong-type");
  Function* inc = rt::lookup_method(classes.integer, intern("+="));
  CHECK(raised([&] { rt::call(inc, self, 1, &one); }) == "wrong-type");
}
