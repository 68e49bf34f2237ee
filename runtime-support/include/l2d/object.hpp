// Heap objects: the common header and the layout of every built-in object.
//
// Every heap object starts with `Object`: its class and a kind tag. The class is what
// dispatch uses (user classes share Kind::instance); the kind is what the runtime's own
// type tests use, since it is one byte compare and never changes.
//
// Memory comes from Boehm GC (gc.hpp). Objects hold plain Values; memory the collector
// must not scan (string bytes, byte-vector bytes, number limbs) is allocated atomic.
// Layouts here are a contract with generated code (runtime.hpp inlines field access),
// so a change here is a change of the generated-code ABI: bump L2D_ABI_VERSION.
#pragma once

#include "value.hpp"

#define L2D_ABI_VERSION 3  // 3: send caches hold methods checked for the site's argc (call_found)

namespace l2d {

struct Class;
struct Function;

enum class Kind : uint8_t {
  symbol,
  cons,
  string,
  vector,
  byte_vector,
  bignum,     // immutable integer outside the fixnum range (GMP mpz)
  fraction,   // immutable exact non-integer (GMP mpq), lowest terms, denominator > 1
  flonum,     // immutable IEEE double ("float" in the language)
  cell,       // mutable number: the object a variable shares (value.hpp invariants)
  function,   // closures, methods and built-in methods
  klass,      // class objects
  instance,   // instances of user classes
  table,
  stream,
  socket,
  lock,
};

enum : uint8_t {
  flag_read_only = 1,  // (nil const X): destructive methods raise read-only
  flag_builtin = 2,    // functions: a built-in method (prints Builtin(NAME))
};

struct Object {
  Class* klass;     // the object's class; for a cell, the class of its current value
  Kind kind;        // layout of the rest of the object
  uint8_t flags;    // flag_* bits
  uint16_t extra;   // kind-specific small field
  uint32_t aux;     // kind-specific (symbols: hash)
};

// Symbols are interned: one object per name. `true` and `false` are symbols too.
struct Symbol : Object {
  const char* name;        // UTF-8, NUL-terminated, never changes
  uint32_t length;         // bytes in name
  uint32_t serial;         // creation order (stable across runs of one program)
  Value value;             // global value, or `unbound`
  Value props;             // property list: a list of (p . v) pairs, newest first
  Class* named_class;      // the class this symbol names, or nullptr
  uint8_t overridden;      // a program method of this name exists on a built-in class:
                           // generated fast paths for this selector must dispatch
  uint8_t reserved[7];
};

struct Cons : Object {
  Value first;
  Value rest;
};

// A string holds characters, not bytes. Narrow strings (wide == 0) store ASCII in
// `bytes`, so they are valid UTF-8 as they are; storing any other character widens
// the string to UTF-32 code points in `chars`.
struct String : Object {
  size_t size;       // characters
  size_t capacity;   // characters the buffer holds
  union {
    uint8_t* bytes;  // wide == 0
    uint32_t* chars; // wide == 1
  };
  uint8_t wide;
};

struct Vector : Object {
  size_t size;
  size_t capacity;
  Value* data;
};

struct ByteVector : Object {
  size_t size;
  size_t capacity;
  uint8_t* data;
};

// GMP's mpz_t and mpq_t, spelled out so that this header needs no <gmp.h>.
// number.cpp static_asserts that these match.
struct MpzLayout {
  int alloc;
  int size;
  void* limbs;
};

struct Bignum : Object {
  MpzLayout z;
};

struct Fraction : Object {
  MpzLayout num;
  MpzLayout den;
};

struct Flonum : Object {
  double d;
};

// A mutable number: what a variable holds once its number is shared (spec 3.1).
// `klass` always equals class_of(v). `v` is never a cell.
struct Cell : Object {
  Value v;
};

// Every callable: closures made by lambda/defmethod, built-in methods, field readers
// and writers. One calling convention for compiled code, the evaluator and built-ins.
//   fn    the function object itself (closures find their captured boxes in fn->env)
//   self  the receiver ("this")
//   argc, argv  the arguments, evaluated, left to right
using Code = Value (*)(Function* fn, Value self, int argc, Value* argv);

struct Function : Object {
  Code code;
  Value lambda;      // (lambda PARAMS BODY...) for printing; nil for built-ins
  Symbol* name;      // the method name (built-ins print as Builtin(name))
  void* env;         // closure data: compiled code keeps Box* captures, the evaluator its record
  void* info;        // evaluator: the IR of the lambda; compiled: nullptr
  int32_t min_args;  // built-ins: arity bounds checked by the dispatcher glue
  int32_t max_args;  // -1: any number
};

// A captured variable shared by closures (one per binding, so loops rebind afresh).
struct Box {
  Value v;
};

struct MethodTable;

struct Class : Object {
  Symbol* name;
  Class* parent;            // nullptr for `true`
  MethodTable* methods;     // selector -> Function*
  Value fields;             // list of every field name, inherited ones first
  uint32_t nfields;         // length of `fields`
  uint32_t nown;            // fields introduced by this class (the last nown of `fields`)
  Value* field_inits;       // nfields entries: nil or a Function* thunk of the INIT-FORM
  uint8_t builtin;          // a class of the language (not made by defclass)
  uint8_t instantiable;     // newobject allowed
};

struct Instance : Object {
  Value fields[1];          // klass->nfields values (allocated to size)
};

struct TableImpl;
struct Table : Object {
  TableImpl* impl;
};

struct StreamImpl;
struct Stream : Object {
  StreamImpl* impl;
};

struct Socket : Object {
  int fd;                   // -1 when not open or closed
  int domain;               // AF_UNIX / AF_INET / AF_INET6, or 0 when not open
  int type;                 // SOCK_STREAM / SOCK_DGRAM
};

struct SharedLock;
struct Lock : Object {
  SharedLock* shared;       // in MAP_SHARED memory, so forked children share it
  uint32_t number;          // creation number in the process, from 1
};

// --- the built-in classes --------------------------------------------------------------
struct BuiltinClasses {
  Class* root;        // true
  Class* null;        // the class of nil: its methods are the global functions
  Class* symbol;
  Class* number;
  Class* integer;
  Class* fraction;
  Class* flonum;      // named `float`
  Class* character;   // named `char`
  Class* string;
  Class* cons;
  Class* vector;
  Class* byte_vector;
  Class* function;
  Class* stream;
  Class* socket;
  Class* lock;
  Class* table;
  Class* klass;       // named `class`
};
extern BuiltinClasses classes;

// The symbols `true` and `false` are static objects so that they are link-time constants.
extern Symbol true_symbol;
extern Symbol false_symbol;

inline Value make_true() { return Value(&true_symbol); }
inline Value make_false() { return Value(&false_symbol); }
inline Value boolean(bool b) { return b ? make_true() : make_false(); }
// The two false values are nil and false (spec 0).
L2D_INLINE bool truthy(Value v) { return v.bits != 0 && v.bits != Word(&false_symbol); }

L2D_INLINE bool is_kind(Value v, Kind k) { return v.is_ptr() && v.ptr()->kind == k; }
L2D_INLINE bool is_cons(Value v) { return is_kind(v, Kind::cons); }
L2D_INLINE bool is_symbol(Value v) { return is_kind(v, Kind::symbol); }
L2D_INLINE bool is_cell(Value v) { return is_kind(v, Kind::cell); }
L2D_INLINE bool is_function(Value v) { return is_kind(v, Kind::function); }
// Fast paths' tests, each predicted to pass on its own. GCC spreads L2D_LIKELY(a && b)
// over the branches it becomes in its own way, and laid the kind test of (l first) out of
// line: three taken jumps per list step in nqueens' inner loop.
L2D_INLINE bool likely_ptr(Value v) {
  return L2D_LIKELY((v.bits & tag_mask3) == 0) && L2D_LIKELY(v.bits != 0);
}
L2D_INLINE bool likely_kind(Value v, Kind k) { return likely_ptr(v) && L2D_LIKELY(v.ptr()->kind == k); }

// A cell stands for its number everywhere but in the destructive methods. The fixnum
// test first: it is the usual value, and where a fast path has just tested the same bit
// (a recorded operand) the compiler drops the whole test.
L2D_INLINE Value unwrap(Value v) { return !v.is_fixnum() && is_cell(v) ? v.as<Cell>()->v : v; }

L2D_INLINE Class* class_of(Value v) {
  if (v.is_ptr()) return v.ptr()->klass;
  if (v.is_fixnum()) return classes.integer;
  if (v.is_nil()) return classes.null;
  return classes.character;  // markers never reach dispatch
}

}  // namespace l2d
