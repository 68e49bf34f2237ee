// Tasks and the history of computation (spec 11.3): one ring per task, recorded by
// compiled code and the evaluator alike; snapshots become lists only when taken.
#include "l2d/task.hpp"

#include <atomic>

#include "l2d/gc.hpp"
#include "l2d/number.hpp"

namespace l2d {

__thread Task* current_task;

namespace rt {
__thread int32_t call_depth;
__thread char* stack_limit;
int32_t history_size = 12;
}  // namespace rt

Task* new_task() {
  auto* t = static_cast<Task*>(gc::alloc_uncollectable(sizeof(Task)));
  return t;
}

void free_task(Task* t) { gc::free_uncollectable(t); }

Task* switch_task(Task* t) {
  Task* old = current_task;
  current_task = t;
  return old;
}

namespace {

uint32_t ring_mask_for(int32_t size) {
  uint32_t n = 1;
  while (n < uint32_t(size)) n <<= 1;
  return n - 1;
}

// Brings [t]'s ring to the current size, keeping the newest entries (spec 11.3).
void sync_ring(Task* t) {
  int32_t size = rt::history_size;
  if (t->capacity == size && t->ring) return;
  uint64_t count = t->pos < uint64_t(t->capacity) ? t->pos : uint64_t(t->capacity);
  uint64_t keep = count < uint64_t(size) ? count : uint64_t(size);
  uint32_t mask = ring_mask_for(size);  // size 0: a one-entry ring nobody reads
  auto* ring = static_cast<HistoryEntry*>(gc::alloc(sizeof(HistoryEntry) * (uint64_t(mask) + 1)));
  for (uint64_t i = 0; i < keep; ++i) ring[i] = t->ring[(t->pos - keep + i) & t->mask];
  t->ring = ring;
  t->mask = mask;
  t->pos = keep;
  t->capacity = size;
}

}  // namespace

namespace rt {

Task* history_task() {
  Task* t = current_task;
  if (L2D_UNLIKELY(t->capacity != history_size || !t->ring)) sync_ring(t);
  return t;
}

void record_checked(int32_t depth, int32_t enter, Value v) {
  if (history_size == 0) return;
  record(history_task(), depth, enter, enter ? v : unwrap(v));
}

}  // namespace rt

Value history_snapshot(Task* t) {
  sync_ring(t);
  if (t->capacity == 0 || t->pos == 0) return nil;
  uint64_t count = t->pos < uint64_t(t->capacity) ? t->pos : uint64_t(t->capacity);
  Value result = nil;
  for (uint64_t i = 0; i < count; ++i) {  // newest first, consing makes oldest first
    const HistoryEntry& e = t->ring[(t->pos - 1 - i) & t->mask];
    Value items[3] = {Value::fixnum(e.meta >> 1), boolean(e.meta & 1), e.value};
    result = cons(list(3, items), result);
  }
  return result;
}

void set_history_size(int32_t n) { __atomic_store_n(&rt::history_size, n, __ATOMIC_RELAXED); }

}  // namespace l2d
