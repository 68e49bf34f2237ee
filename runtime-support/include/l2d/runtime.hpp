// The one header generated code includes. Two audiences:
//   l2d::      values, objects and the calls an embedding C++ program or a test uses;
//   l2d::rt::  the contract with the code generator (transpiler/codegen): entry points
//              whose shape the generator relies on. The generator lists each entry it
//              uses once, in transpiler/codegen/runtime_api.cpp; change both together.
// It must stay lean (no standard library headers): every generated program pays for
// each line of it at compile time.
#pragma once

#include "gc.hpp"
#include "object.hpp"
#include "value.hpp"

namespace l2d {

// The well-known symbols (symbols.def): static objects, interned first.
namespace sym {
#define L2D_SYM(c_name, lisp_name) extern Symbol c_name;
#include "symbols.def"
#undef L2D_SYM
}  // namespace sym

// ---- construction -----------------------------------------------------------------------
Value make_integer(long long n);                 // fixnum or bignum
Value make_float(double d);
Value make_string(const char* utf8, size_t bytes);
Value make_string(const char* utf8_nul_terminated);
Symbol* intern(const char* utf8, size_t bytes);
Symbol* intern(const char* utf8_nul_terminated);
Value cons(Value first, Value rest);
Value list(int n, const Value* items);
Function* make_builtin(const char* name, Code code, int min_args, int max_args);

// ---- common operations ------------------------------------------------------------------
bool eq(Value a, Value b);            // spec 3.9
bool equal(Value a, Value b);         // `=` (structural)
Value send(Symbol* selector, Value self, int argc, Value* argv);  // uncached dispatch
Value copy_literal(Value datum);      // a fresh copy of a string/vector/byte-vector literal

}  // namespace l2d

