// Construction and growth of vectors and byte vectors; list helpers; what the list and
// vector methods share: stable sorting by a designator, parallel map, fresh copies.
#include "l2d/sequence.hpp"

#include <alloca.h>

#include <cstring>

#include "l2d/class.hpp"
#include "l2d/error.hpp"
#include "l2d/stream.hpp"
#include "l2d/string.hpp"
#include "l2d/table.hpp"
#include "l2d/thread.hpp"

namespace l2d {

Vector* new_vector(size_t size) {
  if (size > max_sequence_size) raise_out_of_memory();
  auto* v = gc::make<Vector>(Kind::vector, classes.vector);
  v->size = v->capacity = size;
  v->data = static_cast<Value*>(gc::alloc(sizeof(Value) * (size ? size : 1)));
  return v;
}

void vector_reserve(Vector* v, size_t capacity) {
  if (capacity <= v->capacity) return;
  if (capacity > max_sequence_size) raise_out_of_memory();
  size_t cap = v->capacity * 2 > capacity ? v->capacity * 2 : capacity;
  if (cap < 4) cap = 4;
  v->data = static_cast<Value*>(gc::grow(v->data, v->size * sizeof(Value), cap * sizeof(Value)));
  v->capacity = cap;
}

void vector_push(Vector* v, Value x) {
  vector_reserve(v, v->size + 1);
  v->data[v->size++] = unwrap(x);
}

ByteVector* new_byte_vector(size_t size) {
  if (size > max_sequence_size) raise_out_of_memory();
  auto* bv = gc::make<ByteVector>(Kind::byte_vector, classes.byte_vector);
  bv->size = bv->capacity = size;
  bv->data = static_cast<uint8_t*>(gc::alloc_atomic(size ? size : 1));
  std::memset(bv->data, 0, size ? size : 1);
  return bv;
}

Value copy_byte_vector(const ByteVector* src) {
  ByteVector* bv = new_byte_vector(src->size);
  std::memcpy(bv->data, src->data, src->size);
  return Value(bv);
}

void byte_vector_push(ByteVector* bv, uint8_t b) {
  if (bv->size == bv->capacity) {
    size_t cap = bv->capacity * 2 > 8 ? bv->capacity * 2 : 8;
    if (cap > max_sequence_size) raise_out_of_memory();
    bv->data = static_cast<uint8_t*>(gc::grow_atomic(bv->data, bv->size, cap));
    bv->capacity = cap;
  }
  bv->data[bv->size++] = b;
}

bool is_proper_list(Value l) {
  while (is_cons(l)) l = l.as<Cons>()->rest;
  return l.is_nil();
}

size_t list_length(Value l) {
  size_t n = 0;
  for (; is_cons(l); l = l.as<Cons>()->rest) ++n;
  if (!l.is_nil()) raise_wrong_type();
  return n;
}

std::vector<Value> list_items(Value l) {
  std::vector<Value> items;
  for (; is_cons(l); l = l.as<Cons>()->rest) items.push_back(l.as<Cons>()->first);
  if (!l.is_nil()) raise_wrong_type();
  return items;
}

Value list_from(const std::vector<Value>& items, Value tail) {
  Value result = tail;
  for (size_t i = items.size(); i-- > 0;) result = cons(items[i], result);
  return result;
}

Value list_from(const Value* items, size_t n, Value tail) {
  Value result = tail;
  for (size_t i = n; i-- > 0;) result = cons(items[i], result);
  return result;
}

Value* sequence_items(Value seq, size_t& n) {
  seq = unwrap(seq);
  if (is_kind(seq, Kind::vector)) {
    const Vector* v = seq.as<Vector>();
    n = v->size;
    auto* items = static_cast<Value*>(gc::alloc(sizeof(Value) * (n ? n : 1)));
    std::memcpy(items, v->data, sizeof(Value) * n);
    return items;
  }
  if (!seq.is_nil() && !is_cons(seq)) raise_wrong_type();
  n = list_length(seq);
  auto* items = static_cast<Value*>(gc::alloc(sizeof(Value) * (n ? n : 1)));
  size_t i = 0;
  for (Value l = seq; is_cons(l) && i < n; l = l.as<Cons>()->rest) items[i++] = l.as<Cons>()->first;
  n = i;
  return items;
}

// ---- sort -------------------------------------------------------------------------------

namespace {

struct Order {
  Value designator;  // nil: the default `<`
  int32_t depth;     // the sort's form: each application's body runs one deeper
  mutable rt::SendCache cache{};
  // Whether [a] must precede [b]: (a M b) is true.
  bool precedes(Value a, Value b) const {
    rt::call_depth = depth;
    if (designator.is_nil()) return rt::lt_test(a, b, depth, cache);
    return truthy(rt::call_designator(designator, a, 1, &b));
  }
};

// Merges the sorted runs src[lo, mid) and src[mid, hi) into dst. Taking from the left
// run unless the right element strictly precedes keeps equal elements in order.
void merge(const Order& order, const Value* src, Value* dst, size_t lo, size_t mid, size_t hi) {
  size_t i = lo, j = mid, k = lo;
  while (i < mid && j < hi) dst[k++] = order.precedes(src[j], src[i]) ? src[j++] : src[i++];
  while (i < mid) dst[k++] = src[i++];
  while (j < hi) dst[k++] = src[j++];
}

}  // namespace

void stable_sort(Value* items, size_t n, Value designator) {
  if (n < 2) return;
  Order order{unwrap(designator), rt::call_depth};
  // Insertion sort of short runs, then bottom-up merging between [items] and a buffer
  // in collected memory (program code runs between the steps and may collect).
  constexpr size_t run = 8;
  for (size_t lo = 0; lo < n; lo += run) {
    size_t hi = lo + run < n ? lo + run : n;
    for (size_t i = lo + 1; i < hi; ++i) {
      Value x = items[i];
      size_t j = i;
      while (j > lo && order.precedes(x, items[j - 1])) {
        items[j] = items[j - 1];
        --j;
      }
      items[j] = x;
    }
  }
  if (n <= run) return;
  auto* buffer = static_cast<Value*>(gc::alloc(sizeof(Value) * n));
  Value* src = items;
  Value* dst = buffer;
  for (size_t width = run; width < n; width *= 2) {
    for (size_t lo = 0; lo < n; lo += 2 * width) {
      size_t mid = lo + width < n ? lo + width : n;
      size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
      merge(order, src, dst, lo, mid, hi);
    }
    Value* t = src;
    src = dst;
    dst = t;
  }
  if (src != items) std::memcpy(items, src, sizeof(Value) * n);
}

// ---- map --------------------------------------------------------------------------------

namespace {

struct MapJob {
  const Value* items;     // receivers
  Value designator;
  int nothers;
  Value** others;         // per other sequence, its elements
};

Value map_one(void* env, int index) {
  auto* job = static_cast<MapJob*>(env);
  auto* args = static_cast<Value*>(alloca(sizeof(Value) * size_t(job->nothers + 1)));
  for (int k = 0; k < job->nothers; ++k) args[k] = job->others[k][index];
  return rt::call_designator(job->designator, job->items[index], job->nothers, args);
}

}  // namespace

Value map_items(const Value* items, size_t n, Value designator, int nothers, const Value* others) {
  auto** columns = static_cast<Value**>(gc::alloc(sizeof(Value*) * size_t(nothers > 0 ? nothers : 1)));
  for (int k = 0; k < nothers; ++k) {
    size_t m;
    columns[k] = sequence_items(others[k], m);
    if (m < n) n = m;  // up to the shortest
  }
  if (n > size_t(INT32_MAX)) raise_out_of_memory();
  MapJob job{items, unwrap(designator), nothers, columns};
  flush_pending_output();  // starting a map is a flush point (spec 1.3)
  return run_tasks(int(n), map_one, &job);
}

// ---- copies -----------------------------------------------------------------------------

Value fresh_copy(Value x) {
  x = unwrap(x);
  if (!x.is_ptr()) return x;
  switch (x.ptr()->kind) {
    case Kind::string: return copy_string(x.as<String>());
    case Kind::byte_vector: return copy_byte_vector(x.as<ByteVector>());
    case Kind::vector: {
      const Vector* src = x.as<Vector>();
      Vector* v = new_vector(src->size);
      std::memcpy(v->data, src->data, sizeof(Value) * src->size);
      return Value(v);
    }
    case Kind::table: return copy_table(x.as<Table>());
    case Kind::cons: {
      // A new spine; an improper tail is kept as it is.
      Value head = cons(x.as<Cons>()->first, nil);
      Value last = head;
      for (x = x.as<Cons>()->rest; is_cons(x); x = x.as<Cons>()->rest) {
        Value c = cons(x.as<Cons>()->first, nil);
        last.as<Cons>()->rest = c;
        last = c;
      }
      last.as<Cons>()->rest = x;
      return head;
    }
    case Kind::instance: {
      Class* k = x.ptr()->klass;
      size_t bytes = sizeof(Instance) + sizeof(Value) * (k->nfields ? k->nfields - 1 : 0);
      auto* o = gc::make<Instance>(Kind::instance, k, bytes);
      std::memcpy(o->fields, x.as<Instance>()->fields, sizeof(Value) * k->nfields);
      return Value(o);
    }
    default: return x;
  }
}

}  // namespace l2d
