// The methods of `char` (spec 7.3) and how characters print (spec 13).
#include <catch.hpp>

#include <functional>
#include <string>
#include <vector>

#include "l2d/printer.hpp"
#include "l2d/string.hpp"
#include "l2d/symbol.hpp"

using namespace l2d;

namespace {

Value ch(uint32_t code) { return Value::character(code); }

Value msg(Value self, const char* selector, std::vector<Value> args = {}) {
  return send(intern(selector), self, int(args.size()), args.data());
}

std::string msg_error(Value self, const char* selector, std::vector<Value> args = {}) {
  try {
    msg(self, selector, args);
  } catch (rt::Thrown&) {
    return std::string(name_of(rt::thrown_value()));
  }
  return "";
}

}  // namespace

TEST_CASE("code and char") {
  CHECK(msg(ch('z'), "code") == Value::fixnum(122));
  CHECK(msg(ch(0x44F), "code") == Value::fixnum(1103));
  CHECK(msg(ch(0x10FFFF), "code") == Value::fixnum(0x10FFFF));
  CHECK(msg(ch('a'), "char") == ch('a'));
  CHECK(msg_error(ch('a'), "code", {ch('b')}) == "wrong-argument-count");
  CHECK(msg_error(ch('a'), "char", {ch('b')}) == "wrong-argument-count");
}

TEST_CASE("comparisons on codes return the receiver or false") {
  CHECK(msg(ch('a'), "=", {ch('a'), ch('a')}) == ch('a'));
  CHECK(msg(ch('a'), "=", {ch('b')}) == make_false());
  CHECK(msg(ch('a'), "=", {make_string("a")}) == make_false());
  CHECK(msg(ch('a'), "=", {Value::fixnum(97)}) == make_false());
  CHECK(msg(ch('a'), "=") == ch('a'));
  CHECK(msg(ch('a'), "<>", {ch('b'), ch('c')}) == ch('a'));
  CHECK(msg(ch('a'), "<>", {ch('b'), ch('a')}) == make_false());
  CHECK(msg(ch('a'), "<>", {Value::fixnum(97)}) == ch('a'));
  CHECK(msg(ch('a'), "<", {ch('b'), ch('c')}) == ch('a'));
  CHECK(msg(ch('a'), "<", {ch('c'), ch('b')}) == make_false());
  CHECK(msg(ch('a'), "<", {ch('a')}) == make_false());
  CHECK(msg(ch('a'), "<=", {ch('a'), ch('b')}) == ch('a'));
  CHECK(msg(ch('c'), ">", {ch('b'), ch('a')}) == ch('c'));
  CHECK(msg(ch('c'), ">", {ch('c')}) == make_false());
  CHECK(msg(ch('c'), ">=", {ch('c'), ch('a')}) == ch('c'));
  CHECK(msg(ch(0x44F), ">", {ch('z')}) == ch(0x44F));
  CHECK(msg_error(ch('a'), "<", {Value::fixnum(98)}) == "wrong-type");
  CHECK(msg_error(ch('a'), ">=", {make_string("a")}) == "wrong-type");
  CHECK(msg_error(ch('b'), "<", {ch('a'), nil}) == "wrong-type");  // checked past the failure
}

TEST_CASE("upcase and downcase change ASCII letters only") {
  CHECK(msg(ch('a'), "upcase") == ch('A'));
  CHECK(msg(ch('z'), "upcase") == ch('Z'));
  CHECK(msg(ch('A'), "upcase") == ch('A'));
  CHECK(msg(ch('1'), "upcase") == ch('1'));
  CHECK(msg(ch(0x44F), "upcase") == ch(0x44F));  // я stays
  CHECK(msg(ch(0xE9), "upcase") == ch(0xE9));    // é stays
  CHECK(msg(ch('A'), "downcase") == ch('a'));
  CHECK(msg(ch('Z'), "downcase") == ch('z'));
  CHECK(msg(ch('['), "downcase") == ch('['));
  CHECK(msg(ch(0x42F), "downcase") == ch(0x42F));  // Я stays
  CHECK(msg_error(ch('a'), "upcase", {ch('b')}) == "wrong-argument-count");
}

TEST_CASE("string is a new one-character string") {
  Value s = msg(ch('a'), "string");
  REQUIRE(is_kind(s, Kind::string));
  CHECK(string_to_utf8(s) == "a");
  Value wide = msg(ch(0x44F), "string");
  CHECK(wide.as<String>()->size == 1);
  CHECK(string_to_utf8(wide) == "я");
  CHECK(string_to_utf8(msg(ch(0x1F600), "string")) == "\xF0\x9F\x98\x80");
  CHECK(msg(ch('a'), "string") != s);  // new each time
  CHECK(msg_error(ch('a'), "string", {Value::fixnum(16)}) == "wrong-argument-count");
}

TEST_CASE("characters print by name or as \\u codes (spec 13)") {
  CHECK(readable_form(ch('a')) == "#\\a");
  CHECK(readable_form(ch(' ')) == "#\\space");
  CHECK(readable_form(ch(10)) == "#\\newline");
  CHECK(readable_form(ch(1)) == "#\\u1");
  CHECK(readable_form(ch(127)) == "#\\u7f");
  CHECK(readable_form(ch(0x42F)) == "#\\Я");
  CHECK(display_form(ch(0x42F)) == "Я");
}

TEST_CASE("a char method sent to another class raises wrong-type") {
  Function* code = rt::lookup_method(classes.character, intern("code"));
  REQUIRE(code);
  CHECK_THROWS_AS(rt::call(code, Value::fixnum(1), 0, nullptr), rt::Thrown);
  CHECK(name_of(rt::thrown_value()) == "wrong-type");
}