namespace l2d::rt {

// ==== task state ==========================================================================
// Depth of the form whose send is invoking a function: the callee's body runs at
// call_depth + 1 (spec 11.3). Written by every send site just before the call.
extern L2D_EXEC_TLS int32_t call_depth;
// Lowest address the current thread's stack may reach before `out-of-memory` (spec 3.8).
extern L2D_EXEC_TLS char* stack_limit;
// History ring size (spec 11.3); 0 turns recording off. One setting for all tasks.
extern int32_t history_size;

L2D_NORETURN void stack_overflow();
// Self tail calls compile to jumps (no stack), yet each is a level of nesting (spec
// 3.8, 11.3): past this many levels one raises out-of-memory as a deep call would, so
// that endless recursion ends (in a fraction of a second) instead of running forever.
constexpr int64_t max_tail_levels = int64_t(1) << 25;

// The stack pointer, for the stack guard. Not __builtin_frame_address: it makes every
// function set up a frame pointer before its first test, even on paths that call nothing.
L2D_INLINE char* stack_pointer() {
#if defined(__x86_64__)
  char* sp;
  asm("mov %%rsp, %0" : "=r"(sp));
  return sp;
#else
  return (char*)__builtin_frame_address(0);
#endif
}

// Every generated function's stack guard (spec: a stack overflow is an error).
#define L2D_STACK_GUARD() \
  if (L2D_UNLIKELY(::l2d::rt::stack_pointer() < ::l2d::rt::stack_limit)) ::l2d::rt::stack_overflow()

// Function prologue of a quiet variant (history off): only the stack guard.
#define L2D_QUIET_PROLOGUE(base_var) \
  const int32_t base_var = 0;        \
  L2D_STACK_GUARD()

// Function prologue: the depth of the body's forms, and the stack guard.
#define L2D_PROLOGUE(base_var)                          \
  const int32_t base_var = ::l2d::rt::call_depth + 1;    \
  L2D_STACK_GUARD()

// ==== history of computation ==============================================================
// One slot of a task's ring (spec 11.3). A slot holds one entry, or a run of entries that
// compiled code writes together:
//   meta = (depth + 1) << 32 | payload << 2 | kind, kind
//     0 leave:    (depth false value)
//     1 enter:    (depth true value), value being the form
//     3 enter id: (depth true form_table[payload]); value unused
//     2 run:      the entries of record_runs[payload] (RecordStep), each at depth + its
//                 rel; a step with form -1 is (depth+rel false value), -2 is (depth+rel
//                 false value2), -3 (depth+rel false value3), -4 - i (depth+rel false
//                 form_table[i]: a constant's completion, which takes no value), any
//                 other (depth+rel true form_table[form]). The values are unused if no
//                 step needs them.
// A run is what a compiled function records between two points where anything could
// look at the ring or add to it (a call, a slow path): the begin records of forms, and
// the completions of up to three values (a call's result, a fast path's fixnum or truth
// value); completions of one value twice (a form and the `if` it ends) share it.
// Writing them as one slot costs one claim instead of one per entry; the snapshot expands
// runs, so what a program sees is the same entries in the same order. Only the newest
// `capacity` entries are shown, and every slot holds at least one, so the mask + 1 >=
// capacity slots always hold them.
struct HistoryEntry {
  Value value;
  Value value2;  // a run's second value
  int64_t meta;  // see above; 0: an empty slot (rings start zeroed)
  Value value3;  // a run's third; 32 bytes: a slot's address is one `and` and an addressing mode
};
enum : int64_t { record_leave = 0, record_enter = 1, record_run = 2, record_enter_id = 3 };
constexpr int record_depth_shift = 32;
L2D_INLINE int64_t record_meta(int32_t depth, int64_t payload, int64_t kind) {
  return ((int64_t(depth) + 1) << record_depth_shift) | (payload << 2) | kind;
}
// The recording variant of a function without a rest parameter gets its depth from its
// caller as the word its runs' slots start from, record_meta(base, 0, record_run), in a
// register: the caller adds a constant to its own instead of storing call_depth for the
// callee to read and shift. Calls from anywhere else start from call_depth (entry_start,
// defined below history_task).
// `base` in such a variant: the depth, worked out where a slow path or a send needs it.
struct MetaDepth {
  int64_t meta;
  L2D_INLINE operator int32_t() const { return int32_t(meta >> record_depth_shift) - 1; }
};
#define L2D_META_PROLOGUE(base_var, meta_var) \
  ::l2d::rt::MetaDepth base_var{meta_var};     \
  L2D_STACK_GUARD()
// One entry of a run: at rel levels below the slot's depth; form: a form index, or -1
// for a completion with the slot's value.
constexpr uint32_t slot_bytes = 32;
static_assert(sizeof(HistoryEntry) == slot_bytes);
L2D_INLINE HistoryEntry& ring_slot(HistoryEntry* ring, uint32_t byte_offset) {
  return *reinterpret_cast<HistoryEntry*>(reinterpret_cast<char*>(ring) + byte_offset);
}
L2D_INLINE uint64_t slot_count(uint32_t mask) { return uint64_t(mask) / slot_bytes + 1; }
struct RecordStep {
  int32_t rel;
  int32_t form;
};

// What each task (spec 10.2, 11.3) owns: the main program, a forked child, each form of
// `parallel` and each application of `map`. Tasks live in uncollectable memory, so the
// Values they hold stay alive although thread-local storage is not scanned.
struct Task {
  HistoryEntry* ring;       // slot_count(mask) slots (never null once recording started)
  // Bytes of slots written, modulo 2^32: the newest slot starts at byte (pos - 32) &
  // mask of the ring. Bytes, so that a slot's address is one `and` and an addressing
  // mode. 32 bits on purpose: stores of the slots' 64-bit words cannot alias it, so a
  // recording function keeps it in a register between calls.
  uint32_t pos;
  uint32_t mask;            // (slots - 1) * slot_bytes, slots a power of two >= capacity
  int32_t capacity;         // the size in effect: the ring shows the newest `capacity` entries
  Value exception;          // (nil exception): most recently caught by a try
  Value exception_history;  // its snapshot: a list of entries, or nil
  Value in_flight;          // the exception being thrown, while C++ unwinds
  Value in_flight_history;
  uint64_t size_epoch;      // the history size change this ring last caught up with
};
// Takes [t]'s next slot of [ring] (its ring, which a recording function may hold in a
// register with [mask]): every writer of records goes through here.
L2D_INLINE HistoryEntry& claim_slot(Task* t, HistoryEntry* ring, uint32_t mask) {
  HistoryEntry& e = ring_slot(ring, t->pos & mask);
  t->pos += slot_bytes;
  return e;
}
}  // namespace l2d::rt
namespace l2d {
using rt::HistoryEntry;
using rt::Task;
extern L2D_EXEC_TLS Task* current_task;
}  // namespace l2d
namespace l2d::rt {

// Counts every history size change (setdebug), so that a ring catches up with them.
extern uint64_t history_epoch;
// The compiled program's constants: enter-id entries and run steps index it.
extern const Value* form_table;
void register_form_table(const Value* table);
// The compiled program's runs: run i is steps[starts[i]] up to steps[starts[i + 1]].
void register_record_runs(const RecordStep* steps, const int32_t* starts);
// The current task, its ring brought to the current size (a ring only grows, so a
// recording function may keep its address; see Recorder::refresh). Inline: every
// recording function calls it on entry; the slow path runs after a setdebug.
Task* sync_history_task(Task* t);
L2D_INLINE Task* history_task() {
  Task* t = current_task;
  // A new task has epoch 0, and every size change (including the first) counts one up.
  if (L2D_UNLIKELY(t->size_epoch != history_epoch)) return sync_history_task(t);
  return t;
}
L2D_INLINE bool recording() { return history_size != 0; }
// What a recording variant (of a function without a rest parameter) starts from and
// hands back, each in two registers: its depth word and the ring position of its
// first record; its value and the position after its last. The position so travels
// in registers through a tree of recording calls: the task's copy (Task::pos, which
// every record stores too, for whatever else records or takes a snapshot) is not
// reloaded after each call, a load that waited on the callee's last store.
struct RecStart {
  int64_t meta;
  uint64_t pos;
};
struct RecReturn {
  Value value;
  uint64_t pos;
};
static_assert(__is_trivially_copyable(RecStart) && __is_trivially_copyable(RecReturn) && sizeof(RecReturn) == 16,
              "passed and returned in two registers");
// A call at [depth] from code that keeps no Recorder (compact code, entries). It also
// brings the task's ring to the current size (history_task), and only then reads the
// position: a recording variant trusts the task's ring as it finds it
// (Recorder(RecStart)), since its recording caller did the same and set_history_size
// brings the task that calls it up to date at once.
L2D_INLINE RecStart synced_start(int32_t depth) {
  history_task();
  return {record_meta(depth, 0, record_run), current_task->pos};
}
// Calls from anywhere but recording code (entries, quiet code): from call_depth.
L2D_INLINE RecStart entry_start() { return synced_start(call_depth + 1); }

// A recording function's handle on its task's ring: the ring, its mask and the write
// position stay in registers. Every record also stores the position in the task, so
// the task's copy is always current: after a call that is not a recording variant's
// (which hands its position back) the handle reloads it with the ring (refresh). A run
// that ends with the completion of a form that made a call (`done`) reloads them first
// (the callee's setdebug may have grown the ring); the other runs follow such a
// completion without a call between, and trust them.
struct Recorder {
  Task* task;
  HistoryEntry* ring;
  uint32_t mask;
  uint32_t pos;       // Task::pos
  int64_t base_meta;  // record_meta(the body's depth, 0, run)
  explicit Recorder(int32_t base)
      : task(history_task()), ring(task->ring), mask(task->mask), pos(task->pos),
        base_meta(record_meta(base, 0, record_run)) {}
  // A recording variant's: its caller brought the ring up to date (entry_start).
  explicit Recorder(RecStart start)
      : task(current_task), ring(task->ring), mask(task->mask), pos(uint32_t(start.pos)), base_meta(start.meta) {}
  // After a call: the callee may have recorded, and grown the ring.
  L2D_INLINE void refresh() {
    ring = task->ring;
    mask = task->mask;
    pos = task->pos;
  }
  // After a recording variant's call, whose position took() kept.
  L2D_INLINE void refresh_ring() {
    ring = task->ring;
    mask = task->mask;
  }
  // A recording self tail call's next level, [rel] levels below the body.
  L2D_INLINE void descend(int64_t rel) { base_meta += rel << record_depth_shift; }
  // What a recording variant called at [rel] levels below the body starts from.
  L2D_INLINE RecStart start(int64_t rel) const { return {base_meta + (rel << record_depth_shift), pos}; }
  // A recording variant's result: its position is the next record's.
  L2D_INLINE Value took(RecReturn r) {
    pos = uint32_t(r.pos);
    return r.value;
  }
  L2D_INLINE RecReturn ret(Value v) const { return {v, pos}; }
  // The next slot (claim_slot with the position in a register).
  L2D_INLINE HistoryEntry& claim() {
    HistoryEntry& e = ring_slot(ring, pos & mask);
    pos += slot_bytes;
    task->pos = pos;
    return e;
  }
  // A run of begin records only ([run4] = run index * 4): one store.
  L2D_INLINE void run(int64_t run4) {
    HistoryEntry& e = claim();
    e.meta = base_meta + run4;
  }
  // A run ending with the completion of a form with value [v], right after its call.
  L2D_INLINE Value done(int64_t run4, Value v) {
    refresh();
    HistoryEntry& e = claim();
    e.value = unwrap(v);  // numbers are recorded by value
    e.meta = base_meta + run4;
    return v;
  }
  // The same where no call came since the last record and [v] is no cell (a fast
  // path's fixnum, character or false).
  L2D_INLINE void done_inline(int64_t run4, Value v) {
    HistoryEntry& e = claim();
    e.value = v;
    e.meta = base_meta + run4;
  }
  // A run with one or two values, recorded already (unwrapped where they could be
  // cells); the ring is current (refresh after each call).
  L2D_INLINE void put(int64_t run4, Value v) { done_inline(run4, v); }
  // A recording function's self tail calls jumped [levels] times: the completions each
  // level's call and the forms around it would have recorded when the innermost
  // returned ([run4], all of value [v]), each level [level_meta] shallower.
  void tail_completions(int64_t levels, int64_t run4, int64_t level_meta, Value v) {
    int64_t meta = base_meta + run4;
    for (int64_t i = 0; i < levels; ++i) {
      meta -= level_meta;
      HistoryEntry& e = claim();
      e.value = v;
      e.meta = meta;
    }
  }
  L2D_INLINE void put2(int64_t run4, Value v, Value v2) {
    HistoryEntry& e = claim();
    e.value = v;
    e.value2 = v2;
    e.meta = base_meta + run4;
  }
  L2D_INLINE void put3(int64_t run4, Value v, Value v2, Value v3) {
    HistoryEntry& e = claim();
    e.value = v;
    e.value2 = v2;
    e.value3 = v3;
    e.meta = base_meta + run4;
  }
};
// The evaluator's records: they test the size each time.
void record_checked(int32_t depth, int32_t enter, Value v);

// ==== exceptions (spec 11) ================================================================
// What C++ carries while a Lisp2D exception unwinds. The value itself and its history
// snapshot stay in the task state, where the collector sees them.
struct Thrown {
  int unused;
};
L2D_NORETURN void throw_value(Value v);   // (nil throw X)
L2D_NORETURN void raise(Symbol& code);    // a built-in error code
L2D_NORETURN void raise_wrong_type();
L2D_NORETURN void raise_index();
Value thrown_value();                     // in a catch: the exception in flight
void handled(Value v);                    // a handler matched: v becomes (nil exception)

// ==== dispatch (spec 6.2) =================================================================
// Incremented by every change to any method table; inline caches compare it.
extern uint32_t method_epoch;

// A call site's cache: up to four classes seen there and the method each found, valid
// while no method table has changed (epoch). Polymorphic sites (a method sent to
// integers, strings and lists alike) stay cached.
constexpr int send_cache_ways = 4;
struct SendCache {
  uint32_t epoch;
  uint32_t next;                     // the way the next miss replaces
  Class* klass[send_cache_ways];
  Function* fn[send_cache_ways];
};

// Finds the method (raising undefined-method if none) and checks that it takes [argc]
// arguments (raising wrong-argument-count if not) before caching it: a site's argc never
// changes, so what its cache holds needs no arity check again (call_found).
Function* lookup_refill(SendCache& cache, Symbol* selector, Value self, int argc);
Function* lookup_method(Class* k, Symbol* selector);                     // nullptr if none

L2D_INLINE Function* lookup(SendCache& cache, Symbol* selector, Value self, int argc) {
  Class* k = class_of(self);
  if (L2D_LIKELY(cache.epoch == method_epoch)) {
    if (L2D_LIKELY(cache.klass[0] == k)) return cache.fn[0];
    if (cache.klass[1] == k) return cache.fn[1];
    if (cache.klass[2] == k) return cache.fn[2];
    if (cache.klass[3] == k) return cache.fn[3];
  }
  return lookup_refill(cache, selector, self, argc);
}

// A global function cell: the runtime keeps *cell equal to the method a send of
// [selector] to nil finds (or a placeholder that is never null), across every defmethod. Generated code calls
// known global functions through their cell without any cache check.
void register_global_cell(Symbol* selector, Function** cell);
// A program's direct calls of its global functions go through pointers that [refresh]
// sets (generated `direct_calls`): called now, after every change to the global
// functions, and whenever history turns on or off, with whether it is on.
void register_direct_calls(void (*refresh)(bool recording));
void refresh_direct_calls();  // history turned on or off (set_history_size)

L2D_NORETURN void raise_argument_count();

// Whether [f] takes [argc] arguments (max_args -1: any number).
L2D_INLINE bool takes_argc(const Function* f, int argc) {
  return argc >= f->min_args && unsigned(argc) <= unsigned(f->max_args);
}

// Invokes any function object: built-ins get their arity checked here.
L2D_INLINE Value call(Function* f, Value self, int argc, Value* argv) {
  if (L2D_UNLIKELY(!takes_argc(f, argc))) raise_argument_count();
  return f->code(f, self, argc, argv);
}

// Invokes what lookup found for the same [argc]: its arity was checked when cached.
L2D_INLINE Value call_found(Function* f, Value self, int argc, Value* argv) {
  return f->code(f, self, argc, argv);
}

L2D_INLINE Value send_cached(SendCache& cache, Symbol* selector, Value self, int argc,
                             Value* argv) {
  return call_found(lookup(cache, selector, self, argc), self, argc, argv);
}

// A function value invoked with `(nil funcall OBJ FN ARGS…)` or in message position.
Value call_designator(Value designator, Value self, int argc, Value* argv);
Value apply_designator(Value designator, Value self, Value list);

// ==== variables ===========================================================================
// A global's value, raising unbound-variable if it has none.
L2D_NORETURN void raise_unbound(Symbol* s);
L2D_INLINE Value global(Symbol* s) {
  Value v = s->value;
  if (L2D_UNLIKELY(v == unbound)) raise_unbound(s);
  return v;
}
void set_global(Symbol* s, Value v);

// Makes the number in [slot] a shared object: if it holds an immediate number, replace
// it with a cell. Called where a variable's number starts to be shared (spec 3.1).
Value share_slow(Value* slot);
L2D_INLINE bool is_number_object_kind(Kind k) {
  return unsigned(k) - unsigned(Kind::bignum) <= unsigned(Kind::flonum) - unsigned(Kind::bignum);
}
L2D_INLINE Value share(Value& slot) {
  Value v = slot;
  if (v.is_fixnum() || (v.is_ptr() && is_number_object_kind(v.ptr()->kind)))
    return share_slow(&slot);
  return v;  // not a number, or already a cell
}

L2D_INLINE Box* make_box(Value v) {
  Box* b = static_cast<Box*>(gc::alloc(sizeof(Box)));
  b->v = v;
  return b;
}

// Every lexically visible variable of a `(S set V)` whose symbol is computed.
struct VisibleVar {
  Symbol* name;
  Value* slot;
};
Value set_dynamic(Value symbol, Value v, VisibleVar* visible, int count);

// ==== closures and methods ================================================================
Function* make_closure(Code code, Value lambda_datum, Symbol* name, int ncaptured,
                       Box** captured);
L2D_INLINE Box** captures(Function* f) { return static_cast<Box**>(f->env); }
Value defmethod(Value receiver, Symbol* name, Function* f);  // (R defmethod NAME …)
// (nil defclass NAME PARENT (FIELD…)): [inits] holds, per field, a Function* thunk of
// its INIT-FORM or nil.
Value defclass(Symbol* name, Value parent, int nfields, Symbol** fields, Value* inits);
// Argument-count glue for compiled functions (spec 3.4): surplus arguments raise,
// missing ones read as nil.
L2D_INLINE Value arg_or_nil(int argc, Value* argv, int i) { return i < argc ? argv[i] : nil; }
Value rest_list(int argc, Value* argv, int from);

// ==== special forms that need the runtime =====================================================
// Each form of (nil parallel F…), or a forked child's expression, as a callback.
using FormThunk = Value (*)(void* env, int index);
Value parallel(int n, FormThunk thunk, void* env);  // spec 10.2: the list of values
Value fork(FormThunk thunk, void* env);             // spec 10.3: the child's pid

// (R progn F…): holds R while the forms run when R is a lock (spec 10.1).
struct LockHold {
  Value lock;
  explicit LockHold(Value receiver);
  ~LockHold();
  LockHold(const LockHold&) = delete;
  LockHold& operator=(const LockHold&) = delete;
};

// (R for* VAR F…) over every kind of receiver (spec 4).
struct ForIter {
  // big: a count beyond the fixnums (fixnums first, then integers made one by one).
  enum Kind : int32_t { count, vector, string, bytes, list, table, none, big };
  Kind kind;
  SWord i, n;
  Value coll;
  Value keys;  // table: the keys present when the loop started
  explicit ForIter(Value receiver);
  bool next_slow(Value& out);
  // A loop over a count keeps its own counter in a register (this object's address
  // escapes to next_slow, so its fields live in memory): it takes the count over, and
  // next() yields nothing more. 0 for any other receiver, which next() walks.
  L2D_INLINE SWord take_count() {
    if (kind != count) return 0;
    i = n;
    return n;
  }
  // The next element, or no_value after the last (no element is a marker): what
  // generated loops use, so that the element stays in a register.
  L2D_INLINE Value next_or_end() {
    Value v;
    return next(v) ? v : no_value;
  }
  L2D_INLINE bool next(Value& out) {
    if (L2D_LIKELY(kind == count)) {
      if (i < n) {
        out = Value::fixnum(i++);
        return true;
      }
      return false;
    }
    return next_slow(out);
  }
};

// Backquote: a copy of the list [spliced] in front of [rest] (spec 4, ,@).
Value splice(Value spliced, Value rest);

// ==== numbers: fixnum fast paths, everything else through dispatch ==========================
// [depth] is the depth of the send's form: a program method that replaced the built-in
// runs its body one deeper (spec 11.3). [cache] is the call site's: the slow path
// (bignums, floats, strings, program methods) still dispatches through a cache.
Value send_binary(Symbol& selector, Value a, Value b, int32_t depth, SendCache& cache);
Value send_unary(Symbol& selector, Value a, int32_t depth, SendCache& cache);
Value assign_op_slow(Symbol& selector, Value* var, Value b, int32_t depth);
Value send_global(Symbol& selector, int argc, Value* argv, int32_t depth, SendCache& cache);
Value send_ternary(Symbol& selector, Value a, Value b, Value c, int32_t depth, SendCache& cache);

// Whether a program method replaced the built-in [name] (Symbol::overridden): the fast
// paths below test it. A generated program whose compiler proved that no method of that
// name can ever be defined (ProgramGen::may_override) defines L2D_PROGRAM_OVERRIDES and
// l2d_program_overrides::NAME (false) before including this header, and its fast paths
// skip the test. They live in an inline namespace named after the mode, so that the
// runtime's copies and the program's are distinct functions (one definition each).
#ifdef L2D_PROGRAM_OVERRIDES
#define L2D_OVERRIDDEN(name) (::l2d_program_overrides::name && ::l2d::sym::name.overridden)
#define L2D_FAST_PATHS program_fast_paths
#else
#define L2D_OVERRIDDEN(name) (::l2d::sym::name.overridden)
#define L2D_FAST_PATHS fast_paths
#endif
inline namespace L2D_FAST_PATHS {

L2D_INLINE bool both_fixnums(Value a, Value b) { return (a.bits & b.bits & 1) != 0; }

// Each fast path also exists as `try_NAME(operands…, out)`: true with the result in
// [out] when it applies, false (and nothing done) when the send must dispatch. A
// recording function writes a form's history records together when it succeeds
// (Recorder); a fast path never records, raises or calls out.
L2D_INLINE bool try_add(Value a, Value b, Value& out) {
  SWord r;
  if (L2D_LIKELY(both_fixnums(a, b) && !L2D_OVERRIDDEN(plus)) &&
      !__builtin_add_overflow(SWord(a.bits), SWord(b.bits - 1), &r)) {
    out = Value(Word(r));
    return true;
  }
  return false;
}
L2D_INLINE bool try_sub(Value a, Value b, Value& out) {
  SWord r;
  if (L2D_LIKELY(both_fixnums(a, b) && !L2D_OVERRIDDEN(minus)) &&
      !__builtin_sub_overflow(SWord(a.bits), SWord(b.bits - 1), &r)) {
    out = Value(Word(r));
    return true;
  }
  return false;
}
L2D_INLINE bool try_mul(Value a, Value b, Value& out) {
  SWord r;
  if (L2D_LIKELY(both_fixnums(a, b) && !L2D_OVERRIDDEN(times)) &&
      !__builtin_mul_overflow(a.fixnum_value(), SWord(b.bits - 1), &r)) {
    out = Value(Word(r) | 1);
    return true;
  }
  return false;
}
// The sends themselves keep their own copy of the test: written through try_NAME they
// compile to slower quiet code (g++ lays the out-parameter version out differently).
L2D_INLINE Value add(Value a, Value b, int32_t depth, SendCache& cache) {
  SWord r;
  if (L2D_LIKELY(both_fixnums(a, b) && !L2D_OVERRIDDEN(plus)) &&
      !__builtin_add_overflow(SWord(a.bits), SWord(b.bits - 1), &r))
    return Value(Word(r));
  return send_binary(sym::plus, a, b, depth, cache);
}
L2D_INLINE Value sub(Value a, Value b, int32_t depth, SendCache& cache) {
  SWord r;
  if (L2D_LIKELY(both_fixnums(a, b) && !L2D_OVERRIDDEN(minus)) &&
      !__builtin_sub_overflow(SWord(a.bits), SWord(b.bits - 1), &r))
    return Value(Word(r));
  return send_binary(sym::minus, a, b, depth, cache);
}
L2D_INLINE Value mul(Value a, Value b, int32_t depth, SendCache& cache) {
  SWord r;
  if (L2D_LIKELY(both_fixnums(a, b) && !L2D_OVERRIDDEN(times)) &&
      !__builtin_mul_overflow(a.fixnum_value(), SWord(b.bits - 1), &r))
    return Value(Word(r) | 1);
  return send_binary(sym::times, a, b, depth, cache);
}

// Comparisons: fixnums, and characters (spec 7.3: by code), compare their words.
L2D_INLINE bool both_chars(Value a, Value b) { return ((a.bits & 7) == 2) & ((b.bits & 7) == 2); }
#define L2D_COMPARE(name, selector, op)                                                     \
  L2D_INLINE bool try_##name##_test(Value a, Value b, bool& out) {                          \
    if (L2D_LIKELY((both_fixnums(a, b) || both_chars(a, b)) && !L2D_OVERRIDDEN(selector))) { \
      out = SWord(a.bits) op SWord(b.bits);                                                 \
      return true;                                                                          \
    }                                                                                       \
    return false;                                                                           \
  }                                                                                         \
  L2D_INLINE bool try_##name(Value a, Value b, Value& out) {                                \
    bool t;                                                                                 \
    if (!try_##name##_test(a, b, t)) return false;                                          \
    out = t ? a : make_false();                                                             \
    return true;                                                                            \
  }                                                                                         \
  L2D_INLINE Value name(Value a, Value b, int32_t depth, SendCache& cache) {                \
    if (L2D_LIKELY((both_fixnums(a, b) || both_chars(a, b)) && !L2D_OVERRIDDEN(selector)))  \
      return SWord(a.bits) op SWord(b.bits) ? a : make_false();                             \
    return send_binary(sym::selector, a, b, depth, cache);                                  \
  }                                                                                         \
  L2D_INLINE bool name##_test(Value a, Value b, int32_t depth, SendCache& cache) {          \
    if (L2D_LIKELY((both_fixnums(a, b) || both_chars(a, b)) && !L2D_OVERRIDDEN(selector)))  \
      return SWord(a.bits) op SWord(b.bits);                                                \
    return truthy(send_binary(sym::selector, a, b, depth, cache));                          \
  }
