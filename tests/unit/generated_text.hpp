// Helpers for unit tests of the code generator: a script's generated C++ and the text of
// one generated function in it.
#pragma once

#include <catch.hpp>

#include <string>

#include "driver/translate.hpp"

namespace l2dc::test {

// The translation of [source] as test.l2d, with the options [adjust] sets.
template <class Adjust>
inline Translation translation(const std::string& source, Adjust adjust) {
  CompileOptions opts;
  opts.script = "test.l2d";
  opts.line_file = "test.l2d";
  opts.warnings = false;
  adjust(opts);
  Translation t = translate(opts, "test.cpp", "l2dc translate test.l2d", &source);
  REQUIRE(t.ok);
  return t;
}

inline std::string translate_text(const std::string& source) {
  return translation(source, [](CompileOptions&) {}).cpp;
}

// The text of the generated C++ function [signature] opens, up to its closing brace.
inline std::string function_text(const std::string& cpp, const std::string& signature) {
  size_t start = cpp.find("\n" + signature);
  REQUIRE(start != std::string::npos);
  size_t end = cpp.find("\n}\n", start);
  REQUIRE(end != std::string::npos);
  return cpp.substr(start, end - start);
}

inline bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace l2dc::test
