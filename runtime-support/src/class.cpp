// Classes and method lookup (spec 6): the class tree, copy-on-write method tables,
// the lookup order with the program-global fallback, defmethod and defclass.
#include "l2d/class.hpp"

#include <mutex>
#include <vector>

#include "l2d/error.hpp"
#include "l2d/symbol.hpp"

namespace l2d {

BuiltinClasses classes;

namespace rt {
uint32_t method_epoch = 1;
}

// An immutable open-addressing map selector -> function. A change publishes a new table,
// so lookups from other threads never see one half-written.
struct MethodTable {
  uint32_t capacity;  // power of two
  uint32_t count;
  struct Entry {
    Symbol* selector;
    Function* fn;
  } entries[1];
};

namespace {

struct GlobalCell {
  Symbol* selector;
  Function** cell;
};
std::vector<GlobalCell>& global_cells() {
  static auto* v = new std::vector<GlobalCell>;
  return *v;
}
void refresh_global_cells();

std::mutex& method_mutex() {
  static std::mutex* m = new std::mutex;
  return *m;
}

MethodTable* new_table(uint32_t capacity) {
  size_t bytes = sizeof(MethodTable) + (capacity - 1) * sizeof(MethodTable::Entry);
  auto* t = static_cast<MethodTable*>(gc::alloc(bytes));
  t->capacity = capacity;
  return t;
}

size_t slot_of(Symbol* s, uint32_t capacity) {
  return (reinterpret_cast<uintptr_t>(s) >> 4) * 0x9E3779B97F4A7C15ull >> 40 & (capacity - 1);
}

void put(MethodTable* t, Symbol* selector, Function* fn) {
  size_t j = slot_of(selector, t->capacity);
  while (t->entries[j].selector && t->entries[j].selector != selector)
    j = (j + 1) & (t->capacity - 1);
  bool fresh = !t->entries[j].selector;
  __atomic_store_n(&t->entries[j].fn, fn, __ATOMIC_RELEASE);
  if (fresh) {
    __atomic_store_n(&t->entries[j].selector, selector, __ATOMIC_RELEASE);
    ++t->count;
  }
}

Function* get(const MethodTable* t, Symbol* selector) {
  if (!t) return nullptr;
  size_t j = slot_of(selector, t->capacity);
  for (;;) {
    const auto& e = t->entries[j];
    Symbol* s = __atomic_load_n(&e.selector, __ATOMIC_ACQUIRE);
    if (s == selector) return __atomic_load_n(&e.fn, __ATOMIC_ACQUIRE);
    if (!s) return nullptr;
    j = (j + 1) & (t->capacity - 1);
  }
}

// A per-thread cache of (class, selector) -> function for sends without a call-site cache.
struct GlobalCacheEntry {
  Class* klass;
  Symbol* selector;
  uint32_t epoch;
  Function* fn;
};
constexpr size_t global_cache_size = 1024;
__thread GlobalCacheEntry global_cache[global_cache_size];

}  // namespace

Class* make_class(Symbol* name, Class* parent, bool builtin, bool instantiable) {
  auto* k = gc::make<Class>(Kind::klass, classes.klass);
  k->name = name;
  k->parent = parent;
  k->builtin = builtin;
  k->instantiable = instantiable;
  if (parent) {
    k->fields = parent->fields;
    k->nfields = parent->nfields;
    k->field_inits = parent->field_inits;
  }
  name->named_class = k;
  return k;
}

Class* find_class(Value v) {
  if (is_kind(v, Kind::klass)) return v.as<Class>();
  if (is_symbol(v)) return v.as<Symbol>()->named_class;
  return nullptr;
}

Function* find_own_method(Class* k, Symbol* selector) {
  MethodTable* t = __atomic_load_n(&k->methods, __ATOMIC_ACQUIRE);
  return get(t, selector);
}

void add_method(Class* k, Symbol* selector, Function* f) {
  std::lock_guard lock(method_mutex());
  MethodTable* t = k->methods;
  bool present = t && get(t, selector);
  if (t && (present || (t->count + 1) * 2 <= t->capacity)) {
    // In place: lookups running on other threads see either the old state or the new
    // entry whole (put writes the method before the selector that finds it).
    put(t, selector, f);
  } else {
    uint32_t capacity = t ? t->capacity * 2 : 8;  // doubling: n definitions cost O(n)
    MethodTable* grown = new_table(capacity);
    if (t)
      for (uint32_t i = 0; i < t->capacity; ++i)
        if (t->entries[i].selector) put(grown, t->entries[i].selector, t->entries[i].fn);
    put(grown, selector, f);
    __atomic_store_n(&k->methods, grown, __ATOMIC_RELEASE);
  }
  // A program method on a built-in class may replace a built-in that generated code
  // inlines: from now on those fast paths dispatch.
  if (k->builtin && !(f->flags & flag_builtin)) selector->overridden = 1;
  __atomic_add_fetch(&rt::method_epoch, 1, __ATOMIC_RELEASE);
  // What a send to nil finds depends on null and its parent `true` only.
  if (k == classes.null || k == classes.root) refresh_global_cells();
}

namespace {
// What a cell holds while no method answers: never null, so a call site needs one test.
Value undefined_global(Function*, Value, int, Value*) { rt::raise(sym::undefined_method); }
Function no_global_function = [] {
  Function f{};
  f.kind = Kind::function;
  f.code = undefined_global;
  f.max_args = -1;
  return f;
}();

Function* global_method(Symbol* selector) {
  Function* f = rt::lookup_method(classes.null, selector);
  return f ? f : &no_global_function;
}

std::vector<void (*)(bool)>& direct_call_refreshers() {
  static auto* v = new std::vector<void (*)(bool)>;
  return *v;
}

void refresh_direct_calls_locked() {
  bool recording = __atomic_load_n(&rt::history_size, __ATOMIC_RELAXED) != 0;
  for (auto* refresh : direct_call_refreshers()) refresh(recording);
}

void refresh_global_cells() {
  for (auto& c : global_cells()) __atomic_store_n(c.cell, global_method(c.selector), __ATOMIC_RELEASE);
  refresh_direct_calls_locked();
}
}  // namespace

namespace rt {
void register_global_cell(Symbol* selector, Function** cell) {
  std::lock_guard lock(method_mutex());
  global_cells().push_back({selector, cell});
  *cell = global_method(selector);
}

void register_direct_calls(void (*refresh)(bool recording)) {
  std::lock_guard lock(method_mutex());
  direct_call_refreshers().push_back(refresh);
  refresh_direct_calls_locked();
}

void refresh_direct_calls() {
  std::lock_guard lock(method_mutex());
  refresh_direct_calls_locked();
}
}  // namespace rt

void define_builtin_array(Class* k, const BuiltinSpec* specs, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    Function* f = make_builtin(specs[i].name, specs[i].code, specs[i].min_args, specs[i].max_args);
    add_method(k, f->name, f);
  }
}

