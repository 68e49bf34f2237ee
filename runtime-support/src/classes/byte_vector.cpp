// Methods of `byte-vector` (spec 7.8, 15.4): elements are integers 0…255; access,
// subsequences, push, and conversion to a list and, decoding UTF-8, to a string.
#include <cstring>

#include "l2d/class.hpp"
#include "l2d/error.hpp"
#include "l2d/sequence.hpp"
#include "l2d/string.hpp"

namespace l2d {

namespace {

ByteVector* bytes_arg(Value v) { return arg_as<ByteVector>(unwrap(v), Kind::byte_vector); }

// A byte to store: an integer 0…255; anything else is wrong-type (spec 7.8).
uint8_t byte_arg(Value v) {
  v = unwrap(v);
  if (!v.is_fixnum() || v.fixnum_value() < 0 || v.fixnum_value() > 255) raise_wrong_type();
  return uint8_t(v.fixnum_value());
}

// ('byte-vector newobject n [b]): n bytes b (default 0).
Value construct_byte_vector(Class*, int argc, Value* argv) {
  if (argc > 2) raise(sym::wrong_argument_count);
  size_t n = argc > 0 ? count_arg(argv[0]) : 0;
  uint8_t b = argc > 1 ? byte_arg(argv[1]) : 0;
  ByteVector* bv = new_byte_vector(n);
  std::memset(bv->data, b, n);
  return Value(bv);
}

L2D_BUILTIN(bytes_size) { return Value::fixnum(SWord(bytes_arg(self)->size)); }

L2D_BUILTIN(bytes_elt) {
  ByteVector* bv = bytes_arg(self);
  return Value::fixnum(bv->data[index_arg(argv[0], bv->size)]);
}

L2D_BUILTIN(bytes_setelt) {
  ByteVector* bv = bytes_arg(self);
  check_writable(self);
  size_t i = index_arg(argv[0], bv->size);
  bv->data[i] = byte_arg(argv[1]);
  return self;
}

L2D_BUILTIN(bytes_subseq) {
  ByteVector* bv = bytes_arg(self);
  size_t start = bound_arg(argv[0], bv->size);
  size_t end = argc > 1 ? bound_arg(argv[1], bv->size) : bv->size;
  if (start > end) raise_index();
  ByteVector* r = new_byte_vector(end - start);
  std::memcpy(r->data, bv->data + start, end - start);
  return Value(r);
}

// (bv push b [n]) → bv.
L2D_BUILTIN(bytes_push) {
  ByteVector* bv = bytes_arg(self);
  check_writable(self);
  uint8_t b = byte_arg(argv[0]);
  size_t n = argc > 1 ? count_arg(argv[1]) : 1;
  if (n > max_sequence_size - bv->size) raise_out_of_memory();
  for (size_t i = 0; i < n; ++i) byte_vector_push(bv, b);
  return self;
}

L2D_BUILTIN(bytes_list) {
  ByteVector* bv = bytes_arg(self);
  Value result = nil;
  for (size_t i = bv->size; i-- > 0;) result = cons(Value::fixnum(bv->data[i]), result);
  return result;
}

// Decodes UTF-8; each malformed sequence gives U+FFFD (spec 7.8).
L2D_BUILTIN(bytes_string) {
  ByteVector* bv = bytes_arg(self);
  return make_string(std::string_view(reinterpret_cast<const char*>(bv->data), bv->size));
}

// The index of the first occurrence of byte x or of byte vector x, or nil.
L2D_BUILTIN(bytes_position) {
  ByteVector* bv = bytes_arg(self);
  Value x = unwrap(argv[0]);
  if (is_kind(x, Kind::byte_vector)) {
    const ByteVector* pattern = x.as<ByteVector>();
    if (pattern->size > bv->size) return nil;
    for (size_t i = 0; i + pattern->size <= bv->size; ++i)
      if (std::memcmp(bv->data + i, pattern->data, pattern->size) == 0) return Value::fixnum(SWord(i));
    return nil;
  }
  uint8_t b = byte_arg(x);
  const void* at = std::memchr(bv->data, b, bv->size);
  return at ? Value::fixnum(static_cast<const uint8_t*>(at) - bv->data) : nil;
}

}  // namespace

const BuiltinSpec byte_vector_methods[] = {
    {"size", bytes_size, 0, 0},
    {"elt", bytes_elt, 1, 1},
    {"setelt", bytes_setelt, 2, 2},
    {"subseq", bytes_subseq, 1, 2},
    {"push", bytes_push, 1, 2},
    {"list", bytes_list, 0, 0},
    {"string", bytes_string, 0, 0},
    {"position", bytes_position, 1, 1},
};

void register_byte_vector_methods() {
  define_builtins(classes.byte_vector, byte_vector_methods);
  set_constructor(classes.byte_vector, construct_byte_vector);
}

}  // namespace l2d