L2D_COMPARE(lt, lt, <)
L2D_COMPARE(gt, gt, >)
L2D_COMPARE(le, le, <=)
L2D_COMPARE(ge, ge, >=)
L2D_COMPARE(num_eq, num_eq, ==)
L2D_COMPARE(num_ne, num_ne, !=)
#undef L2D_COMPARE

// The destructive number operators on a variable: a cell is changed in place (everyone
// sharing it sees the change); an unshared immediate is simply replaced.
L2D_INLINE Value plus_assign(Value& var, Value b, int32_t depth) {
  SWord r;
  if (L2D_LIKELY(both_fixnums(var, b) && !L2D_OVERRIDDEN(plus_assign)) &&
      !__builtin_add_overflow(SWord(var.bits), SWord(b.bits - 1), &r))
    return var = Value(Word(r));
  return assign_op_slow(sym::plus_assign, &var, b, depth);
}
L2D_INLINE Value minus_assign(Value& var, Value b, int32_t depth) {
  SWord r;
  if (L2D_LIKELY(both_fixnums(var, b) && !L2D_OVERRIDDEN(minus_assign)) &&
      !__builtin_sub_overflow(SWord(var.bits), SWord(b.bits - 1), &r))
    return var = Value(Word(r));
  return assign_op_slow(sym::minus_assign, &var, b, depth);
}

