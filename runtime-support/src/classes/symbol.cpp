// Methods of `symbol` (spec 7.5): name, global value, gensym, properties. Class `null`
// (nil) has none of these: nil's methods are the global functions.
#include <algorithm>
#include <cstring>

#include "l2d/class.hpp"
#include "l2d/error.hpp"
#include "l2d/sequence.hpp"
#include "l2d/string.hpp"
#include "l2d/symbol.hpp"

namespace l2d {

namespace {

Symbol* symbol_arg(Value v) { return arg_as<Symbol>(unwrap(v), Kind::symbol); }

// A property name: any symbol, nil, true and false included.
Value property_arg(Value v) {
  v = unwrap(v);
  if (!is_symbolish(v)) raise_wrong_type();
  return v;
}

// The (p . v) pair of property [p], or nil. The list is newest first.
Value find_property(const Symbol* s, Value p) {
  for (Value l = s->props; is_cons(l); l = l.as<Cons>()->rest)
    if (l.as<Cons>()->first.as<Cons>()->first == p) return l.as<Cons>()->first;
  return nil;
}

L2D_BUILTIN(symbol_string) {
  Symbol* s = symbol_arg(self);
  return make_string(symbol_name(s));
}

L2D_BUILTIN(symbol_boundp) {
  return symbol_arg(self)->value != unbound ? predicate_success(self) : make_false();
}

L2D_BUILTIN(symbol_gensym) { return Value(gensym(symbol_name(symbol_arg(self)))); }

L2D_BUILTIN(symbol_get) {
  Value pair = find_property(symbol_arg(self), property_arg(argv[0]));
  return pair.is_nil() ? nil : pair.as<Cons>()->rest;
}

// Symbols are never read-only (spec 3.7), so putprop is always allowed.
L2D_BUILTIN(symbol_putprop) {
  Symbol* s = symbol_arg(self);
  Value p = property_arg(argv[0]);
  Value pair = find_property(s, p);
  if (pair.is_nil())
    s->props = cons(cons(p, argv[1]), s->props);
  else
    pair.as<Cons>()->rest = unwrap(argv[1]);  // numbers are stored as values
  return argv[1];
}

L2D_BUILTIN(symbol_remprop) {
  Symbol* s = symbol_arg(self);
  Value p = property_arg(argv[0]);
  Value prev = nil;
  for (Value l = s->props; is_cons(l); prev = l, l = l.as<Cons>()->rest) {
    Value pair = l.as<Cons>()->first;
    if (pair.as<Cons>()->first != p) continue;
    if (prev.is_nil())
      s->props = l.as<Cons>()->rest;
    else
      prev.as<Cons>()->rest = l.as<Cons>()->rest;
    return pair.as<Cons>()->rest;
  }
  return nil;
}

// A new vector of new pairs (p . v), sorted by property name.
L2D_BUILTIN(symbol_properties) {
  Symbol* s = symbol_arg(self);
  Vector* v = new_vector(0);
  for (Value l = s->props; is_cons(l); l = l.as<Cons>()->rest) {
    const Cons* pair = l.as<Cons>()->first.as<Cons>();
    vector_push(v, cons(pair->first, pair->rest));
  }
  // UTF-8 byte order is code point order.
  std::sort(v->data, v->data + v->size, [](Value a, Value b) {
    return name_of(a.as<Cons>()->first) < name_of(b.as<Cons>()->first);
  });
  return Value(v);
}

// (S set V) reached through a designator (apply, funcall, map): assigns the global
// value (spec 3.6). The constants true and false cannot be assigned.
L2D_BUILTIN(symbol_set) {
  Symbol* s = symbol_arg(self);
  if (s == &true_symbol || s == &false_symbol) raise_wrong_type();
  rt::set_global(s, argv[0]);
  return argv[0];
}

}  // namespace

const BuiltinSpec symbol_methods[] = {
    {"string", symbol_string, 0, 0},
    {"boundp", symbol_boundp, 0, 0},
    {"gensym", symbol_gensym, 0, 0},
    {"get", symbol_get, 1, 1},
    {"putprop", symbol_putprop, 2, 2},
    {"remprop", symbol_remprop, 1, 1},
    {"properties", symbol_properties, 0, 0},
    {"set", symbol_set, 1, 1},
};

void register_symbol_methods() { define_builtins(classes.symbol, symbol_methods); }

}  // namespace l2d
