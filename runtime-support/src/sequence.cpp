// Construction and growth of vectors and byte vectors; list helpers.
#include "l2d/sequence.hpp"

#include <cstring>

#include "l2d/error.hpp"

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

}  // namespace l2d