// ==== global functions with an inline path (sends to nil) ==================================
// A new pair; stores numbers by value (unwraps cells). The same as l2d::cons, inlined:
// the allocation is a pop from the thread's free list (gc.hpp).
L2D_INLINE Value make_cons(Value a, Value b) {
  auto* c = static_cast<Cons*>(gc::alloc_exact(sizeof(Cons)));
  c->klass = classes.cons;
  c->kind = Kind::cons;
  c->first = unwrap(a);
  c->rest = unwrap(b);
  return Value(c);
}
// (nil eq a b): identity, except numbers of one class and value and equal characters.
// false (and nothing done) where the program redefined eq.
L2D_INLINE bool try_eq_test(Value a, Value b, bool& out) {
  if (L2D_UNLIKELY(L2D_OVERRIDDEN(eq))) return false;
  if (a == b) out = true;
  else if (!a.is_ptr() && !b.is_ptr()) out = false;  // distinct immediates
  // nil and characters are eq to themselves alone (only a number cell, a pointer, is
  // eq to another word): `(nil eq x nil)` is one comparison once inlined.
  else if ((!a.is_ptr() && !a.is_fixnum()) || (!b.is_ptr() && !b.is_fixnum())) out = false;
  else out = eq(a, b);
  return true;
}
L2D_INLINE bool eq_test(Value a, Value b, int32_t depth, SendCache& cache) {
  bool out;
  if (L2D_LIKELY(try_eq_test(a, b, out))) return out;
  Value args[2] = {a, b};
  return truthy(send_global(sym::eq, 2, args, depth, cache));
}
L2D_INLINE Value global_eq(Value a, Value b, int32_t depth, SendCache& cache) {
  if (L2D_LIKELY(!L2D_OVERRIDDEN(eq))) return boolean(eq_test(a, b, depth, cache));
  Value args[2] = {a, b};
  return send_global(sym::eq, 2, args, depth, cache);
}
L2D_INLINE Value global_not(Value a, int32_t depth, SendCache& cache) {
  if (L2D_LIKELY(!L2D_OVERRIDDEN(not_))) return boolean(!truthy(a));
  return send_global(sym::not_, 1, &a, depth, cache);
}
L2D_INLINE Value global_cons(Value a, Value b, int32_t depth, SendCache& cache) {
  if (L2D_LIKELY(!L2D_OVERRIDDEN(cons))) return make_cons(a, b);
  Value args[2] = {a, b};
  return send_global(sym::cons, 2, args, depth, cache);
}
L2D_INLINE Value global_consp(Value a, int32_t depth, SendCache& cache) {
  if (L2D_LIKELY(!L2D_OVERRIDDEN(consp))) return is_cons(a) ? a : make_false();
  return send_global(sym::consp, 1, &a, depth, cache);
}

