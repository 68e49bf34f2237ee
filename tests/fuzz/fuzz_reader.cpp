// libFuzzer target: the reader (spec 2) on arbitrary bytes, as a whole program
// (read_program, with diagnostics) and as single data (read_datum, as `read`, `eval` and
// the REPL use it, with and without the end of the input).
#include <cstdint>
#include <string>

#include "fuzz_common.hpp"
#include "l2d/printer.hpp"
#include "l2d/reader.hpp"
#include "l2d/runtime.hpp"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  l2d::init_runtime();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  l2d::SourceFile src("fuzz.l2d", text);
  l2d::ReadProgram rp = l2d::read_program(src);
  l2dfuzz::check_diagnostics(src, rp.diagnostics);
  if (rp.ok()) {
    // What was read prints, and every top-level form has a position in the text.
    size_t n = 0;
    for (l2d::Value l = rp.forms; l2d::is_cons(l); l = l.as<l2d::Cons>()->rest, ++n) {
      try {
        std::string printed = l2d::readable_form(l.as<l2d::Cons>()->first);
        (void)printed;
      } catch (l2d::rt::Thrown&) {  // nested too deeply to print: out-of-memory (spec 3.8)
      }
    }
    if (n != rp.offsets.size()) __builtin_trap();
    for (uint32_t off : rp.offsets)
      if (off >= size) __builtin_trap();
  }
  // The REPL's reader: a prefix of the text with more input to come, then the whole.
  for (bool at_eof : {false, true}) {
    std::string_view rest(text);
    for (int i = 0; i < 64 && !rest.empty(); ++i) {
      l2d::ReadOne r = l2d::read_datum(rest, at_eof);
      if (r.status != l2d::ReadStatus::ok) break;
      if (r.end == 0 || r.end > rest.size()) __builtin_trap();  // no progress, or past the end
      rest.remove_prefix(r.end);
    }
  }
  return 0;
}
