// Self tail calls in generated C++ (codegen/gen_function.cpp, self_tail_call): the quiet
// variant of a function jumps back to its top, guarded by the test its call would make;
// so does the recording variant of a function that calls itself nowhere else; calls that
// are not in tail position stay calls.
// The behaviour is tested end to end in tests/golden/run/tail-calls/.
#include <catch.hpp>

#include "generated_text.hpp"

using l2dc::test::function_text;
using l2dc::test::has;
using l2dc::test::translate_text;

TEST_CASE("a self tail call of a global function is a guarded jump in the quiet variant") {
  std::string cpp = translate_text(
      "(nil defmethod count-down (n acc)\n"
      "  (nil if (n = 0) acc (nil count-down (n - 1) (acc + 1))))\n"
      "(cout writeln (nil count-down 10 0))\n");
  std::string quiet = function_text(cpp, "Value m_count_down(Value a_0, Value a_1) {");
  CHECK(has(quiet, "\ntail_call:"));
  // The jump is taken while the call's pointer is this very variant: not once the
  // function is redefined (the pointer is the send), nor once history is on (the
  // pointer is the recording variant), where an iteration does what the call does.
  CHECK(has(quiet, "if (m_count_down_ptr == &m_count_down) {"));
  CHECK(has(quiet, "goto tail_call;"));
  CHECK(quiet.find("m_count_down_ptr(") > quiet.find("goto tail_call;"));
  CHECK_FALSE(has(quiet, "recording()"));  // its callers test (through the pointer)
  // The recording variant of a loop jumps as well, counting the levels, whose
  // completions it records when the innermost returns.
  // (The whole recording variant, behind its leaf entry: test_leaf_entries.cpp.)
  std::string recording =
      function_text(cpp, "L2D_NOINLINE RecReturn m_count_down_rec_full(Value a_0, Value a_1, RecStart start) {");
  CHECK(has(recording, "if (m_count_down_rec_ptr == &m_count_down_rec) {"));
  CHECK(has(recording, "tail_levels = tail_levels + 1;"));
  // The next level is deeper; the Recorder (its ring and position) goes on, so the jump
  // lands after it.
  CHECK(has(recording, "R.descend("));
  CHECK(has(recording, "base = MetaDepth{R.base_meta};"));
  CHECK(recording.find("tail_call:") > recording.find("Recorder R(start);"));
  CHECK(has(recording, "goto tail_call;"));
  // Each jump is a level of nesting (spec 3.8): past max_tail_levels one raises
  // out-of-memory as a deep call would (golden tail-calls/endless). The quiet variant's
  // count starts before the label its jumps go to.
  CHECK(has(quiet, "int64_t tail_levels = 0;"));
  CHECK(quiet.find("int64_t tail_levels = 0;") < quiet.find("\ntail_call:"));
  CHECK(has(quiet, "if (L2D_UNLIKELY(++tail_levels > max_tail_levels)) stack_overflow();"));
  CHECK(has(recording, "if (L2D_UNLIKELY(tail_levels > max_tail_levels)) stack_overflow();"));
  CHECK(has(recording, "if (L2D_UNLIKELY(tail_levels)) R.tail_completions(tail_levels, "));
  CHECK(has(cpp, "volatile int64_t tail_levels = 0;"));
}

TEST_CASE("a recording variant of tree recursion keeps its calls") {
  std::string cpp = translate_text(
      "(nil defmethod tak (x y z)\n"
      "  (nil if (y < x) (nil tak (nil tak (x - 1) y z) (nil tak (y - 1) z x) (nil tak (z - 1) x y)) z))\n"
      "(cout writeln (nil tak 18 12 6))\n");
  // Quiet: the outer call jumps. Recording: a jump would cost what the call does.
  CHECK(has(function_text(cpp, "Value m_tak(Value a_0, Value a_1, Value a_2) {"), "goto tail_call;"));
  std::string recording = function_text(cpp, "RecReturn m_tak_rec(Value a_0, Value a_1, Value a_2, RecStart start) {");
  CHECK_FALSE(has(recording, "goto"));
  CHECK_FALSE(has(recording, "tail_levels"));
}

