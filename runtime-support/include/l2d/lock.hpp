// Locks (spec 10.1): recursive, robust, process-shared mutexes in memory that every
// later-forked child shares.
#pragma once

#include "runtime.hpp"

namespace l2d {

Value make_lock();
void lock_acquire(Lock* l);
void lock_release(Lock* l);
// In a forked child: it holds none of its parent's locks (spec 10.1).
void forget_locks_after_fork();

}  // namespace l2d
