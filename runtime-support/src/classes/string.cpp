// Methods of `string` (spec 7.4, 15.4): characters, not bytes; concatenation, access,
// subsequences, case, searching, comparison, conversions, split/trim/replace, unlink.
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "l2d/class.hpp"
#include "l2d/error.hpp"
#include "l2d/reader.hpp"
#include "l2d/sequence.hpp"
#include "l2d/stream.hpp"
#include "l2d/string.hpp"
#include "l2d/symbol.hpp"

namespace l2d {

namespace {

String* string_arg(Value v) { return arg_as<String>(unwrap(v), Kind::string); }

// A string or character argument (position, split, starts-with, replace…), read as
// a sequence of characters.
struct Text {
  const String* s;
  uint32_t ch;
  size_t size() const { return s ? s->size : 1; }
  uint32_t at(size_t i) const { return s ? string_ref(s, i) : ch; }
};

Text text_arg(Value v) {
  v = unwrap(v);
  if (v.is_char()) return {nullptr, v.char_code()};
  if (is_kind(v, Kind::string)) return {v.as<String>(), 0};
  raise_wrong_type();
}

bool matches_at(const String* s, const Text& t, size_t at) {
  if (at > s->size || t.size() > s->size - at) return false;
  for (size_t j = 0; j < t.size(); ++j)
    if (string_ref(s, at + j) != t.at(j)) return false;
  return true;
}

constexpr size_t not_found = size_t(-1);

// The first occurrence of [t] in [s] at or after [from], or not_found.
size_t find_text(const String* s, const Text& t, size_t from) {
  if (t.size() > s->size) return not_found;
  for (size_t i = from; i + t.size() <= s->size; ++i)
    if (matches_at(s, t, i)) return i;
  return not_found;
}

// A new string: [s] with each character passed through [f].
Value mapped(const String* s, uint32_t (*f)(uint32_t)) {
  String* r = new_string(s->size, s->wide);
  for (size_t i = 0; i < s->size; ++i) string_set(r, i, f(string_ref(s, i)));
  return Value(r);
}

uint32_t ascii_upper(uint32_t c) { return c >= 'a' && c <= 'z' ? c - 32 : c; }
uint32_t ascii_lower(uint32_t c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

// Whitespace of spec 2.1: space, tab, newline, carriage return, form feed.
bool is_blank(uint32_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// ('string newobject [N [CHAR]]): N copies of CHAR (default a space).
Value construct_string(Class*, int argc, Value* argv) {
  if (argc > 2) raise(sym::wrong_argument_count);
  size_t n = argc > 0 ? count_arg(argv[0]) : 0;
  uint32_t c = ' ';
  if (argc > 1) {
    Value ch = unwrap(argv[1]);
    if (!ch.is_char()) raise_wrong_type();
    c = ch.char_code();
  }
  String* s = new_string(n, c > 127);
  if (s->wide)
    for (size_t i = 0; i < n; ++i) s->chars[i] = c;
  else
    std::memset(s->bytes, int(c), n);
  return Value(s);
}

// ---- access -----------------------------------------------------------------------------

L2D_BUILTIN(string_plus) {
  String* s = string_arg(self);
  // Strings and characters only (the usual case): one allocation of the final size.
  size_t total = s->size;
  bool wide = s->wide;
  bool simple = true;
  for (int i = 0; i < argc && simple; ++i) {
    Value x = argv[i];
    if (is_kind(x, Kind::string)) {
      total += x.as<String>()->size;
      wide |= x.as<String>()->wide != 0;
    } else if (x.is_char()) {
      total += 1;
      wide |= x.char_code() > 127;
    } else {
      simple = false;
    }
  }
  if (!simple) {
    String* r = copy_string(s).as<String>();
    for (int i = 0; i < argc; ++i) string_append_display(r, argv[i]);
    return Value(r);
  }
  // Every piece copied straight into place: the result has its final size already.
  String* r = new_string(total, wide);
  size_t at = string_place(r, 0, s);
  for (int i = 0; i < argc; ++i) {
    if (argv[i].is_char()) {
      string_set(r, at++, argv[i].char_code());
    } else {
      at = string_place(r, at, argv[i].as<String>());
    }
  }
  return Value(r);
}

L2D_BUILTIN(string_size) { return Value::fixnum(SWord(string_arg(self)->size)); }

L2D_BUILTIN(string_elt) {
  String* s = string_arg(self);
  return Value::character(string_ref(s, index_arg(argv[0], s->size)));
}

L2D_BUILTIN(string_setelt) {
  String* s = string_arg(self);
  check_writable(self);
  size_t i = index_arg(argv[0], s->size);
  Value c = unwrap(argv[1]);
  if (!c.is_char()) raise_wrong_type();
  string_set(s, i, c.char_code());
  return self;
}

L2D_BUILTIN(string_subseq) {
  String* s = string_arg(self);
  size_t start = bound_arg(argv[0], s->size);
  size_t end = argc > 1 ? bound_arg(argv[1], s->size) : s->size;
  if (start > end) raise_index();
  return substring(s, start, end);
}

L2D_BUILTIN(string_reverse) {
  String* s = string_arg(self);
  String* r = new_string(s->size, s->wide);
  for (size_t i = 0; i < s->size; ++i) string_set(r, i, string_ref(s, s->size - 1 - i));
  return Value(r);
}

L2D_BUILTIN(string_upcase) { return mapped(string_arg(self), ascii_upper); }
L2D_BUILTIN(string_downcase) { return mapped(string_arg(self), ascii_lower); }

L2D_BUILTIN(string_position) {
  String* s = string_arg(self);
  Text t = text_arg(argv[0]);
  size_t from = argc > 1 ? bound_arg(argv[1], s->size) : 0;
  size_t i = find_text(s, t, from);
  return i == not_found ? nil : Value::fixnum(SWord(i));
}

// ---- comparison: = <> by content (another class is simply unequal), the orderings
//      lexicographic by code point over a chain of strings -----------------------------

L2D_BUILTIN(string_eq) {
  String* s = string_arg(self);
  for (int i = 0; i < argc; ++i) {
    Value x = unwrap(argv[i]);
    if (!is_kind(x, Kind::string) || !string_equal(s, x.as<String>())) return make_false();
  }
  return predicate_success(self);
}

L2D_BUILTIN(string_ne) {
  String* s = string_arg(self);
  for (int i = 0; i < argc; ++i) {
    Value x = unwrap(argv[i]);
    if (is_kind(x, Kind::string) && string_equal(s, x.as<String>())) return make_false();
  }
  return predicate_success(self);
}

Value ordered(Value self, int argc, Value* argv, bool (*holds)(int)) {
  String* prev = string_arg(self);
  for (int i = 0; i < argc; ++i) string_arg(argv[i]);  // every operand is checked
  for (int i = 0; i < argc; ++i) {
    String* s = string_arg(argv[i]);
    if (!holds(string_compare(prev, s))) return make_false();
    prev = s;
  }
  return predicate_success(self);
}

L2D_BUILTIN(string_lt) { return ordered(self, argc, argv, [](int c) { return c < 0; }); }
L2D_BUILTIN(string_gt) { return ordered(self, argc, argv, [](int c) { return c > 0; }); }
L2D_BUILTIN(string_le) { return ordered(self, argc, argv, [](int c) { return c <= 0; }); }
L2D_BUILTIN(string_ge) { return ordered(self, argc, argv, [](int c) { return c >= 0; }); }

// ---- conversions ------------------------------------------------------------------------

// The interned symbol, ASCII letters folded as the reader folds them.
L2D_BUILTIN(string_symbol) {
  std::string name = string_to_utf8(string_arg(self));
  for (char& c : name)
    if (c >= 'A' && c <= 'Z') c = char(c + 32);
  return intern_value(name);
}

L2D_BUILTIN(string_list) {
  String* s = string_arg(self);
  Value result = nil;
  for (size_t i = s->size; i-- > 0;) result = cons(Value::character(string_ref(s, i)), result);
  return result;
}

L2D_BUILTIN(string_byte_vector) {
  std::string bytes = string_to_utf8(string_arg(self));
  ByteVector* bv = new_byte_vector(bytes.size());
  std::memcpy(bv->data, bytes.data(), bytes.size());
  return Value(bv);
}

// The first datum of the string; syntax if there is none or it is malformed.
L2D_BUILTIN(string_read) {
  std::string text = string_to_utf8(string_arg(self));
  ReadOne r = read_datum(text, true);
  if (r.status != ReadStatus::ok) raise(sym::syntax);
  return r.datum;
}

// Deletes the file named by the string → nil, or the error value (spec 12).
L2D_BUILTIN(string_unlink) {
  std::string path = string_to_utf8(string_arg(self));
  flush_pending_output();  // a file operation is a flush point (spec 1.3)
  if (path.find('\0') != std::string::npos) return errno_value(ENOENT);
  if (::unlink(path.c_str()) != 0) return errno_value(errno);
  return nil;
}

// ---- spec 15.4 --------------------------------------------------------------------------

L2D_BUILTIN(string_split) {
  String* s = string_arg(self);
  Text sep = text_arg(argv[0]);
  if (sep.size() == 0) raise_wrong_type();
  Value result = nil, last = nil;
  size_t from = 0;
  for (;;) {
    size_t at = find_text(s, sep, from);
    size_t to = at == not_found ? s->size : at;
    Value pair = cons(substring(s, from, to), nil);
    if (last.is_nil())
      result = pair;
    else
      last.as<Cons>()->rest = pair;
    last = pair;
    if (at == not_found) return result;
    from = at + sep.size();
  }
}

L2D_BUILTIN(string_trim) {
  String* s = string_arg(self);
  size_t from = 0, to = s->size;
  while (from < to && is_blank(string_ref(s, from))) ++from;
  while (to > from && is_blank(string_ref(s, to - 1))) --to;
  return substring(s, from, to);
}

L2D_BUILTIN(string_starts_with) {
  String* s = string_arg(self);
  return matches_at(s, text_arg(argv[0]), 0) ? predicate_success(self) : make_false();
}

L2D_BUILTIN(string_ends_with) {
  String* s = string_arg(self);
  Text t = text_arg(argv[0]);
  return t.size() <= s->size && matches_at(s, t, s->size - t.size()) ? predicate_success(self)
                                                                      : make_false();
}

L2D_BUILTIN(string_replace) {
  String* s = string_arg(self);
  Text old = text_arg(argv[0]);
  Text with = text_arg(argv[1]);
  if (old.size() == 0) raise_wrong_type();
  String* r = new_string(0, false);
  string_reserve(r, s->size);
  size_t from = 0;
  for (;;) {
    size_t at = find_text(s, old, from);
    size_t to = at == not_found ? s->size : at;
    for (size_t i = from; i < to; ++i) string_push(r, string_ref(s, i));
    if (at == not_found) return Value(r);
    for (size_t i = 0; i < with.size(); ++i) string_push(r, with.at(i));
    from = at + old.size();
  }
}

}  // namespace

const BuiltinSpec string_methods[] = {
    {"+", string_plus, 0, -1},
    {"size", string_size, 0, 0},
    {"elt", string_elt, 1, 1},
    {"setelt", string_setelt, 2, 2},
    {"subseq", string_subseq, 1, 2},
    {"part", string_subseq, 1, 2},
    {"reverse", string_reverse, 0, 0},
    {"upcase", string_upcase, 0, 0},
    {"downcase", string_downcase, 0, 0},
    {"position", string_position, 1, 2},
    {"=", string_eq, 0, -1},
    {"<>", string_ne, 0, -1},
    {"<", string_lt, 0, -1},
    {">", string_gt, 0, -1},
    {"<=", string_le, 0, -1},
    {">=", string_ge, 0, -1},
    {"symbol", string_symbol, 0, 0},
    {"list", string_list, 0, 0},
    {"byte-vector", string_byte_vector, 0, 0},
    {"read", string_read, 0, 0},
    {"unlink", string_unlink, 0, 0},
    {"split", string_split, 1, 1},
    {"trim", string_trim, 0, 0},
    {"starts-with", string_starts_with, 1, 1},
    {"ends-with", string_ends_with, 1, 1},
    {"replace", string_replace, 2, 2},
};

void register_string_methods() {
  define_builtins(classes.string, string_methods);
  set_constructor(classes.string, construct_string);
}

}  // namespace l2d