bool is_a(Class* k, Class* ancestor) {
  for (; k; k = k->parent)
    if (k == ancestor) return true;
  return false;
}

namespace rt {

// Spec 6.2: the class chain up to `true`; then, for receivers other than nil, the
// program-defined global functions.
Function* lookup_method(Class* k, Symbol* selector) {
  for (Class* c = k; c; c = c->parent)
    if (Function* f = find_own_method(c, selector)) return f;
  if (k != classes.null) {
    Function* f = find_own_method(classes.null, selector);
    if (f && !(f->flags & flag_builtin)) return f;
  }
  return nullptr;
}

Function* lookup_refill(SendCache& cache, Symbol* selector, Value self, int argc) {
  Class* k = class_of(self);
  uint32_t epoch = __atomic_load_n(&method_epoch, __ATOMIC_ACQUIRE);
  Function* f = lookup_method(k, selector);
  if (!f) raise(sym::undefined_method);
  if (!takes_argc(f, argc)) raise_argument_count();
  if (cache.epoch != epoch) {  // the tables changed: forget every way
    for (int i = 0; i < send_cache_ways; ++i) cache.klass[i] = nullptr;
    cache.next = 0;
  }
  // Threads share call sites: publish the method before the class that selects it, so
  // that a reader that sees the class sees its method (x86 keeps stores in order).
  int way = int(cache.next++ % send_cache_ways);
  __atomic_store_n(&cache.klass[way], nullptr, __ATOMIC_RELEASE);
  __atomic_store_n(&cache.fn[way], f, __ATOMIC_RELEASE);
  __atomic_store_n(&cache.klass[way], k, __ATOMIC_RELEASE);
  __atomic_store_n(&cache.epoch, epoch, __ATOMIC_RELEASE);
  return f;
}

}  // namespace rt

