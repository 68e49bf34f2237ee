// Methods of `vector` (spec 7.7, 15.4): construction (also nested), access through
// several indexes, subsequences, the destructive push/pop/swap/sort, map, conversions.
#include <cstring>

#include "l2d/class.hpp"
#include "l2d/error.hpp"
#include "l2d/sequence.hpp"
#include "l2d/string.hpp"

namespace l2d {

namespace {

Vector* vector_arg(Value v) { return arg_as<Vector>(unwrap(v), Kind::vector); }

// n elements, each a fresh copy of [init] (spec 7.7).
Value filled_vector(size_t n, Value init) {
  Vector* v = new_vector(n);
  for (size_t i = 0; i < n; ++i) v->data[i] = fresh_copy(init);
  return Value(v);
}

// Nested vectors of the dimensions dims[level…], no storage shared.
Value nested_vector(const size_t* dims, size_t ndims, size_t level, Value init) {
  if (level + 1 == ndims) return filled_vector(dims[level], init);
  Vector* v = new_vector(dims[level]);
  for (size_t i = 0; i < dims[level]; ++i) v->data[i] = nested_vector(dims, ndims, level + 1, init);
  return Value(v);
}

// ('vector newobject), ('vector newobject n [init]), ('vector newobject '(d1 d2…) [init]).
Value construct_vector(Class*, int argc, Value* argv) {
  if (argc > 2) raise(sym::wrong_argument_count);
  if (argc == 0) return Value(new_vector(0));
  Value init = argc > 1 ? unwrap(argv[1]) : nil;
  Value shape = unwrap(argv[0]);
  if (!is_cons(shape)) return filled_vector(count_arg(shape), init);
  size_t ndims = list_length(shape);
  std::vector<size_t> dims;
  // Every dimension is checked first; so is the whole, so that a shape whose rows are
  // each small but which asks for more than 2^32 elements in all fails at once.
  uint64_t total = 1;
  bool overflow = false, empty = false;
  for (Value l = shape; is_cons(l); l = l.as<Cons>()->rest) {
    size_t d = count_arg(l.as<Cons>()->first);
    dims.push_back(d);
    empty |= d == 0;
    overflow |= __builtin_mul_overflow(total, uint64_t(d), &total);
  }
  if (!empty && (overflow || total > max_sequence_size)) raise_out_of_memory();
  return nested_vector(dims.data(), ndims, 0, init);
}

// One step of (v elt i j…): a vector is indexed here; any other object is sent `elt`,
// as ((v elt i) elt j) would.
Value element(Value x, Value index, int32_t depth) {
  x = unwrap(x);
  if (is_kind(x, Kind::vector)) {
    Vector* v = x.as<Vector>();
    return v->data[index_arg(index, v->size)];
  }
  rt::call_depth = depth;
  return send(&sym::elt, x, 1, &index);
}

L2D_BUILTIN(vector_size) { return Value::fixnum(SWord(vector_arg(self)->size)); }

L2D_BUILTIN(vector_elt) {
  Value x = Value(vector_arg(self));
  int32_t depth = rt::call_depth;
  for (int k = 0; k < argc; ++k) x = element(x, argv[k], depth);
  return x;
}

// (v setelt i j… x) → v, the outermost.
L2D_BUILTIN(vector_setelt) {
  Value target = Value(vector_arg(self));
  int32_t depth = rt::call_depth;
  for (int k = 0; k + 2 < argc; ++k) target = element(target, argv[k], depth);
  Value index = argv[argc - 2], x = argv[argc - 1];
  if (is_kind(target, Kind::vector)) {
    Vector* v = target.as<Vector>();
    check_writable(target);
    v->data[index_arg(index, v->size)] = unwrap(x);  // numbers are stored as values
  } else {
    Value args[2] = {index, x};
    rt::call_depth = depth;
    send(&sym::setelt, target, 2, args);
  }
  return self;
}

L2D_BUILTIN(vector_subseq) {
  Vector* v = vector_arg(self);
  size_t start = bound_arg(argv[0], v->size);
  size_t end = argc > 1 ? bound_arg(argv[1], v->size) : v->size;
  if (start > end) raise_index();
  Vector* r = new_vector(end - start);
  std::memcpy(r->data, v->data + start, sizeof(Value) * (end - start));
  return Value(r);
}

L2D_BUILTIN(vector_reverse) {
  Vector* v = vector_arg(self);
  size_t n = v->size;
  Vector* r = new_vector(n);
  for (size_t i = 0; i < n; ++i) r->data[i] = v->data[n - 1 - i];
  return Value(r);
}

L2D_BUILTIN(vector_remove) {
  Vector* v = vector_arg(self);
  Vector* r = new_vector(0);
  for (size_t i = 0; i < v->size; ++i)
    if (!equal(v->data[i], argv[0])) vector_push(r, v->data[i]);
  return Value(r);
}

// (v push x [n]): x itself n times, so a string or vector is shared by the n slots.
L2D_BUILTIN(vector_push_method) {
  Vector* v = vector_arg(self);
  check_writable(self);
  size_t n = argc > 1 ? count_arg(argv[1]) : 1;
  if (n > max_sequence_size - v->size) raise_out_of_memory();
  vector_reserve(v, v->size + n);
  Value x = unwrap(argv[0]);
  for (size_t i = 0; i < n; ++i) v->data[v->size++] = x;
  return self;
}

L2D_BUILTIN(vector_pop) {
  Vector* v = vector_arg(self);
  check_writable(self);
  if (v->size == 0) raise_index();
  Value x = v->data[--v->size];
  v->data[v->size] = nil;  // the slot no longer keeps the element alive
  return x;
}

L2D_BUILTIN(vector_swap) {
  Vector* v = vector_arg(self);
  check_writable(self);
  size_t i = index_arg(argv[0], v->size), j = index_arg(argv[1], v->size);
  Value t = v->data[i];
  v->data[i] = v->data[j];
  v->data[j] = t;
  return self;
}

L2D_BUILTIN(vector_position) {
  Vector* v = vector_arg(self);
  for (size_t i = 0; i < v->size; ++i)
    if (equal(v->data[i], argv[0])) return Value::fixnum(SWord(i));
  return nil;
}

// Stable and in place. The comparisons run program code, which may change the vector:
// the elements are sorted in a copy and written back (spec 10.2: never a crash).
L2D_BUILTIN(vector_sort) {
  Vector* v = vector_arg(self);
  check_writable(self);
  size_t n;
  Value* items = sequence_items(self, n);
  stable_sort(items, n, argc > 0 ? argv[0] : nil);
  for (size_t i = 0; i < n && i < v->size; ++i) v->data[i] = items[i];
  return self;
}

L2D_BUILTIN(vector_map) {
  size_t n;
  Value* items = sequence_items(Value(vector_arg(self)), n);
  Value results = map_items(items, n, argv[0], argc - 1, argv + 1);
  Vector* r = new_vector(0);
  for (; is_cons(results); results = results.as<Cons>()->rest) vector_push(r, results.as<Cons>()->first);
  return Value(r);
}

L2D_BUILTIN(vector_list) {
  Vector* v = vector_arg(self);
  Value result = nil;
  for (size_t i = v->size; i-- > 0;) result = cons(v->data[i], result);
  return result;
}

L2D_BUILTIN(vector_join) {
  size_t n;
  Value* items = sequence_items(Value(vector_arg(self)), n);
  return string_join(items, n, argc > 0 ? argv[0] : nil);
}

}  // namespace

const BuiltinSpec vector_methods[] = {
    {"size", vector_size, 0, 0},
    {"elt", vector_elt, 1, -1},
    {"setelt", vector_setelt, 2, -1},
    {"subseq", vector_subseq, 1, 2},
    {"part", vector_subseq, 1, 2},
    {"reverse", vector_reverse, 0, 0},
    {"remove", vector_remove, 1, 1},
    {"push", vector_push_method, 1, 2},
    {"pop", vector_pop, 0, 0},
    {"swap", vector_swap, 2, 2},
    {"position", vector_position, 1, 1},
    {"sort", vector_sort, 0, 1},
    {"map", vector_map, 1, -1},
    {"list", vector_list, 0, 0},
    {"join", vector_join, 0, 1},
};

void register_vector_methods() {
  define_builtins(classes.vector, vector_methods);
  set_constructor(classes.vector, construct_vector);
}

}  // namespace l2d
