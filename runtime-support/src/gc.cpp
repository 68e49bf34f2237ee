// Boehm GC behind the gc.hpp interface.

#include "l2d/gc.hpp"

#include <gc/gc.h>

#include <cstring>

#include "l2d/error.hpp"
#include "l2d/number.hpp"

namespace l2d::gc {

void init() {
  static bool done = false;
  if (done) return;
  done = true;
  GC_set_handle_fork(1);  // fork() from any thread keeps the collector consistent
  GC_INIT();
  GC_allow_register_threads();
  init_gmp_memory();
}

void* alloc(size_t bytes) {
  void* p = GC_MALLOC(bytes);
  if (L2D_UNLIKELY(!p)) raise_out_of_memory();
  return p;
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