// ==== lists and vectors ======================================================================
L2D_INLINE bool try_first(Value l, Value& out) {
  if (likely_kind(l, Kind::cons) && L2D_LIKELY(!L2D_OVERRIDDEN(first))) {
    out = l.as<Cons>()->first;
    return true;
  }
  return false;
}
L2D_INLINE Value first(Value l, int32_t depth, SendCache& cache) {
  if (likely_kind(l, Kind::cons) && L2D_LIKELY(!L2D_OVERRIDDEN(first))) return l.as<Cons>()->first;
  return send_unary(sym::first, l, depth, cache);
}
L2D_INLINE bool try_rest(Value l, Value& out) {
  if (likely_kind(l, Kind::cons) && L2D_LIKELY(!L2D_OVERRIDDEN(rest))) {
    out = l.as<Cons>()->rest;
    return true;
  }
  return false;
}
L2D_INLINE Value rest(Value l, int32_t depth, SendCache& cache) {
  if (likely_kind(l, Kind::cons) && L2D_LIKELY(!L2D_OVERRIDDEN(rest))) return l.as<Cons>()->rest;
  return send_unary(sym::rest, l, depth, cache);
}
// (v elt i) on a vector or a string, and (v size) on vectors, strings and byte vectors.
L2D_INLINE bool try_elt(Value v, Value i, Value& out) {
  if (likely_ptr(v) && L2D_LIKELY(i.is_fixnum()) && L2D_LIKELY(!L2D_OVERRIDDEN(elt))) {
    Word index = Word(i.fixnum_value());
    Object* o = v.ptr();
    if (o->kind == Kind::vector) {
      Vector* vec = static_cast<Vector*>(o);
      if (L2D_LIKELY(index < vec->size)) {
        out = vec->data[index];
        return true;
      }
    } else if (o->kind == Kind::string) {
      String* s = static_cast<String*>(o);
      if (L2D_LIKELY(index < s->size)) {
        out = Value::character(s->wide ? s->chars[index] : s->bytes[index]);
        return true;
      }
    }
  }
  return false;
}
L2D_INLINE Value elt(Value v, Value i, int32_t depth, SendCache& cache) {
  if (likely_ptr(v) && L2D_LIKELY(i.is_fixnum()) && L2D_LIKELY(!L2D_OVERRIDDEN(elt))) {
    Word index = Word(i.fixnum_value());
    Object* o = v.ptr();
    if (o->kind == Kind::vector) {
      Vector* vec = static_cast<Vector*>(o);
      if (L2D_LIKELY(index < vec->size)) return vec->data[index];
    } else if (o->kind == Kind::string) {
      String* s = static_cast<String*>(o);
      if (L2D_LIKELY(index < s->size))
        return Value::character(s->wide ? s->chars[index] : s->bytes[index]);
    }
  }
  return send_binary(sym::elt, v, i, depth, cache);
}
// (v setelt i x) on a vector: numbers are stored by value (spec 3.1).
L2D_INLINE bool try_setelt(Value v, Value i, Value x, Value& out) {
  if (likely_kind(v, Kind::vector) && L2D_LIKELY(i.is_fixnum()) &&
      L2D_LIKELY(!(v.ptr()->flags & flag_read_only)) && L2D_LIKELY(!L2D_OVERRIDDEN(setelt))) {
    Vector* vec = v.as<Vector>();
    Word index = Word(i.fixnum_value());
    if (L2D_LIKELY(index < vec->size)) {
      vec->data[index] = unwrap(x);
      out = v;
      return true;
    }
  }
  return false;
}
L2D_INLINE Value setelt(Value v, Value i, Value x, int32_t depth, SendCache& cache) {
  if (likely_kind(v, Kind::vector) && L2D_LIKELY(i.is_fixnum()) &&
      L2D_LIKELY(!(v.ptr()->flags & flag_read_only)) && L2D_LIKELY(!L2D_OVERRIDDEN(setelt))) {
    Vector* vec = v.as<Vector>();
    Word index = Word(i.fixnum_value());
    if (L2D_LIKELY(index < vec->size)) {
      vec->data[index] = unwrap(x);
      return v;
    }
  }
  return send_ternary(sym::setelt, v, i, x, depth, cache);
}
// (a floor b) on fixnums: the quotient rounded down.
L2D_INLINE bool try_floor_div(Value a, Value b, Value& out) {
  if (L2D_LIKELY(both_fixnums(a, b) && !L2D_OVERRIDDEN(floor))) {
    SWord x = a.fixnum_value(), y = b.fixnum_value();
    if (L2D_LIKELY(y > 0)) {
      SWord q = x / y;
      if ((x % y) < 0) --q;
      out = Value::fixnum(q);
      return true;
    }
  }
  return false;
}
L2D_INLINE Value floor_div(Value a, Value b, int32_t depth, SendCache& cache) {
  if (L2D_LIKELY(both_fixnums(a, b) && !L2D_OVERRIDDEN(floor))) {
    SWord x = a.fixnum_value(), y = b.fixnum_value();
    if (L2D_LIKELY(y > 0)) {
      SWord q = x / y;
      if ((x % y) < 0) --q;
      return Value::fixnum(q);
    }
  }
  return send_binary(sym::floor, a, b, depth, cache);
}
L2D_INLINE bool try_size(Value v, Value& out) {
  if (likely_ptr(v) && L2D_LIKELY(!L2D_OVERRIDDEN(size))) {
    Object* o = v.ptr();
    if (o->kind == Kind::vector) return out = Value::fixnum(SWord(static_cast<Vector*>(o)->size)), true;
    if (o->kind == Kind::string) return out = Value::fixnum(SWord(static_cast<String*>(o)->size)), true;
    if (o->kind == Kind::byte_vector) return out = Value::fixnum(SWord(static_cast<ByteVector*>(o)->size)), true;
  }
  return false;
}
L2D_INLINE Value size(Value v, int32_t depth, SendCache& cache) {
  if (likely_ptr(v) && L2D_LIKELY(!L2D_OVERRIDDEN(size))) {
    Object* o = v.ptr();
    if (o->kind == Kind::vector) return Value::fixnum(SWord(static_cast<Vector*>(o)->size));
    if (o->kind == Kind::string) return Value::fixnum(SWord(static_cast<String*>(o)->size));
    if (o->kind == Kind::byte_vector) return Value::fixnum(SWord(static_cast<ByteVector*>(o)->size));
  }
  return send_unary(sym::size, v, depth, cache);
}
}  // inline namespace L2D_FAST_PATHS

