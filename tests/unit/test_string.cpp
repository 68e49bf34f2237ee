// Strings (spec 7.4, 15.4): construction, narrow and wide storage, every method and its
// errors.
#include <cmath>

#include <unistd.h>

#include "support.hpp"

using namespace l2d;
using namespace l2d::test;

TEST_CASE("string newobject: N copies of CHAR") {
  Value args[] = {fix(3), chr('z')};
  CHECK(show(new_object(classes.string, 2, args)) == "\"zzz\"");
  CHECK(show(new_object(classes.string, 1, args)) == "\"   \"");
  CHECK(show(new_object(classes.string, 0, nullptr)) == "\"\"");
  Value wide[] = {fix(2), chr(0x416)};
  Value w = new_object(classes.string, 2, wide);
  CHECK(show(w) == "\"ЖЖ\"");
  CHECK(w.as<String>()->wide == 1);
  Value bad_char[] = {fix(2), str("z")};
  CHECK(error_of([&] { new_object(classes.string, 2, bad_char); }) == "wrong-type");
  Value negative[] = {fix(-1)};
  CHECK(error_of([&] { new_object(classes.string, 1, negative); }) == "wrong-type");
  Value huge[] = {make_float(std::ldexp(1.0, 33))};
  CHECK(error_of([&] { new_object(classes.string, 1, huge); }) == "out-of-memory");
  Value three[] = {fix(1), chr('a'), chr('b')};
  CHECK(error_of([&] { new_object(classes.string, 3, three); }) == "wrong-argument-count");
}

TEST_CASE("strings are characters: narrow until a wide character arrives") {
  Value s = str("abc");
  CHECK(s.as<String>()->wide == 0);
  msg(s, "setelt", {fix(1), chr(0x1F600)});
  CHECK(s.as<String>()->wide == 1);
  CHECK(show(msg(s, "size")) == "3");
  CHECK(show(msg(s, "elt", {fix(1)})) == "#\\😀");
  CHECK(string_to_utf8(s) == "a😀c");
  CHECK(show(msg(s, "+", {str("d")})) == "\"a😀cd\"");
  CHECK(show(msg(str("ab"), "+", {s})) == "\"aba😀c\"");
  CHECK(show(msg(s, "upcase")) == "\"A😀C\"");
  CHECK(show(msg(s, "reverse")) == "\"c😀a\"");
  CHECK(show(msg(s, "subseq", {fix(1), fix(2)})) == "\"😀\"");
  CHECK(show(msg(s, "byte-vector")) == "#[97 240 159 152 128 99]");
}

TEST_CASE("string indexes and their errors") {
  Value s = str("abc");
  CHECK(show(msg(s, "elt", {make_float(2.0)})) == "#\\c");
  CHECK(send_error(s, "elt", {fix(3)}) == "index-out-of-range");
  CHECK(send_error(s, "elt", {fix(-1)}) == "index-out-of-range");
  CHECK(send_error(s, "elt", {make_float(NAN)}) == "wrong-type");
  CHECK(send_error(s, "elt", {make_float(INFINITY)}) == "wrong-type");
  CHECK(send_error(s, "elt", {datum("100000000000000000000000")}) == "index-out-of-range");
  CHECK(send_error(s, "elt", {datum("1/2")}) == "wrong-type");
  CHECK(send_error(s, "elt", {}) == "wrong-argument-count");
  CHECK(send_error(s, "setelt", {fix(0)}) == "wrong-argument-count");
  CHECK(send_error(s, "setelt", {fix(0), fix(65)}) == "wrong-type");
  CHECK(send_error(s, "subseq", {fix(2), fix(1)}) == "index-out-of-range");
  CHECK(send_error(s, "subseq", {fix(4)}) == "index-out-of-range");
  CHECK(send_error(s, "part", {fix(0), fix(4)}) == "index-out-of-range");
  CHECK(send_error(s, "position", {chr('a'), fix(4)}) == "index-out-of-range");
  CHECK(send_error(s, "position", {fix(1)}) == "wrong-type");
}

TEST_CASE("destructive string methods on a read-only string") {
  Value s = read_only(str("abc"));
  CHECK(send_error(s, "setelt", {fix(0), chr('x')}) == "read-only");
  CHECK(show(s) == "\"abc\"");
  // Methods that make new strings are allowed, and their results are not read-only.
  Value t = msg(s, "upcase");
  CHECK(show(msg(t, "setelt", {fix(0), chr('x')})) == "\"xBC\"");
}

