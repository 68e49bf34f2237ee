// Fast paths skip the test for a replaced built-in where no method of its name can ever
// be defined (gen_program.cpp program_overrides, ProgramModel::open_method_names). The
// behaviour is tested end to end in tests/golden/run/objects/overrides-static.l2d and
// overrides-from-data.l2d.
#include <catch.hpp>

#include "analyze/program_model.hpp"
#include "codegen/generator.hpp"
#include "driver/source_loader.hpp"
#include "generated_text.hpp"

using l2dc::test::has;
using l2dc::test::translate_text;

namespace {
bool static_overrides(const std::string& cpp) { return has(cpp, "#define L2D_PROGRAM_OVERRIDES 1"); }

// The line `l2dc build -v` prints about them.
std::string note(const std::string& source) {
  l2dc::LoadedProgram program = l2dc::load_program("test.l2d", source);
  REQUIRE(program.ok());
  l2dc::ProgramModel model = l2dc::build_model(program.toplevel, program.read.forms);
  return l2dc::fast_path_note(model);
}
}  // namespace

TEST_CASE("a program that defines no method of a built-in's name skips its test") {
  std::string cpp = translate_text(
      "(nil defmethod fib (n) (nil if (n < 2) n ((nil fib (n - 1)) + (nil fib (n - 2)))))\n"
      "(cout writeln (nil fib 10))\n");
  REQUIRE(static_overrides(cpp));
  CHECK(has(cpp, "constexpr bool plus = false;"));
  CHECK(has(cpp, "constexpr bool lt = false;"));
  // Before the runtime header, which reads it.
  CHECK(cpp.find("L2D_PROGRAM_OVERRIDES") < cpp.find("#include <l2d/runtime.hpp>"));
}

TEST_CASE("a built-in the program defines a method of keeps its test") {
  std::string cpp = translate_text(
      "(nil defmethod setup () ('integer defmethod + (x) 0))\n"
      "(nil defmethod first (l) 1)\n"
      "(cout writeln (1 + 2) ('(1) first))\n");
  REQUIRE(static_overrides(cpp));
  CHECK(has(cpp, "constexpr bool plus = true;"));
  CHECK(has(cpp, "constexpr bool first = true;"));
  CHECK(has(cpp, "constexpr bool minus = false;"));
}

TEST_CASE("method names the compiler cannot see keep every test") {
  // defmethod in quoted data: eval, apply or a lambda-list designator may run it.
  CHECK_FALSE(static_overrides(translate_text("(nil eval '('integer defmethod + (x) 0))\n")));
  CHECK_FALSE(static_overrides(translate_text("(cout writeln '(a defmethod b))\n")));
  // Symbols made at run time, and the program's own forms.
  CHECK_FALSE(static_overrides(translate_text("(cout writeln (\"x\" symbol))\n")));
  CHECK_FALSE(static_overrides(translate_text("(cout writeln (\"(a b)\" read))\n")));
  CHECK_FALSE(static_overrides(translate_text("(cout writeln (cin read))\n")));
  CHECK_FALSE(static_overrides(
      translate_text("(nil try (nil throw 'x) x (cout writeln (nil exception-history)))\n")));
  // defmethod forms themselves are not data.
  CHECK(static_overrides(translate_text("(nil defmethod f () 1)\n(nil let () (nil defmethod g () 2))\n")));
}

TEST_CASE("l2dc build -v says which fast paths test for a replaced built-in, and why") {
  CHECK(note("(cout writeln (1 + 2))\n") ==
        "no built-in fast path tests for a replacement: the script can replace none");
  CHECK(note("(nil defmethod f () ('integer defmethod + (x) 0) ('cons defmethod first () 1))\n") ==
        "built-in fast paths that test for a replacement (the script defines methods of their names): + first");
  CHECK(has(note("(cout writeln (cin read))\n"), "(it sends read)"));
  CHECK(has(note("(nil eval '(nil defmethod + () 1))\n"), "(defmethod appears in quoted data)"));
}
