// The global functions (spec 5): the built-in methods of class `null`, called as
// `(nil NAME ARG…)`. They are found only for the receiver nil; the lookup fallback of
// spec 6.2 offers other receivers the program-defined global functions alone.
// The empty-list methods of spec 7.6 (list.cpp) and getenv, time, clock, pid, kill,
// wait, random-seed (system.cpp) are methods of `null` too, registered by their files.
#include <cstdint>

#include "l2d/class.hpp"
#include "l2d/error.hpp"
#include "l2d/eval.hpp"
#include "l2d/number.hpp"
#include "l2d/process.hpp"
#include "l2d/sequence.hpp"
#include "l2d/symbol.hpp"
#include "l2d/task.hpp"

namespace l2d {

namespace {

// ---- construction ------------------------------------------------------------------------

L2D_BUILTIN(null_list) { return list(argc, argv); }  // numbers stored by value (cons)

L2D_BUILTIN(null_cons) { return cons(argv[0], argv[1]); }

L2D_BUILTIN(null_vector) {
  Vector* v = new_vector(size_t(argc));
  for (int i = 0; i < argc; ++i) v->data[i] = unwrap(argv[i]);  // numbers by value (spec 3.1)
  return Value(v);
}

// ---- identity and type predicates (spec 3.9) --------------------------------------------

// A predicate's success: the designated object as it was passed (a cell included, so that
// sharing is preserved), or `true` when that object is itself false.
Value designate(Value v) { return truthy(v) ? v : make_true(); }
Value predicate(bool ok, Value designated) { return ok ? designate(designated) : make_false(); }

L2D_BUILTIN(null_eq) { return boolean(eq(argv[0], argv[1])); }
L2D_BUILTIN(null_atom) { return boolean(!is_cons(argv[0])); }
L2D_BUILTIN(null_not) { return boolean(!truthy(argv[0])); }

L2D_BUILTIN(null_consp) { return predicate(is_cons(argv[0]), argv[0]); }
L2D_BUILTIN(null_listp) { return predicate(is_cons(argv[0]) || argv[0].is_nil(), argv[0]); }
L2D_BUILTIN(null_numberp) { return predicate(is_number(argv[0]), argv[0]); }
L2D_BUILTIN(null_integerp) { return predicate(is_integer(argv[0]), argv[0]); }
L2D_BUILTIN(null_fractionp) { return predicate(is_kind(unwrap(argv[0]), Kind::fraction), argv[0]); }
L2D_BUILTIN(null_floatp) { return predicate(is_float(argv[0]), argv[0]); }
L2D_BUILTIN(null_stringp) { return predicate(is_kind(argv[0], Kind::string), argv[0]); }
L2D_BUILTIN(null_symbolp) { return predicate(is_symbolish(argv[0]), argv[0]); }
L2D_BUILTIN(null_charp) { return predicate(argv[0].is_char(), argv[0]); }
L2D_BUILTIN(null_vectorp) { return predicate(is_kind(argv[0], Kind::vector), argv[0]); }
L2D_BUILTIN(null_byte_vector_p) { return predicate(is_kind(argv[0], Kind::byte_vector), argv[0]); }
L2D_BUILTIN(null_functionp) { return predicate(is_function(argv[0]), argv[0]); }

// ---- evaluation (spec 3.5, 5) -------------------------------------------------------------
// The send site has set rt::call_depth to the depth of this form, so whatever these run
// (the evaluated datum, the designated function's body) records at that depth + 1.

L2D_BUILTIN(null_eval) { return eval_datum(unwrap(argv[0])); }

// (nil apply OBJ FN LIST): LIST must be a proper list (else wrong-type); its elements are
// the arguments, numbers read out of it as new numbers (spec 3.1).
L2D_BUILTIN(null_apply) { return rt::apply_designator(argv[1], argv[0], unwrap(argv[2])); }

L2D_BUILTIN(null_funcall) { return rt::call_designator(argv[1], argv[0], argc - 2, argv + 2); }

// ---- exceptions and the history (spec 11) -------------------------------------------------

L2D_BUILTIN(null_throw) { rt::throw_value(argv[0]); }

L2D_BUILTIN(null_exception) { return current_task->exception; }

L2D_BUILTIN(null_exception_history) { return current_task->exception_history; }

// The largest ring: 2^24 entries are 512 MiB per task (each thread of `parallel` has its
// own ring). A larger size is refused at once as out-of-memory (spec 11.2: the size
// limits), rather than by an allocation failing later, in the middle of a record.
constexpr int64_t max_history_size = int64_t(1) << 24;

// (nil setdebug [N]): absent, nil, false, 0 → 0; a positive integer (or an integral
// float, spec 7's rule for counts) → N; true → 12; anything else → wrong-type.
L2D_BUILTIN(null_setdebug) {
  int64_t n = 0;
  Value x = argc ? unwrap(argv[0]) : nil;
  if (x == make_true()) {
    n = 12;
  } else if (truthy(x)) {
    if (!is_number(x)) raise_wrong_type();
    n = integer_arg(x);  // wrong-type for fractions, non-integral floats, nan, ±inf
    if (n < 0) raise_wrong_type();
    if (n > max_history_size) raise_out_of_memory();
  }
  set_history_size(int32_t(n));  // every task's ring catches up with it (task.cpp)
  return Value::fixnum(n);
}

L2D_BUILTIN(null_getdebug) { return Value::fixnum(__atomic_load_n(&rt::history_size, __ATOMIC_RELAXED)); }

// ---- symbols, read-only objects, the end of the process -----------------------------------

L2D_BUILTIN(null_gensym) { return Value(gensym("t")); }

// (nil const X) marks the object X read-only (spec 3.7). A number that is not yet an
// object of its own (an immediate, or an immutable representation other numbers may
// share) becomes a new cell carrying the mark, which is returned. Symbols are never
// marked: `set` and `putprop` stay allowed. nil and characters have nothing to mark.
L2D_BUILTIN(null_const) {
  Value x = argv[0];
  if (is_number(x) && !is_cell(x)) x = make_cell(x);
  if (x.is_ptr() && !is_symbol(x)) x.ptr()->flags |= flag_read_only;
  return x;
}

// (nil exit [N]): the status of spec 1.2 from N (default 0; a non-number gives 0).
// exit_process writes out held output, releases the locks and waits for the children.
L2D_BUILTIN(null_exit) { exit_process(exit_status_of(argc ? argv[0] : nil)); }

const BuiltinSpec null_methods[] = {
    {"list", null_list, 0, -1},
    {"cons", null_cons, 2, 2},
    {"vector", null_vector, 0, -1},
    {"eq", null_eq, 2, 2},
    {"atom", null_atom, 1, 1},
    {"not", null_not, 1, 1},
    {"consp", null_consp, 1, 1},
    {"listp", null_listp, 1, 1},
    {"numberp", null_numberp, 1, 1},
    {"integerp", null_integerp, 1, 1},
    {"fractionp", null_fractionp, 1, 1},
    {"floatp", null_floatp, 1, 1},
    {"stringp", null_stringp, 1, 1},
    {"symbolp", null_symbolp, 1, 1},
    {"charp", null_charp, 1, 1},
    {"vectorp", null_vectorp, 1, 1},
    {"byte-vector-p", null_byte_vector_p, 1, 1},
    {"functionp", null_functionp, 1, 1},
    {"eval", null_eval, 1, 1},
    {"apply", null_apply, 3, 3},
    {"funcall", null_funcall, 2, -1},
    {"throw", null_throw, 1, 1},
    {"exception", null_exception, 0, 0},
    {"exception-history", null_exception_history, 0, 0},
    {"setdebug", null_setdebug, 0, 1},
    {"getdebug", null_getdebug, 0, 0},
    {"gensym", null_gensym, 0, 0},
    {"const", null_const, 1, 1},
    {"exit", null_exit, 0, 1},
};

}  // namespace

void register_null_methods() { define_builtins(classes.null, null_methods); }

}  // namespace l2d
