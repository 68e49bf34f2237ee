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
void* alloc_exact(size_t bytes);              // scanned, zeroed, no spare byte: see below
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

// Exactly sized objects. Boehm GC recognises a pointer anywhere inside an object, and
// alloc() asks for one byte more than [bytes] so that a pointer just past the end (an
// end iterator) still keeps its object alive; with 16-byte granules that turns a 32-byte
// cons into 48 bytes. alloc_exact() rounds [bytes] up to a granule only, from a kind
// whose objects are scanned to their last word. The price: a pointer just past the end
// of such an object points into the next one and does not keep it alive. So use it only
// for fixed layouts that code reaches through the object's start or one of its fields
// (conses, number objects, functions), never for arrays or objects ending in one
// (vector data, instances, inline strings), which a loop may walk with an end pointer.
template <class T>
inline T* make_exact(Kind kind, Class* klass) {
  T* o = static_cast<T*>(alloc_exact(sizeof(T)));
  o->klass = klass;
  o->kind = kind;
  return o;
}

}  // namespace l2d::gc