// ==== constants ================================================================================
// The data of a program (quoted data, and each compound form for the history) is built
// once at start-up from a compact description the generator emits: constant k is
// decoded from `ops` after constants 0…k-1, and may refer to them (c_ref, c_elt,
// c_tail), so a form's subforms are the very objects inside it.
enum ConstOp : int64_t {
  c_nil = 0,
  c_true,
  c_false,
  c_fixnum,    // value
  c_char,      // code point
  c_symbol,    // symbol index
  c_string,    // string index (UTF-8 text)
  c_bignum,    // string index (decimal digits)
  c_fraction,  // string index ("n/d")
  c_float,     // IEEE bits
  c_list,      // n, then n data
  c_dotted,    // n, then n data, then the tail
  c_vector,    // n, then n data
  c_bytes,     // n, then n bytes
  c_ref,       // constant k
  c_elt,       // constant k, i: its element i
  c_tail,      // constant k, i: its i-th tail
};
struct ConstPool {
  const int64_t* ops;
  const char* const* strings;   // texts of strings, bignums, fractions
  const int64_t* string_sizes;  // their byte sizes
  int64_t nconsts;
};
struct SymbolTable {
  Symbol** const* slots;        // where each symbol goes
  const char* const* names;     // UTF-8
  const int64_t* sizes;         // byte sizes of the names
  int64_t count;
};
void load_symbols(const SymbolTable& table);
void load_constants(const ConstPool& pool, Value* consts, const SymbolTable& symbols);

