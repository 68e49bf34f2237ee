// Shapes of compact functions (codegen/shapes.hpp): two bodies alike but for their
// markers have one key, the markers' values come out in order, and a shared body reads
// each one from the method's row.
#include <catch.hpp>

#include <string>

#include "codegen/shapes.hpp"

using l2dc::param_marker;
using l2dc::ParamKind;
using l2dc::replace_markers;
using l2dc::shape_of;

namespace {

std::string body(int constant, int symbol, int64_t fixnum, int cache, int form, int line) {
  return "#line " + std::to_string(line) + " \"a.l2d\"\n" +
         "  if (rec) note_enter(base, 0, " + param_marker(ParamKind::form_index, form) + ");\n" +
         "  Value a[] = {" + param_marker(ParamKind::fixnum, fixnum) + ", " + param_marker(ParamKind::constant, constant) +
         "};\n" + "  Value t = send_site(" + param_marker(ParamKind::cache, cache) + ", " +
         param_marker(ParamKind::symbol, symbol) + ", self, 2, a);\n";
}

}  // namespace

TEST_CASE("bodies alike but for their values have one shape") {
  auto a = shape_of(body(3, 4, -5, 6, 7, 10));
  auto b = shape_of(body(30, 40, 1LL << 40, 60, 70, 99));  // other values, other line
  CHECK(a.key == b.key);
  CHECK(a.key.find("#line") == std::string::npos);
  REQUIRE(b.args.size() == 5);
  CHECK(b.args[0] == std::make_pair(ParamKind::form_index, int64_t(70)));
  CHECK(b.args[1] == std::make_pair(ParamKind::fixnum, int64_t(1) << 40));
  CHECK(b.args[4] == std::make_pair(ParamKind::symbol, int64_t(40)));
  CHECK(a.args[1].second == -5);
}

TEST_CASE("a different statement is a different shape") {
  std::string other = body(3, 4, 5, 6, 7, 10) + "  rec = recording();\n";
  CHECK(shape_of(other).key != shape_of(body(3, 4, 5, 6, 7, 10)).key);
}

TEST_CASE("markers become the row's reads in a shared body, in order") {
  std::string text = replace_markers(body(3, 4, 5, 6, 7, 10), [](ParamKind k, int64_t, size_t i) {
    return l2dc::shared_param(k, i);
  });
  CHECK(text.find("note_enter(base, 0, P[0])") != std::string::npos);
  CHECK(text.find("{fix(P[1]), k[P[2]]}") != std::string::npos);
  CHECK(text.find("send_site(ic[P[3]], (*symbol_slots[P[4]]), self") != std::string::npos);
  CHECK(text.find('\x01') == std::string::npos);
}
