// Symbols: the intern table (an open-addressing hash set of Symbol*), the well-known
// static symbols and gensym.
#include "l2d/symbol.hpp"

#include <cstring>
#include <mutex>

#include "l2d/class.hpp"
#include "l2d/gc.hpp"

namespace l2d {

Symbol true_symbol;
Symbol false_symbol;

namespace sym {
#define L2D_SYM(c_name, lisp_name) Symbol c_name;
#include "l2d/symbols.def"
#undef L2D_SYM
}  // namespace sym

namespace {

struct InternTable {
  std::mutex mutex;
  Symbol** slots = nullptr;  // uncollectable, so the collector keeps every symbol alive
  size_t capacity = 0;
  size_t count = 0;
  uint32_t serial = 0;
  uint64_t gensym_counter = 1;
};

InternTable& table() {
  static InternTable* t = new InternTable;  // never destroyed: symbols outlive exit handlers
  return *t;
}

uint64_t hash_name(std::string_view name) {
  uint64_t h = 1469598103934665603ull;  // FNV-1a
  for (unsigned char c : name) h = (h ^ c) * 1099511628211ull;
  return h;
}

void grow(InternTable& t) {
  size_t cap = t.capacity ? t.capacity * 2 : 1024;
  auto** slots = static_cast<Symbol**>(gc::alloc_uncollectable(cap * sizeof(Symbol*)));
  for (size_t i = 0; i < t.capacity; ++i) {
    Symbol* s = t.slots[i];
    if (!s) continue;
    size_t j = hash_name(symbol_name(s)) & (cap - 1);
    while (slots[j]) j = (j + 1) & (cap - 1);
    slots[j] = s;
  }
  if (t.slots) gc::free_uncollectable(t.slots);
  t.slots = slots;
  t.capacity = cap;
}

// Finds the slot for [name]: its symbol, or the empty slot where it belongs.
Symbol** probe(InternTable& t, std::string_view name) {
  size_t j = hash_name(name) & (t.capacity - 1);
  while (Symbol* s = t.slots[j]) {
    if (s->length == name.size() && std::memcmp(s->name, name.data(), name.size()) == 0)
      return &t.slots[j];
    j = (j + 1) & (t.capacity - 1);
  }
  return &t.slots[j];
}

void fill(Symbol* s, std::string_view name, uint32_t serial) {
  char* text = static_cast<char*>(gc::alloc_atomic(name.size() + 1));
  std::memcpy(text, name.data(), name.size());
  text[name.size()] = 0;
  s->kind = Kind::symbol;
  s->klass = classes.symbol;  // nullptr during init; init_classes fixes the statics
  s->name = text;
  s->length = uint32_t(name.size());
  s->serial = serial;
  s->value = unbound;
  s->props = nil;
}

// Inserts [s] (a fresh object) under [name]; the caller holds the lock.
void insert(InternTable& t, Symbol* s, std::string_view name) {
  if ((t.count + 1) * 2 > t.capacity) grow(t);
  Symbol** slot = probe(t, name);
  fill(s, name, t.serial++);
  *slot = s;
  ++t.count;
}

}  // namespace

void init_symbols() {
  InternTable& t = table();
  std::lock_guard lock(t.mutex);
  if (t.count) return;
  insert(t, &true_symbol, "true");
  insert(t, &false_symbol, "false");
  true_symbol.value = make_true();
  false_symbol.value = make_false();
#define L2D_SYM(c_name, lisp_name) insert(t, &sym::c_name, lisp_name);
#include "l2d/symbols.def"
#undef L2D_SYM
}

Symbol* intern(std::string_view name) {
  InternTable& t = table();
  std::lock_guard lock(t.mutex);
  if (t.capacity == 0) grow(t);
  Symbol** slot = probe(t, name);
  if (*slot) return *slot;
  auto* s = static_cast<Symbol*>(gc::alloc(sizeof(Symbol)));
  insert(t, s, name);
  return s;
}

Symbol* intern(const char* utf8, size_t bytes) { return intern(std::string_view(utf8, bytes)); }
Symbol* intern(const char* utf8) { return intern(std::string_view(utf8)); }

Value intern_value(std::string_view name) {
  if (name == "nil") return nil;
  return Value(intern(name));
}

Symbol* find_symbol(std::string_view name) {
  InternTable& t = table();
  std::lock_guard lock(t.mutex);
  if (t.capacity == 0) return nullptr;
  return *probe(t, name);
}

Symbol* gensym(std::string_view prefix) {
  InternTable& t = table();
  std::lock_guard lock(t.mutex);
  for (;;) {
    std::string name(prefix);
    name += std::to_string(t.gensym_counter++);
    Symbol** slot = probe(t, name);
    if (*slot) continue;  // the name exists: skip it (spec 7.5)
    auto* s = static_cast<Symbol*>(gc::alloc(sizeof(Symbol)));
    insert(t, s, name);
    return s;
  }
}

std::string_view name_of(Value v) {
  if (v.is_nil()) return "nil";
  return symbol_name(v.as<Symbol>());
}

}  // namespace l2d
