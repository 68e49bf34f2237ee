// Methods of lists (spec 7.6, 15.4), defined on class `cons` and on class `null`, where
// they treat nil as the empty list. Elements are compared with `=`.
#include "l2d/class.hpp"
#include "l2d/error.hpp"
#include "l2d/sequence.hpp"
#include "l2d/string.hpp"

namespace l2d {

namespace {

// The receiver or a list argument: nil or a pair, else wrong-type.
Value list_arg(Value v) {
  v = unwrap(v);
  if (!v.is_nil() && !is_cons(v)) raise_wrong_type();
  return v;
}

// A pair to change: nil has none (spec 7.6: index-out-of-range).
Cons* pair_to_change(Value self) {
  Value l = list_arg(self);
  if (l.is_nil()) raise_index();
  check_writable(l);
  return l.as<Cons>();
}

// The pair holding element [index] of list [l].
Cons* nth_pair(Value l, Value index) {
  int64_t i = integer_arg(index);
  if (i < 0) raise_index();
  for (;; --i) {
    if (l.is_nil()) raise_index();
    if (!is_cons(l)) raise_wrong_type();  // an improper list ends before the index
    if (i == 0) return l.as<Cons>();
    l = l.as<Cons>()->rest;
  }
}

// Builds a list front to back.
struct ListBuilder {
  Value head = nil;
  Value last = nil;
  void add(Value x) {
    Value pair = cons(x, nil);
    if (last.is_nil())
      head = pair;
    else
      last.as<Cons>()->rest = pair;
    last = pair;
  }
  // Adds every element of list [l] (wrong-type unless a proper list).
  void add_all(Value l) {
    l = list_arg(l);
    for (; is_cons(l); l = l.as<Cons>()->rest) add(l.as<Cons>()->first);
    if (!l.is_nil()) raise_wrong_type();
  }
};

L2D_BUILTIN(list_first) {
  Value l = list_arg(self);
  return l.is_nil() ? nil : l.as<Cons>()->first;
}

L2D_BUILTIN(list_rest) {
  Value l = list_arg(self);
  return l.is_nil() ? nil : l.as<Cons>()->rest;
}

L2D_BUILTIN(list_setfirst) {
  pair_to_change(self)->first = unwrap(argv[0]);  // numbers are stored as values
  return self;
}

L2D_BUILTIN(list_setrest) {
  pair_to_change(self)->rest = unwrap(argv[0]);
  return self;
}

L2D_BUILTIN(list_size) { return Value::fixnum(SWord(list_length(list_arg(self)))); }

L2D_BUILTIN(list_elt) { return nth_pair(list_arg(self), argv[0])->first; }

L2D_BUILTIN(list_setelt) {
  Value l = list_arg(self);
  check_writable(l);
  Cons* pair = nth_pair(l, argv[0]);
  pair->first = unwrap(argv[1]);
  return self;
}

L2D_BUILTIN(list_subseq) {
  size_t n;
  Value* items = sequence_items(list_arg(self), n);
  size_t start = bound_arg(argv[0], n);
  size_t end = argc > 1 ? bound_arg(argv[1], n) : n;
  if (start > end) raise_index();
  return list_from(items + start, end - start);
}

L2D_BUILTIN(list_reverse) {
  Value l = list_arg(self);
  list_length(l);  // wrong-type for an improper list
  Value result = nil;
  for (; is_cons(l); l = l.as<Cons>()->rest) result = cons(l.as<Cons>()->first, result);
  return result;
}

// A new list of all the elements, sharing no pair with the inputs (spec 7.6).
L2D_BUILTIN(list_append) {
  ListBuilder b;
  b.add_all(self);
  for (int i = 0; i < argc; ++i) b.add_all(argv[i]);
  return b.head;
}

L2D_BUILTIN(list_remove) {
  Value l = list_arg(self);
  list_length(l);
  ListBuilder b;
  for (; is_cons(l); l = l.as<Cons>()->rest)
    if (!equal(l.as<Cons>()->first, argv[0])) b.add(l.as<Cons>()->first);
  return b.head;
}

L2D_BUILTIN(list_member) {
  for (Value l = list_arg(self); is_cons(l); l = l.as<Cons>()->rest)
    if (equal(l.as<Cons>()->first, argv[0])) return l;
  return nil;
}

L2D_BUILTIN(list_position) {
  SWord i = 0;
  for (Value l = list_arg(self); is_cons(l); l = l.as<Cons>()->rest, ++i)
    if (equal(l.as<Cons>()->first, argv[0])) return Value::fixnum(i);
  return nil;
}

// The first element that is a pair whose first is `=` to the key; other elements are
// passed over.
L2D_BUILTIN(list_assoc) {
  for (Value l = list_arg(self); is_cons(l); l = l.as<Cons>()->rest) {
    Value e = l.as<Cons>()->first;
    if (is_cons(e) && equal(e.as<Cons>()->first, argv[0])) return e;
  }
  return nil;
}

// New pairs (k . d) of corresponding elements of the lists or vectors keys and data,
// up to the shorter, in front of the receiver itself.
L2D_BUILTIN(list_pairlist) {
  Value tail = list_arg(self);
  size_t nk, nd;
  Value* keys = sequence_items(argv[0], nk);
  Value* data = sequence_items(argv[1], nd);
  size_t n = nk < nd ? nk : nd;
  Value result = tail;
  for (size_t i = n; i-- > 0;) result = cons(cons(keys[i], data[i]), result);
  return result;
}

L2D_BUILTIN(list_map) {
  size_t n;
  Value* items = sequence_items(list_arg(self), n);
  return map_items(items, n, argv[0], argc - 1, argv + 1);
}

L2D_BUILTIN(list_vector) {
  size_t n;
  Value* items = sequence_items(list_arg(self), n);
  Vector* v = new_vector(n);
  for (size_t i = 0; i < n; ++i) v->data[i] = items[i];
  return Value(v);
}

// A new list of the elements, stably sorted; the receiver is unchanged (spec 15.4).
L2D_BUILTIN(list_sort) {
  size_t n;
  Value* items = sequence_items(list_arg(self), n);
  stable_sort(items, n, argc > 0 ? argv[0] : nil);
  return list_from(items, n);
}

L2D_BUILTIN(list_join) {
  size_t n;
  Value* items = sequence_items(list_arg(self), n);
  return string_join(items, n, argc > 0 ? argv[0] : nil);
}

}  // namespace

const BuiltinSpec list_methods[] = {
    {"first", list_first, 0, 0},
    {"rest", list_rest, 0, 0},
    {"setfirst", list_setfirst, 1, 1},
    {"setrest", list_setrest, 1, 1},
    {"size", list_size, 0, 0},
    {"elt", list_elt, 1, 1},
    {"setelt", list_setelt, 2, 2},
    {"subseq", list_subseq, 1, 2},
    {"reverse", list_reverse, 0, 0},
    {"append", list_append, 0, -1},
    {"remove", list_remove, 1, 1},
    {"member", list_member, 1, 1},
    {"position", list_position, 1, 1},
    {"assoc", list_assoc, 1, 1},
    {"pairlist", list_pairlist, 2, 2},
    {"map", list_map, 1, -1},
    {"sort", list_sort, 0, 1},
    {"join", list_join, 0, 1},
};

// Only for pairs: on nil, `vector` is the global function (nil vector X…) (spec 5),
// which gives the same #() when called without arguments.
const BuiltinSpec pair_only_methods[] = {
    {"vector", list_vector, 0, 0},
};

void register_list_methods() {
  define_builtins(classes.cons, list_methods);
  define_builtins(classes.cons, pair_only_methods);
  define_builtins(classes.null, list_methods);
}

}  // namespace l2d
