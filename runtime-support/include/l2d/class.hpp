// Classes: creation, method tables, lookup (spec 6), and how built-in classes declare
// their methods (one binding table at the end of each classes/<name>.cpp).
#pragma once

#include <cstddef>

#include "runtime.hpp"

namespace l2d {

// A built-in method: the body, and the argument counts it accepts (checked by
// rt::call before the body runs, spec 7: "before anything else happens").
struct BuiltinSpec {
  const char* name;
  Code code;
  int min_args;
  int max_args;  // -1: any
};

// Signature of every built-in method body.
#define L2D_BUILTIN(fn_name)                                                                 \
  static ::l2d::Value fn_name([[maybe_unused]] ::l2d::Function* fn, [[maybe_unused]] ::l2d::Value self, \
                              [[maybe_unused]] int argc, [[maybe_unused]] ::l2d::Value* argv)

void define_builtin_array(Class* k, const BuiltinSpec* specs, size_t n);
template <size_t N>
inline void define_builtins(Class* k, const BuiltinSpec (&specs)[N]) {
  define_builtin_array(k, specs, N);
}

Class* make_class(Symbol* name, Class* parent, bool builtin, bool instantiable);
Class* find_class(Value name_or_class);          // nullptr if it names no class
void add_method(Class* k, Symbol* selector, Function* f);
Function* find_own_method(Class* k, Symbol* selector);
bool is_a(Class* k, Class* ancestor);

// Creates the built-in classes and registers every built-in method (classes/*.cpp).
void init_classes();

// Per built-in class file: registers that class's methods.
void register_object_methods();
void register_null_methods();
void register_symbol_methods();
void register_number_methods();
void register_char_methods();
void register_string_methods();
void register_list_methods();
void register_vector_methods();
void register_byte_vector_methods();
void register_function_methods();
void register_class_methods();
void register_table_methods();
void register_stream_methods();
void register_socket_methods();
void register_lock_methods();
void register_system_methods();      // getenv time clock pid kill random-seed wait (on nil)
void register_reflection_methods();  // getclass getmethod newobject, class objects

// newobject for built-in instantiable classes (each class file provides its own).
using Constructor = Value (*)(Class* k, int argc, Value* argv);
void set_constructor(Class* k, Constructor c);
Value new_object(Class* k, int argc, Value* argv);
// newobject for user classes (instance.cpp): fields from arguments, then INIT-FORMs.
Value new_instance(Class* k, int argc, Value* argv);

}  // namespace l2d
