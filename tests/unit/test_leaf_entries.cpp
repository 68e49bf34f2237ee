// A function whose body is one `if` with a base case (a test comparing parameters or
// constants, a branch that is one) has a leaf case (gen_function.cpp, LeafCase): its
// recording variant gets a leaf entry that runs the base case alone, and calls of it
// through its pointer take the base case without a call, writing its slot where they
// record. The histories and values are tested end to end against the evaluator in
// tests/golden/run/exceptions/history-leaf-entries.l2d and globals/leaf-calls.l2d.
#include <catch.hpp>

#include "generated_text.hpp"

using l2dc::test::function_text;
using l2dc::test::has;
using l2dc::test::translate_text;

namespace {

bool has_leaf_entry(const std::string& cpp, const std::string& name) {
  return has(cpp, "L2D_NOINLINE RecReturn " + name + "_rec_full(");
}

const char* const fib = "(nil defmethod fib (n) (nil if (n < 2) n ((nil fib (n - 1)) + (nil fib (n - 2)))))\n";

}  // namespace

TEST_CASE("a base case in the then branch runs in the leaf entry") {
  std::string cpp = translate_text(fib);
  REQUIRE(has_leaf_entry(cpp, "m_fib"));
  std::string leaf = function_text(cpp, "RecReturn m_fib_rec(Value a_0, RecStart start) {");
  // No stack guard, no call but the whole variant's, one slot: the test's value (the
  // receiver: it held) and the if's, one value, not a cell (the fast path took it).
  CHECK_FALSE(has(leaf, "PROLOGUE"));
  CHECK(has(leaf, "if (L2D_LIKELY(try_lt_test(a_0, fix(2), c) && c)) {"));
  CHECK(has(leaf, "R.put(0, a_0);"));
  CHECK(has(leaf, "return R.ret(a_0);"));
  CHECK(has(leaf, "return m_fib_rec_full(a_0, start);"));
  CHECK_FALSE(has(leaf, "m_fib_rec_ptr"));
  CHECK_FALSE(has(leaf, "unwrap("));
  // The whole variant is the recording variant as before, with its guard; its calls
  // go through the pointer, which aims at the leaf entry.
  std::string full = function_text(cpp, "L2D_NOINLINE RecReturn m_fib_rec_full(Value a_0, RecStart start) {");
  CHECK(has(full, "L2D_META_PROLOGUE(base, start.meta);"));
  CHECK(has(full, "R.took(m_fib_rec_ptr("));
  CHECK(has(cpp, "m_fib_rec_ptr = here ? m_fib_rec : m_fib_rec_send;"));
  // The quiet variant keeps its one function.
  CHECK_FALSE(has(cpp, "m_fib_full"));
}

TEST_CASE("calls through the pointer take the base case without a call") {
  std::string cpp = translate_text(fib);
  // Quiet: while the pointer is the quiet variant (not redefined, history off).
  std::string quiet = function_text(cpp, "Value m_fib(Value a_0) {");
  CHECK(has(quiet, "if (m_fib_ptr == &m_fib && try_lt_test(t3, fix(2), c"));
  CHECK(has(quiet, "t5 = t3;"));
  CHECK(has(quiet, "t5 = m_fib_ptr(t3);"));
  // Recording: while the pointer is the leaf entry. The base case's records (those the
  // leaf entry writes, a level below the call) join the caller's pending run; they
  // write no slot of their own. The call writes what is pending first.
  std::string full = function_text(cpp, "L2D_NOINLINE RecReturn m_fib_rec_full(Value a_0, RecStart start) {");
  size_t test = full.find("if (m_fib_rec_ptr == &m_fib_rec && try_lt_test(t5, fix(2), c");
  REQUIRE(test != std::string::npos);
  size_t call = full.find("= R.took(m_fib_rec_ptr(t5, ", test);
  REQUIRE(call != std::string::npos);
  std::string inline_way = full.substr(test, full.find("else {", test) - test);
  CHECK(has(inline_way, "t8 = t5;"));
  CHECK_FALSE(has(inline_way, "R."));
  CHECK(full.rfind("R.put", call) > test);
}

