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

// The input ended inside a datum: names what the user left open.
ReadError unclosed(const Builder& b) {
  if (b.innermost_is_quote()) return {b.innermost_open(), "a quote prefix is not followed by a datum", true};
  return {b.innermost_open(),
          std::string("this '") + (b.innermost_closer() == ']' ? "#[" : "(") + "' is not closed before the end of the input",
          true};
}

// A closing bracket at [at]: closes the innermost list, vector or byte vector, or is an
// error (nothing open, a quote prefix waiting for its datum, the other kind of bracket).
void close_bracket(Builder& b, const char* at, const char* begin) {
  char c = *at;
  size_t offset = size_t(at - begin);
  if (b.depth() == 0) throw ReadError{offset, std::string("unmatched '") + c + "'"};
  if (b.innermost_is_quote()) throw ReadError{offset, "expected a datum after the quote prefix"};
  char want = b.innermost_closer();
  if (want != c) throw ReadError{offset, std::string("expected '") + want + "' but found '" + c + "'"};
  b.close(c, at);
}

// Reads data from [from] until [max_data] top-level data are complete or the text ends;
// returns where it stopped (just after the last datum: nothing after it is consumed).
// One token per X3 parse: nesting is kept by the Builder, never on the stack. A
// ReadError thrown from here has [token] set to the start of the token it is about and
// [open] to the brackets open before that token.
const char* parse_all(Builder& b, const char* begin, const char* end, const char* from, size_t max_data,
                      const char*& token, size_t& open) {
  const char* p = from;
  auto parser = x3::with<reader::grammar::builder_tag>(std::ref(b))[reader::grammar::token];
  while (b.results().size() < max_data) {
    p = skip_blanks(p, end);
    if (p == end) break;
    token = p;
    open = b.open_brackets();
    char c = *p;
    if (c == ')' || c == ']') {
      close_bracket(b, p, begin);
      ++p;
      continue;
    }
    if (c == '[') throw ReadError{size_t(p - begin), "'[' is allowed only in a byte vector #[…]"};
    if (!x3::parse(p, end, parser)) throw ReadError{size_t(p - begin), std::string("unexpected '") + c + "'"};
  }
  if (p == end && b.depth() > 0) {
    token = p;
    throw unclosed(b);
  }
  return p;
}

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
bool is_token_char(char c) {
  return !is_blank(c) && c != '(' && c != ')' && c != '[' && c != ']' && c != '"' && c != ';' && c != '\'' &&
         c != '`' && c != ',';
}

// Where the top-level datum that a reader error interrupted ends, for a reader that goes
// on after the error (the REPL, a stream): scans on from the offending token [p] without
// building anything, [open] brackets being open before it. npos: the text ends first.
size_t end_of_datum(const char* begin, const char* p, const char* end, size_t open) {
  while (p < end) {
    char c = *p;
    if (is_blank(c)) {
      ++p;
      continue;
    }
    if (c == ';') {
      while (p < end && *p != '\n') ++p;
      continue;
    }
    if (c == '\'' || c == '`' || c == ',') {  // a prefix: its datum follows
      ++p;
      if (c == ',' && p < end && *p == '@') ++p;
      continue;
    }
    if (c == '(' || (c == '#' && end - p >= 2 && (p[1] == '(' || p[1] == '['))) {
      p += c == '(' ? 1 : 2;
      ++open;
      continue;
    }
    if (c == ')' || c == ']') {
      ++p;
      if (open > 0) --open;
    } else if (c == '"') {
      for (++p; p < end && *p != '"'; ++p)
        if (*p == '\\' && end - p >= 2) ++p;
      if (p == end) return std::string::npos;
      ++p;
    } else if (c == '|') {
      for (++p; p < end && *p != '|'; ++p) {
      }
      if (p == end) return std::string::npos;
      ++p;
    } else if (c == '#' && end - p >= 2 && p[1] == '\\') {
      p += 2;
      if (p == end) return std::string::npos;
      for (++p; p < end && (static_cast<unsigned char>(*p) & 0xC0) == 0x80; ++p) {
      }
      while (p < end && is_token_char(*p)) ++p;
    } else if (c == '[') {
      ++p;
    } else {
      while (p < end && is_token_char(*p)) ++p;
    }
    if (open == 0) return size_t(p - begin);
  }
  return std::string::npos;
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
  const char* token = from;
  size_t open = 0;
  try {
    parse_all(b, begin, end, from, SIZE_MAX, token, open);
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
  const char* token = begin;
  size_t open = 0;
  try {
    const char* p = parse_all(b, begin, end, begin, 1, token, open);
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
    // The rest of a malformed datum is dropped with it: at the end of the text, all of it.
    size_t skip = e.at_end ? text.size() : end_of_datum(begin, token, end, open);
    if (skip == std::string::npos || (e.at_end && !at_eof)) {
      if (!at_eof) {  // the datum goes on in input not read yet: report it once complete
        out.status = ReadStatus::incomplete;
        return out;
      }
      skip = text.size();
    }
    out.status = ReadStatus::error;
    out.end = e.offset;
    out.message = e.message;
    out.skip = skip;
  }
  return out;
}

}  // namespace l2d
