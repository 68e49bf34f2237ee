// Threads (spec 10.2): the worker pool behind `parallel` and `map`, and threads with
// large stacks registered with the collector.
#pragma once

#include <pthread.h>

#include <cstddef>

#include "runtime.hpp"

namespace l2d {

// Stack size of the program's main thread and of each worker: deep recursion (spec
// 3.8 asks for 10 000 nested invocations) must raise out-of-memory, not crash. 64 MB
// holds ~100 000 evaluated or ~700 000 compiled invocations, and a runaway recursion
// is caught in well under a second (unwinding costs about half a microsecond a frame).
constexpr size_t main_stack_size = size_t(64) << 20;
constexpr size_t worker_stack_size = size_t(64) << 20;

// Starts a thread with [stack] bytes of stack, known to the collector.
int start_thread(pthread_t* thread, void* (*fn)(void*), void* arg, size_t stack);
// Sets rt::stack_limit for the calling thread from its real stack bounds.
void init_stack_limit();

// True while a parallel form or a map runs anywhere in the process.
bool parallel_active();
// In a forked child: the parent's workers do not exist here.
void reset_threads_after_fork();

// Applies [fn] to [n] items as tasks of the pool; see rt::parallel.
using TaskBody = Value (*)(void* env, int index);
Value run_tasks(int n, TaskBody body, void* env);  // the list of results, in order

}  // namespace l2d
