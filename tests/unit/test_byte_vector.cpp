// Byte vectors (spec 7.8, 15.4): elements 0…255, construction, methods and errors.
#include <cmath>

#include "l2d/number.hpp"
#include "support.hpp"

using namespace l2d;
using namespace l2d::test;

namespace {
Value make(std::initializer_list<Value> args) {
  std::vector<Value> argv(args);
  return new_object(classes.byte_vector, int(argv.size()), argv.data());
}
std::string make_error(std::initializer_list<Value> args) {
  return error_of([&] { make(args); });
}
}  // namespace

TEST_CASE("byte-vector newobject") {
  CHECK(show(make({})) == "#[]");
  CHECK(show(make({fix(3)})) == "#[0 0 0]");
  CHECK(show(make({fix(2), fix(255)})) == "#[255 255]");
  CHECK(show(make({make_float(2.0), make_cell(fix(7))})) == "#[7 7]");
  CHECK(make_error({fix(2), fix(256)}) == "wrong-type");
  CHECK(make_error({fix(2), chr('a')}) == "wrong-type");
  CHECK(make_error({fix(-2)}) == "wrong-type");
  CHECK(make_error({datum("4294967297")}) == "out-of-memory");
  CHECK(make_error({fix(1), fix(1), fix(1)}) == "wrong-argument-count");
}

TEST_CASE("byte-vector elements are 0…255") {
  Value b = datum("#[1 2 3]");
  CHECK(msg(b, "setelt", {fix(0), make_cell(fix(200))}) == b);
  CHECK(show(b) == "#[200 2 3]");
  CHECK(send_error(b, "setelt", {fix(0), fix(256)}) == "wrong-type");
  CHECK(send_error(b, "setelt", {fix(0), make_float(1.0)}) == "wrong-type");
  CHECK(send_error(b, "setelt", {fix(0), datum("1/2")}) == "wrong-type");
  CHECK(send_error(b, "setelt", {fix(3), fix(1)}) == "index-out-of-range");
  CHECK(send_error(b, "elt", {make_float(NAN)}) == "wrong-type");
  CHECK(send_error(b, "push", {fix(-1)}) == "wrong-type");
  CHECK(send_error(b, "push", {fix(1), datum("4294967296")}) == "out-of-memory");
  CHECK(msg(b, "push", {fix(9), fix(2)}) == b);
  CHECK(show(b) == "#[200 2 3 9 9]");
  CHECK(send_error(b, "subseq", {fix(3), fix(2)}) == "index-out-of-range");
  CHECK(send_error(b, "size", {fix(1)}) == "wrong-argument-count");
}

TEST_CASE("read-only byte vectors") {
  Value b = read_only(datum("#[1]"));
  CHECK(send_error(b, "setelt", {fix(0), fix(2)}) == "read-only");
  CHECK(send_error(b, "push", {fix(2)}) == "read-only");
  CHECK(show(b) == "#[1]");
}

TEST_CASE("byte-vector string decodes UTF-8, one U+FFFD per malformed sequence") {
  CHECK(show(msg(datum("#[208 175]"), "string")) == "\"Я\"");
  CHECK(show(msg(datum("#[255 65]"), "string")) == "\"\xEF\xBF\xBD" "A\"");
  CHECK(show(msg(datum("#[226 130 65]"), "string")) == "\"\xEF\xBF\xBD" "A\"");
  CHECK(show(msg(datum("#[237 160 128]"), "string")) == "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
  CHECK(show(msg(datum("#[192 175]"), "string")) == "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");
  CHECK(show(msg(datum("#[240 159 152]"), "string")) == "\"\xEF\xBF\xBD\"");
}

TEST_CASE("byte-vector position of a byte or a byte vector") {
  Value b = datum("#[1 2 3 2 3]");
  CHECK(show(msg(b, "position", {fix(3)})) == "2");
  CHECK(show(msg(b, "position", {datum("#[2 3]")})) == "1");
  CHECK(show(msg(b, "position", {datum("#[]")})) == "0");
  CHECK(msg(b, "position", {fix(9)}).is_nil());
  CHECK(msg(b, "position", {datum("#[3 2 3 4]")}).is_nil());
  CHECK(send_error(b, "position", {fix(256)}) == "wrong-type");
  CHECK(send_error(b, "position", {datum("#(2)")}) == "wrong-type");
  CHECK(show(msg(b, "list")) == "(1 2 3 2 3)");
}
