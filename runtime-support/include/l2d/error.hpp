// Raising the built-in error codes (spec 11.2) and the argument checks every built-in
// method shares (spec 7: classes, indexes, counts, read-only).
#pragma once

#include <cstddef>
#include <cstdint>

#include "runtime.hpp"

namespace l2d {

using rt::raise;

L2D_NORETURN inline void raise_wrong_type() { rt::raise(sym::wrong_type); }
L2D_NORETURN inline void raise_index() { rt::raise(sym::index_out_of_range); }
L2D_NORETURN inline void raise_out_of_memory() { rt::raise(sym::out_of_memory); }

// The most elements any sequence may have (spec 7: more raises out-of-memory at once).
constexpr uint64_t max_sequence_size = uint64_t(1) << 32;

// An index or count argument: an integer or an integral float (nan, ±inf and other
// objects: wrong-type). Negative values are returned as they are, for the caller.
int64_t integer_arg(Value v);
// An index into a sequence of [size] elements: index-out-of-range unless 0 <= i < size.
size_t index_arg(Value v, size_t size);
// A position 0 <= i <= size (the end of a subseq).
size_t bound_arg(Value v, size_t size);
// A non-negative element count; more than max_sequence_size raises out-of-memory.
size_t count_arg(Value v);

// Destructive methods call this on their receiver (spec 3.7, const).
inline void check_writable(Value v) {
  if (v.is_ptr() && (v.ptr()->flags & flag_read_only)) rt::raise(sym::read_only);
}

template <class T>
inline T* arg_as(Value v, Kind k) {
  if (!is_kind(v, k)) raise_wrong_type();
  return v.as<T>();
}

// The spec 12 error value for errno [err]: NOENT, CONNREFUSED… or ERRNOn.
Value errno_value(int err);

}  // namespace l2d
