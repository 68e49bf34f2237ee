// Lists, vectors and byte vectors: construction and the helpers their methods share.
#pragma once

#include <cstdint>
#include <vector>

#include "runtime.hpp"

namespace l2d {

Vector* new_vector(size_t size);                    // elements nil
void vector_reserve(Vector* v, size_t capacity);
void vector_push(Vector* v, Value x);               // stores a number by value
ByteVector* new_byte_vector(size_t size);           // bytes zero
Value copy_byte_vector(const ByteVector* bv);
void byte_vector_push(ByteVector* bv, uint8_t b);

// Lists. A "proper list" ends in nil; these raise wrong-type on an improper one.
size_t list_length(Value l);
std::vector<Value> list_items(Value l);             // keep the list alive while using them
bool is_proper_list(Value l);
Value list_from(const std::vector<Value>& items, Value tail = nil);
Value list_from(const Value* items, size_t n, Value tail = nil);

// A predicate's success (spec 3.9): the designated object, or `true` when that
// object is itself nil or false.
inline Value predicate_success(Value designated) {
  return truthy(designated) ? designated : make_true();
}

// The elements of a list or a vector argument (map, pairlist) in collected memory, so
// they stay alive while user code runs: [n] gets their count. Else wrong-type.
Value* sequence_items(Value seq, size_t& n);

// Sorts [n] values in place, stably: a precedes b when (a M b) is true (spec 7.7 sort).
// [designator] is M, or nil for the default `<`. Runs program code: [items] must be
// collected memory or otherwise reachable.
void stable_sort(Value* items, size_t n, Value designator);

// (S map F S2…) for lists and vectors (spec 7.6): applies [designator] to each of the
// [n] [items] as receiver, with the corresponding elements of [others] (nothers lists
// or vectors) as arguments, as parallel tasks. → the list of results in element order.
Value map_items(const Value* items, size_t n, Value designator, int nothers, const Value* others);

// A fresh copy as spec 7.1 `copy` makes it, for initial elements of
// ('vector newobject n init): strings, vectors, byte vectors, tables, user objects get
// new objects with the same contents; a list a new spine; other objects are themselves.
Value fresh_copy(Value x);

}  // namespace l2d
