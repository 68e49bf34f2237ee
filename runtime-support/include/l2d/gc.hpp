// The whole memory-management interface: Boehm GC behind four calls.
//
// Objects are allocated zeroed (so every Value field starts as nil). Atomic memory is
// for bytes the collector must not scan (string and byte-vector contents, GMP limbs).
// A failed allocation raises `out-of-memory` (spec 11.2); it never returns null.
// Memory the collector does not see (malloc, C++ exception objects, thread-local
// storage) must not be the only home of a Value: keep such Values in uncollectable
// memory or on a stack.
#pragma once

#include <stddef.h>

#include "object.hpp"

namespace l2d::gc {

void init();                                  // once, before anything else; idempotent
void* alloc(size_t bytes);                    // scanned, zeroed
void* alloc_atomic(size_t bytes);             // not scanned, contents undefined
void* alloc_uncollectable(size_t bytes);      // scanned root, zeroed, freed explicitly
void free_uncollectable(void* p);
void* grow_atomic(void* p, size_t old_bytes, size_t new_bytes);  // copy into a larger block
void* grow(void* p, size_t old_bytes, size_t new_bytes);         // scanned variant

// Allocates an object of type T with its header filled in.
template <class T>
inline T* make(Kind kind, Class* klass, size_t bytes = sizeof(T)) {
  T* o = static_cast<T*>(alloc(bytes));
  o->klass = klass;
  o->kind = kind;
  return o;
}

}  // namespace l2d::gc
