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

}  // namespace l2d
