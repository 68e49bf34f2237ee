// (R for* VAR F…) over every kind of receiver (being written).
#include "l2d/runtime.hpp"

namespace l2d::rt {
ForIter::ForIter(Value r) : kind(none), i(0), n(0), coll(r) {}
bool ForIter::next_slow(Value&) { return false; }
}  // namespace l2d::rt
