// Large programs are cut into units that l2dc build compiles in parallel (gen_program.cpp
// cut_into_units, toolchain.cpp plan_compiles). End to end: every golden case and the
// conformance suite compiled with L2DC_UNIT_LINES=1 (CTest units.*), and translate.warnings
// compiles the samples unit by unit with -Wall -Wextra -Werror.
#include <catch.hpp>

#include <regex>

#include "driver/toolchain.hpp"
#include "generated_text.hpp"

using l2dc::test::has;

namespace {

l2dc::Translation translate_with_units(const std::string& source, size_t unit_lines) {
  return l2dc::test::translation(source, [&](l2dc::CompileOptions& opts) { opts.unit_lines = unit_lines; });
}

// Methods with loops: each a few dozen lines of C++ per variant.
std::string many_methods(int n) {
  std::string s;
  for (int i = 0; i < n; ++i)
    s += "(nil defmethod f" + std::to_string(i) + " (n) (nil let ((s 0)) (n for* k (nil setq s (s + (k * " +
         std::to_string(i + 1) + ")))) s))\n";
  s += "('integer defmethod weight () (this + 1))\n";
  s += "(nil let ((t 0)) (3 for* r (nil setq t (t + (nil f0 r) + (r weight)))) (cout writeln t))\n";
  return s;
}

size_t count(const std::string& text, const std::string& part) {
  size_t n = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

// The unit (0: outside every unit) each line of [text] lies in.
int unit_at(const std::string& text, size_t offset) {
  static const std::regex open("^#if L2D_IN_UNIT\\((\\d+)\\)$");
  int unit = 0;
  size_t at = 0;
  while (at < offset) {
    size_t end = text.find('\n', at);
    std::string line = text.substr(at, end - at);
    std::smatch m;
    if (std::regex_match(line, m, open)) unit = std::stoi(m[1]);
    else if (line.rfind("#endif", 0) == 0) unit = 0;
    at = end + 1;
  }
  return unit;
}

}  // namespace

TEST_CASE("a small program compiles whole: no units, the unnamed namespace") {
  l2dc::Translation t = translate_with_units("(cout writeln (1 + 2))\n", 300);
  CHECK(t.unit_sizes.empty());
  CHECK_FALSE(has(t.cpp, "L2D_IN_UNIT"));
  CHECK(has(t.cpp, "\nnamespace {\n"));
  CHECK_FALSE(has(t.cpp, "static Value"));
}

TEST_CASE("a large program is cut into units of whole functions, in source order") {
  l2dc::Translation t = translate_with_units(many_methods(12), 100);
  REQUIRE(t.unit_sizes.size() >= 2);
  CHECK(t.unit_sizes.size() <= 8);
  const std::string& cpp = t.cpp;
  CHECK(has(cpp, "#ifdef L2D_UNIT_FIRST\n"));
  CHECK(has(cpp, "namespace L2D_PROGRAM_NAMESPACE {"));
  // Every function is defined once, inside a unit, and the units follow the script.
  int last_unit = 0;
  for (int i = 0; i < 12; ++i) {
    std::string def = "\nValue m_f" + std::to_string(i) + "(Value a_0) {";
    REQUIRE(count(cpp, def) == 1);
    int unit = unit_at(cpp, cpp.find(def) + 1);
    CHECK(unit >= 1);
    CHECK(unit >= last_unit);
    last_unit = unit;
    std::string rec = "\nRecReturn m_f" + std::to_string(i) + "_rec(Value a_0, RecStart start) {";
    REQUIRE(count(cpp, rec) == 1);
    CHECK(unit_at(cpp, cpp.find(rec) + 1) >= 1);
  }
  CHECK(last_unit <= int(t.unit_sizes.size()));
  CHECK(unit_at(cpp, cpp.find("\nvoid direct_calls(bool recording) {") + 1) == int(t.unit_sizes.size()));
  // Unit 1 holds what load() reads and main.
  CHECK(unit_at(cpp, cpp.find("void load() {")) == 1);
  CHECK(unit_at(cpp, cpp.find("int main(")) == 1);
  CHECK(unit_at(cpp, cpp.find("const SymbolTable symbol_table")) == 1);
  // Data shared by the units is inline: one copy.
  CHECK(has(cpp, "inline SendCache ic["));
  CHECK(has(cpp, "inline Value k["));
  CHECK(has(cpp, "inline Symbol* s_f0;"));
}

TEST_CASE("in a split compile a function only its own unit names is static there") {
  l2dc::Translation t = translate_with_units(many_methods(12), 100);
  REQUIRE(t.unit_sizes.size() >= 2);
  const std::string& cpp = t.cpp;
  // weight's quiet variant is named only by its entry and its recording variant's unit.
  std::string decl = "static Value m_integer_x_weight(Value self);";
  REQUIRE(has(cpp, decl));
  int declared_in = unit_at(cpp, cpp.find(decl));
  CHECK(declared_in == unit_at(cpp, cpp.find("\nValue m_integer_x_weight(Value self) {") + 1));
  // Global functions are named by the pointers every unit sees: external.
  CHECK(has(cpp, "\nValue m_f0(Value a_0);"));
  CHECK_FALSE(has(cpp, "static Value m_f0(Value a_0);"));
  CHECK_FALSE(has(cpp, "static Value m_f0_send("));
}

TEST_CASE("a program with a function of very many parameters compiles whole") {
  // GCC takes minutes over calls with hundreds of arguments to a function another
  // translation unit sees (hostile gen/huge/params-1000).
  std::string params, args;
  for (int i = 0; i < 65; ++i) {
    // appended piece by piece: GCC 12's -Wrestrict misfires on " p" + std::to_string(i)
    params += " p";
    params += std::to_string(i);
    args += ' ';
    args += std::to_string(i);
  }
  std::string wide = "(nil defmethod wide (" + params + ") (cout writeln p0 p64))\n(nil wide" + args + ")\n";
  CHECK(translate_with_units(many_methods(12) + wide, 100).unit_sizes.empty());
  CHECK_FALSE(translate_with_units(many_methods(12), 100).unit_sizes.empty());
}

TEST_CASE("L2DC_UNIT_LINES 0 never cuts") {
  l2dc::Translation t = translate_with_units(many_methods(12), 0);
  CHECK(t.unit_sizes.empty());
  CHECK_FALSE(has(t.cpp, "L2D_IN_UNIT"));
}

TEST_CASE("compiles are runs of units, one per core at most, balanced by lines") {
  l2dc::NativeBuild job;
  job.object_file = "/w/program.o";
  SECTION("a whole file, or a single core: one compile of the whole file") {
    auto plan = l2dc::plan_compiles(job, 4);
    REQUIRE(plan.size() == 1);
    CHECK(plan[0].first == 0);
    CHECK(plan[0].object_file == "/w/program.o");
    job.unit_sizes = {100, 100, 100};
    plan = l2dc::plan_compiles(job, 1);
    REQUIRE(plan.size() == 1);
    CHECK(plan[0].first == 0);
  }
  SECTION("equal units on two cores: two halves") {
    job.unit_sizes = {100, 100, 100, 100};
    auto plan = l2dc::plan_compiles(job, 2);
    REQUIRE(plan.size() == 2);
    CHECK((plan[0].first == 1 && plan[0].last == 2));
    CHECK((plan[1].first == 3 && plan[1].last == 4));
    CHECK(plan[0].object_file != plan[1].object_file);
  }
  SECTION("a large first unit compiles alone") {
    job.unit_sizes = {500, 10, 10, 10};
    auto plan = l2dc::plan_compiles(job, 2);
    REQUIRE(plan.size() == 2);
    CHECK((plan[0].first == 1 && plan[0].last == 1));
    CHECK((plan[1].first == 2 && plan[1].last == 4));
  }
  SECTION("more cores than units: one compile per unit") {
    job.unit_sizes = {10, 20, 30};
    auto plan = l2dc::plan_compiles(job, 8);
    REQUIRE(plan.size() == 3);
    for (int i = 0; i < 3; ++i) CHECK((plan[size_t(i)].first == i + 1 && plan[size_t(i)].last == i + 1));
  }
}

TEST_CASE("optimised builds align functions, so a hot function's speed does not follow the runtime's size") {
  CHECK(l2dc::code_layout_options(0).empty());
  CHECK(l2dc::code_layout_options(1).empty());
  for (int level : {2, 3}) {
    std::vector<std::string> options = l2dc::code_layout_options(level);
    REQUIRE(options.size() == 1);
    CHECK(options[0] == "-falign-functions=32");
  }
}
