// Top-level forms with a loop and no setdebug of their own get a quiet variant, which
// runs when history is off as the form starts, beside one that records as a function's
// recording variant does (generate_function); a form with a setdebug keeps one variant
// that tests `rec` as it goes. The
// behaviour is tested end to end in tests/golden/run/globals/toplevel-quiet-loops.l2d
// and toplevel-history-turned-on.l2d.
#include <catch.hpp>

#include "generated_text.hpp"

using l2dc::test::function_text;
using l2dc::test::has;
using l2dc::test::translate_text;

TEST_CASE("a top-level loop runs in a quiet variant while history is off") {
  std::string cpp = translate_text(
      "(nil defmethod leaf (n) (n * 2))\n"
      "(nil let ((total 0))\n"
      "  (5 for* i (nil setq total (total + (nil leaf i))))\n"
      "  (cout writeln total))\n");
  std::string form = function_text(cpp, "Value toplevel_2([[maybe_unused]] int form) {");
  CHECK(has(form, "if (!recording()) return toplevel_2_quiet(form);"));
  // The variant that records runs only while history is on: it records as a function's
  // recording variant, calling recording variants with their start.
  CHECK_FALSE(has(form, "if (rec) "));
  CHECK(has(form, "R.took(m_leaf_rec_ptr("));
  std::string quiet = function_text(cpp, "Value toplevel_2_quiet([[maybe_unused]] int form) {");
  CHECK_FALSE(has(quiet, "rec)"));
  CHECK_FALSE(has(quiet, "R."));
  CHECK(has(quiet, "m_leaf_ptr("));  // the quiet callee pointer, no choice by `rec`
  CHECK_FALSE(has(quiet, "m_leaf_rec_ptr"));
  // A callee may turn history on: callees entered after it record at their depth.
  CHECK(has(quiet, "L2D_PROLOGUE(base);"));
  CHECK(has(quiet, "call_depth = base + "));
}

TEST_CASE("a top-level form that sends setdebug itself keeps one variant") {
  std::string cpp = translate_text(
      "(nil let ((s 0))\n"
      "  (3 for* i (nil setq s (s + i)))\n"
      "  (nil setdebug 4)\n"
      "  (cout writeln s))\n");
  std::string form = function_text(cpp, "Value toplevel_1([[maybe_unused]] int form) {");
  CHECK(has(form, "rec = recording();"));
  CHECK_FALSE(has(cpp, "toplevel_1_quiet"));
}

TEST_CASE("a setdebug in a function the form defines does not count as the form's own") {
  std::string cpp = translate_text(
      "(nil let ((f (nil lambda (n) (nil setdebug n))))\n"
      "  (3 for* i (nil funcall f i)))\n");
  CHECK(has(cpp, "Value toplevel_1_quiet([[maybe_unused]] int form) {"));
}

TEST_CASE("top-level forms without a loop share a chunk, with no quiet variant") {
  std::string cpp = translate_text("(cout writeln 1)\n(cout writeln 2)\n");
  CHECK_FALSE(has(cpp, "_quiet("));
}

TEST_CASE("for* over a count runs on a counter in the function, the rest on the iterator") {
  std::string cpp = translate_text("(nil defmethod f (n) (n for* i (cout write i)))\n");
  std::string f = function_text(cpp, "Value m_f(Value a_0) {");
  CHECK(has(f, ".take_count();;)"));
  CHECK(has(f, " = Value::fixnum(i"));
  CHECK(has(f, ".next_or_end()).bits == no_value.bits) break;"));
}