TEST_CASE("string comparisons are predicates over a chain") {
  Value a = str("a");
  CHECK(msg(a, "<", {str("b"), str("c")}) == a);
  CHECK(msg(a, "<", {str("c"), str("b")}) == make_false());
  CHECK(msg(a, "<=", {str("a")}) == a);
  CHECK(msg(str("b"), ">=", {str("b"), str("a")}) != make_false());
  CHECK(msg(a, "=", {str("a"), str("a")}) == a);
  CHECK(msg(a, "=", {symv("a")}) == make_false());
  CHECK(msg(a, "<>", {str("b"), fix(1)}) == a);
  CHECK(msg(a, "<>", {str("a")}) == make_false());
  CHECK(send_error(a, "<", {fix(1)}) == "wrong-type");
  CHECK(send_error(a, ">", {str("b"), fix(1)}) == "wrong-type");
  CHECK(msg(str("é"), ">", {str("z")}) != make_false());
}

TEST_CASE("string conversions") {
  CHECK(msg(str("NaCl"), "symbol") == symv("nacl"));
  CHECK(msg(str("nil"), "symbol").is_nil());
  CHECK(show(msg(str("Ab"), "list")) == "(#\\A #\\b)");
  CHECK(msg(str(""), "list").is_nil());
  CHECK(show(msg(str(" (a . b) c"), "read")) == "(a . b)");
  CHECK(send_error(str(""), "read") == "syntax");
  CHECK(send_error(str("(a"), "read") == "syntax");
  CHECK(send_error(str("#q"), "read") == "syntax");
  CHECK(send_error(str("a"), "read", {fix(1)}) == "wrong-argument-count");
}

TEST_CASE("unlink removes a file or returns the error symbol") {
  char path[] = "/tmp/l2d-unlink-XXXXXX";
  int fd = mkstemp(path);
  REQUIRE(fd >= 0);
  close(fd);
  Value name = str(path);
  CHECK(msg(name, "unlink").is_nil());
  CHECK(show(msg(name, "unlink")) == "NOENT");
  CHECK(show(msg(str(""), "unlink")) == "NOENT");
  Value with_nul = str("a");
  msg(with_nul, "setelt", {fix(0), chr(0)});
  CHECK(show(msg(with_nul, "unlink")) == "NOENT");
  CHECK(show(msg(str("/"), "unlink")) != "nil");
  CHECK(send_error(name, "unlink", {fix(1)}) == "wrong-argument-count");
}

TEST_CASE("split, trim, starts-with, ends-with, replace") {
  CHECK(show(msg(str("a,,b"), "split", {str(",")})) == "(\"a\" \"\" \"b\")");
  CHECK(show(msg(str(""), "split", {chr(',')})) == "(\"\")");
  CHECK(show(msg(str("ж-ж"), "split", {chr('-')})) == "(\"ж\" \"ж\")");
  CHECK(send_error(str("abc"), "split", {str("")}) == "wrong-type");
  CHECK(show(msg(str("\f\t x \r\n"), "trim")) == "\"x\"");
  CHECK(msg(str(""), "starts-with", {str("")}) != make_false());
  CHECK(msg(str("ab"), "ends-with", {str("abc")}) == make_false());
  CHECK(send_error(str("ab"), "starts-with", {fix(1)}) == "wrong-type");
  CHECK(show(msg(str("aaa"), "replace", {str("aa"), str("b")})) == "\"ba\"");
  CHECK(send_error(str("abc"), "replace", {str(""), str("x")}) == "wrong-type");
  CHECK(send_error(str("abc"), "replace", {str("a")}) == "wrong-argument-count");
}

TEST_CASE("string_place copies a piece into a string of the final size") {
  String* narrow = new_string(5, false);
  size_t at = string_place(narrow, 0, make_string("ab").as<String>());
  at = string_place(narrow, at, make_string("cde").as<String>());
  CHECK(at == 5);
  CHECK(show(Value(narrow)) == "\"abcde\"");
  String* wide = new_string(4, true);
  at = string_place(wide, 0, make_string("ж").as<String>());  // wide into wide
  at = string_place(wide, at, make_string("xyz").as<String>());  // narrow into wide
  CHECK(at == 4);
  CHECK(show(Value(wide)) == "\"жxyz\"");
  CHECK(string_place(wide, 4, make_string("").as<String>()) == 4);
}
