// Boehm GC behind the gc.hpp interface.

#include "l2d/gc.hpp"

#include <gc/gc.h>
#include <gc/gc_inline.h>
#include <gc/gc_mark.h>

#include <cstdlib>
#include <cstring>

#include "l2d/error.hpp"
#include "l2d/number.hpp"

namespace l2d::gc {

namespace {
// The kind of alloc_exact objects (gc.hpp): scanned like GC_I_NORMAL, but its descriptor
// covers the whole object, where the normal kind's stops one word short (that word holds
// the spare byte GC_malloc adds).
int exact_kind = -1;

void make_exact_kind() {
  // GC_DS_LENGTH with the object size added per block: scan every word of the object.
  // Objects are cleared when reclaimed, as GC_I_NORMAL's are.
  exact_kind = int(GC_new_kind(GC_new_free_list(), GC_DS_LENGTH, 1, 1));
  // A kind's list of blocks to sweep lazily is created by its first allocation through
  // GC_generic_malloc; until then GC_generic_malloc_many alone never reuses a block that
  // is only partly free. One throwaway object creates the list.
  void* first = GC_generic_malloc(GC_GRANULE_BYTES, exact_kind);
  if (!first) raise_out_of_memory();
  GC_FREE(first);
}
}  // namespace

void init() {
  static bool done = false;
  if (done) return;
  done = true;
  GC_set_handle_fork(1);  // fork() from any thread keeps the collector consistent
  GC_INIT();
  make_exact_kind();
  // A 32 MiB heap from the start: fewer collections while a program's data grows, and
  // pages the program never touches cost nothing (hello world stays ~4 MiB). 64 MiB
  // made alloc, strings and bignum no faster (alloc ~10 % slower: the collector walks
  // and the kernel clears twice the pages between collections) at twice the peak memory;
  // 16 MiB made alloc slower. GC_INITIAL_HEAP_SIZE in the environment still decides.
  if (!std::getenv("GC_INITIAL_HEAP_SIZE")) GC_expand_hp(size_t(32) << 20);
  GC_allow_register_threads();
  init_gmp_memory();
}

namespace {

// Small objects come from per-thread free lists (gc.hpp), refilled a batch at a time by
// GC_generic_malloc_many: a pop instead of a call into the collector per object. The
// lists live in uncollectable memory, so the collector sees the objects on them as
// allocated and leaves them alone. alloc's sizes are requested one byte larger, as
// GC_malloc does, because the normal kind does not trace the last word of an object.
// Only scanned objects: on a list of pointer-free objects the links would be invisible
// to the collector, which would take the objects back.
static_assert(detail::granule == GC_GRANULE_BYTES, "gc.hpp's granule is the collector's");

detail::FreeLists* thread_lists() {
  if (L2D_UNLIKELY(!detail::free_lists))
    detail::free_lists =
        static_cast<detail::FreeLists*>(GC_MALLOC_UNCOLLECTABLE(sizeof(detail::FreeLists)));
  if (!detail::free_lists) raise_out_of_memory();
  return detail::free_lists;
}

L2D_NOINLINE void* refill(void** list, size_t granules, int kind) {
  GC_generic_malloc_many(granules * GC_GRANULE_BYTES, kind, list);
  void* p = detail::pop(list);
  if (!p) raise_out_of_memory();
  return p;
}

}  // namespace

__thread detail::FreeLists* detail::free_lists;

void* detail::alloc_slow(size_t bytes) {
  if (L2D_LIKELY(bytes < small_limit)) {
    size_t g = (bytes + GC_GRANULE_BYTES) / GC_GRANULE_BYTES;
    void** list = &thread_lists()->normal[g];
    if (void* p = pop(list)) return p;
    return refill(list, g, GC_I_NORMAL);
  }
  void* p = GC_MALLOC(bytes);
  if (L2D_UNLIKELY(!p)) raise_out_of_memory();
  return p;
}

void* detail::alloc_exact_slow(size_t bytes) {
  if (L2D_LIKELY(bytes <= small_limit)) {
    size_t g = bytes ? (bytes + GC_GRANULE_BYTES - 1) / GC_GRANULE_BYTES : 1;
    void** list = &thread_lists()->exact[g];
    if (void* p = pop(list)) return p;
    return refill(list, g, exact_kind);
  }
  return alloc_slow(bytes);  // large objects: no granule to save
}

void* alloc_atomic(size_t bytes) {
  void* p = GC_MALLOC_ATOMIC(bytes);
  if (L2D_UNLIKELY(!p)) raise_out_of_memory();
  return p;
}

void* alloc_uncollectable(size_t bytes) {
  void* p = GC_MALLOC_UNCOLLECTABLE(bytes);
  if (L2D_UNLIKELY(!p)) raise_out_of_memory();
  std::memset(p, 0, bytes);
  return p;
}

void free_uncollectable(void* p) { GC_FREE(p); }

void* grow_atomic(void* p, size_t old_bytes, size_t new_bytes) {
  void* q = alloc_atomic(new_bytes);
  if (p) std::memcpy(q, p, old_bytes < new_bytes ? old_bytes : new_bytes);
  return q;
}

void* grow(void* p, size_t old_bytes, size_t new_bytes) {
  void* q = alloc(new_bytes);
  if (p) std::memcpy(q, p, old_bytes < new_bytes ? old_bytes : new_bytes);
  return q;
}

}  // namespace l2d::gc
