// Tables (spec 15.1): hash maps that keep insertion order. Keys are the same when they
// are `=` numbers, `=` strings, or characters with one code; other keys by identity.
#pragma once

#include "runtime.hpp"

namespace l2d {

Table* new_table();
Value copy_table(const Table* t);                   // same entries, not read-only
size_t table_size(const Table* t);

// Lookups raise wrong-type for a nan key (spec 15.1). [key] may be a cell.
bool table_find(const Table* t, Value key, Value& value);
void table_put(Table* t, Value key, Value value);   // stores the value (numbers by value)
bool table_remove(Table* t, Value key, Value& old);

// The entries in insertion order, for iteration: a new vector of the table's own entry
// pairs (key . value). An entry removed later reads as removed (table_entry_live).
Value table_entries(const Table* t);
bool table_entry_live(Value entry);

}  // namespace l2d
