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

TEST_CASE("fib's inner calls write one slot besides their calls' slow paths") {
  std::string cpp = translate_text(
      "(nil defmethod fib (n) (nil if (n < 2) n ((nil fib (n - 1)) + (nil fib (n - 2)))))\n"
      "(cout writeln (nil fib 10))\n");
  // The whole recording variant (test_leaf_entries.cpp: the leaf entry before it).
  std::string rec = function_text(cpp, "L2D_NOINLINE RecReturn m_fib_rec_full(Value a_0, RecStart start) {");
  size_t branch = rec.find("  if (c2) {");
  size_t other = rec.find("  else {", branch);
  REQUIRE(branch != std::string::npos);
  REQUIRE(other != std::string::npos);
  std::string leaf = rec.substr(branch, other - branch);
  std::string inner = rec.substr(other);
  // The test's completion and the if's, two values in one slot; the run depends on
  // whether the test's slow path ran (and wrote the begin records already).
  CHECK(count(leaf, "R.put") == 1);
  CHECK(has(leaf, " + 4 * w1), p3, p4);"));
  // Past the failed test its value is the constant false (no value). The calls' base
  // cases are taken inline (test_leaf_entries.cpp), so a call is a slow path: what is
  // pending is written before it. Outside them, one slot: n - 1, n - 2 (each also the
  // value of its call when inline) and the sum.
  CHECK(count(inner, "\n    R.put") == 1);
  CHECK(has(inner, "\n    R.put3((96 + 4 * w1), p6, p11, p16);"));
  CHECK(count(inner, "m_fib_rec_ptr(") == 2);
  size_t call = inner.find("t8 = R.took(m_fib_rec_ptr(");
  REQUIRE(call != std::string::npos);
  CHECK(inner.rfind("R.put((24 + 4 * w1), p6);", call) > inner.rfind("else {", call));
  CHECK(inner.rfind("w1 = 3;", call) > inner.rfind("else {", call));
  CHECK(has(inner, "      p6 = unwrap(t8);"));  // the call's value in place of n - 1's
  CHECK_FALSE(has(rec, "R.done"));
  // A slow path writes what is pending before it calls, and says so.
  CHECK(has(rec, "    R.run("));
  CHECK(has(rec, "w1 = 1;"));
}

TEST_CASE("cond and when take a test's pending records into their branches") {
  std::string cpp = translate_text(
      "(nil defmethod classify (x) (nil cond ((x < 0) 'negative) (true (nil when (x > 10) 'big))))\n"
      "(cout writeln (nil classify 11))\n");
  std::string rec = function_text(cpp, "RecReturn m_classify_rec(Value a_0, RecStart start) {");
  // Nothing is written before the first clause branches on its test (but on its slow
  // path, which writes what was pending before it calls).
  size_t branch = rec.find("    if (c2) {");
  REQUIRE(branch != std::string::npos);
  CHECK(rec.substr(0, branch).find("R.put") == std::string::npos);
  size_t slow = rec.find("else {");
  REQUIRE(slow < branch);
  CHECK(rec.find("R.run(0);") > slow);
  // The clause taken writes the test's value with its own in one slot, then leaves.
  size_t taken = rec.find("R.put2((4 + 4 * w1), p3, p4);");
  REQUIRE(taken != std::string::npos);
  CHECK(taken > branch);
  CHECK(rec.find("R.", taken + 1) > rec.find("break;", taken));
  // Both ways out of the when end with its completion; past the first clause its
  // failed test is worth false, a constant (no value), as the when's test on its way
  // out, whose value nil is another.
  CHECK(has(rec, "R.put2((20 + 4 * w1), p7, p8);"));
  CHECK(has(rec, "R.run((32 + 4 * w1));"));
  CHECK_FALSE(has(rec, "p3, p7"));
  // No clause matched: the records still pending, and the cond's value nil.
  size_t none = rec.find("R.run((48 + 4 * w1));");  // constants take no value
  REQUIRE(none != std::string::npos);
  CHECK(rec.find("while (false);", none) != std::string::npos);
  CHECK(rec.find("break;", none) == std::string::npos);
  CHECK_FALSE(has(rec, "R.done"));
}

TEST_CASE("a top-level form that may turn history on or off keeps guarded records") {
  std::string cpp = translate_text("(nil let ((s 0)) (nil setdebug 12) (10 for* i (nil setq s (s + i))) (cout writeln s))\n");
  CHECK(has(cpp, "if (rec) R.done("));
  CHECK_FALSE(has(cpp, "if (rec) R.put"));
}

TEST_CASE("a top-level loop's recording variant carries its runs as a function's does") {
  // It has a quiet variant, so it runs only while history is on, and nothing in it
  // turns history off: its runs go into one slot each, unguarded.
  std::string cpp = translate_text("(nil let ((s 0)) (10 for* i (nil setq s (s + i))) (cout writeln s))\n");
  std::string form = function_text(cpp, "Value toplevel_1([[maybe_unused]] int form) {");
  CHECK(has(form, "if (!recording()) return toplevel_1_quiet(form);"));
  CHECK(has(form, "R.put"));
  CHECK_FALSE(has(form, "if (rec) "));
  CHECK(has(form, "return "));
}

TEST_CASE("a while loop's test records leave with its completion or go into its body") {
  std::string cpp = translate_text(
      "(nil defmethod count-down (k) (nil while (k > 0) (nil setq k (k - 1))) k)\n"
      "(cout writeln (nil count-down 3))\n");
  std::string rec = function_text(cpp, "RecReturn m_count_down_rec(Value a_0, RecStart start) {");
  size_t exit = rec.find("if (!c");
  REQUIRE(exit != std::string::npos);
  // The way out writes the test's value and the while's nil (a constant) in one slot.
  size_t out = rec.find("R.put(", exit);
  REQUIRE(out != std::string::npos);
  CHECK(out < rec.find("break;", exit));
  // The way in writes nothing before the body's first form: one slot for the test's
  // value and the subtraction's.
  size_t body = rec.find("try_sub(", exit);
  REQUIRE(body != std::string::npos);
  CHECK(rec.substr(rec.find("break;", exit), body - rec.find("break;", exit)).find("R.") == std::string::npos);
}
