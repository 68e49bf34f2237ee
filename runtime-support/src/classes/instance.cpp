// User classes (spec 6.4): defclass, newobject for user classes, and the field reader
// and writer methods every own field gets.
#include <alloca.h>

#include "l2d/class.hpp"
#include "l2d/error.hpp"
#include "l2d/symbol.hpp"

namespace l2d {

namespace {

// A field method finds its field index in env and the class that defined it in info.
inline uint32_t field_index(Function* fn) { return uint32_t(reinterpret_cast<uintptr_t>(fn->env)); }

Instance* instance_for(Function* fn, Value self) {
  self = unwrap(self);
  if (!is_kind(self, Kind::instance) || !is_a(self.ptr()->klass, static_cast<Class*>(fn->info)))
    raise_wrong_type();
  return self.as<Instance>();
}

Value field_reader(Function* fn, Value self, int, Value*) {
  return instance_for(fn, self)->fields[field_index(fn)];
}

Value field_writer(Function* fn, Value self, int, Value* argv) {
  Instance* o = instance_for(fn, self);
  check_writable(Value(o));
  o->fields[field_index(fn)] = unwrap(argv[0]);  // numbers are stored as values
  return argv[0];
}

Function* field_method(const std::string& name, Code code, Class* k, uint32_t index, int nargs) {
  Function* f = make_builtin(name.c_str(), code, nargs, nargs);
  f->env = reinterpret_cast<void*>(uintptr_t(index));
  f->info = k;
  return f;
}

}  // namespace

namespace rt {

Value defclass(Symbol* name, Value parent_name, int nfields, Symbol** fields, Value* inits) {
  if (name->named_class) raise_wrong_type();  // NAME must be new
  Class* parent = find_class(unwrap(parent_name));
  if (!parent || (parent->builtin && parent != classes.root) || !is_symbol(unwrap(parent_name)))
    raise_wrong_type();
  // An own field may not repeat an inherited one (spec 6.4: the form is malformed).
  for (int i = 0; i < nfields; ++i)
    for (Value l = parent->fields; is_cons(l); l = l.as<Cons>()->rest)
      if (l.as<Cons>()->first == Value(fields[i])) raise(sym::syntax);
  Class* k = make_class(name, parent, false, true);
  uint32_t total = parent->nfields + uint32_t(nfields);
  auto* all_inits = static_cast<Value*>(gc::alloc(sizeof(Value) * (total ? total : 1)));
  Value* names = static_cast<Value*>(alloca(sizeof(Value) * (total + 1)));
  uint32_t i = 0;
  for (Value l = parent->fields; is_cons(l); l = l.as<Cons>()->rest, ++i) {
    names[i] = l.as<Cons>()->first;
    all_inits[i] = parent->field_inits[i];
  }
  for (int j = 0; j < nfields; ++j, ++i) {
    names[i] = Value(fields[j]);
    all_inits[i] = inits[j];
  }
  k->fields = list(int(total), names);
  k->nfields = total;
  k->nown = uint32_t(nfields);
  k->field_inits = all_inits;
  for (int j = 0; j < nfields; ++j) {
    uint32_t index = parent->nfields + uint32_t(j);
    std::string fname(symbol_name(fields[j]));
    add_method(k, fields[j], field_method(fname, field_reader, k, index, 0));
    std::string setter = "set-" + fname;
    add_method(k, intern(setter), field_method(setter, field_writer, k, index, 1));
  }
  return Value(name);
}

}  // namespace rt

Value new_instance(Class* k, int argc, Value* argv) {
  if (uint32_t(argc) > k->nfields) raise(sym::wrong_argument_count);
  size_t bytes = sizeof(Instance) + sizeof(Value) * (k->nfields ? k->nfields - 1 : 0);
  auto* o = gc::make<Instance>(Kind::instance, k, bytes);
  for (int i = 0; i < argc; ++i) o->fields[i] = unwrap(argv[i]);
  // The other fields get their INIT-FORM, evaluated at each creation (depth d+1).
  int32_t depth = rt::call_depth;
  for (uint32_t i = uint32_t(argc); i < k->nfields; ++i) {
    Value init = k->field_inits[i];
    if (init.is_nil()) continue;
    rt::call_depth = depth;
    o->fields[i] = unwrap(rt::call(init.as<Function>(), nil, 0, nullptr));
  }
  return Value(o);
}

}  // namespace l2d