TEST_CASE("an inline base case's values join the caller's run") {
  // tak's base case is its third argument, a variable here, never compared (a cell
  // perhaps): captured unwrapped on the inline way; on the call's way the variable
  // takes the call's value, the completion of the call on both ways.
  std::string cpp = translate_text(
      "(nil defmethod tak (x y z) (nil if (y < x) (nil tak (nil tak (x - 1) y z) (nil tak (y - 1) z x)"
      " (nil tak (z - 1) x y)) z))\n"
      "(nil defmethod zero (n) (nil if (n < 1) 0 ((nil zero (n - 1)) + 1)))\n");
  std::string tak = function_text(cpp, "L2D_NOINLINE RecReturn m_tak_rec_full(Value a_0, Value a_1, Value a_2, RecStart start) {");
  CHECK(has(tak, "Value p9 = nil;\n"));
  CHECK(has(tak, "  t7 = v_z;\n"));
  CHECK(has(tak, "  p9 = unwrap(v_z);\n"));
  CHECK(has(tak, "  p9 = unwrap(t7);\n"));
  // A constant base case: the call's completion gets a value of its own.
  std::string zero = function_text(cpp, "L2D_NOINLINE RecReturn m_zero_rec_full(Value a_0, RecStart start) {");
  CHECK(has(zero, " = fix(0);\n"));
  CHECK(has(zero, " = unwrap(t"));
}

TEST_CASE("a base case in the else branch, or a missing else, has a leaf case") {
  std::string cpp = translate_text(
      "(nil defmethod down (x y) (nil if (y < x) (nil down (x - 1) y) y))\n"
      "(nil defmethod count (n) (nil if (n > 0) (nil count (n - 1))))\n"
      "(nil defmethod same (a b) (nil if (nil eq a b) (nil list a) b))\n"
      "(nil defmethod pick (a b) (nil if (a < b) (nil pick b a) 'done))\n");
  CHECK(has_leaf_entry(cpp, "m_down"));
  std::string down = function_text(cpp, "RecReturn m_down_rec(Value a_0, Value a_1, RecStart start) {");
  CHECK(has(down, "try_lt_test(a_1, a_0, c) && !c"));
  // The test's value false is a constant (no value); y took part in the comparison:
  // no cell.
  CHECK(has(down, "    R.put(0, a_1);"));
  CHECK(has_leaf_entry(cpp, "m_count"));
  CHECK(has(function_text(cpp, "RecReturn m_count_rec(Value a_0, RecStart start) {"), "    R.run("));  // false and nil: constants
  CHECK(has_leaf_entry(cpp, "m_same"));
  // eq does not tell a cell apart: the value is unwrapped.
  CHECK(has(function_text(cpp, "RecReturn m_same_rec(Value a_0, Value a_1, RecStart start) {"),
            "try_eq_test(a_0, a_1, c) && !c"));
  CHECK(has(function_text(cpp, "RecReturn m_same_rec(Value a_0, Value a_1, RecStart start) {"), "unwrap(a_1)"));
  // A constant from the table is recorded as the body would, unwrapped.
  CHECK(has_leaf_entry(cpp, "m_pick"));
  CHECK(has(function_text(cpp, "RecReturn m_pick_rec(Value a_0, Value a_1, RecStart start) {"), "unwrap(k["));
}

TEST_CASE("other bodies have no leaf case") {
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
      // an atom that is not a parameter or a constant
      "(nil defmethod selfish (n) (nil if (n < 2) this (nil selfish (n - 1))))\n"
      // a rest parameter
      "(nil defmethod rest (n &rest r) (nil if (n < 2) n (nil rest (n - 1))))\n");
  for (const char* name : {"m_sign", "m_twice", "m_test1", "m_test2", "m_two", "m_boxed", "m_selfish"})
    REQUIRE(has(cpp, std::string("RecReturn ") + name + "_rec("));
  CHECK(has(cpp, "Value m_rest_entry_rec("));  // a rest parameter: the entry records
  for (const char* name : {"m_sign", "m_twice", "m_test1", "m_test2", "m_two", "m_boxed", "m_selfish", "m_rest"}) {
    INFO(name);
    CHECK_FALSE(has_leaf_entry(cpp, name));
  }
  CHECK_FALSE(has(cpp, " && try_"));  // and no call takes a base case
}

TEST_CASE("no leaf cases below -O2, where a debugger would see two frames per level") {
  auto translated = [](int opt_level) {
    return l2dc::test::translation(fib, [&](l2dc::CompileOptions& opts) { opts.opt_level = opt_level; }).cpp;
  };
  for (int level : {0, 1}) {
    std::string cpp = translated(level);
    CHECK_FALSE(has_leaf_entry(cpp, "m_fib"));
    CHECK_FALSE(has(cpp, "m_fib_ptr == &m_fib"));
  }
  CHECK(has_leaf_entry(translated(2), "m_fib"));
  CHECK(has(translated(3), "m_fib_ptr == &m_fib"));
}
