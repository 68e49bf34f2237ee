// Direct calls of global functions (ProgramGen::calls_through_pointer): sends to nil of
// a global function defined once call it through NAME_ptr / NAME_rec_ptr, which the
// runtime points at the quiet or recording variant, or at NAME_send once the function
// is redefined (generated direct_calls). The behaviour is tested end to end in
// tests/golden/run/globals/direct-calls.l2d.
#include <catch.hpp>

#include "generated_text.hpp"

using l2dc::test::function_text;
using l2dc::test::has;
using l2dc::test::translate_text;

TEST_CASE("a global function is called through its pointers; its quiet variant leaves the history test to them") {
  std::string cpp = translate_text(
      "(nil defmethod fib (n) (nil if (n < 2) n ((nil fib (n - 1)) + (nil fib (n - 2)))))\n"
      "(cout writeln (nil fib 10))\n");
  std::string quiet = function_text(cpp, "Value m_fib(Value a_0) {");
  CHECK(has(quiet, "m_fib_ptr("));
  CHECK_FALSE(has(quiet, "recording()"));
  CHECK_FALSE(has(quiet, "gf_fib->code"));
  CHECK_FALSE(has(quiet, "Value args"));  // the values are passed, no array
  // The whole recording variant, behind its leaf entry m_fib_rec (test_leaf_entries.cpp).
  std::string recording = function_text(cpp, "L2D_NOINLINE RecReturn m_fib_rec_full(Value a_0, RecStart start) {");
  // The callee's depth word and the ring position are passed: the call's form is at rel
  // depth 2, its body one deeper; the position comes back with the value, so the record
  // after the call reloads the ring only.
  CHECK(has(recording, "R.took(m_fib_rec_ptr(t5, R.start(3)))"));
  // One ring reload after each of the two calls; slow paths (a call into the runtime)
  // reload the position too.
  auto count = [&](const std::string& what) {
    size_t n = 0;
    for (size_t at = recording.find(what); at != std::string::npos; at = recording.find(what, at + 1)) ++n;
    return n;
  };
  CHECK(count("R.took(m_fib_rec_ptr(") == 2);
  CHECK(count("R.refresh_ring();") == 2);
  CHECK(has(recording, "return R.ret(t1);"));
  CHECK(has(recording, "Recorder R(start);"));
  CHECK_FALSE(has(recording, "call_depth = "));  // nothing else is called
  CHECK(has(recording, "L2D_META_PROLOGUE(base, start.meta);"));
  // Whoever enters through the generic entry (a send, funcall, apply) tests history there.
  std::string entry = function_text(cpp, "Value m_fib_entry([[maybe_unused]] Function* fn, [[maybe_unused]] Value self, "
                                                   "[[maybe_unused]] int argc, [[maybe_unused]] Value* argv) {");
  CHECK(has(entry, "if (L2D_UNLIKELY(recording())) return m_fib_rec(arg_or_nil(argc, argv, 0), entry_start()).value;"));
  // Redefined: a send with exactly the call's arguments.
  std::string send = function_text(cpp, "Value m_fib_send([[maybe_unused]] Value a_0) {");
  CHECK(has(send, "send_cached("));
  CHECK(has(send, ", nil, 1, argv)"));
  // The runtime's hook: quiet callers reach the recording variant while history is on.
  std::string refresh = function_text(cpp, "void direct_calls(bool recording) {");
  CHECK(has(refresh, "here = gf_fib->code == &m_fib_entry;"));
  CHECK(has(refresh, "m_fib_ptr = !here ? m_fib_send : recording ? m_fib_rec_from_quiet : m_fib;"));
  CHECK(has(refresh, "m_fib_rec_ptr = here ? m_fib_rec : m_fib_rec_send;"));
  // Redefined, recording code's send takes its depth from the word it was given.
  std::string rec_send = function_text(cpp, "RecReturn m_fib_rec_send([[maybe_unused]] Value a_0, RecStart start) {");
  CHECK(has(rec_send, "call_depth = MetaDepth{start.meta} - 1;"));
  CHECK(has(rec_send, "Value v = m_fib_send(a_0);"));
  CHECK(has(rec_send, "return {v, current_task->pos};"));  // where the send's records ended
  std::string from_quiet = function_text(cpp, "Value m_fib_rec_from_quiet([[maybe_unused]] Value a_0) {");
  CHECK(has(from_quiet, "return m_fib_rec(a_0, entry_start()).value;"));
  CHECK(has(cpp, "register_direct_calls(direct_calls);"));
  // Until the defmethod runs, a call is a send (which finds no method).
  CHECK(has(cpp, "Value (*m_fib_ptr)(Value a_0) = m_fib_send;"));
}

TEST_CASE("calls the pointers cannot serve keep the tested direct call") {
  std::string cpp = translate_text(
      "(nil defmethod opt (a b) (nil list a b))\n"
      "(nil defmethod twice (x) x)\n"
      "(nil defmethod twice (x) (x + x))\n"
      "(nil let ((k 1)) (nil defmethod captured (x) (x + k)))\n"
      "(nil defmethod user (x) (nil list (nil opt x) (nil twice x) (nil captured x)))\n"
      "(cout writeln (nil user 1))\n");
  std::string user = function_text(cpp, "Value m_user(Value a_0) {");
  // Fewer arguments than parameters: a redefinition could take fewer, so the send must
  // pass exactly these; the cell test guards the direct call (through the pointer,
  // which the quiet variant of a global function needs for its history test).
  CHECK(has(user, "(L2D_LIKELY(gf_opt->code == &m_opt_entry) ? m_opt_ptr(v_x, nil) : send_cached("));
  CHECK_FALSE(has(cpp, "m_twice_ptr"));     // two definitions: no one target
  CHECK_FALSE(has(cpp, "m_captured_ptr"));  // made by a let, not at top level
  // Functions without pointers keep their own test of history.
  CHECK(has(function_text(cpp, "Value m_twice(Value a_0) {"), "recording()"));
  CHECK(has(function_text(cpp, "Value m_captured(Function* fn, Value a_0) {"), "recording()"));
}
