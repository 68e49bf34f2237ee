// Processes (spec 1.2, 10.3): the exit rule, the real POSIX fork, waiting for
// children, and what happens before a process ends.
#pragma once

#include "runtime.hpp"

namespace l2d {

// Spec 1.2: an integer's value modulo 256, a character's code modulo 256, else 0.
int exit_status_of(Value v);

// Ends the process: writes out held output (unless [flush] is false), releases every
// lock the process holds, waits for every child not yet waited for, then exits.
L2D_NORETURN void exit_process(int status, bool flush = true);

// (nil fork E): the parent gets the child's pid (or an error value); the child runs
// [child] and exits with the status of its value (1 with the report if it raises).
Value fork_process(Value (*child)(void* data), void* data);

// True while a forked child has not been waited for (spec 1.3: output is not held).
bool has_unwaited_children();

// (nil wait [PID]).
Value wait_child(Value pid);

// Locks held by this process, released by exit (lock.cpp registers them).
void release_all_locks();

// Reports an uncaught exception of the current task (spec 11.4) on standard error.
void report_uncaught();

}  // namespace l2d
