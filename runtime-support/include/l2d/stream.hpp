// Streams (spec 8) and the output rules of spec 1.3: every output call writes its whole
// text at once; a stream that is not a terminal may hold whole texts in a buffer, which
// is written out at each of the flush points the spec lists (flush_pending_output()).
#pragma once

#include <string>
#include <string_view>

#include "runtime.hpp"

namespace l2d {

struct StreamImpl {
  int fd;              // -1: not open
  uint8_t readable;    // open for input
  uint8_t writable;    // open for output
  uint8_t standard;    // cin, cout or cerr: EPIPE ends the process (spec 1.2)
  uint8_t eof;         // input reached its end, or read(2) failed:
  int read_error;      // its errno, returned by the next read that finds no input
  char* out;           // held output (whole texts), collected memory
  size_t out_len, out_cap;
  char* in;            // input read ahead
  size_t in_pos, in_len, in_cap;
  // Where more input comes from instead of read(2) (the REPL's line editor): appends
  // to [out] and returns false at the end of the input.
  bool (*fill_hook)(std::string& out);
};

Stream* new_stream(int fd, bool readable, bool writable, bool standard);
Stream* stream_arg(Value v);  // wrong-type unless a stream

// Writes [text] as one output call (spec 1.3). Returns nil, or an error value (§12)
// for a failed write on a file stream; EPIPE on cout/cerr ends the process with 141.
Value stream_output(Stream* s, std::string_view text);

// Writes out what any stream holds. Called at every flush point of spec 1.3.
void flush_pending_output();

// (st flush): writes out what [s] holds → nil, or the error value of the failed write.
Value flush_stream(Stream* s);
// While a forked child is unwaited or parallel work runs, output is not held.
void set_output_buffering_allowed(bool allowed);
// Ends the process as (nil exit 141) does: the reader of cout or cerr has gone.
L2D_NORETURN void exit_on_broken_pipe();

// What a read that found no input returns: [at_end], or the error that ended the input
// (spec 12), once: the read after it tries the input again.
Value end_of_input(StreamImpl* im, Value at_end);
// Input: ensures [n] bytes are buffered (or the end); returns the bytes available.
size_t stream_fill(Stream* s, size_t want);
// Reads the next datum (spec 8 read): false at the end of the input; raises syntax on
// malformed input, dropping the bad text.
bool stream_read_datum(Stream* s, Value& out);

// The global streams.
extern Stream* cout_stream;
extern Stream* cerr_stream;
extern Stream* cin_stream;
void init_streams();

// The text the output methods write.
std::string write_text(int argc, Value* argv);     // write: display forms, no separators
std::string print_text(int argc, Value* argv);     // print: readable forms, spaces, newline

}  // namespace l2d
