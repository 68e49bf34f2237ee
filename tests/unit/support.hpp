// Helpers the unit tests of built-in classes share: sending messages, reading data,
// printing results and catching the error a built-in raises.
#pragma once

#include <catch.hpp>

#include <initializer_list>
#include <string>
#include <vector>

#include "l2d/class.hpp"
#include "l2d/printer.hpp"
#include "l2d/reader.hpp"
#include "l2d/string.hpp"
#include "l2d/symbol.hpp"

namespace l2d::test {

// (r SELECTOR args…), through dispatch, exactly as a program sends it.
inline Value msg(Value r, const char* selector, std::initializer_list<Value> args = {}) {
  std::vector<Value> argv(args);
  return send(intern(selector), r, int(argv.size()), argv.data());
}

// The datum [text] reads as (a fresh object each call).
inline Value datum(const std::string& text) {
  ReadOne r = read_datum(text);
  REQUIRE(r.status == ReadStatus::ok);
  return copy_literal(r.datum);
}

inline Value str(const char* utf8) { return make_string(std::string_view(utf8)); }
inline Value symv(const char* name) { return intern_value(name); }
inline Value fix(SWord n) { return Value::fixnum(n); }
inline Value chr(uint32_t c) { return Value::character(c); }
inline std::string show(Value v) { return readable_form(v); }

// The error code [body] raises, or "" if it returns.
template <class F>
std::string error_of(F body) {
  try {
    body();
  } catch (rt::Thrown&) {
    return display_form(rt::thrown_value());
  }
  return "";
}

// The error of sending (r SELECTOR args…).
inline std::string send_error(Value r, const char* selector, std::initializer_list<Value> args = {}) {
  return error_of([&] { msg(r, selector, args); });
}

inline Value read_only(Value v) {
  v.ptr()->flags |= flag_read_only;
  return v;
}

}  // namespace l2d::test
