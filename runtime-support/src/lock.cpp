// Locks: a recursive, robust, process-shared pthread mutex per lock, carved from
// MAP_SHARED anonymous memory, so forked children share it and a holder that died is
// recovered from (EOWNERDEAD) instead of deadlocking.
#include "l2d/lock.hpp"

#include <pthread.h>
#include <sys/mman.h>

#include <atomic>
#include <cerrno>
#include <mutex>
#include <vector>

#include "l2d/class.hpp"
#include "l2d/error.hpp"
#include "l2d/process.hpp"
#include "l2d/stream.hpp"

namespace l2d {

struct SharedLock {
  pthread_mutex_t mutex;
};

namespace {

constexpr size_t arena_bytes = 64 * 1024;
constexpr size_t slot_bytes = 64;  // a cache line per lock

std::mutex& arena_mutex() {
  static auto* m = new std::mutex;
  return *m;
}
char* arena;
size_t arena_used = arena_bytes;
std::atomic<uint32_t> lock_count{0};

SharedLock* new_shared_lock() {
  std::lock_guard guard(arena_mutex());
  if (arena_used + slot_bytes > arena_bytes) {
    void* p = mmap(nullptr, arena_bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) raise_out_of_memory();
    arena = static_cast<char*>(p);
    arena_used = 0;
  }
  auto* l = reinterpret_cast<SharedLock*>(arena + arena_used);
  arena_used += slot_bytes;
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
  pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST);
  pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init(&l->mutex, &attr);
  pthread_mutexattr_destroy(&attr);
  return l;
}

// The locks the current thread holds, with how many times (they are recursive), so
// that exit can release them first (spec 1.2).
struct Held {
  SharedLock* lock;
  int count;
};
thread_local std::vector<Held> held;

}  // namespace

Value make_lock() {
  auto* l = gc::make<Lock>(Kind::lock, classes.lock);
  l->shared = new_shared_lock();
  l->number = ++lock_count;
  return Value(l);
}

void lock_acquire(Lock* l) {
  flush_pending_output();  // spec 1.3: taking a lock is a flush point
  int r;
  do r = pthread_mutex_lock(&l->shared->mutex);
  while (r == EINTR);
  if (r == EOWNERDEAD) pthread_mutex_consistent(&l->shared->mutex);  // its holder died
  for (auto& h : held)
    if (h.lock == l->shared) {
      ++h.count;
      return;
    }
  held.push_back({l->shared, 1});
}

void lock_release(Lock* l) {
  flush_pending_output();
  for (size_t i = 0; i < held.size(); ++i)
    if (held[i].lock == l->shared) {
      if (--held[i].count == 0) held.erase(held.begin() + long(i));
      pthread_mutex_unlock(&l->shared->mutex);
      return;
    }
}

void release_all_locks() {
  for (auto& h : held)
    while (h.count-- > 0) pthread_mutex_unlock(&h.lock->mutex);
  held.clear();
}

void forget_locks_after_fork() { held.clear(); }

namespace rt {

LockHold::LockHold(Value receiver) : lock(unwrap(receiver)) {
  if (is_kind(lock, Kind::lock))
    lock_acquire(lock.as<Lock>());
  else
    lock = nil;
}

LockHold::~LockHold() {
  if (!lock.is_nil()) lock_release(lock.as<Lock>());
}

}  // namespace rt

namespace {
Value construct_lock(Class*, int argc, Value*) {
  if (argc != 0) raise(sym::wrong_argument_count);
  return make_lock();
}
}  // namespace

void register_lock_methods() { set_constructor(classes.lock, construct_lock); }

}  // namespace l2d
