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

}  // namespace

namespace rt {
const Value* form_table;
void register_form_table(const Value* table) { form_table = table; }
const RecordStep* run_steps;
const int32_t* run_starts;
void register_record_runs(const RecordStep* steps, const int32_t* starts) {
  run_steps = steps;
  run_starts = starts;
}
}  // namespace rt

namespace {

// One entry, expanded from its slot.
struct Entry {
  Value value;  // the form for a begin record
  int64_t depth;
  bool enter;
};

// The newest entries of [t]'s ring, at most [limit], newest first, into [out] (collected
// memory: the values stay alive while the ring is rebuilt). Returns how many. The write
// position wraps at 2^32, so emptiness comes from the slots themselves (meta 0).
uint64_t newest_entries(const Task* t, uint64_t limit, Entry* out) {
  uint64_t count = 0;
  for (uint64_t slot = 1; slot <= rt::slot_count(t->mask) && count < limit; ++slot) {
    const HistoryEntry& e = rt::ring_slot(t->ring, (t->pos - uint32_t(slot) * rt::slot_bytes) & t->mask);
    if (e.meta == 0) break;
    int64_t depth = (e.meta >> rt::record_depth_shift) - 1;
    int64_t kind = e.meta & 3;
    int64_t payload = (e.meta & 0xffffffff) >> 2;
    switch (kind) {
      case rt::record_leave: out[count++] = {e.value, depth, false}; break;
      case rt::record_enter: out[count++] = {e.value, depth, true}; break;
      case rt::record_enter_id: out[count++] = {rt::form_table[payload], depth, true}; break;
      default:  // a run, newest step first
        for (int32_t i = rt::run_starts[payload + 1]; i-- > rt::run_starts[payload] && count < limit;) {
          const rt::RecordStep& s = rt::run_steps[i];
          out[count++] = s.form >= 0  ? Entry{rt::form_table[s.form], depth + s.rel, true}
                         : s.form == -1 ? Entry{e.value, depth + s.rel, false}
                         : s.form == -2 ? Entry{e.value2, depth + s.rel, false}
                         : s.form == -3 ? Entry{e.value3, depth + s.rel, false}
                                        : Entry{rt::form_table[-4 - s.form], depth + s.rel, false};
        }
    }
  }
  return count;
}

Entry* entry_buffer(uint64_t n) { return n ? static_cast<Entry*>(gc::alloc(sizeof(Entry) * n)) : nullptr; }

uint32_t ring_mask_for(int32_t size) {
  uint32_t n = 1;
  while (n < uint32_t(size)) n <<= 1;
  return n - 1;
}

// Brings [t]'s ring to the current size, keeping the newest entries (spec 11.3). The
// kept entries are written back one per slot.
void sync_ring(Task* t) {
  // The epoch first: the size read after it is at least as new (set_history_size
  // publishes the size, then the epoch), and a newer size comes with a newer epoch.
  uint64_t epoch = __atomic_load_n(&rt::history_epoch, __ATOMIC_ACQUIRE);
  int32_t size = __atomic_load_n(&rt::history_size, __ATOMIC_RELAXED);
  if (t->capacity == size && t->ring && t->size_epoch == epoch) return;
  int32_t smallest = t->ring ? smallest_size_since(t->size_epoch) : size;
  uint64_t limit = t->ring ? uint64_t(t->capacity < smallest ? t->capacity : smallest) : 0;
  if (int64_t(limit) < 0) limit = 0;
  Entry* kept = entry_buffer(limit);
  uint64_t keep = t->ring ? newest_entries(t, limit, kept) : 0;  // newest first
  t->size_epoch = epoch;
  // The ring only grows (from 64 slots), so recording functions that keep its address
  // across a call rarely see it move; shrinking just shows fewer entries.
  uint32_t mask = ring_mask_for(size < min_ring ? min_ring : size) * rt::slot_bytes;
  if (t->ring && mask < t->mask) mask = t->mask;
  if (!t->ring || mask != t->mask)
    t->ring = static_cast<HistoryEntry*>(gc::alloc(sizeof(HistoryEntry) * rt::slot_count(mask)));
  for (uint64_t i = 0; i < keep; ++i) {
    const Entry& e = kept[keep - 1 - i];
    t->ring[i] = HistoryEntry{e.value, nil, rt::record_meta(int32_t(e.depth), 0, e.enter ? rt::record_enter : rt::record_leave), 0};
  }
  for (uint64_t i = keep; i < rt::slot_count(mask); ++i) t->ring[i] = HistoryEntry{nil, nil, 0, 0};  // empty slots
  t->mask = mask;
  t->pos = uint32_t(keep) * rt::slot_bytes;
  t->capacity = size;
}

}  // namespace

namespace rt {

Task* sync_history_task(Task* t) {
  sync_ring(t);
  return t;
}

void record_checked(int32_t depth, int32_t enter, Value v) {
  if (history_size == 0) return;
  Task* t = history_task();
  HistoryEntry& e = claim_slot(t, t->ring, t->mask);
  e.value = enter ? v : unwrap(v);
  e.meta = record_meta(depth, 0, enter ? record_enter : record_leave);
}

}  // namespace rt

Value history_snapshot(Task* t) {
  sync_ring(t);
  if (t->capacity <= 0) return nil;
  Entry* entries = entry_buffer(uint64_t(t->capacity));
  uint64_t count = newest_entries(t, uint64_t(t->capacity), entries);
  Value result = nil;
  for (uint64_t i = 0; i < count; ++i) {  // newest first, consing makes oldest first
    const Entry& e = entries[i];
    Value items[3] = {Value::fixnum(e.depth), boolean(e.enter), e.value};
    result = cons(list(3, items), result);
  }
  return result;
}

void set_history_size(int32_t n) {
  bool was_recording;
  {
    std::lock_guard lock(size_log_mutex());
    uint64_t epoch = rt::history_epoch + 1;
    size_log().push_back({epoch, n});
    was_recording = rt::history_size != 0;
    __atomic_store_n(&rt::history_size, n, __ATOMIC_RELAXED);
    __atomic_store_n(&rt::history_epoch, epoch, __ATOMIC_RELEASE);
  }
  // The task that changed the size catches up now: the recording functions it returns
  // to reload the ring after the call (Recorder::done) without testing the epoch, and
  // must write to the ring of the new size, as the evaluator does.
  if (current_task) sync_ring(current_task);
  // Direct calls of global functions pick the recording variants from now on, or stop.
  if (was_recording != (n != 0)) rt::refresh_direct_calls();
}

}  // namespace l2d
