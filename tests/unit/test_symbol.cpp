// Symbols (spec 7.5): name, boundp, gensym, properties, set; nil has none of them.
#include "l2d/number.hpp"
#include "support.hpp"

using namespace l2d;
using namespace l2d::test;

TEST_CASE("symbol name and boundp") {
  CHECK(show(msg(symv("co2"), "string")) == "\"co2\"");
  CHECK(show(msg(Value(intern("Mixed Case")), "string")) == "\"Mixed Case\"");
  CHECK(msg(make_true(), "boundp") == make_true());
  CHECK(msg(make_false(), "boundp") == make_true());  // bound to false: success is true
  CHECK(msg(symv("cout"), "boundp") == symv("cout"));
  CHECK(msg(symv("never-bound-symbol"), "boundp") == make_false());
  CHECK(send_error(nil, "boundp") == "undefined-method");
  CHECK(send_error(nil, "putprop", {symv("p"), fix(1)}) == "undefined-method");
  CHECK(send_error(symv("x"), "string", {fix(1)}) == "wrong-argument-count");
}

TEST_CASE("gensym skips names that exist") {
  Value a = msg(symv("uniq-prefix"), "gensym");
  std::string name = display_form(a);
  CHECK(name.rfind("uniq-prefix", 0) == 0);
  std::string n = name.substr(11);
  // The next counter value is taken by an interned symbol: it is skipped.
  intern("uniq-prefix" + std::to_string(std::stoll(n) + 1));
  Value b = msg(symv("uniq-prefix"), "gensym");
  CHECK(display_form(b) == "uniq-prefix" + std::to_string(std::stoll(n) + 2));
  CHECK(msg(a, "boundp") == make_false());
}

TEST_CASE("properties: values stored as values, sorted vector of new pairs") {
  Value s = symv("prop-test");
  Value n = make_cell(fix(3));
  CHECK(msg(s, "putprop", {symv("b"), n}) == n);
  CHECK(msg(s, "get", {symv("b")}) == fix(3));
  msg(s, "putprop", {symv("a"), str("x")});
  msg(s, "putprop", {nil, fix(0)});
  CHECK(show(msg(s, "properties")) == "#((a . \"x\") (b . 3) (nil . 0))");
  CHECK(show(msg(s, "remprop", {nil})) == "0");
  CHECK(msg(s, "remprop", {nil}).is_nil());
  CHECK(send_error(s, "get", {fix(1)}) == "wrong-type");
  CHECK(send_error(s, "putprop", {str("a"), fix(1)}) == "wrong-type");
  CHECK(send_error(s, "remprop") == "wrong-argument-count");
  // Symbols are never read-only.
  Value ro = read_only(symv("prop-ro"));
  CHECK(msg(ro, "putprop", {symv("k"), fix(1)}) == fix(1));
}

TEST_CASE("set through a designator assigns the global value") {
  Value s = symv("set-test-var");
  CHECK(msg(s, "set", {fix(5)}) == fix(5));
  CHECK(intern("set-test-var")->value == fix(5));
  CHECK(send_error(make_true(), "set", {fix(1)}) == "wrong-type");
  CHECK(send_error(make_false(), "set", {fix(1)}) == "wrong-type");
  CHECK(send_error(s, "set") == "wrong-argument-count");
  CHECK(error_of([&] { Value v = fix(1); rt::call_designator(symv("defmethod"), s, 1, &v); }) == "undefined-method");
}
