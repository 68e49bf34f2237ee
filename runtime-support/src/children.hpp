// The children a process forked (spec 1.2, 10.3), reaped as soon as they end so that no
// zombie outlives its child: a reaper thread collects each ended child's status and keeps
// it until `wait` asks for it or the process exits.
#pragma once

#include <sys/types.h>

namespace l2d::children {

// Registers a child just forked by this process.
void add(pid_t pid);

// True while a child has not been waited for (it runs, or its status is unclaimed).
bool any_unwaited();

// True when child [pid] has ended and `wait` has not yet claimed its status.
bool has_ended(pid_t pid);

// Waits for child [pid] (any child when pid is -1): its raw wait status, or -1 with
// errno = ECHILD when there is no such child left to wait for.
int wait_for(pid_t pid, int* wstatus);

// Blocks until every child has ended, then forgets them all (the process is exiting).
void wait_all();

// fork(), for fork_process: in the child, a fresh empty table (the parent's children
// are not the child's).
pid_t fork_child();

}  // namespace l2d::children
