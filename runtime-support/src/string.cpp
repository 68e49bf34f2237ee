// String representation: narrow (ASCII bytes, valid UTF-8 as stored) until a
// non-ASCII character arrives, then wide (UTF-32). UTF-8 encoding and decoding.
#include "l2d/string.hpp"

#include <cstring>

#include "l2d/error.hpp"
#include "l2d/gc.hpp"
#include "l2d/printer.hpp"

namespace l2d {

namespace {
size_t unit(const String* s) { return s->wide ? 4 : 1; }
constexpr size_t inline_string_limit = 240;  // below the allocator's small-object size

void widen(String* s) {
  auto* chars = static_cast<uint32_t*>(gc::alloc_atomic((s->capacity ? s->capacity : 1) * 4));
  for (size_t i = 0; i < s->size; ++i) chars[i] = s->bytes[i];
  s->chars = chars;
  s->wide = 1;
}
}  // namespace

String* new_string(size_t size, bool wide) {
  if (size > max_sequence_size) raise_out_of_memory();
  size_t bytes = (size ? size : 1) * (wide ? 4 : 1);
  String* s;
  if (sizeof(String) + bytes <= inline_string_limit) {
    // Short strings keep their characters right after the object: one allocation from
    // the fast path. (The collector scans them; text never looks like a heap address.)
    s = gc::make<String>(Kind::string, classes.string, sizeof(String) + bytes);
    s->bytes = reinterpret_cast<uint8_t*>(s + 1);
  } else {
    s = gc::make<String>(Kind::string, classes.string);
    void* data = gc::alloc_atomic(bytes);
    std::memset(data, 0, bytes);
    s->bytes = static_cast<uint8_t*>(data);
  }
  s->size = size;
  s->capacity = size;
  s->wide = wide;
  return s;
}

void string_reserve(String* s, size_t capacity) {
  if (capacity <= s->capacity) return;
  if (capacity > max_sequence_size) raise_out_of_memory();
  size_t cap = s->capacity * 2 > capacity ? s->capacity * 2 : capacity;
  if (cap < 8) cap = 8;
  void* data = gc::grow_atomic(s->bytes, s->size * unit(s), cap * unit(s));
  s->bytes = static_cast<uint8_t*>(data);
  s->capacity = cap;
}

void string_set(String* s, size_t i, uint32_t code) {
  if (!s->wide && code > 127) widen(s);
  if (s->wide)
    s->chars[i] = code;
  else
    s->bytes[i] = uint8_t(code);
}

void string_push(String* s, uint32_t code) {
  string_reserve(s, s->size + 1);
  ++s->size;
  string_set(s, s->size - 1, code);
}

size_t string_place(String* s, size_t at, const String* t) {
  size_t n = t->size;
  if (!s->wide) {
    std::memcpy(s->bytes + at, t->bytes, n);
  } else if (t->wide) {
    std::memcpy(s->chars + at, t->chars, n * 4);
  } else {
    for (size_t i = 0; i < n; ++i) s->chars[at + i] = t->bytes[i];
  }
  return at + n;
}

void string_append(String* s, const String* t) {
  size_t old = s->size;
  string_reserve(s, old + t->size);
  if (!s->wide && t->wide) widen(s);
  s->size = old + t->size;
  string_place(s, old, t);
}

// A malformed sequence is its longest prefix that could begin a valid sequence (at
// least one byte), replaced by one U+FFFD: Unicode's "maximal subpart" practice, as
// Python and the WHATWG decoder do, so "\xE2\x82A" decodes as U+FFFD then "A".
uint32_t decode_utf8(const unsigned char*& p, const unsigned char* end, bool& bad) {
  unsigned char c = *p;
  if (c < 0x80) {
    ++p;
    return c;
  }
  int len;
  uint32_t code;
  unsigned char lo = 0x80, hi = 0xBF;  // the range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2, code = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3, code = c & 0x0F;
    if (c == 0xE0) lo = 0xA0;  // no overlong forms
    if (c == 0xED) hi = 0x9F;  // no surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4, code = c & 0x07;
    if (c == 0xF0) lo = 0x90;  // no overlong forms
    if (c == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
  } else {
    ++p;
    bad = true;
    return 0xFFFD;
  }
  const unsigned char* q = p + 1;
  for (int i = 1; i < len; ++i, ++q) {
    if (q >= end || *q < lo || *q > hi) {
      p = q;
      bad = true;
      return 0xFFFD;
    }
    code = code << 6 | (*q & 0x3F);
    lo = 0x80, hi = 0xBF;
  }
  p = q;
  return code;
}

bool valid_utf8(std::string_view text) {
  auto* p = reinterpret_cast<const unsigned char*>(text.data());
  auto* end = p + text.size();
  bool bad = false;
  while (p < end && !bad) decode_utf8(p, end, bad);
  return !bad;
}

void string_append_utf8(String* s, std::string_view utf8) {
  auto* p = reinterpret_cast<const unsigned char*>(utf8.data());
  auto* end = p + utf8.size();
  bool bad = false;
  string_reserve(s, s->size + utf8.size());
  while (p < end) string_push(s, decode_utf8(p, end, bad));
}

Value make_ascii_string(std::string_view ascii) {
  String* s = new_string(ascii.size(), false);
  std::memcpy(s->bytes, ascii.data(), ascii.size());
  return Value(s);
}

Value make_string(std::string_view utf8) {
  bool ascii = true;
  for (unsigned char c : utf8)
    if (c >= 0x80) {
      ascii = false;
      break;
    }
  if (ascii) return make_ascii_string(utf8);
  String* s = new_string(0, true);
  string_append_utf8(s, utf8);
  return Value(s);
}

Value make_string(const char* utf8, size_t bytes) { return make_string(std::string_view(utf8, bytes)); }
Value make_string(const char* utf8) { return make_string(std::string_view(utf8)); }

Value copy_string(const String* s) {
  String* t = new_string(s->size, s->wide);
  std::memcpy(t->bytes, s->bytes, s->size * unit(s));
  return Value(t);
}

void append_utf8(std::string& out, uint32_t c) {
  if (c < 0x80) {
    out += char(c);
  } else if (c < 0x800) {
    out += char(0xC0 | c >> 6);
    out += char(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += char(0xE0 | c >> 12);
    out += char(0x80 | (c >> 6 & 0x3F));
    out += char(0x80 | (c & 0x3F));
  } else {
    out += char(0xF0 | c >> 18);
    out += char(0x80 | (c >> 12 & 0x3F));
    out += char(0x80 | (c >> 6 & 0x3F));
    out += char(0x80 | (c & 0x3F));
  }
}

std::string string_to_utf8(const String* s) {
  if (!s->wide) return std::string(reinterpret_cast<const char*>(s->bytes), s->size);
  std::string out;
  out.reserve(s->size + 8);
  for (size_t i = 0; i < s->size; ++i) append_utf8(out, s->chars[i]);
  return out;
}

void string_append_display(String* s, Value x) {
  x = unwrap(x);
  if (is_kind(x, Kind::string))
    string_append(s, x.as<String>());
  else if (x.is_char())
    string_push(s, x.char_code());
  else
    string_append_utf8(s, display_form(x));
}

Value string_join(const Value* items, size_t n, Value sep) {
  sep = unwrap(sep);
  if (!sep.is_nil() && !sep.is_char() && !is_kind(sep, Kind::string)) raise_wrong_type();
  String* s = new_string(0, false);
  for (size_t i = 0; i < n; ++i) {
    if (i && !sep.is_nil()) string_append_display(s, sep);
    string_append_display(s, items[i]);
  }
  return Value(s);
}

Value substring(const String* s, size_t from, size_t to) {
  String* t = new_string(to - from, s->wide);
  std::memcpy(t->bytes, s->bytes + from * unit(s), (to - from) * unit(s));
  return Value(t);
}

int string_compare(const String* a, const String* b) {
  size_t n = a->size < b->size ? a->size : b->size;
  for (size_t i = 0; i < n; ++i) {
    uint32_t x = string_ref(a, i), y = string_ref(b, i);
    if (x != y) return x < y ? -1 : 1;
  }
  return (a->size > b->size) - (a->size < b->size);
}

bool string_equal(const String* a, const String* b) {
  if (a->size != b->size) return false;
  if (!a->wide && !b->wide) return std::memcmp(a->bytes, b->bytes, a->size) == 0;
  return string_compare(a, b) == 0;
}

}  // namespace l2d
