// Test helper: runs Lisp2D text through the reader and the evaluator, as `eval` does,
// and gives the value's readable form, or "!" and the display form of the exception
// that left it.
#pragma once

#include <catch.hpp>
#include <string>

#include "l2d/eval.hpp"
#include "l2d/printer.hpp"
#include "l2d/reader.hpp"

namespace l2d::test {

// The value of [text] (one datum); several forms go in a (nil progn …). The datum is
// evaluated as a top-level form: its history depth is 0.
inline Value eval_value(const std::string& text) {
  ReadOne r = read_datum(text);
  REQUIRE(r.status == ReadStatus::ok);
  rt::call_depth = -1;
  return eval_datum(r.datum);
}

inline std::string eval_text(const std::string& text) {
  try {
    return readable_form(eval_value(text));
  } catch (rt::Thrown&) {
    return "!" + display_form(rt::thrown_value());
  }
}

// Sends [selector] with the arguments to [self] as a call site does; "!" + the exception
// if one is thrown.
inline std::string send_text(const char* selector, Value self, std::initializer_list<Value> args) {
  Value argv[8];
  int argc = 0;
  for (Value a : args) argv[argc++] = a;
  try {
    return readable_form(send(intern(selector), self, argc, argv));
  } catch (rt::Thrown&) {
    return "!" + display_form(rt::thrown_value());
  }
}

}  // namespace l2d::test
