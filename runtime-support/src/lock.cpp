// Locks: a recursive, robust, process-shared pthread mutex per lock, carved from
// MAP_SHARED anonymous memory, so forked children share it and a holder that died is
// recovered from (EOWNERDEAD) instead of deadlocking.
#include "l2d/lock.hpp"

#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <sys/mman.h>
#include <time.h>

#include <algorithm>
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

// Exit in one thread releases the locks every thread of the process holds (spec 1.2,
// 10.1), before it waits for the children that may wait for them. A mutex is released
// by the thread holding it only, so exit signals each such thread (the registry below):
// its handler releases its locks, says so, and waits for the process to end; it runs
// no more of the program, which would think it still held them.
std::mutex& registry_mutex() {
  static auto* m = new std::mutex;
  return *m;
}
std::vector<pthread_t> holders;  // threads holding at least one lock
int release_signal() { return SIGRTMIN + 4; }
std::atomic<bool> exit_releasing{false};
sem_t released;  // one post per thread that released
// Where the thread is in a lock call, for the handler: held is consistent but for
// [changing]; while [acquiring], the mutex being taken is not in held yet.
enum : int { running = 0, acquiring = 1, changing = 2 };
thread_local volatile sig_atomic_t phase = running;
thread_local volatile sig_atomic_t release_deferred = 0;  // a signal came while changing
thread_local volatile sig_atomic_t released_all = 0;      // a signal came while acquiring

void release_held() {
  for (auto& h : held)
    while (h.count-- > 0) pthread_mutex_unlock(&h.lock->mutex);
  held.clear();
}

[[noreturn]] void wait_for_end() {
  for (;;) pause();
}

[[noreturn]] void release_and_wait_for_end() {
  release_held();
  sem_post(&released);
  wait_for_end();
}

void on_release_signal(int) {
  if (!exit_releasing.load()) return;  // not ours
  switch (phase) {
    case changing: release_deferred = 1; return;  // the lock call finishes it
    case acquiring:  // the wait (or its end) goes on; the lock call lets go of what it gets
      release_held();
      released_all = 1;
      sem_post(&released);
      return;
    default: release_and_wait_for_end();
  }
}

// Brackets a change of held (and the registry): the signal's handler waits until after.
// The registry changes only when the thread takes its first lock or lets go of its last.
struct HeldUpdate {
  bool held_none = held.empty();
  HeldUpdate() { phase = changing; }
  ~HeldUpdate() {
    if (held.empty() != held_none) {
      std::lock_guard guard(registry_mutex());
      auto it = std::find(holders.begin(), holders.end(), pthread_self());
      if (held_none) {
        if (it == holders.end()) holders.push_back(pthread_self());
      } else if (it != holders.end()) {  // exit may have cleared the registry
        holders.erase(it);
      }
    }
    phase = running;
    if (release_deferred) release_and_wait_for_end();
  }
};

void install_release_handler() {
  static std::once_flag once;
  std::call_once(once, [] {
    sem_init(&released, 0, 0);
    struct sigaction sa {};
    sa.sa_handler = on_release_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(release_signal(), &sa, nullptr);
  });
}

}  // namespace

Value make_lock() {
  auto* l = gc::make<Lock>(Kind::lock, classes.lock);
  l->shared = new_shared_lock();
  l->number = ++lock_count;
  return Value(l);
}

void lock_acquire(Lock* l) {
  flush_pending_output();  // spec 1.3: taking a lock is a flush point
  install_release_handler();
  int r;
  phase = acquiring;
  do r = pthread_mutex_lock(&l->shared->mutex);
  while (r == EINTR);
  if (r == EOWNERDEAD) pthread_mutex_consistent(&l->shared->mutex);  // its holder died
  HeldUpdate update;
  // Exit released this thread's locks meanwhile, or began after it took its last
  // look at which threads hold locks: this one goes too, and the thread stops.
  if (released_all || exit_releasing.load()) {
    pthread_mutex_unlock(&l->shared->mutex);
    release_held();
    wait_for_end();
  }
  for (auto& h : held)
    if (h.lock == l->shared) {
      ++h.count;
      return;
    }
  held.push_back({l->shared, 1});
}

void lock_release(Lock* l) {
  flush_pending_output();
  HeldUpdate update;
  for (size_t i = 0; i < held.size(); ++i)
    if (held[i].lock == l->shared) {
      if (--held[i].count == 0) held.erase(held.begin() + long(i));
      pthread_mutex_unlock(&l->shared->mutex);
      return;
    }
}

void release_all_locks() {
  phase = changing;  // this thread ends the process: no handler of its own
  exit_releasing.store(true);  // from now on a thread taking a lock lets go of it and stops
  release_held();
  std::vector<pthread_t> others;
  {
    std::lock_guard guard(registry_mutex());
    for (pthread_t t : holders)
      if (!pthread_equal(t, pthread_self())) others.push_back(t);
    holders.clear();
  }
  if (others.empty()) return;
  size_t signalled = 0;
  for (pthread_t t : others)
    if (pthread_kill(t, release_signal()) == 0) ++signalled;
  // Each answers at once (its handler runs whatever it was doing); a bound on the wait
  // all the same, so that exit cannot hang on a thread that never answers.
  timespec deadline;
  clock_gettime(CLOCK_REALTIME, &deadline);
  deadline.tv_sec += 5;
  for (size_t i = 0; i < signalled; ++i)
    while (sem_timedwait(&released, &deadline) != 0)
      if (errno != EINTR) return;
}

void forget_locks_after_fork() {
  held.clear();
  holders.clear();  // the parent's threads are not the child's
}

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
