// The Lisp2D value word: one machine word for every object.
//
// Representation (the low bits of the word are the tag):
//
//   ...............................0   nil            the all-zero word (so zeroed memory is nil)
//   ..............................x1   fixnum         signed 63-bit integer in the upper 63 bits
//   .............................010   char           Unicode code point in the upper bits (>> 3)
//   .............................110   marker         internal immediates, never visible to programs
//   .............................100   (reserved)
//   ...........................xx000   pointer        to an Object (see object.hpp), 8-aligned
//
// Invariants:
//  * nil is the word 0. `true` and `false` are ordinary heap symbols (static objects), so
//    class dispatch needs no special case for them; only nil is special in class_of().
//  * A fixnum never holds a value that fits a fixnum in a bignum object, and a bignum
//    never holds one that fits a fixnum: numbers are canonical, so `eq` on integers is
//    word equality for fixnums.
//  * Number objects other than cells (bignum, fraction, float) are immutable. A *cell*
//    (object.hpp, Kind::cell) is the only mutable number: a variable that shares its number
//    with another variable holds a cell (spec 3.1, ARCHITECTURE "Mutable numbers").
//  * Markers (unbound, no-value) never escape into program data.
//
// This header is part of the lean interface that generated code includes: no standard
// library headers beyond <stdint.h>-level types.
#pragma once

#include <stddef.h>
#include <stdint.h>

#define L2D_LIKELY(x) __builtin_expect(!!(x), 1)
#define L2D_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define L2D_INLINE inline __attribute__((always_inline))
#define L2D_NOINLINE __attribute__((noinline))
#define L2D_NORETURN [[noreturn]]
// Thread-local state the generated code reads on every call: the runtime is always linked
// statically into the executable, so its TLS block is the executable's and one
// %fs-relative access reaches it (no GOT load, as the default model for PIE needs).
#define L2D_EXEC_TLS __thread __attribute__((tls_model("local-exec")))

namespace l2d {

using Word = uintptr_t;
using SWord = intptr_t;

struct Object;

// Fixnum range: what fits in 63 bits.
constexpr SWord fixnum_max = (SWord(1) << 62) - 1;
constexpr SWord fixnum_min = -(SWord(1) << 62);

constexpr Word tag_fixnum = 1;       // bit 0
constexpr Word tag_char = 2;         // low 3 bits 010
constexpr Word tag_marker = 6;       // low 3 bits 110
constexpr Word tag_mask3 = 7;

struct Value {
  Word bits;  // the whole representation; see the table above

  constexpr Value() : bits(0) {}
  constexpr explicit Value(Word b) : bits(b) {}
  Value(const Object* o) : bits(reinterpret_cast<Word>(o)) {}  // NOLINT: objects convert implicitly

  // --- constructors -------------------------------------------------------------------
  static constexpr Value from_bits(Word b) { return Value(b); }
  // [n] must be within fixnum_min..fixnum_max; see number.hpp make_integer otherwise.
  static constexpr Value fixnum(SWord n) { return Value((Word(n) << 1) | tag_fixnum); }
  static constexpr Value character(uint32_t code) { return Value((Word(code) << 3) | tag_char); }
  static constexpr Value marker(unsigned n) { return Value((Word(n) << 3) | tag_marker); }

  // --- tests --------------------------------------------------------------------------
  constexpr bool is_nil() const { return bits == 0; }
  constexpr bool is_fixnum() const { return (bits & tag_fixnum) != 0; }
  constexpr bool is_char() const { return (bits & tag_mask3) == tag_char; }
  constexpr bool is_marker() const { return (bits & tag_mask3) == tag_marker; }
  // The tag first: a fixnum (the common value) fails the first test.
  constexpr bool is_ptr() const { return (bits & tag_mask3) == 0 && bits != 0; }

  // --- accessors (unchecked: test first) ---------------------------------------------
  constexpr SWord fixnum_value() const { return SWord(bits) >> 1; }
  constexpr uint32_t char_code() const { return uint32_t(bits >> 3); }
  Object* ptr() const { return reinterpret_cast<Object*>(bits); }
  template <class T> T* as() const { return reinterpret_cast<T*>(bits); }

  constexpr bool operator==(Value o) const { return bits == o.bits; }
  constexpr bool operator!=(Value o) const { return bits != o.bits; }
};

static_assert(sizeof(Value) == sizeof(void*), "a value is one machine word");

constexpr Value nil{};
// Internal markers.
constexpr Value unbound = Value::marker(1);   // a symbol without a global value
constexpr Value no_value = Value::marker(2);  // "argument absent" inside the runtime

inline bool fits_fixnum(SWord n) { return n >= fixnum_min && n <= fixnum_max; }

}  // namespace l2d
