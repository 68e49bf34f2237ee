// The printer (spec 13): readable form (print, the REPL, history) and display form
// (write, writeln, string, +).
#pragma once

#include <string>

#include "runtime.hpp"

namespace l2d {

void print_value(std::string& out, Value v, bool readable);
std::string readable_form(Value v);
std::string display_form(Value v);
// The readable name of a character: "#\a", "#\space", "#\u1f".
void print_char(std::string& out, uint32_t code, bool readable);

// Accessors the printer needs from other classes' private state.
int stream_descriptor(const Stream* s);
size_t table_size(const Table* t);

}  // namespace l2d
