// Methods of `char` (spec 7.3): immutable Unicode code points, compared by code.
#include "l2d/class.hpp"
#include "l2d/error.hpp"
#include "l2d/string.hpp"

namespace l2d {

namespace {

uint32_t code_of(Value v) {
  if (!v.is_char()) raise_wrong_type();
  return v.char_code();
}

L2D_BUILTIN(char_code) { return Value::fixnum(SWord(code_of(self))); }

L2D_BUILTIN(char_char) {
  code_of(self);
  return self;
}

// `=`: an object that is not a character is simply unequal (spec 3.9).
L2D_BUILTIN(char_eq) {
  uint32_t c = code_of(self);
  for (int i = 0; i < argc; ++i)
    if (!argv[i].is_char() || argv[i].char_code() != c) return make_false();
  return self;
}

// `<>`: no argument is a character with the receiver's code.
L2D_BUILTIN(char_ne) {
  uint32_t c = code_of(self);
  for (int i = 0; i < argc; ++i)
    if (argv[i].is_char() && argv[i].char_code() == c) return make_false();
  return self;
}

// The ordering predicates on the chain of codes; every operand must be a character.
template <bool (*holds)(uint32_t, uint32_t)>
Value ordered(Value self, int argc, Value* argv) {
  uint32_t prev = code_of(self);
  for (int i = 0; i < argc; ++i) code_of(argv[i]);
  for (int i = 0; i < argc; ++i) {
    uint32_t next = argv[i].char_code();
    if (!holds(prev, next)) return make_false();
    prev = next;
  }
  return self;
}
bool less(uint32_t a, uint32_t b) { return a < b; }
bool greater(uint32_t a, uint32_t b) { return a > b; }
bool less_equal(uint32_t a, uint32_t b) { return a <= b; }
bool greater_equal(uint32_t a, uint32_t b) { return a >= b; }

L2D_BUILTIN(char_lt) { return ordered<less>(self, argc, argv); }
L2D_BUILTIN(char_gt) { return ordered<greater>(self, argc, argv); }
L2D_BUILTIN(char_le) { return ordered<less_equal>(self, argc, argv); }
L2D_BUILTIN(char_ge) { return ordered<greater_equal>(self, argc, argv); }

// Only ASCII letters change case (spec 7.3).
L2D_BUILTIN(char_upcase) {
  uint32_t c = code_of(self);
  return c >= 'a' && c <= 'z' ? Value::character(c - 'a' + 'A') : self;
}

L2D_BUILTIN(char_downcase) {
  uint32_t c = code_of(self);
  return c >= 'A' && c <= 'Z' ? Value::character(c - 'A' + 'a') : self;
}

// A new string of the one character (its display form).
L2D_BUILTIN(char_string) {
  uint32_t c = code_of(self);
  String* s = new_string(1, c > 127);
  string_set(s, 0, c);
  return Value(s);
}

const BuiltinSpec char_methods[] = {
    {"code", char_code, 0, 0},
    {"char", char_char, 0, 0},
    {"=", char_eq, 0, -1},
    {"<>", char_ne, 0, -1},
    {"<", char_lt, 0, -1},
    {">", char_gt, 0, -1},
    {"<=", char_le, 0, -1},
    {">=", char_ge, 0, -1},
    {"upcase", char_upcase, 0, 0},
    {"downcase", char_downcase, 0, 0},
    {"string", char_string, 0, 0},
};

}  // namespace

void register_char_methods() { define_builtins(classes.character, char_methods); }

}  // namespace l2d
