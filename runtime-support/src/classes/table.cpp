// Methods of `table` (spec 15.1): get, put, remove, has, size, keys, values, copy.
#include "l2d/class.hpp"
#include "l2d/error.hpp"
#include "l2d/sequence.hpp"
#include "l2d/table.hpp"

namespace l2d {

namespace {

Table* table_arg(Value v) { return arg_as<Table>(v, Kind::table); }

// ('table newobject): no arguments.
Value construct_table(Class*, int argc, Value*) {
  if (argc != 0) raise(sym::wrong_argument_count);
  return Value(new_table());
}

L2D_BUILTIN(table_get) {
  Value v;
  if (table_find(table_arg(self), argv[0], v)) return v;
  return argc > 1 ? argv[1] : nil;
}

L2D_BUILTIN(table_put_method) {
  Table* t = table_arg(self);
  check_writable(self);
  table_put(t, argv[0], argv[1]);
  return argv[1];
}

L2D_BUILTIN(table_remove_method) {
  Table* t = table_arg(self);
  check_writable(self);
  Value old = nil;
  table_remove(t, argv[0], old);
  return old;
}

L2D_BUILTIN(table_has) {
  Value v;
  return table_find(table_arg(self), argv[0], v) ? predicate_success(argv[0]) : make_false();
}

L2D_BUILTIN(table_size_method) { return Value::fixnum(SWord(table_size(table_arg(self)))); }

// keys / values: new lists in insertion order.
Value entry_list(Value self, bool keys) {
  Value entries = table_entries(table_arg(self));
  const Vector* v = entries.as<Vector>();
  Value result = nil;
  for (size_t i = v->size; i-- > 0;) {
    const Cons* e = v->data[i].as<Cons>();
    result = cons(keys ? e->first : e->rest, result);
  }
  return result;
}

L2D_BUILTIN(table_keys) { return entry_list(self, true); }
L2D_BUILTIN(table_values) { return entry_list(self, false); }
L2D_BUILTIN(table_copy) { return copy_table(table_arg(self)); }

}  // namespace

const BuiltinSpec table_methods[] = {
    {"get", table_get, 1, 2},
    {"put", table_put_method, 2, 2},
    {"remove", table_remove_method, 1, 1},
    {"has", table_has, 1, 1},
    {"size", table_size_method, 0, 0},
    {"keys", table_keys, 0, 0},
    {"values", table_values, 0, 0},
    {"copy", table_copy, 0, 0},
};

void register_table_methods() {
  define_builtins(classes.table, table_methods);
  set_constructor(classes.table, construct_table);
}

}  // namespace l2d
