// Symbols: the intern table, gensym and the symbol helpers of the runtime.
#pragma once

#include <string>
#include <string_view>

#include "runtime.hpp"

namespace l2d {

// The symbol named [name]; `nil` for "nil" (nil is not a Symbol object, spec 2.2).
Value intern_value(std::string_view name);
Symbol* intern(std::string_view name);
// The interned symbol named [name], or nullptr (nil: nullptr too).
Symbol* find_symbol(std::string_view name);
// A new interned symbol PREFIX+counter, skipping names that exist (spec 7.5).
Symbol* gensym(std::string_view prefix);

inline std::string_view symbol_name(const Symbol* s) { return {s->name, s->length}; }
// The name of a symbol-like value: nil, true, false or a symbol.
std::string_view name_of(Value symbolish);
// nil, true, false or any other symbol (spec 5: symbolp).
inline bool is_symbolish(Value v) { return v.is_nil() || is_symbol(v); }

// Interns the well-known symbols of symbols.def; called once by runtime init.
void init_symbols();

}  // namespace l2d
