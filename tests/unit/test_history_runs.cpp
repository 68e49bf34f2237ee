// Runs of history records in recording variants (codegen/gen_function.cpp, Pending):
// up to two values per ring slot, completions pending across fast paths (forks), and an
// `if` that takes what is pending into both branches. The recorded entries themselves
// are compared with the evaluator's end to end (tests/golden/run/exceptions/
// history-two-values.l2d, tests/fuzz/gen_programs.py).
#include <catch.hpp>

#include "generated_text.hpp"

using l2dc::test::function_text;
using l2dc::test::has;
using l2dc::test::translate_text;

namespace {

size_t count(const std::string& text, const std::string& part) {
  size_t n = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("fib records one slot per leaf call and three per inner call") {
  std::string cpp = translate_text(
      "(nil defmethod fib (n) (nil if (n < 2) n ((nil fib (n - 1)) + (nil fib (n - 2)))))\n"
      "(cout writeln (nil fib 10))\n");
  std::string rec = function_text(cpp, "Value m_fib_rec(Value a_0) {");
  size_t branch = rec.find("  if (c2) {");
  size_t other = rec.find("  else {", branch);
  REQUIRE(branch != std::string::npos);
  REQUIRE(other != std::string::npos);
  std::string leaf = rec.substr(branch, other - branch);
  std::string inner = rec.substr(other);
  // The test's completion and the if's, two values in one slot; the run depends on
  // whether the test's slow path ran (and wrote the begin records already).
  CHECK(count(leaf, "R.put") == 1);
  CHECK(has(leaf, "R.put2((4 + 4 * w1), p3, p4);"));
  // Outside the slow paths (`else` blocks of the fast paths), one slot before each call
  // and one at the end; the sum's value is the if's too (one value, two completions).
  CHECK(count(inner, "R.put2(") == 3);
  CHECK(count(inner, "m_fib_rec_ptr(") == 2);
  CHECK_FALSE(has(rec, "R.done"));
  // A slow path writes what is pending before it calls, and says so.
  CHECK(has(rec, "R.run(0);\n"));
  CHECK(has(rec, "w1 = 1;"));
}

TEST_CASE("a test whose records are pending is written before a statement that branches on it") {
  std::string cpp = translate_text(
      "(nil defmethod classify (x) (nil cond ((x < 0) 'negative) (true (nil when (x > 10) 'big))))\n"
      "(cout writeln (nil classify 11))\n");
  std::string rec = function_text(cpp, "Value m_classify_rec(Value a_0) {");
  // cond and when are not carried: the comparison's run is written before their `if`.
  size_t put = rec.find("R.put(");
  size_t branch = rec.find("if (c");
  REQUIRE(put != std::string::npos);
  REQUIRE(branch != std::string::npos);
  CHECK(put < branch);
}

TEST_CASE("top-level forms keep one variant with guarded records") {
  std::string cpp = translate_text("(nil let ((s 0)) (10 for* i (nil setq s (s + i))) (cout writeln s))\n");
  CHECK(has(cpp, "if (rec) R.done("));
  CHECK_FALSE(has(cpp, "if (rec) R.put"));
}