constexpr Value fix(SWord n) { return Value::fixnum(n); }
constexpr Value chr(uint32_t code) { return Value::character(code); }
// A number bound to a shared variable becomes a cell (sharing analysis, transpiler).
Value cellify_slow(Value v);
L2D_INLINE Value cellify(Value v) {
  if (v.is_fixnum() || (v.is_ptr() && is_number_object_kind(v.ptr()->kind))) return cellify_slow(v);
  return v;
}
// The destructive operators on a global variable.
Value assign_global_op(Symbol& selector, Symbol* var, Value b, int32_t depth);

// ==== compact code (compact.cpp) ===============================================================
// Code that runs once (top-level forms without loops) and every function of a very
// large program is generated compact: no inline fast paths, records and sends through
// these out-of-line entries. The C++ compiler spends milliseconds on every inline fast
// path; compact code costs it a fraction of that, and each entry behaves exactly as the
// inline path it replaces.
#define L2D_COLD __attribute__((cold))
// A record with the form's depth relative to [base], times 4 (as Recorder does). Only
// called while history is on (the caller tests `rec`).
void note_enter(int32_t base, int64_t rel4, int64_t form_index);
void note_leave(int32_t base, int64_t rel4, Value v);
// send_cached, out of line.
Value send_site(SendCache& cache, Symbol* selector, Value self, int argc, Value* argv);
// A top-level (R defmethod NAME PARAMS BODY…) with a constant receiver, as data: what its
// compiled form would do (records, make_closure, defmethod), from a table entry.
struct DefmethodForm {
  int32_t form;        // its index among the top-level forms (the table is sorted by it)
  int32_t form_k;      // constant index of the form, for its history records
  int32_t receiver_k;  // constant index of the receiver
  int32_t lambda_k;    // constant index of its (lambda PARAMS BODY…)
  Symbol* const* name;
  Code entry;
  const int64_t* row;  // a method sharing its body with others alike: its constants (fn->env)
};
struct DefmethodForms {
  const DefmethodForm* forms;
  int32_t count;
  const Value* k;  // the program's constants
};
Value run_defmethod_form(const DefmethodForms& table, int form);

// ==== the program ==============================================================================
// A top-level form, by its index in the program: several forms that run once may share
// one C++ function (a switch on the index).
using TopLevelForm = Value (*)(int form);
struct Program {
  const char* source_name;        // the script's file name without directory (arg's first)
  void (*init)();                 // loads constants
  TopLevelForm* forms;            // in file order
  int nforms;
  int history;                    // initial history size (l2dc build --history N)
  bool echo;                      // --echo: print each top-level value as the REPL does
};
int run_program(int argc, char** argv, const Program& program);

}  // namespace l2d::rt
