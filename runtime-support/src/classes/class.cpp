// The methods of class objects (spec 6.5): `(C name)`, `(C parent)`, `(C fields)`.
// A class object comes from `('S getclass)`; it prints as Class(NAME) (printer.cpp).
// newobject and getmethod, which class names answer too, are in reflection.cpp.
#include "l2d/class.hpp"
#include "l2d/error.hpp"
#include "l2d/sequence.hpp"

namespace l2d {

namespace {

Class* class_arg(Value v) { return arg_as<Class>(v, Kind::klass); }

// (C name): the symbol naming the class.
L2D_BUILTIN(class_name) { return Value(class_arg(self)->name); }

// (C parent): the parent's name, nil for the root `true`.
L2D_BUILTIN(class_parent) {
  Class* parent = class_arg(self)->parent;
  return parent ? Value(parent->name) : nil;
}

// (C fields): every field name, inherited ones first, as a new list (the class keeps
// its own, which the program must not be able to change).
L2D_BUILTIN(class_fields) {
  Class* k = class_arg(self);
  return list_from(list_items(k->fields));
}

const BuiltinSpec class_methods[] = {
    {"name", class_name, 0, 0},
    {"parent", class_parent, 0, 0},
    {"fields", class_fields, 0, 0},
};

}  // namespace

void register_class_methods() { define_builtins(classes.klass, class_methods); }

}  // namespace l2d
