// The methods of all objects (spec 7.1): the built-in methods of the root class `true`,
// inherited by every class, `null` included. Other classes override some of them:
// number (= <> setf copy string), string (= <>), table (copy).
#include <cstring>

#include "l2d/class.hpp"
#include "l2d/error.hpp"
#include "l2d/number.hpp"
#include "l2d/printer.hpp"
#include "l2d/sequence.hpp"
#include "l2d/string.hpp"

namespace l2d {

namespace {

// A predicate's success returns its receiver as passed (a cell included), or `true`
// when the receiver is itself false (spec 3.9).
Value designate(Value v) { return truthy(v) ? v : make_true(); }

// ---- equality -------------------------------------------------------------------------------

// (X = Y…): X is `=` (structural, spec 3.9) to every Y.
L2D_BUILTIN(object_equal) {
  for (int i = 0; i < argc; ++i)
    if (!equal(self, argv[i])) return make_false();
  return designate(self);
}

// (X <> Y…): X is `=` to none of the Y.
L2D_BUILTIN(object_not_equal) {
  for (int i = 0; i < argc; ++i)
    if (equal(self, argv[i])) return make_false();
  return designate(self);
}

// ---- copy -----------------------------------------------------------------------------------

// A new pair for every pair along the rest chain; the final tail (nil, or the atom of a
// dotted list) and the elements are shared.
Value copy_spine(Value l) {
  Value head = cons(l.as<Cons>()->first, nil);
  Cons* last = head.as<Cons>();
  for (l = l.as<Cons>()->rest; is_cons(l); l = l.as<Cons>()->rest) {
    Value next = cons(l.as<Cons>()->first, nil);
    last->rest = next;
    last = next.as<Cons>();
  }
  last->rest = l;
  return head;
}

Instance* new_instance_like(const Instance* src) {
  Class* k = src->klass;
  size_t bytes = sizeof(Instance) + sizeof(Value) * (k->nfields ? k->nfields - 1 : 0);
  auto* o = gc::make<Instance>(Kind::instance, k, bytes);
  std::memcpy(o->fields, src->fields, sizeof(Value) * k->nfields);
  return o;
}

// (X copy): a new object with the same contents, shallow and never read-only. A number
// becomes its plain value: a new number object once it is bound (spec 3.1). Objects with
// no contents of their own (symbols, characters, functions, streams…) are X itself.
L2D_BUILTIN(object_copy) {
  Value x = unwrap(self);
  if (!x.is_ptr()) return x;
  switch (x.ptr()->kind) {
    case Kind::string: return copy_string(x.as<String>());
    case Kind::byte_vector: return copy_byte_vector(x.as<ByteVector>());
    case Kind::vector: {
      auto* src = x.as<Vector>();
      Vector* v = new_vector(src->size);
      std::memcpy(v->data, src->data, sizeof(Value) * src->size);
      return Value(v);
    }
    case Kind::cons: return copy_spine(x);
    case Kind::instance: return Value(new_instance_like(x.as<Instance>()));
    default: return x;  // immutable numbers, and objects that are their own copy
  }
}

// ---- setf -----------------------------------------------------------------------------------
// The receiver takes over a fresh copy of Y's contents, so `(x setf x)` is harmless and
// nothing is shared with Y afterwards. The size drops to 0 while the storage changes:
// another thread reading meanwhile sees an empty object, never a size beyond the
// storage it reads (spec 10.2: races may lose updates but never crash).

void set_string(String* s, const String* from) {
  String* t = copy_string(from).as<String>();
  __atomic_store_n(&s->size, size_t(0), __ATOMIC_RELEASE);
  s->bytes = t->bytes;
  s->capacity = t->capacity;
  s->wide = t->wide;
  __atomic_store_n(&s->size, t->size, __ATOMIC_RELEASE);
}

void set_vector(Vector* v, const Vector* from) {
  size_t n = from->size;
  auto* data = static_cast<Value*>(gc::alloc(sizeof(Value) * (n ? n : 1)));
  std::memcpy(data, from->data, sizeof(Value) * n);
  __atomic_store_n(&v->size, size_t(0), __ATOMIC_RELEASE);
  v->data = data;
  v->capacity = n;
  __atomic_store_n(&v->size, n, __ATOMIC_RELEASE);
}

void set_byte_vector(ByteVector* bv, const ByteVector* from) {
  ByteVector* t = copy_byte_vector(from).as<ByteVector>();
  __atomic_store_n(&bv->size, size_t(0), __ATOMIC_RELEASE);
  bv->data = t->data;
  bv->capacity = t->capacity;
  __atomic_store_n(&bv->size, t->size, __ATOMIC_RELEASE);
}

// (X setf Y), destructive: string ← string, vector ← vector, byte vector ← byte vector,
// pair ← pair, user object ← one of the same class; else wrong-type (spec 7.1). Numbers
// have their own setf (class number). The classes are checked before read-only.
L2D_BUILTIN(object_setf) {
  Value y = unwrap(argv[0]);
  if (!self.is_ptr() || !is_kind(y, self.ptr()->kind)) raise_wrong_type();
  Kind kind = self.ptr()->kind;
  if (kind == Kind::instance ? y.ptr()->klass != self.ptr()->klass
                             : kind != Kind::string && kind != Kind::vector &&
                                   kind != Kind::byte_vector && kind != Kind::cons)
    raise_wrong_type();
  check_writable(self);
  switch (kind) {
    case Kind::string: set_string(self.as<String>(), y.as<String>()); break;
    case Kind::vector: set_vector(self.as<Vector>(), y.as<Vector>()); break;
    case Kind::byte_vector: set_byte_vector(self.as<ByteVector>(), y.as<ByteVector>()); break;
    case Kind::cons: {
      Cons* from = y.as<Cons>();
      Value first = from->first, rest = from->rest;  // both read first: Y may be X
      self.as<Cons>()->first = first;
      self.as<Cons>()->rest = rest;
      break;
    }
    default:  // an instance of the same class: the same number of fields
      std::memmove(self.as<Instance>()->fields, y.as<Instance>()->fields,
                   sizeof(Value) * self.ptr()->klass->nfields);
      break;
  }
  return self;
}

// ---- text and classes -----------------------------------------------------------------------

// (X string): a new string of X's display form (spec 13).
L2D_BUILTIN(object_string) { return make_string(display_form(self)); }

// (X class): the class name; a cell reports the class of its number (spec 6.5).
L2D_BUILTIN(object_class) { return Value(class_of(unwrap(self))->name); }

// (X isa C): X's class is C (a class name or a class object) or descends from it.
// C naming no class raises wrong-type (spec 11.2: a bad class name).
L2D_BUILTIN(object_isa) {
  Class* k = find_class(unwrap(argv[0]));
  if (!k) raise_wrong_type();
  return is_a(class_of(unwrap(self)), k) ? designate(self) : make_false();
}

const BuiltinSpec object_methods[] = {
    {"=", object_equal, 0, -1},
    {"<>", object_not_equal, 0, -1},
    {"copy", object_copy, 0, 0},
    {"setf", object_setf, 1, 1},
    {"string", object_string, 0, 0},
    {"class", object_class, 0, 0},
    {"isa", object_isa, 1, 1},
};

}  // namespace

void register_object_methods() { define_builtins(classes.root, object_methods); }

}  // namespace l2d
