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

// Brings [t]'s ring to the current size, keeping the newest entries.
void sync_ring(Task* t) {
  int32_t size = rt::history_size;
  if (t->capacity == size) return;
  HistoryEntry* ring = size ? static_cast<HistoryEntry*>(gc::alloc(sizeof(HistoryEntry) * size))
                            : nullptr;
  int32_t keep = t->count < size ? t->count : size;
  for (int32_t i = 0; i < keep; ++i) {
    int32_t from = (t->head - keep + i + 2 * t->capacity) % (t->capacity ? t->capacity : 1);
    ring[i] = t->ring[from];
  }
  t->ring = ring;
  t->capacity = size;
  t->count = keep;
  t->head = size ? keep % size : 0;
}

inline void record(Task* t, int32_t depth, bool enter, Value v) {
  if (L2D_UNLIKELY(t->capacity != rt::history_size)) sync_ring(t);
  if (t->capacity == 0) return;
  HistoryEntry& e = t->ring[t->head];
  e.value = v;
  e.depth = depth;
  e.enter = enter;
  t->head = t->head + 1 == t->capacity ? 0 : t->head + 1;
  if (t->count < t->capacity) ++t->count;
}

}  // namespace

namespace rt {

void record_enter(int32_t depth, Value form) { record(current_task, depth, true, form); }

void record_leave(int32_t depth, Value v) {
  // Numbers are recorded by value (spec 11.3): a later += must not change the entry.
  record(current_task, depth, false, unwrap(v));
}

}  // namespace rt

Value history_snapshot(Task* t) {
  sync_ring(t);
  if (t->capacity == 0 || t->count == 0) return nil;
  Value result = nil;
  for (int32_t i = 0; i < t->count; ++i) {  // newest first, consing makes oldest first
    int32_t at = (t->head - 1 - i + 2 * t->capacity) % t->capacity;
    const HistoryEntry& e = t->ring[at];
    Value items[3] = {Value::fixnum(e.depth), boolean(e.enter), e.value};
    result = cons(list(3, items), result);
  }
  return result;
}

void set_history_size(int32_t n) { __atomic_store_n(&rt::history_size, n, __ATOMIC_RELAXED); }

}  // namespace l2d
