// A recording variant whose body is one `if` with an atom branch gets a leaf entry: the
// atom branch through the test's fast path, every other way a call of the whole variant
// before anything is recorded (gen_function.cpp, has_leaf_branch and leaf_entry). The
// histories are tested end to end against the evaluator in
// tests/golden/run/exceptions/history-leaf-entries.l2d.
#include <catch.hpp>

#include "generated_text.hpp"

using l2dc::test::function_text;
using l2dc::test::has;
using l2dc::test::translate_text;

namespace {

bool has_leaf_entry(const std::string& cpp, const std::string& name) {
  return has(cpp, "L2D_NOINLINE RecReturn " + name + "_rec_full(");
}

}  // namespace

TEST_CASE("a base case in the then branch runs in the leaf entry") {
  std::string cpp = translate_text("(nil defmethod fib (n) (nil if (n < 2) n ((nil fib (n - 1)) + (nil fib (n - 2)))))\n");
  REQUIRE(has_leaf_entry(cpp, "m_fib"));
  std::string leaf = function_text(cpp, "RecReturn m_fib_rec(Value a_0, RecStart start) {");
  // No stack guard, no call but the whole variant's, one slot written, and the
  // argument the fast test found a fixnum recorded without unwrapping.
  CHECK_FALSE(has(leaf, "PROLOGUE"));
  CHECK(has(leaf, "try_lt_test(v_n, fix(2), c"));
  CHECK(has(leaf, "return m_fib_rec_full(a_0, start);"));
  CHECK_FALSE(has(leaf, "m_fib_rec_ptr"));
  CHECK_FALSE(has(leaf, "unwrap(v_n)"));
  CHECK(has(leaf, "R.put2("));
  CHECK_FALSE(has(leaf, "R.run("));
  CHECK_FALSE(has(leaf, " w1"));  // no slow path ran: no fork variable
  // The whole variant is the recording variant as before, with its guard; its calls
  // go through the pointer, which aims at the leaf entry.
  std::string full = function_text(cpp, "L2D_NOINLINE RecReturn m_fib_rec_full(Value a_0, RecStart start) {");
  CHECK(has(full, "L2D_META_PROLOGUE(base, start.meta);"));
  CHECK(has(full, "R.took(m_fib_rec_ptr("));
  CHECK(has(cpp, "m_fib_rec_ptr = here ? m_fib_rec : m_fib_rec_send;"));
  // The quiet variant keeps its one function.
  CHECK_FALSE(has(cpp, "m_fib_full"));
}

TEST_CASE("a base case in the else branch, or a missing else, runs in the leaf entry") {
  std::string cpp = translate_text(
      "(nil defmethod down (x y) (nil if (y < x) (nil down (x - 1) y) y))\n"
      "(nil defmethod count (n) (nil if (n > 0) (nil count (n - 1))))\n"
      "(nil defmethod same (a b) (nil if (nil eq a b) (nil list a) b))\n");
  CHECK(has_leaf_entry(cpp, "m_down"));
  CHECK(has(function_text(cpp, "RecReturn m_down_rec(Value a_0, Value a_1, RecStart start) {"), "if (!c"));
  CHECK(has_leaf_entry(cpp, "m_count"));
  CHECK(has_leaf_entry(cpp, "m_same"));
  // eq's fast path does not tell a cell apart: its operands are unwrapped as ever.
  CHECK(has(function_text(cpp, "RecReturn m_same_rec(Value a_0, Value a_1, RecStart start) {"), "unwrap(v_b)"));
}

TEST_CASE("other bodies keep one recording variant") {
  std::string cpp = translate_text(
      // both branches atoms: nothing to leave out
      "(nil defmethod sign (n) (nil if (n < 0) -1 1))\n"
      // neither branch an atom
      "(nil defmethod twice (n) (nil if (n < 0) (n - 1) (n + 1)))\n"
      // a test that is not a comparison of atoms
      "(nil defmethod test1 (n) (nil if ((n + 1) < 2) n (nil test1 (n - 1))))\n"
      "(nil defmethod test2 (n) (nil if (nil numberp n) n (nil test2 (n number))))\n"
      // two body forms
      "(nil defmethod two (n) (cout write n) (nil if (n < 2) n (nil two (n - 1))))\n"
      // a parameter a closure captures: binding it makes a box
      "(nil defmethod boxed (n) (nil if (n < 2) n (nil funcall nil (lambda () n))))\n"
      // a rest parameter
      "(nil defmethod rest (n &rest r) (nil if (n < 2) n (nil rest (n - 1))))\n");
  for (const char* name : {"m_sign", "m_twice", "m_test1", "m_test2", "m_two", "m_boxed"})
    REQUIRE(has(cpp, std::string("RecReturn ") + name + "_rec("));
  CHECK(has(cpp, "Value m_rest_entry_rec("));  // a rest parameter: the entry records
  for (const char* name : {"m_sign", "m_twice", "m_test1", "m_test2", "m_two", "m_boxed", "m_rest"}) {
    INFO(name);
    CHECK_FALSE(has_leaf_entry(cpp, name));
  }
}

TEST_CASE("no leaf entries below -O2, where the entry would stay a frame of its own") {
  const std::string source = "(nil defmethod fib (n) (nil if (n < 2) n ((nil fib (n - 1)) + (nil fib (n - 2)))))\n";
  auto translated = [&](int opt_level) {
    l2dc::CompileOptions opts;
    opts.script = "test.l2d";
    opts.warnings = false;
    opts.opt_level = opt_level;
    l2dc::Translation t = l2dc::translate(opts, "test.cpp", "l2dc translate test.l2d", &source);
    REQUIRE(t.ok);
    return t.cpp;
  };
  CHECK_FALSE(has_leaf_entry(translated(0), "m_fib"));
  CHECK_FALSE(has_leaf_entry(translated(1), "m_fib"));
  CHECK(has_leaf_entry(translated(2), "m_fib"));
  CHECK(has_leaf_entry(translated(3), "m_fib"));
}
