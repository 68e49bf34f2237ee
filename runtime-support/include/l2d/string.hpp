// Strings (spec 7.4): mutable sequences of Unicode characters, and UTF-8 helpers.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "runtime.hpp"

namespace l2d {

String* new_string(size_t size, bool wide);         // size characters, contents zero
Value make_string(std::string_view utf8);           // malformed UTF-8 gives U+FFFD
Value make_ascii_string(std::string_view ascii);    // caller guarantees 7-bit text
Value copy_string(const String* s);

inline uint32_t string_ref(const String* s, size_t i) { return s->wide ? s->chars[i] : s->bytes[i]; }
void string_set(String* s, size_t i, uint32_t code);  // widens a narrow string if needed
void string_push(String* s, uint32_t code);
void string_append(String* s, const String* t);
// Copies [t] into [s] at [at] (s has room, and is wide if t is): the index after it.
size_t string_place(String* s, size_t at, const String* t);
void string_append_utf8(String* s, std::string_view utf8);
void string_reserve(String* s, size_t capacity);

std::string string_to_utf8(const String* s);
void append_utf8(std::string& out, uint32_t code);
inline std::string string_to_utf8(Value v) { return string_to_utf8(v.as<String>()); }

// Decodes one UTF-8 sequence at [p] (< end). Returns the code point and advances p;
// a malformed sequence yields 0xFFFD and advances one byte, setting [bad].
uint32_t decode_utf8(const unsigned char*& p, const unsigned char* end, bool& bad);
bool valid_utf8(std::string_view text);

// Appends [x] as `+` and `join` write it (spec 7.4, 15.4): strings and characters as
// their text, other objects in display form.
void string_append_display(String* s, Value x);
// A new string of the [n] [items] written as above, with [sep] (a string or a
// character, or nil for none) between them; wrong-type for another separator.
Value string_join(const Value* items, size_t n, Value sep);
// A new string of the characters [from, to) of [s].
Value substring(const String* s, size_t from, size_t to);

// Lexicographic comparison by code point: -1, 0, 1.
int string_compare(const String* a, const String* b);
bool string_equal(const String* a, const String* b);

}  // namespace l2d