Value send(Symbol* selector, Value self, int argc, Value* argv) {
  Class* k = class_of(self);
  size_t j = ((reinterpret_cast<uintptr_t>(k) >> 4) ^ (reinterpret_cast<uintptr_t>(selector) >> 4)) &
             (global_cache_size - 1);
  GlobalCacheEntry& e = global_cache[j];
  uint32_t epoch = __atomic_load_n(&rt::method_epoch, __ATOMIC_ACQUIRE);
  Function* f;
  if (e.klass == k && e.selector == selector && e.epoch == epoch) {
    f = e.fn;
  } else {
    f = rt::lookup_method(k, selector);
    if (!f) rt::raise(sym::undefined_method);
    e = {k, selector, epoch, f};
  }
  return rt::call(f, self, argc, argv);
}

// ---- newobject ----------------------------------------------------------------------------

namespace {
struct ConstructorEntry {
  Class* k;
  Constructor c;
};
std::vector<ConstructorEntry>& constructors() {
  static auto* v = new std::vector<ConstructorEntry>;
  return *v;
}
}  // namespace

void set_constructor(Class* k, Constructor c) { constructors().push_back({k, c}); }

Value new_object(Class* k, int argc, Value* argv) {
  if (!k->builtin) return new_instance(k, argc, argv);
  for (auto& e : constructors())
    if (e.k == k) return e.c(k, argc, argv);
  rt::raise(sym::wrong_type);
}

// ---- the class tree (spec 6.1) ------------------------------------------------------------

void init_classes() {
  if (classes.root) return;
  // `class` must exist before any class object, so make it by hand first.
  Class* root = make_class(&true_symbol, nullptr, true, false);
  classes.root = root;
  classes.klass = make_class(&sym::class_, root, true, false);
  root->klass = classes.klass;
  classes.klass->klass = classes.klass;
  auto builtin = [&](Symbol& name, Class* parent, bool instantiable = false) {
    return make_class(&name, parent, true, instantiable);
  };
  classes.null = builtin(sym::null, root);
  classes.symbol = builtin(sym::symbol, root);
  classes.number = builtin(sym::number, root);
  classes.integer = builtin(sym::integer, classes.number);
  classes.fraction = builtin(sym::fraction, classes.number);
  classes.flonum = builtin(sym::float_, classes.number);
  classes.character = builtin(sym::char_, root);
  classes.string = builtin(sym::string, root, true);
  classes.cons = builtin(sym::cons, root);
  classes.vector = builtin(sym::vector, root, true);
  classes.byte_vector = builtin(sym::byte_vector, root, true);
  classes.function = builtin(sym::function, root);
  classes.stream = builtin(sym::stream, root, true);
  classes.socket = builtin(sym::socket, root, true);
  classes.lock = builtin(sym::lock, root, true);
  classes.table = builtin(sym::table, root, true);

  // Symbols interned before the classes existed get their class now.
  true_symbol.klass = classes.symbol;
  false_symbol.klass = classes.symbol;
#define L2D_SYM(c_name, lisp_name) sym::c_name.klass = classes.symbol;
#include "l2d/symbols.def"
#undef L2D_SYM

  register_object_methods();
  register_null_methods();
  register_symbol_methods();
  register_number_methods();
  register_char_methods();
  register_string_methods();
  register_list_methods();
  register_vector_methods();
  register_byte_vector_methods();
  register_function_methods();
  register_class_methods();
  register_table_methods();
  register_stream_methods();
  register_socket_methods();
  register_lock_methods();
  register_system_methods();
  register_reflection_methods();
}

}  // namespace l2d
