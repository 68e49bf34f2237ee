// The reader (spec 2): text to Lisp2D data. One grammar (Boost.Spirit X3, in
// src/reader/) serves the compiler, `read`, `eval` and the REPL.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "runtime.hpp"
#include "source.hpp"

namespace l2d {

// The deepest nesting of lists, vectors, byte vectors and quote prefixes the reader accepts
// (program text, `read`, `eval` and the REPL alike); deeper input is a reader error
// ("forms nested deeper than 10000 levels"). The reader itself has no depth limit of its
// own (it keeps open forms in a vector, not on the stack); this one protects the phases
// after it, which walk forms recursively with a stack guard (lowering, code generation,
// the evaluator, the printer, equal): 10 000 levels stay well inside their stacks, under
// ASan too, while spec 3.8's 10 000 nested invocations remain writable.
constexpr size_t max_read_depth = 10000;

// Where each datum came from, kept beside the data (never in it). Keyed by the cons
// cell that holds a datum as its first element, so atoms have positions too.
struct Positions {
  std::unordered_map<const Object*, uint32_t> element;  // cons -> offset of its first
  std::unordered_map<const Object*, uint32_t> list;     // first cons of a list -> offset of '('
  // The offset of [form] when it is the element held by [cell]; or of list [form].
  bool find_list(Value form, uint32_t& offset) const;
};

struct ReadProgram {
  Value forms = nil;                  // a list of the top-level forms, in order
  std::vector<uint32_t> offsets;      // offset of each top-level form
  Positions positions;
  std::vector<Diagnostic> diagnostics;
  bool ok() const { return diagnostics.empty(); }
};

// Reads a whole program file (spec 1.1): skips a byte-order mark and a `#!` first
// line; malformed UTF-8 and every reader error become diagnostics.
ReadProgram read_program(const SourceFile& src);

enum class ReadStatus { ok, eof, incomplete, error };
struct ReadOne {
  ReadStatus status = ReadStatus::eof;
  Value datum = nil;
  size_t end = 0;           // offset just after the datum (ok), or of the error
  std::string message;      // error: what is wrong
  // error: how much of the text a reader that goes on (the REPL, a stream's next read)
  // drops: all of it when the text ends inside the datum, the whole datum when it is
  // nested too deeply, else up to and including the offending character. Nothing that
  // was inside a malformed datum is then read as a datum of its own.
  size_t skip = 0;
};
// Reads the first datum of [text]. With [at_eof] false, input that may continue (an
// open list, a token touching the end) is `incomplete` rather than an error.
ReadOne read_datum(std::string_view text, bool at_eof = true);

}  // namespace l2d
