// Builds Lisp2D data while the grammar (grammar_def.hpp) recognises it. The grammar
// calls one method per token or bracket; the builder keeps a stack of open frames,
// records positions beside the data, and reports reader errors with their offsets.
//
// The parse runs with the collector paused (reader.cpp): the partial data lives in
// std::vectors, which the collector does not scan.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "l2d/reader.hpp"

namespace l2d::reader {

// A reader error: where, and what to tell the user.
struct ReadError {
  size_t offset;
  std::string message;
  bool at_end = false;  // the input ended inside a datum (the REPL reads more)
};

// The deepest nesting the reader accepts (brackets and quote prefixes count alike); see
// l2d::max_read_depth (reader.hpp).
constexpr size_t max_depth = max_read_depth;

class Builder {
 public:
  Builder(const char* base, Positions* positions) : base_(base), positions_(positions) {
    frames_.push_back({Frame::root, 0, {}, {}, nullptr});
  }

  void open_list(const char* at) { open(Frame::list, at); }
  void open_vector(const char* at) { open(Frame::vector, at); }
  void open_bytes(const char* at) { open(Frame::bytes, at); }
  void open_quote(Symbol* which, const char* at);
  void close(char bracket, const char* at);
  void atom(const char* begin, const char* end);
  void bar_symbol(const char* begin, const char* end);  // includes both bars
  void string(const char* begin, const char* end);      // includes both quotes
  void character(const char* begin, const char* end);   // the text after #\ (at least one byte)

  const char* base() const { return base_; }
  size_t depth() const { return frames_.size() - 1; }
  size_t innermost_open() const { return frames_.back().open; }
  char innermost_closer() const;
  bool innermost_is_quote() const { return frames_.back().kind == Frame::quote; }
  // Open brackets (quote prefixes waiting for their datum not counted).
  size_t open_brackets() const;
  // The completed top-level data, in order.
  const std::vector<Value>& results() const { return frames_.front().items; }
  const std::vector<uint32_t>& result_offsets() const { return frames_.front().offsets; }

 private:
  struct Frame {
    enum Kind { root, list, vector, bytes, quote } kind;
    uint32_t open;                  // offset of the opening bracket or prefix
    std::vector<Value> items;
    std::vector<uint32_t> offsets;
    Symbol* quote_symbol;           // quote frames
  };

  uint32_t offset(const char* p) const { return uint32_t(p - base_); }
  void open(Frame::Kind kind, const char* at) {
    check_depth(at);
    frames_.push_back({kind, offset(at), {}, {}, nullptr});
  }
  void check_depth(const char* at);
  void push(Value v, uint32_t at);
  Value make_list(const Frame& f, size_t n, Value tail, uint32_t open);
  [[noreturn]] void fail(uint32_t at, std::string message) { throw ReadError{at, std::move(message)}; }

  const char* base_;
  Positions* positions_;  // nullptr: positions are not wanted (run-time reads)
  std::vector<Frame> frames_;
};

}  // namespace l2d::reader
