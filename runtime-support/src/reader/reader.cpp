// Entry points of the reader: whole programs (with diagnostics) and single data (for
// read, eval and the REPL). See grammar_def.hpp for the grammar.
#include "l2d/reader.hpp"

#include <gc/gc.h>

#include "builder.hpp"
#include "grammar_def.hpp"
#include "l2d/string.hpp"

namespace l2d {

namespace x3 = boost::spirit::x3;
using reader::Builder;
using reader::ReadError;

namespace {

// The partial data of a parse lives in std::vectors the collector does not scan.
struct PauseCollector {
  PauseCollector() { GC_disable(); }
  ~PauseCollector() { GC_enable(); }
};

const char* skip_blanks(const char* p, const char* end) {
  x3::parse(p, end, *reader::grammar::skipper);
  return p;
}

// Turns an X3 expectation failure into a reader error, naming what the user left open.
ReadError explain(const Builder& b, const char* where, const char* begin, const char* end) {
  const char* at = skip_blanks(where, end);
  if (at == end) {
    if (b.depth() > 0) {
      std::string what = b.innermost_is_quote() ? "a quote prefix is not followed by a datum"
                                                : std::string("this '") +
                                                      (b.innermost_closer() == ']' ? "#[" : "(") +
                                                      "' is not closed before the end of the input";
      return {b.innermost_open(), what, true};
    }
    return {size_t(at - begin), "unexpected end of input", true};
  }
  char c = *at;
  if (b.innermost_is_quote()) return {size_t(at - begin), "expected a datum after the quote prefix"};
  if (c == ')' || c == ']') {
    char want = b.innermost_closer();
    if (want && want != c)
      return {size_t(at - begin), std::string("expected '") + want + "' but found '" + c + "'"};
    return {size_t(at - begin), std::string("unexpected '") + c + "'"};
  }
  if (c == '[') return {size_t(at - begin), "'[' is allowed only in a byte vector #[…]"};
  return {size_t(at - begin), std::string("unexpected '") + c + "'"};
}

// Parses data from [begin, end) until the end or an error; returns where it stopped.
const char* parse_all(Builder& b, const char* begin, const char* end, const char* from, size_t max_data) {
  const char* p = from;
  auto parser = x3::with<reader::grammar::builder_tag>(std::ref(b))[reader::grammar::datum];
  while (b.results().size() < max_data) {
    p = skip_blanks(p, end);
    if (p == end) break;
    const char* before = p;
    bool ok;
    try {
      ok = x3::phrase_parse(p, end, parser, reader::grammar::skipper, x3::skip_flag::dont_post_skip);
    } catch (x3::expectation_failure<const char*>& e) {
      throw explain(b, e.where(), begin, end);
    }
    if (!ok) {
      p = before;
      char c = *p;
      if (c == ')' || c == ']') throw ReadError{size_t(p - begin), std::string("unmatched '") + c + "'"};
      if (c == '[') throw ReadError{size_t(p - begin), "'[' is allowed only in a byte vector #[…]"};
      throw ReadError{size_t(p - begin), std::string("unexpected '") + c + "'"};
    }
  }
  return p;
}

size_t first_invalid_utf8(std::string_view text) {
  auto* p = reinterpret_cast<const unsigned char*>(text.data());
  auto* start = p;
  auto* end = p + text.size();
  while (p < end) {
    bool bad = false;
    const unsigned char* before = p;
    decode_utf8(p, end, bad);
    if (bad) return size_t(before - start);
  }
  return std::string::npos;
}

}  // namespace

bool Positions::find_list(Value form, uint32_t& offset) const {
  if (!is_cons(form)) return false;
  auto it = list.find(form.ptr());
  if (it == list.end()) return false;
  offset = it->second;
  return true;
}

ReadProgram read_program(const SourceFile& src) {
  ReadProgram out;
  const std::string& text = src.text();
  const char* begin = text.data();
  const char* end = begin + text.size();
  const char* from = begin;
  if (text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) from += 3;  // byte-order mark
  if (end - from >= 2 && from[0] == '#' && from[1] == '!') {                  // #! line
    while (from < end && *from != '\n') ++from;
  }
  size_t bad = first_invalid_utf8(text);
  if (bad != std::string::npos) {
    out.diagnostics.push_back(make_diagnostic(src, bad, Severity::error, "malformed UTF-8 in the source file"));
    return out;
  }
  PauseCollector pause;
  Builder b(begin, &out.positions);
  try {
    parse_all(b, begin, end, from, SIZE_MAX);
  } catch (ReadError& e) {
    out.diagnostics.push_back(make_diagnostic(src, e.offset, Severity::error, e.message));
    return out;
  }
  out.offsets = b.result_offsets();
  out.forms = list(int(b.results().size()), b.results().data());
  return out;
}

ReadOne read_datum(std::string_view text, bool at_eof) {
  ReadOne out;
  const char* begin = text.data();
  const char* end = begin + text.size();
  PauseCollector pause;
  Builder b(begin, nullptr);
  try {
    const char* p = parse_all(b, begin, end, begin, 1);
    if (b.results().empty()) {
      out.status = ReadStatus::eof;
      out.end = size_t(p - begin);
      return out;
    }
    // A token that touches the end of the text may go on in input not read yet.
    if (!at_eof && p == end) {
      out.status = ReadStatus::incomplete;
      return out;
    }
    out.status = ReadStatus::ok;
    out.datum = b.results().front();
    out.end = size_t(p - begin);
  } catch (ReadError& e) {
    if (e.at_end && !at_eof) {
      out.status = ReadStatus::incomplete;
      return out;
    }
    out.status = ReadStatus::error;
    out.end = e.offset;
    out.message = e.message;
  }
  return out;
}

}  // namespace l2d
