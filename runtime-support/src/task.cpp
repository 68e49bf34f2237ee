// Tasks and the history of computation (spec 11.3): one ring per task, recorded by
// compiled code and the evaluator alike; snapshots become lists only when taken.
#include "l2d/task.hpp"

#include <atomic>
#include <mutex>
#include <vector>

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

namespace rt {
uint64_t history_epoch = 1;
}

namespace {

// Every size change, so that a ring that missed some shrinks as much as the smallest
// size set since it last caught up (spec 11.3: shrinking drops the oldest entries, and
// they do not come back when the size grows again).
struct SizeChange {
  uint64_t epoch;
  int32_t size;
};
std::mutex& size_log_mutex() {
  static auto* m = new std::mutex;
  return *m;
}
std::vector<SizeChange>& size_log() {
  static auto* v = new std::vector<SizeChange>;
  return *v;
}

int32_t smallest_size_since(uint64_t epoch) {
  std::lock_guard lock(size_log_mutex());
  int32_t smallest = rt::history_size;
  for (const SizeChange& c : size_log())
    if (c.epoch > epoch && c.size < smallest) smallest = c.size;
  return smallest;
}

constexpr int32_t min_ring = 64;

// How many of the newest `capacity` slots hold entries: the write position wraps at 2^32,
// so the count comes from the slots themselves (an empty one has meta 0).
uint64_t filled_count(const Task* t) {
  uint64_t count = 0;
  while (count < uint64_t(t->capacity) && t->ring[(t->pos - 1 - count) & t->mask].meta != 0) ++count;
  return count;
}

uint32_t ring_mask_for(int32_t size) {
  uint32_t n = 1;
  while (n < uint32_t(size)) n <<= 1;
  return n - 1;
}

// Brings [t]'s ring to the current size, keeping the newest entries (spec 11.3).
void sync_ring(Task* t) {
  int32_t size = rt::history_size;
  uint64_t epoch = __atomic_load_n(&rt::history_epoch, __ATOMIC_ACQUIRE);
  if (t->capacity == size && t->ring && t->size_epoch == epoch) return;
  uint64_t count = t->ring ? filled_count(t) : 0;
  int32_t smallest = t->ring ? smallest_size_since(t->size_epoch) : size;
  uint64_t keep = count < uint64_t(smallest) ? count : uint64_t(smallest);
  t->size_epoch = epoch;
  // The ring only grows (from 64 entries), so recording functions that keep its address
  // across a call rarely see it move; shrinking just shows fewer entries.
  uint32_t mask = ring_mask_for(size < min_ring ? min_ring : size);
  if (t->ring && mask < t->mask) mask = t->mask;
  auto* kept = keep ? static_cast<HistoryEntry*>(gc::alloc(sizeof(HistoryEntry) * keep)) : nullptr;
  for (uint64_t i = 0; i < keep; ++i) kept[i] = t->ring[(t->pos - keep + i) & t->mask];
  if (!t->ring || mask != t->mask)
    t->ring = static_cast<HistoryEntry*>(gc::alloc(sizeof(HistoryEntry) * (uint64_t(mask) + 1)));
  for (uint64_t i = 0; i < keep; ++i) t->ring[i] = kept[i];
  for (uint64_t i = keep; i <= mask; ++i) t->ring[i] = HistoryEntry{nil, 0};  // empty slots
  t->mask = mask;
  t->pos = uint32_t(keep);
  t->capacity = size;
}

}  // namespace

namespace rt {

Task* sync_history_task(Task* t) {
  sync_ring(t);
  return t;
}

const Value* form_table;
void register_form_table(const Value* table) { form_table = table; }

void record_checked(int32_t depth, int32_t enter, Value v) {
  if (history_size == 0) return;
  Task* t = history_task();
  HistoryEntry& e = t->ring[t->pos++ & t->mask];
  e.value = enter ? v : unwrap(v);
  e.meta = int64_t(depth) * 4 + record_depth_bias + (enter ? record_enter : record_leave);
}

}  // namespace rt

Value history_snapshot(Task* t) {
  sync_ring(t);
  if (t->capacity == 0) return nil;
  uint64_t count = filled_count(t);
  if (count == 0) return nil;
  Value result = nil;
  for (uint64_t i = 0; i < count; ++i) {  // newest first, consing makes oldest first
    const HistoryEntry& e = t->ring[(t->pos - 1 - i) & t->mask];
    int64_t how = e.meta & 3;
    Value v = how == rt::record_enter_id ? rt::form_table[e.value.bits] : e.value;
    Value items[3] = {Value::fixnum((e.meta - rt::record_depth_bias) >> 2), boolean(how != rt::record_leave), v};
    result = cons(list(3, items), result);
  }
  return result;
}

void set_history_size(int32_t n) {
  std::lock_guard lock(size_log_mutex());
  uint64_t epoch = rt::history_epoch + 1;
  size_log().push_back({epoch, n});
  __atomic_store_n(&rt::history_size, n, __ATOMIC_RELAXED);
  __atomic_store_n(&rt::history_epoch, epoch, __ATOMIC_RELEASE);
}

}  // namespace l2d
