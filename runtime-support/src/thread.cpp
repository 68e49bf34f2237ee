// The worker pool of `parallel` and `map` (spec 10.2). Workers number as many as the
// processors; a form that finds no idle worker runs on the thread that asked, so
// nested parallel forms cannot deadlock. Every form runs as a task with its own
// history ring and current exception.

#include "l2d/thread.hpp"

#include <gc/gc.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <vector>

#include "l2d/error.hpp"
#include "l2d/process.hpp"
#include "l2d/sequence.hpp"
#include "l2d/stream.hpp"
#include "l2d/task.hpp"

namespace l2d {

namespace {

// One parallel form or map: the callback, and what each task produced.
struct Batch {
  TaskBody body;
  void* env;
  int32_t depth;          // the call depth of the asking thread, which tasks continue
  Value* results;         // collected memory
  Value* failures;        // per task: the exception value, or `no_value`
  Value* failure_history;
  std::atomic<int> remaining;
  std::mutex mutex;
  std::condition_variable done;
};

struct Job {
  Batch* batch;
  int index;
};

struct Pool {
  std::mutex mutex;
  std::condition_variable wake;
  std::deque<Job> jobs;
  int workers = 0;
  int idle = 0;
};

Pool* pool = new Pool;
std::atomic<int> active_batches{0};

void run_task(Batch* b, int index) {
  Task* task = new_task();
  Task* saved = switch_task(task);
  int32_t saved_depth = rt::call_depth;
  rt::call_depth = b->depth;
  try {
    b->results[index] = unwrap(b->body(b->env, index));
  } catch (rt::Thrown&) {
    b->failures[index] = task->in_flight;
    b->failure_history[index] = task->in_flight_history;
  }
  rt::call_depth = saved_depth;
  switch_task(saved);
  free_task(task);
  if (b->remaining.fetch_sub(1) == 1) {
    std::lock_guard lock(b->mutex);
    b->done.notify_all();
  }
}

void* worker_main(void*) {
  init_stack_limit();
  Pool* p = pool;
  for (;;) {
    Job job;
    {
      std::unique_lock lock(p->mutex);
      p->wake.wait(lock, [&] { return !p->jobs.empty(); });
      job = p->jobs.front();
      p->jobs.pop_front();
    }
    run_task(job.batch, job.index);
    std::lock_guard lock(p->mutex);
    ++p->idle;
  }
  return nullptr;
}

int processors() {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? int(n) : 1;
}

// Hands task [index] to an idle worker, starting workers up to the processor count.
bool offer(Batch* b, int index) {
  Pool* p = pool;
  std::lock_guard lock(p->mutex);
  if (p->idle == 0 && p->workers < processors()) {
    pthread_t t;
    if (start_thread(&t, worker_main, nullptr, worker_stack_size) == 0) {
      pthread_detach(t);
      ++p->workers;
      ++p->idle;
    }
  }
  if (p->idle == 0) return false;
  --p->idle;
  p->jobs.push_back({b, index});
  p->wake.notify_one();
  return true;
}

}  // namespace

int start_thread(pthread_t* thread, void* (*fn)(void*), void* arg, size_t stack) {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, stack);
  int r = GC_pthread_create(thread, &attr, fn, arg);
  pthread_attr_destroy(&attr);
  return r;
}

void init_stack_limit() {
  pthread_attr_t attr;
  void* addr = nullptr;
  size_t size = 0;
  if (pthread_getattr_np(pthread_self(), &attr) == 0) {
    pthread_attr_getstack(&attr, &addr, &size);
    pthread_attr_destroy(&attr);
  }
  // Leave room for raising the exception and unwinding (spec 3.8).
  size_t margin = size > (size_t(4) << 20) ? (size_t(1) << 20) : size / 4;
  rt::stack_limit = static_cast<char*>(addr) + margin;
}

bool parallel_active() { return active_batches.load() > 0; }

void reset_threads_after_fork() {
  pool = new Pool;  // the parent's workers (and their lock) are not in this process
  active_batches = 0;
}

Value run_tasks(int n, TaskBody body, void* env) {
  if (n == 0) return nil;
  set_output_buffering_allowed(false);  // spec 1.3: nothing held while tasks run
  ++active_batches;
  Batch b;
  b.body = body;
  b.env = env;
  b.depth = rt::call_depth;
  b.results = static_cast<Value*>(gc::alloc(sizeof(Value) * size_t(n)));
  b.failures = static_cast<Value*>(gc::alloc(sizeof(Value) * size_t(n)));
  b.failure_history = static_cast<Value*>(gc::alloc(sizeof(Value) * size_t(n)));
  for (int i = 0; i < n; ++i) b.failures[i] = no_value;
  b.remaining = n;
  for (int i = 0; i < n; ++i)
    if (!offer(&b, i)) run_task(&b, i);
  {
    std::unique_lock lock(b.mutex);
    b.done.wait(lock, [&] { return b.remaining.load() == 0; });
  }
  if (--active_batches == 0 && !has_unwaited_children()) set_output_buffering_allowed(true);
  // If forms raised, the first failing one's exception goes on (spec 10.2).
  for (int i = 0; i < n; ++i)
    if (b.failures[i] != no_value) {
      Task* t = current_task;
      t->in_flight = b.failures[i];
      t->in_flight_history = b.failure_history[i];
      throw rt::Thrown{0};
    }
  return list(n, b.results);
}

namespace rt {

Value parallel(int n, FormThunk thunk, void* env) { return run_tasks(n, thunk, env); }

}  // namespace rt

}  // namespace l2d
