// Reflection (spec 6.3, 6.5): class objects by name, the method a send would run, and
// instantiation. `getclass`, `getmethod` and `newobject` are symbol methods (sent to a
// class name); `getmethod` and `newobject` also answer class objects.
#include "l2d/class.hpp"
#include "l2d/error.hpp"

namespace l2d {

namespace {

// The class a class name or a class object stands for; wrong-type if none
// (spec 11.2: a bad class name).
Class* named_class(Value v) {
  Class* k = find_class(unwrap(v));
  if (!k) raise_wrong_type();
  return k;
}

// ('S getclass): the class object named S, or nil.
L2D_BUILTIN(symbol_getclass) {
  Class* k = find_class(self);
  return k ? Value(k) : nil;
}

// ('S getmethod 'M): the function a send of M to an instance of S would run, with the
// fallback to the program's global functions (spec 6.2), or nil. So
// `(nil funcall x ('C getmethod 'M))` runs what `(x M)` runs for an x of class C.
L2D_BUILTIN(reflect_getmethod) {
  Class* k = named_class(self);
  Value m = unwrap(argv[0]);
  if (m.is_nil()) return nil;  // no method is named nil
  if (!is_symbol(m)) raise_wrong_type();
  Function* f = rt::lookup_method(k, m.as<Symbol>());
  return f ? Value(f) : nil;
}

// ('NAME newobject A…): a new instance. Instantiable are vector, byte-vector, string,
// stream, socket, lock, table and the user classes; anything else raises wrong-type.
// Each class checks its own arguments (its constructor, or the fields of a user class).
L2D_BUILTIN(reflect_newobject) {
  Class* k = named_class(self);
  if (!k->instantiable) raise_wrong_type();
  return new_object(k, argc, argv);
}

const BuiltinSpec symbol_reflection_methods[] = {
    {"getclass", symbol_getclass, 0, 0},
    {"getmethod", reflect_getmethod, 1, 1},
    {"newobject", reflect_newobject, 0, -1},
};

const BuiltinSpec class_reflection_methods[] = {
    {"getmethod", reflect_getmethod, 1, 1},
    {"newobject", reflect_newobject, 0, -1},
};

}  // namespace

void register_reflection_methods() {
  define_builtins(classes.symbol, symbol_reflection_methods);
  define_builtins(classes.klass, class_reflection_methods);
}

}  // namespace l2d
