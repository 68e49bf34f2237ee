// TEMPORARY: registration entry points whose classes are being written.
#include "l2d/class.hpp"
namespace l2d {
void register_object_methods() {}
void register_null_methods() {}
void register_symbol_methods() {}
void register_number_methods() {}
void register_char_methods() {}
void register_string_methods() {}
void register_list_methods() {}
void register_vector_methods() {}
void register_byte_vector_methods() {}
void register_function_methods() {}
void register_class_methods() {}
void register_table_methods() {}
void register_socket_methods() {}
size_t table_size(const Table*) { return 0; }
namespace rt {
ForIter::ForIter(Value) : kind(none), i(0), n(0) {}
bool ForIter::next_slow(Value&) { return false; }
}
}
