// Tasks (spec 10.2, 11.3): what each flow of evaluation owns. The main program, a
// forked child and each form of `parallel` / application of `map` is a task with its
// own history ring and its own most recently caught exception.
#pragma once

#include <cstdint>

#include "runtime.hpp"

namespace l2d {

// HistoryEntry, Task and current_task are in runtime.hpp: generated code records
// history entries inline.

Task* new_task();
void free_task(Task* t);
// Makes [t] current for this thread; returns the previous one.
Task* switch_task(Task* t);

// The ring as a list of (D flag V) entries, oldest first; nil when recording is off.
Value history_snapshot(Task* t);
// Sets the ring size of every task (spec 5 setdebug); drops the oldest entries.
void set_history_size(int32_t n);

}  // namespace l2d