TEST_CASE("only tail positions jump") {
  std::string cpp = translate_text(
      "(nil defmethod sum (n) (nil if (n = 0) 0 (n + (nil sum (n - 1)))))\n"
      "(nil defmethod guarded (n) (nil try (nil if (n = 0) 0 (nil guarded (n - 1))) nil 1))\n"
      "(nil defmethod other (n) (nil if (n = 0) 0 (nil sum (n - 1))))\n"
      "(nil defmethod through-let (n)\n"
      "  (nil let ((m (n - 1))) (nil cond ((m < 0) n) (true (nil and m (nil through-let m))))))\n"
      "(cout writeln (nil sum 3) (nil guarded 3) (nil other 3) (nil through-let 3))\n");
  CHECK_FALSE(has(function_text(cpp, "Value m_sum(Value a_0) {"), "goto"));
  CHECK_FALSE(has(function_text(cpp, "Value m_guarded(Value a_0) {"), "goto"));  // inside try
  CHECK_FALSE(has(function_text(cpp, "Value m_other(Value a_0) {"), "goto"));    // another function
  CHECK(has(function_text(cpp, "Value m_through_let(Value a_0) {"), "goto tail_call;"));
}

TEST_CASE("a parameter captured by a closure gets a fresh box on each iteration") {
  std::string cpp = translate_text(
      "(nil defmethod collect (n acc)\n"
      "  (nil if (n = 0) acc (nil collect (n - 1) (nil cons (lambda () n) acc))))\n"
      "(cout writeln ((nil collect 3 nil) length))\n");
  std::string quiet = function_text(cpp, "Value m_collect(Value a_0, Value a_1) {");
  REQUIRE(has(quiet, "goto tail_call;"));
  // The box is made below the label, so every iteration binds a new one.
  CHECK(quiet.find("tail_call:") < quiet.find("make_box(a_0)"));
}

TEST_CASE("a self send to a class method jumps while the method found is this one") {
  std::string cpp = translate_text(
      "(nil defclass counter true (n))\n"
      "('counter defmethod down (k) (nil if (k = 0) this (this down (k - 1))))\n"
      "(cout writeln ((('counter newobject 0) down 5) n))\n");
  size_t at = cpp.find("\nValue m_counter_x_down(");
  REQUIRE(at != std::string::npos);
  std::string quiet = cpp.substr(at, cpp.find("\n}\n", at) - at);
  CHECK(has(quiet, "= lookup("));
  CHECK(has(quiet, "->code == &m_counter_x_down_entry) {"));
  CHECK(has(quiet, "self = self;") == false);  // the receiver is `this` already
  CHECK(has(quiet, "goto tail_call;"));
}

TEST_CASE("the jump stores no argument array; a constant test is a C++ constant") {
  std::string cpp = translate_text(
      "(nil defmethod walk (l n)\n"
      "  (nil cond ((nil eq l nil) n) (true (nil walk (l rest) (n + 1)))))\n"
      "(cout writeln (nil walk '(1 2 3) 0))\n");
  std::string quiet = function_text(cpp, "Value m_walk(Value a_0, Value a_1) {");
  size_t jump = quiet.find("goto tail_call;");
  REQUIRE(jump != std::string::npos);
  // The real call goes through the pointer with the values: no argument array at all.
  CHECK_FALSE(has(quiet, "Value args"));
  CHECK(quiet.find("m_walk_ptr(") > jump);
  // cond's final (true …) clause: no truthy(make_true()) test left for the compiler.
  CHECK_FALSE(has(quiet, "truthy(make_true())"));
  CHECK(has(quiet, "if (true)"));
}
