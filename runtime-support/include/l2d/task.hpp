// Tasks (spec 10.2, 11.3): what each flow of evaluation owns. The main program, a
// forked child and each form of `parallel` / application of `map` is a task with its
// own history ring and its own most recently caught exception.
#pragma once

#include <cstdint>

#include "runtime.hpp"

namespace l2d {

// One record of the history: (depth true form) or (depth false value).
struct HistoryEntry {
  Value value;     // the form, or the value (a number by value, never a cell)
  int32_t depth;
  int32_t enter;   // 1: evaluation began (value is the form); 0: it completed
};

struct Task {
  HistoryEntry* ring;       // capacity entries, oldest at (head - count) mod capacity
  int32_t capacity;
  int32_t head;             // where the next entry goes
  int32_t count;
  Value exception;          // (nil exception): most recently caught by a try
  Value exception_history;  // its snapshot: a list of entries, or nil
  Value in_flight;          // the exception being thrown, while C++ unwinds
  Value in_flight_history;
};

// The task the current thread is running. Tasks live in uncollectable memory, so the
// Values they hold stay alive although thread-local storage is not scanned.
extern __thread Task* current_task;

Task* new_task();
void free_task(Task* t);
// Makes [t] current for this thread; returns the previous one.
Task* switch_task(Task* t);

// The ring as a list of (D flag V) entries, oldest first; nil when recording is off.
Value history_snapshot(Task* t);
// Sets the ring size of every task (spec 5 setdebug); drops the oldest entries.
void set_history_size(int32_t n);

}  // namespace l2d
