// The reader's data builder (see builder.hpp).
#include "builder.hpp"

#include "l2d/error.hpp"
#include "l2d/gc.hpp"
#include "l2d/number.hpp"
#include "l2d/string.hpp"
#include "l2d/symbol.hpp"

namespace l2d::reader {

namespace {

// Marks a `.` token inside a list until the list closes.
const Value dot_marker = Value::marker(7);

struct NamedChar {
  const char* name;
  uint32_t code;
};
constexpr NamedChar named_chars[] = {
    {"space", 32}, {"tab", 9},     {"vtab", 11},  {"newline", 10}, {"enter", 10},
    {"backspace", 8}, {"return", 13}, {"feed", 12}, {"bell", 7},     {"escape", 27},
};

bool iequals_ascii(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = char(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = char(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

}  // namespace

char Builder::innermost_closer() const {
  switch (frames_.back().kind) {
    case Frame::bytes: return ']';
    case Frame::list:
    case Frame::vector: return ')';
    default: return 0;
  }
}

size_t Builder::open_brackets() const {
  size_t n = 0;
  for (const Frame& f : frames_)
    if (f.kind != Frame::root && f.kind != Frame::quote) ++n;
  return n;
}

// The bracket or prefix at [at] would open level max_depth + 1.
void Builder::check_depth(const char* at) {
  if (depth() >= max_depth)
    fail(offset(at), "forms nested deeper than " + std::to_string(max_depth) + " levels");
}

void Builder::open_quote(Symbol* which, const char* at) {
  check_depth(at);
  frames_.push_back({Frame::quote, offset(at), {}, {}, which});
}

Value Builder::make_list(const Frame& f, size_t n, Value tail, uint32_t open) {
  Value result = tail;
  for (size_t i = n; i-- > 0;) {
    result = cons(f.items[i], result);
    if (positions_) positions_->element[result.ptr()] = f.offsets[i];
  }
  if (positions_ && is_cons(result)) positions_->list[result.ptr()] = open;
  return result;
}

// Adds a completed datum to the innermost frame; a quote frame completes at once.
void Builder::push(Value v, uint32_t at) {
  for (;;) {
    Frame& f = frames_.back();
    if (f.kind != Frame::quote) {
      f.items.push_back(v);
      f.offsets.push_back(at);
      return;
    }
    if (v == dot_marker) fail(at, "a '.' cannot be quoted");
    Frame q = std::move(f);
    frames_.pop_back();
    q.items = {nil, Value(q.quote_symbol), v};
    q.offsets = {q.open, q.open, at};
    v = make_list(q, 3, nil, q.open);
    at = q.open;
  }
}

void Builder::close(char bracket, const char* at) {
  Frame f = std::move(frames_.back());
  frames_.pop_back();
  uint32_t pos = f.open;
  switch (f.kind) {
    case Frame::list: {
      size_t n = f.items.size();
      Value tail = nil;
      for (size_t i = 0; i < n; ++i) {
        if (f.items[i] != dot_marker) continue;
        if (i == 0 || i + 2 != n || f.items[i + 1] == dot_marker)
          fail(f.offsets[i], "misplaced '.': a dotted list needs one datum before and one after it");
        tail = f.items[i + 1];
        n = i;
      }
      push(make_list(f, n, tail, pos), pos);
      break;
    }
    case Frame::vector: {
      auto* v = gc::make<Vector>(Kind::vector, classes.vector);
      v->size = v->capacity = f.items.size();
      v->data = static_cast<Value*>(gc::alloc(sizeof(Value) * (v->size ? v->size : 1)));
      for (size_t i = 0; i < v->size; ++i) {
        if (f.items[i] == dot_marker) fail(f.offsets[i], "a '.' is not allowed in a vector");
        v->data[i] = f.items[i];
      }
      push(Value(v), pos);
      break;
    }
    case Frame::bytes: {
      auto* bv = gc::make<ByteVector>(Kind::byte_vector, classes.byte_vector);
      bv->size = bv->capacity = f.items.size();
      bv->data = static_cast<uint8_t*>(gc::alloc_atomic(bv->size ? bv->size : 1));
      for (size_t i = 0; i < bv->size; ++i) {
        Value b = f.items[i];
        if (!b.is_fixnum() || b.fixnum_value() < 0 || b.fixnum_value() > 255)
          fail(f.offsets[i], "a byte vector holds only integer literals from 0 to 255");
        bv->data[i] = uint8_t(b.fixnum_value());
      }
      push(Value(bv), pos);
      break;
    }
    default:
      fail(offset(at), std::string("unmatched '") + bracket + "'");
  }
}

void Builder::atom(const char* begin, const char* end) {
  std::string_view tok(begin, size_t(end - begin));
  uint32_t at = offset(begin);
  if (tok == ".") {
    if (frames_.back().kind == Frame::root) fail(at, "a '.' outside a list");
    push(dot_marker, at);
    return;
  }
  if (tok[0] == '#') {
    fail(at, tok.size() > 1 ? "unknown '#' syntax '#" + std::string(1, tok[1]) +
                                  "': '#' starts only #( #[ and #\\"
                            : "a lone '#': '#' starts only #( #[ and #\\");
  }
  Value n;
  try {
    n = parse_number_token(tok);
  } catch (rt::Thrown&) {
    fail(at, "a fraction with a zero denominator");
  }
  if (n != no_value) {
    push(n, at);
    return;
  }
  std::string name(tok);
  for (char& c : name)
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
  push(intern_value(name), at);
}

void Builder::bar_symbol(const char* begin, const char* end) {
  std::string_view name(begin + 1, size_t(end - begin - 2));
  push(Value(intern(name)), offset(begin));
}

void Builder::string(const char* begin, const char* end) {
  std::string text;
  text.reserve(size_t(end - begin));
  for (const char* p = begin + 1; p < end - 1; ++p) {
    if (*p != '\\') {
      text += *p;
      continue;
    }
    ++p;  // the grammar guarantees a character follows
    switch (*p) {
      case 'n': text += '\n'; break;
      case 't': text += '\t'; break;
      case 'r': text += '\r'; break;
      default: text += *p;  // \" \\ and any other character stand for themselves
    }
  }
  push(make_string(text), offset(begin));
}

void Builder::character(const char* begin, const char* end) {
  uint32_t at = offset(begin) - 2;  // the position of "#\"
  auto* p = reinterpret_cast<const unsigned char*>(begin);
  auto* e = reinterpret_cast<const unsigned char*>(end);
  bool bad = false;
  uint32_t code = decode_utf8(p, e, bad);
  if (p == e) {
    push(Value::character(code), at);
    return;
  }
  std::string_view name(begin, size_t(end - begin));
  for (const auto& n : named_chars)
    if (iequals_ascii(name, n.name)) {
      push(Value::character(n.code), at);
      return;
    }
  if ((name[0] == 'u' || name[0] == 'U') && name.size() > 1 && name.size() <= 9) {
    uint32_t value = 0;
    bool hex = true;
    for (char c : name.substr(1)) {
      int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
      if (d < 0) {
        hex = false;
        break;
      }
      value = value * 16 + uint32_t(d);
    }
    if (hex && value <= 0x10FFFF && !(value >= 0xD800 && value <= 0xDFFF)) {
      push(Value::character(value), at);
      return;
    }
  }
  fail(at, "unknown character name '#\\" + std::string(name) + "'");
}

}  // namespace l2d::reader
