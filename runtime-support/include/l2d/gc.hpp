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
inline void* alloc(size_t bytes);             // scanned, zeroed
inline void* alloc_exact(size_t bytes);       // scanned, zeroed, no spare byte: see below
void* alloc_atomic(size_t bytes);             // not scanned, contents undefined
void* alloc_uncollectable(size_t bytes);      // scanned root, zeroed, freed explicitly
void free_uncollectable(void* p);
void* grow_atomic(void* p, size_t old_bytes, size_t new_bytes);  // copy into a larger block
void* grow(void* p, size_t old_bytes, size_t new_bytes);         // scanned variant

// ---- the inline fast path ---------------------------------------------------------------
// Small objects come from per-thread lists of free, cleared objects that gc.cpp refills
// a block at a time from the collector, so an allocation is a pop, inlined into its
// caller. Generated code inlines it too (through make_cons and friends): the layout of
// FreeLists is part of the runtime's contract with generated code.
namespace detail {
constexpr size_t granule = 16;                 // GC_GRANULE_BYTES on 64-bit (gc.cpp checks)
constexpr size_t small_limit = 16 * granule;   // larger objects go straight to GC_malloc
struct FreeLists {
  void* normal[small_limit / granule + 2];     // alloc, by granules counting the spare byte
  void* exact[small_limit / granule + 1];      // alloc_exact, by granules
};
extern L2D_EXEC_TLS FreeLists* free_lists;         // the thread's lists; null until its first refill
void* alloc_slow(size_t bytes);                // refills, then allocates
void* alloc_exact_slow(size_t bytes);

// The first object of [list] with its link word cleared, or null when the list is empty.
L2D_INLINE void* pop(void** list) {
  void* p = *list;
  if (L2D_LIKELY(p != nullptr)) {
    *list = *static_cast<void**>(p);
    *static_cast<void**>(p) = nullptr;  // the link word; the rest is already clear
  }
  return p;
}
}  // namespace detail

L2D_INLINE void* alloc(size_t bytes) {
  detail::FreeLists* lists = detail::free_lists;
  if (L2D_LIKELY(lists != nullptr && bytes < detail::small_limit)) {
    // Objects of g granules hold [bytes] + 1: the byte past the end (see alloc_exact).
    if (void* p = detail::pop(&lists->normal[(bytes + detail::granule) / detail::granule]))
      return p;
  }
  return detail::alloc_slow(bytes);
}

L2D_INLINE void* alloc_exact(size_t bytes) {
  detail::FreeLists* lists = detail::free_lists;
  if (L2D_LIKELY(lists != nullptr && bytes <= detail::small_limit)) {
    if (void* p = detail::pop(&lists->exact[(bytes + detail::granule - 1) / detail::granule]))
      return p;
  }
  return detail::alloc_exact_slow(bytes);
}

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
