// Code generation for one function: every node of the program model becomes C++
// statements. Each subexpression's value lands in a named temporary (or is a variable
// or a constant), so C++ evaluates exactly in Lisp2D's order: receiver, then arguments
// left to right. Every compound form records its history entries (spec 11.3) behind a
// cheap test, and every send site sets the call depth its callee continues from.
#include <cassert>
#include <functional>
#include <optional>
#include <stdexcept>
#include <unordered_set>
#include <utility>

#include "analyze/walk.hpp"
#include "form_text.hpp"
#include "generator.hpp"
#include "shapes.hpp"
#include "l2d/printer.hpp"
#include "l2d/symbol.hpp"
#include "mangle.hpp"
#include "runtime_api.hpp"

namespace l2dc {

using namespace l2d;
using namespace l2d::ir;

bool direct_takes_fn(const Lambda* fn);
bool direct_takes_self(const Lambda* fn);

namespace {

std::string direct_args(const Lambda* fn, const std::string& f, const std::string& self,
                        const std::vector<std::string>& args);
std::string with_start(const std::string& args, const std::string& start);

bool is_trivial(const Node* n) {
  return n->op == Op::constant || n->op == Op::local || n->op == Op::self;
}

// Whether the C++ value [e] is an immediate constant (constant_cpp): no cell, the same
// value wherever it is read.
bool is_constant(const std::string& e) {
  return e == "nil" || e == "make_true()" || e == "make_false()" || e.rfind("fix(", 0) == 0 || e.rfind("chr(", 0) == 0;
}

// A constant's C++: an immediate inline, anything else from the constant table.
std::string constant_cpp(ProgramGen& gen, Value v) {
  if (v.is_nil()) return "nil";
  if (v == make_true()) return "make_true()";
  if (v == make_false()) return "make_false()";
  if (v.is_fixnum()) return "fix(" + std::to_string(v.fixnum_value()) + ")";
  if (v.is_char()) return "chr(" + std::to_string(v.char_code()) + ")";
  return gen.constant(v);
}

// The base case of a recursion (fib's `(nil if (n < 2) n …)`, tak's `z`): a function
// whose body is one `if` whose test compares two parameters or constants (a fast path:
// no call, no effect) and one of whose branches is a parameter or a constant (or a
// missing else), the other not. That way does little, and its calls cost more than it:
// quiet callers test the case themselves and take the atom without a call, recording
// callers also add the records the function would make to their own run (leaf_steps),
// and the recording variant gets a leaf entry that runs that way alone (leaf_entry),
// without the whole variant's set-up (FunctionGen::inlined_leaf writes the call
// sites). Half of fib's calls and most of tak's take it. Only from -O2
// (GenerateOptions::leaf_entries), for debuggers.
struct LeafCase {
  const Lambda* fn;
  const If* branch;         // the body
  bool then_leaf;           // the atom is the then branch (else: the else branch)
  const char* comparison;   // the test: try_COMPARISON_test, or nullptr for (nil eq L R)
  const Node* left;         // the test's operands
  const Node* right;
  const Node* atom;         // the leaf's value; nullptr: nil (no else forms)
};

// The parameter or constant [n] of [leaf]'s function as C++, [args] being what the call
// passes for its parameters.
std::string leaf_operand(ProgramGen& gen, const LeafCase& leaf, const Node* n, const std::vector<std::string>& args) {
  if (!n) return "nil";
  if (n->op == Op::constant) return constant_cpp(gen, as<Constant>(n)->value);
  const Var* v = as<Local>(n)->var;
  for (uint32_t i = 0; i < leaf.fn->params.count; ++i)
    if (leaf.fn->params[i] == v) return args.at(i);
  throw std::logic_error("internal: a leaf case's operand is not a parameter");
}

bool is_leaf_operand(const Lambda* fn, const Node* n) {
  if (n->op == Op::constant) return true;
  if (n->op != Op::local || as<Local>(n)->capture >= 0) return false;
  const Var* v = as<Local>(n)->var;
  for (Var* p : fn->params)
    if (p == v) return true;
  return false;
}

std::optional<LeafCase> leaf_case(ProgramGen& gen, const Lambda* fn) {
  if (!gen.options.leaf_entries || fn->rest || fn->toplevel || fn->body.count != 1 || fn->body[0]->op != Op::if_)
    return std::nullopt;
  for (Var* p : fn->params)
    if (p->captured || p->shared) return std::nullopt;  // binding them makes a box
  auto* i = as<If>(fn->body[0]);
  if (i->test->op != Op::send) return std::nullopt;
  auto* t = as<Send>(i->test);
  LeafCase leaf{fn, i, false, nullptr, nullptr, nullptr, nullptr};
  if (t->selector == &sym::eq && t->args.count == 2 && t->receiver->op == Op::constant &&
      as<Constant>(t->receiver)->value.is_nil() && !gen.model.methods.count(&sym::eq)) {
    leaf.left = t->args[0];
    leaf.right = t->args[1];
  } else if (const char* f = api::comparison(t->selector); f && t->args.count == 1) {
    leaf.comparison = f;
    leaf.left = t->receiver;
    leaf.right = t->args[0];
  } else {
    return std::nullopt;
  }
  if (!is_leaf_operand(fn, leaf.left) || !is_leaf_operand(fn, leaf.right)) return std::nullopt;
  // The other way must be more than an atom: else there is nothing to save.
  bool else_compound = i->otherwise.count > 1 || (i->otherwise.count == 1 && !is_trivial(i->otherwise[0]));
  if (is_leaf_operand(fn, i->then) && else_compound) {
    leaf.then_leaf = true;
    leaf.atom = i->then;
  } else if (!is_trivial(i->then) && !else_compound && (i->otherwise.count == 0 || is_leaf_operand(fn, i->otherwise[0]))) {
    leaf.atom = i->otherwise.count ? i->otherwise[0] : nullptr;
  } else {
    return std::nullopt;
  }
  return leaf;
}

// The C++ condition under which a call of [leaf]'s function with [args] takes the leaf,
// [c] a bool to hold the comparison.
std::string leaf_test(ProgramGen& gen, const LeafCase& leaf, const std::vector<std::string>& args, const std::string& c) {
  std::string l = leaf_operand(gen, leaf, leaf.left, args);
  std::string r = leaf_operand(gen, leaf, leaf.right, args);
  std::string test = leaf.comparison ? std::string("try_") + leaf.comparison + "_test(" : std::string("try_eq_test(");
  return test + l + ", " + r + ", " + c + ") && " + (leaf.then_leaf ? c : "!" + c);
}

// The value of the immediate constant [e] (is_constant).
Value immediate_of(const std::string& e) {
  if (e == "nil") return nil;
  if (e == "make_true()") return make_true();
  if (e == "make_false()") return make_false();
  long long n = std::stoll(e.substr(4));  // fix(N) or chr(N)
  return e[0] == 'f' ? Value::fixnum(n) : Value::character(uint32_t(n));
}

// The statement writing a slot of run [run4] with [values] (Recorder).
std::string record_statement(const std::string& run4, const std::vector<std::string>& values) {
  static const char* const put[] = {"R.run(", "R.put(", "R.put2(", "R.put3("};
  std::string text = put[values.size()] + run4;
  for (const std::string& v : values) text += ", " + v;
  return text + ");";
}

// The records the leaf makes, as its recording variant's body would (FunctionGen: a
// carried if whose test's fast path ran): the begin records of the if and its test, the
// test's value, the if's value, at depths relative to the function's body. A value that
// is an immediate constant has a step of its own (constant_step); [value_step] gives the
// step of any other from its C++ and whether it can be a cell (then it is unwrapped).
using ValueStep = std::function<int32_t(const std::string& value, bool maybe_cell)>;
std::vector<std::pair<int32_t, int32_t>> leaf_steps(ProgramGen& gen, const LeafCase& leaf,
                                                    const std::vector<std::string>& args, const ValueStep& value_step) {
  const Node* test = leaf.branch->test;
  // A comparison that holds is worth its receiver, an eq true; neither is a cell (the
  // fast path took them as fixnums or characters).
  std::string test_value = !leaf.then_leaf        ? "make_false()"
                           : leaf.comparison      ? leaf_operand(gen, leaf, leaf.left, args)
                                                  : "make_true()";
  std::string value = leaf_operand(gen, leaf, leaf.atom, args);
  auto same_parameter = [&](const Node* n) {
    return leaf.atom->op == Op::local && n->op == Op::local && as<Local>(n)->var == as<Local>(leaf.atom)->var;
  };
  // Not a cell: an operand the comparison's fast path took.
  bool maybe_cell = !(leaf.atom && leaf.atom->op == Op::local && leaf.comparison &&
                      (same_parameter(leaf.left) || same_parameter(leaf.right)));
  auto step = [&](const std::string& v, bool cell) {
    return is_constant(v) ? gen.constant_step(immediate_of(v)) : value_step(v, cell);
  };
  int32_t test_step = step(test_value, false);
  int32_t value_step_ = step(value, maybe_cell);
  return {{leaf.branch->rel_depth, int32_t(gen.pool.index_of(leaf.branch->form))},
          {test->rel_depth, int32_t(gen.pool.index_of(test->form))},
          {test->rel_depth, test_step},
          {leaf.branch->rel_depth, value_step_}};
}

class FunctionGen {
 public:
  // [recording]: emit the history records (spec 11.3). Each function is generated twice,
  // recording and quiet; the quiet one runs while history is off.
  // [compact]: code that runs once, or a function of a very large program (runtime.hpp
  // "compact code"): one variant testing `rec` as top-level forms do, and no inline
  // fast paths.
  // [records_throughout]: a top-level form's recording variant that runs only while
  // history is on and cannot turn it off itself (it has a quiet variant): it records as
  // a function's recording variant does, its runs carried into one slot (carries()).
  FunctionGen(ProgramGen& gen, Lambda* fn, Emitter& out, bool recording, bool compact = false,
              bool records_throughout = false)
      : gen_(gen), fn_(fn), out_(&out), recording_(recording),
        toplevel_((fn->toplevel != 0 && !records_throughout) || compact), compact_(compact),
        loops_(fn->toplevel == 0 && !compact && !fn->rest) {}

  // The body of the function: statements ending with `return VALUE;`.
  void body() {
    for (Var* p : fn_->params) bind_param(p);
    if (fn_->rest) bind_param(fn_->rest);
    std::string v = "nil";
    for (uint32_t i = 0; i < fn_->body.count; ++i) {
      tail_ = i + 1 == fn_->body.count;
      v = expr(fn_->body[i], i + 1 == fn_->body.count);
    }
    if (!tail_run_.empty())  // the completions of the levels the jumps replaced
      o()->line("if (L2D_UNLIKELY(tail_levels)) R.tail_completions(tail_levels, " + run4(tail_run_) + ", " +
                std::to_string(tail_level_meta_) + ", unwrap(" + v + "));");
    o()->line("return " + (returns_position() ? "R.ret(" + v + ")" : v) + ";");
  }
  // Quiet code that tells callees their depth as recording code does: a top-level
  // form's quiet variant (generate_function), whose callees may record once a callee
  // turned history on.
  void keep_depths() { keeps_depths_ = true; }
  // The recording variant jumped (self_tail_call): it counts the levels in tail_levels.
  bool counts_tail_levels() const { return !tail_run_.empty(); }

  // The body jumps to `tail_call_label` (self_tail_call): the caller puts the label at
  // the top of the function.
  bool jumps_to_top() const { return jumped_; }
  static constexpr const char* tail_call_label = "tail_call";

  std::string var_name(Var* v) {
    auto it = names_.find(v);
    if (it != names_.end()) return it->second;
    std::string base = (v->captured ? "b_" : "v_") + mangle(symbol_name(v->name));
    return names_[v] = local_names_.unique(base);
  }

 private:
  ProgramGen& gen_;
  Lambda* fn_;
  Emitter* out_;  // where statements go: the function, or a part of it (outlined)
  bool recording_;
  bool toplevel_;  // one variant for both modes: records are behind `if (rec)`
  bool compact_;
  // A self tail call may become a jump to the top (self_tail_call): in a function with
  // fixed parameters (its C++ parameters are the arguments). The recording variant
  // jumps at one call site only (the first): when the innermost level returns, each
  // level's completions of the call and the forms around it (the same value) are
  // written for it, as the calls' returns would (spec 11.3); the depth of each level is
  // the one inside it less tail_level_meta_.
  bool loops_;
  // The form expr() compiles next is in tail position: its value is the function's,
  // and nothing runs after it but the return. expr() clears it, so only the forms
  // whose parents pass it on (if, cond, when, unless, progn, let, and, or) see it.
  bool tail_ = false;
  bool jumped_ = false;  // a jump to the top was emitted
  bool keeps_depths_ = false;  // quiet code that sets call_depth all the same (keep_depths)
  int temps_ = 0;
  std::unordered_map<Var*, std::string> names_;
  NameRegistry local_names_;  // variables: v_NAME, b_NAME

  std::string temp(const char* prefix = "t") { return prefix + std::to_string(++temps_); }
  std::string new_cache() {
    int c = gen_.caches++;
    if (gen_.parametric) return param_marker(ParamKind::cache, c);
    return "ic[" + std::to_string(c) + "]";
  }
  // The depth a callee's body continues from (spec 11.3). Only recording code keeps it:
  // a quiet variant runs while nothing records.
  void set_call_depth(const std::string& d) {
    if (recording_ || keeps_depths_) o()->line("call_depth = " + d + ";");
  }
  // A temporary, variable or constant: reading it has no effect.
  static bool is_plain_name(const std::string& e) {
    return e.find('(') == std::string::npos || e.rfind("fix(", 0) == 0 || e.rfind("chr(", 0) == 0 ||
           e == "make_true()" || e == "make_false()";
  }
  std::string depth(const Node* n) { return "base + " + std::to_string(n->rel_depth); }
  // What a recording variant called at [n] starts from (RecStart): its body is one
  // deeper than the call's form.
  std::string callee_start(const Node* n) {
    if (compact_) return "synced_start(" + depth(n) + " + 1)";
    return "R.start(" + std::to_string(n->rel_depth + 1) + ")";
  }
  // The value of a recording variant's [call]; the position it hands back is the next
  // record's (compact code keeps no Recorder: the task's copy is current).
  std::string took(const std::string& call) const {
    return compact_ ? "(" + call + ").value" : "R.took(" + call + ")";
  }
  // Whether this is a recording variant with a direct entry, which returns RecReturn.
  bool returns_position() const { return recording_ && loops_; }
  // Set by a call of a recording variant through its pointer and nothing else: the
  // completion after it reloads the ring only (its position came back with the value).
  bool position_returned_ = false;
  // The guard of a record: top-level forms (one variant for both modes) test whether
  // history is on; a recording variant records unconditionally (once history is off, new
  // calls take the quiet variants, and what a running one writes is never shown).
  std::string guard() const { return toplevel_ ? "if (rec) " : ""; }
  // A record's depth relative to the body, times 4 (compact code), and its form's index.
  std::string rel4(const Node* n) { return std::to_string(int64_t(n->rel_depth) * 4); }
  std::string form_index(const Node* n) {
    int i = gen_.pool.index_of(n->form);
    if (gen_.parametric) return param_marker(ParamKind::form_index, i);
    return std::to_string(i);
  }

  // Records not yet written (runtime.hpp HistoryEntry, "run"). They wait until the next
  // statement that could look at the ring or add to it, which every statement is unless
  // emitted through out_ directly; then they are written as one slot (flush). In a
  // recording variant (carries()) a pending run also holds completions: of up to three
  // values (captured in temporaries when recorded, so later code cannot change them),
  // and a form whose fast path runs inline (fast_send) leaves its completion pending as
  // well. Its slow path must first write what is pending (it may throw or call), so the
  // run written later depends on which slow paths ran: the forks, and an int variable
  // saying which fork's slow path ran last (0: none). An `if` takes what is pending into
  // both branches and records its completion at the end of each (carried_if).
  using Steps = std::vector<std::pair<int32_t, int32_t>>;
  struct Pending {
    Steps steps;
    std::vector<std::string> values;   // the captured values: steps -1 and -2
    std::vector<std::string> sources;  // what each captured, for completions of one value
    std::vector<size_t> forks;         // steps written by each fork's slow path
    std::string last_fork;             // the int variable, once there is a fork
    bool empty() const { return steps.empty(); }
  };
  Pending pending_;
  static constexpr size_t max_run_values = 3;  // HistoryEntry: value, value2, value3
  // A run written after n forks is one of n + 1 (run_group): a bound on the runs a form makes.
  static constexpr size_t max_run_forks = 6;
  int forks_made_ = 0;
  std::string run4(const Steps& steps) { return std::to_string(int64_t(gen_.run_id(steps)) * 4); }
  // The run of pending steps from step [from_fork]'s position (0: all) to [end], as C++.
  std::string fork_runs4(size_t end) {
    if (pending_.forks.empty()) return run4(Steps(pending_.steps.begin(), pending_.steps.begin() + long(end)));
    std::vector<Steps> group;
    for (size_t j = 0; j <= pending_.forks.size(); ++j) {
      size_t from = j ? pending_.forks[j - 1] : 0;
      group.emplace_back(pending_.steps.begin() + long(from), pending_.steps.begin() + long(end));
    }
    return "(" + std::to_string(int64_t(gen_.run_group(group)) * 4) + " + 4 * " + pending_.last_fork + ")";
  }
  // The statement writing the pending steps up to [end] with the values.
  void write_run(size_t end) {
    out_->line((pending_.values.empty() ? guard() : "") + record_statement(fork_runs4(end), pending_.values));
  }
  void flush() {
    if (pending_.empty()) return;
    write_run(pending_.steps.size());
    pending_ = Pending{};
  }
  // The emitter for a statement that could look at the ring: it writes what is pending
  // first. The writing happens when the statement is emitted, after its text (and any
  // expr() in it, which may leave records pending) is computed.
  struct Flushing {
    FunctionGen* gen;
    Flushing* operator->() { return this; }
    void line(const std::string& text) { gen->flush(), gen->out_->line(text); }
    void open(const std::string& text) { gen->flush(), gen->out_->open(text); }
    void close(const std::string& suffix = "") { gen->flush(), gen->out_->close(suffix); }
  };
  Flushing o() { return Flushing{this}; }
  bool carries() const { return recording_ && !toplevel_ && !compact_; }
  Steps tail_run_;               // the completions one level leaves, innermost first
  int64_t tail_level_meta_ = 0;  // record_meta's depth step between two levels
  // The sends in the body (not in nested functions) that may call this function directly.
  int self_call_sites() {
    int count = 0;
    std::function<void(Node*)> walk = [&](Node* n) {
      if (n->op == Op::lambda) return;
      if (n->op == Op::send) {
        const MethodInfo* m = gen_.direct_target(as<Send>(n)->selector, as<Send>(n)->args.count);
        if (m && m->fn == fn_) ++count;
      }
      for_each_child(n, walk);
    };
    for (Node* n : fn_->body) walk(n);
    return count;
  }
  // The completions a jump at [call] leaves for its level: [call] and every form around
  // it up to the body's last form, or none if the call is not in that form's tail.
  Steps tail_completions(Node* call) {
    if (!fn_->body.count) return {};
    std::vector<Node*> path;
    std::function<bool(Node*)> find = [&](Node* n) {
      path.push_back(n);
      if (n == call) return true;
      bool found = false;
      for_each_child(n, [&](Node* c) { found = found || (c->op != Op::lambda && find(c)); });
      if (!found) path.pop_back();
      return found;
    };
    if (!find(fn_->body[fn_->body.count - 1])) return {};
    Steps steps;
    for (size_t i = path.size(); i-- > 0;) steps.emplace_back(path[i]->rel_depth, -1);
    return steps;
  }

  void record_enter(const Node* n) {
    if (!recording_) return;
    if (compact_) o()->line("if (rec) note_enter(base, " + rel4(n) + ", " + form_index(n) + ");");
    else pending_.steps.emplace_back(n->rel_depth, int32_t(gen_.pool.index_of(n->form)));
  }
  static bool is_temp(const std::string& v) {
    return v.size() > 1 && v[0] == 't' && v.find_first_not_of("0123456789", 1) == std::string::npos;
  }
  // A completion of [n] with [captured] (a value no later code changes), recorded from
  // [source]: the slot's value index it uses.
  // The index of the pending value recorded from [source], or -1. Only temporaries:
  // they are assigned once, so one source is one value; a variable may change between.
  int pending_value_of(const std::string& source) const {
    if (!is_temp(source)) return -1;
    for (size_t i = 0; i < pending_.sources.size(); ++i)
      if (pending_.sources[i] == source) return int(i);
    return -1;
  }
  void pend_leave(const Node* n, const std::string& captured, const std::string& source) {
    int index = pending_value_of(source);
    if (index < 0) {
      if (pending_.values.size() == max_run_values) flush();
      index = int(pending_.values.size());
      pending_.values.push_back(captured);
      pending_.sources.push_back(source);
    }
    pending_.steps.emplace_back(n->rel_depth, -1 - index);
  }
  // The completion of [n], right after the statements computing [v]. [after_call]:
  // they may have called something (which may have grown the ring).
  void record_leave(const Node* n, const std::string& v, bool after_call = true, bool position_returned = false) {
    if (!recording_) return;
    if (compact_) {
      o()->line("if (rec) note_leave(base, " + rel4(n) + ", " + v + ");");
      return;
    }
    if (!carries()) {
      Steps steps = pending_.steps;
      steps.emplace_back(n->rel_depth, -1);
      out_->line(guard() + "R.done(" + run4(steps) + ", " + v + ");");
      pending_ = Pending{};
      return;
    }
    if (int i = pending_value_of(v); i >= 0) {  // recorded already: the same value
      pending_.steps.emplace_back(n->rel_depth, -1 - i);
      return;
    }
    // A call may have grown the ring (setdebug); numbers are recorded by value.
    if (after_call) out_->line(position_returned ? "R.refresh_ring();" : "R.refresh();");
    if (is_constant(v)) {  // never a cell, never changed: a step of its own, no value
      pending_.steps.emplace_back(n->rel_depth, gen_.constant_step(immediate_of(v)));
      return;
    }
    std::string p = temp("p");
    out_->line("Value " + p + " = unwrap(" + v + ");");
    pend_leave(n, p, v);
  }
  // A form whose value [fast] computes inline without a call (it fills [result] and
  // says whether it could; `try_` runtime entries), else [slow] does. [value]: the
  // recorded value (default [result]). Only in recording variants (carries()). Its
  // completion stays pending on both paths; the slow path first writes what was pending.
  void fast_send(const Node* n, const std::string& fast, const std::string& result, const std::string& slow,
                 const std::string& value = "") {
    const std::string& v = value.empty() ? result : value;
    if (pending_.values.size() == max_run_values || pending_.forks.size() == max_run_forks) flush();  // room for one more
    bool fork = !pending_.empty();
    if (fork) declare_fork_variable();
    std::string p = temp("p");
    out_->line("Value " + p + ";");
    out_->open("if (L2D_LIKELY(" + fast + "))");
    out_->line(p + " = " + v + ";");
    out_->close();
    out_->open("else");
    if (fork) {
      enter_slow_path();
      pending_.forks.push_back(pending_.steps.size());
    }
    out_->line(result + " = " + slow + ";");
    out_->line("R.refresh();");
    out_->line(p + " = unwrap(" + v + ");");
    out_->close();
    pend_leave(n, p, v);
    leave_written_ = true;
  }
  // The int saying which fork's slow path ran last, declared before the first fork.
  void declare_fork_variable() {
    if (!pending_.forks.empty()) return;
    pending_.last_fork = "w" + std::to_string(++forks_made_);
    out_->line("int " + pending_.last_fork + " = 0;  // which slow path below ran last");
  }
  // At the top of the next fork's slow path: what is pending is written (from the last
  // slow path that ran), and the fork's number set; the caller adds the fork.
  void enter_slow_path() {
    if (!pending_.empty()) write_run(pending_.steps.size());
    out_->line(pending_.last_fork + " = " + std::to_string(pending_.forks.size() + 1) + ";");
  }
  // Set when a form's compound code recorded its completion itself (fast_send).
  bool leave_written_ = false;

  void at(const Node* n) {
    unsigned l = gen_.line_of(n->form);
    if (l) out_->source_line(gen_.options.line_file, l);
  }

  // ---- variables ----------------------------------------------------------------------
  std::string lvalue(Var* v, int32_t capture) {
    if (capture >= 0) return "captures(fn)[" + std::to_string(capture) + "]->v";
    if (v->captured) return var_name(v) + "->v";
    return var_name(v);
  }

  std::string bound_value(Var* v, const std::string& value) {
    return v->shared ? std::string(api::cellify) + "(" + value + ")" : value;
  }

  // A program may bind a variable it never reads (a for* counter, a let for effect).
  void bind(Var* v, const std::string& value) {
    if (v->captured)
      o()->line("[[maybe_unused]] Box* " + var_name(v) + " = make_box(" + bound_value(v, value) + ");");
    else
      o()->line("[[maybe_unused]] Value " + var_name(v) + " = " + bound_value(v, value) + ";");
  }

  void bind_param(Var* p) {
    // Parameters arrive as C++ parameters named a_NAME; bind them as variables.
    std::string arg = "a_" + std::to_string(p->slot);
    bind(p, arg);
  }

  void assign(const Target& t, const std::string& value) {
    if (t.var) {
      o()->line(lvalue(t.var, t.capture) + " = " + bound_value(t.var, value) + ";");
    } else {
      bool shared = gen_.model.shared_globals.count(t.name) != 0;
      o()->line(std::string(api::set_global) + "(" + gen_.symbol(t.name) + ", " +
                (shared ? std::string(api::cellify) + "(" + value + ")" : value) + ");");
    }
  }

  // ---- operands in evaluation order -----------------------------------------------------
  std::vector<std::string> operands(const std::vector<Node*>& nodes) {
    size_t last_effect = 0;
    for (size_t i = 0; i < nodes.size(); ++i)
      if (!is_trivial(nodes[i])) last_effect = i + 1;
    std::vector<std::string> vals;
    for (size_t i = 0; i < nodes.size(); ++i) {
      std::string v = expr(nodes[i]);
      // A variable read before a later operand that may assign it: take its value now.
      if (nodes[i]->op == Op::local && i + 1 < last_effect) {
        std::string t = temp();
        out_->line("Value " + t + " = " + v + ";");
        v = t;
      }
      vals.push_back(v);
    }
    return vals;
  }

  // ---- expressions ------------------------------------------------------------------------
 public:
  // Compiles [n]. With [want], returns a side-effect-free C++ expression of its value
  // (a temporary, a variable or a constant); without, evaluates it for its effects only.
  std::string expr(Node* n, bool want = true) {
    bool tail = std::exchange(tail_, false);
    switch (n->op) {
      case Op::constant: return constant(as<Constant>(n)->value);
      case Op::literal: {
        if (!want) return "nil";
        std::string t = temp();
        o()->line("Value " + t + " = copy_literal(" + gen_.constant(as<Constant>(n)->value) + ");");
        return t;
      }
      case Op::local: {
        auto* l = as<Local>(n);
        return lvalue(l->var, l->capture);
      }
      case Op::global: {
        if (!want) {
          o()->line("global(" + gen_.symbol(as<Global>(n)->name) + ");");  // raises if unbound
          return "nil";
        }
        std::string t = temp();
        o()->line("Value " + t + " = global(" + gen_.symbol(as<Global>(n)->name) + ");");
        return t;
      }
      case Op::self: return "self";
      default: break;
    }
    if (nest_ >= outline_depth) return outlined(n, want);
    Nesting nested(nest_);
    at(n);
    record_enter(n);
    // A recording variant records the form's value even where it is not used (spec
    // 11.3: the evaluator does), so it asks for the value; quiet code never does.
    std::string v = compound(n, want || recording_, tail);
    bool leave_written = leave_written_;
    leave_written_ = false;
    bool position_returned = position_returned_;
    position_returned_ = false;
    if (!recording_) {
      if (!want) {
        if (v != "nil" && !is_plain_name(v)) o()->line(v + ";");
        return "nil";
      }
      if (is_plain_name(v)) return v;
      std::string t = temp();
      o()->line("Value " + t + " = " + v + ";");
      return t;
    }
    if (!is_plain_name(v)) {
      std::string t = temp();
      o()->line("Value " + t + " = " + v + ";");
      v = t;
    }
    // The record follows the form's call as a statement of its own: the value's code is
    // emitted once (never `rec ? R.done(…, CALL) : CALL`).
    if (!leave_written) record_leave(n, v, true, position_returned);
    return want ? v : "nil";
  }

 private:
  // Compound forms nested in one another inside the current C++ function. C++ compilers
  // take time more than linear in the nesting depth (4 000 nested sends or 3 000 nested
  // ifs: minutes of g++), so every outline_depth levels the rest of a deep form becomes
  // a C++ function of its own (outlined). Ordinary code never nests so deep.
  static constexpr int outline_depth = 24;
  int nest_ = 0;
  struct Nesting {
    int& n;
    explicit Nesting(int& c) : n(++c) {}
    ~Nesting() { --n; }
  };
  std::string outlined(Node* n, bool want) {
    // A function of its own at namespace scope, not a lambda: C++ name lookup walks
    // every enclosing scope, so lambdas nested 3 000 deep cost g++ minutes of lookup.
    // It gets the variables of this function that the part uses, by reference.
    std::vector<Var*> vars = free_vars(n);
    std::string name = gen_.unique_name("part_" + std::to_string(++gen_.parts));
    std::string params = "[[maybe_unused]] Function* fn, [[maybe_unused]] Value self, [[maybe_unused]] int32_t base";
    std::string args = "fn, self, base";
    if (toplevel_) {
      params += ", [[maybe_unused]] bool& rec";
      args += ", rec";
    }
    if (recording_ && !compact_) {
      params += ", [[maybe_unused]] Recorder& R";
      args += ", R";
    }
    for (Var* v : vars) {
      params += std::string(v->captured ? ", [[maybe_unused]] Box*& " : ", [[maybe_unused]] Value& ") + var_name(v);
      args += ", " + var_name(v);
    }
    std::string sig = std::string(compact_ ? "L2D_COLD " : "") + "__attribute__((noinline)) Value " + name + "(" + params + ")";
    gen_.declarations.line(sig + ";");
    flush();  // records so far belong before the part's call
    Emitter part;
    Emitter* saved_out = out_;
    int saved_nest = nest_;
    out_ = &part;
    nest_ = 0;
    o()->open(sig);
    o()->line("return " + expr(n, want) + ";");
    o()->close();
    out_->generated_lines();
    out_ = saved_out;
    nest_ = saved_nest;
    gen_.parts_text.append(part.text());
    std::string t = temp();
    o()->line("[[maybe_unused]] Value " + t + " = " + name + "(" + args + ");");
    return want ? t : "nil";
  }

  // The variables of this function that [n] uses and does not bind itself, in order.
  std::vector<Var*> free_vars(Node* n) {
    std::vector<Var*> out;
    std::unordered_set<Var*> seen, bound;
    auto use = [&](Var* v, int32_t capture) {
      if (v && capture < 0 && seen.insert(v).second) out.push_back(v);
    };
    std::function<void(Node*)> walk = [&](Node* x) {
      switch (x->op) {
        case Op::local: use(as<Local>(x)->var, as<Local>(x)->capture); return;
        case Op::lambda:  // a function of its own: only what it captures from here
          for (const Capture& c : as<Lambda>(x)->captures) use(c.var, c.outer_index);
          return;
        case Op::setq:
          for (const Target& t : as<Setq>(x)->targets) use(t.var, t.capture);
          break;
        case Op::let:
          for (Var* v : as<Let>(x)->vars) bound.insert(v);
          break;
        case Op::for_star: bound.insert(as<ForStar>(x)->var); break;
        case Op::set_msg: {
          auto* m = as<SetMsg>(x);
          if (m->resolved) use(m->target.var, m->target.capture);
          for (uint32_t i = 0; i < m->visible.count; ++i) use(m->visible[i], m->visible_capture[i]);
          break;
        }
        default: break;
      }
      for_each_child(x, [&](Node* c) { walk(c); });
    };
    walk(n);
    std::vector<Var*> free;
    for (Var* v : out)
      if (!bound.count(v)) free.push_back(v);
    return free;
  }

  std::string constant(Value v) {
    if (v.is_fixnum() && gen_.parametric) return param_marker(ParamKind::fixnum, v.fixnum_value());
    return constant_cpp(gen_, v);
  }

  // A C++ bool: the test of if, while, when, cond. Its records are written, but for a
  // carried `if` ([carry]), which takes them into its branches.
  std::string test(Node* n, bool carry = false) {
    std::string c = test_of(n, carry);
    if (carried_test_ && carried_test_->first != n) carried_test_.reset();  // an operand's
    return c;
  }
  std::string test_of(Node* n, bool carry) {
    if (compact_) return "truthy(" + expr(n) + ")";
    // A constant test, as cond's final `(true …)` clause: C++ compilers do not fold
    // truthy(make_true()) (it compares the addresses of two external symbols).
    if (n->op == Op::constant) {
      Value v = as<Constant>(n)->value;
      return v.is_nil() || v == make_false() ? "false" : "true";
    }
    if (n->op == Op::send && as<Send>(n)->selector == &sym::eq && as<Send>(n)->args.count == 2 &&
        as<Send>(n)->receiver->op == Op::constant && as<Constant>(as<Send>(n)->receiver)->value.is_nil() &&
        !gen_.model.methods.count(&sym::eq)) {
      auto* s = as<Send>(n);
      record_enter(n);
      auto vals = operands({s->args[0], s->args[1]});
      std::string c = temp("c");
      std::string slow = "eq_test(" + vals[0] + ", " + vals[1] + ", " + depth(n) + ", " + new_cache() + ")";
      if (carries()) {  // its completion stays pending, as a comparison's (below)
        out_->line("bool " + c + ";");
        fast_send(n, "try_eq_test(" + vals[0] + ", " + vals[1] + ", " + c + ")", c, slow, "boolean(" + c + ")");
        leave_written_ = false;
        if (!carry) flush();
        else carried_test_ = {n, pending_.steps.size() - 1};
        return c;
      }
      o()->line("bool " + c + " = " + slow + ";");
      record_leave(n, "boolean(" + c + ")");
      return c;
    }
    if (n->op == Op::send) {
      auto* s = as<Send>(n);
      if (const char* f = api::comparison(s->selector); f && s->args.count == 1) {
        at(n);
        record_enter(n);
        auto vals = operands({s->receiver, s->args[0]});
        std::string c = temp("c");
        std::string slow = std::string(f) + "_test(" + vals[0] + ", " + vals[1] + ", " + depth(n) + ", " + new_cache() + ")";
        std::string value = c + " ? " + vals[0] + " : make_false()";
        if (carries()) {
          out_->line("bool " + c + ";");
          fast_send(n, std::string("try_") + f + "_test(" + vals[0] + ", " + vals[1] + ", " + c + ")", c, slow, value);
          leave_written_ = false;
          if (!carry) flush();
          else carried_test_ = {n, pending_.steps.size() - 1};
          return c;
        }
        o()->line("bool " + c + " = " + slow + ";");
        record_leave(n, value);
        return c;
      }
    }
    return "truthy(" + expr(n) + ")";
  }

  // The forms in order; only the last one's value is wanted (and only if [want]); the
  // last one is in tail position if the forms are ([tail]).
  std::string body_value(const Nodes& forms, bool want = true, bool tail = false) {
    std::string v = "nil";
    for (uint32_t i = 0; i < forms.count; ++i) {
      tail_ = tail && i + 1 == forms.count;
      v = expr(forms[i], want && i + 1 == forms.count);
    }
    return want ? v : "nil";
  }
  // `target = value;` when a value is wanted, else nothing.
  // A plain assignment: it cannot look at the ring, so pending records stay pending.
  void store(const std::string& target, const std::string& value, bool want) {
    if (want) out_->line(target + " = " + value + ";");
  }
  std::string result_temp(bool want, const char* init = nullptr) {
    if (!want) return "";
    std::string t = temp();
    out_->line("Value " + t + (init ? std::string(" = ") + init : std::string()) + ";");
    return t;
  }

  // An `if` in a recording variant: the records pending after its test (the test's
  // completion, perhaps forks) go into both branches, and each branch ends with the
  // if's completion, so that the last run of a branch holds it too (the value of a
  // branch ending in a fast path or a call is one value recorded twice).
  std::string carried_if(If* i, bool want, bool tail) {
    std::string t = result_temp(true);
    std::string c = test(i->test, true);
    std::optional<size_t> test_step = carried_test_step(i->test);
    carried_branch("if (" + c + ")", i, t, [&] {
      tail_ = tail;
      return expr(i->then, want);
    });
    carried_branch("else", i, t, [&] {
      if (test_step) test_was_false(*test_step);
      return body_value(i->otherwise, want, tail);
    }, nullptr, false);
    leave_written_ = true;
    return t;
  }

  // The pending step of a carried test's completion (a comparison or eq, whose fast
  // path and slow path both record `false` when it fails), set by test(carry).
  std::optional<std::pair<const Node*, size_t>> carried_test_;
  // The step of test(carry) [n]'s completion, if it is such a test.
  std::optional<size_t> carried_test_step(const Node* n) {
    auto t = std::exchange(carried_test_, std::nullopt);
    if (t && t->first == n) return t->second;
    return std::nullopt;
  }
  // Past such a test that failed: its completion is the constant false, and its value
  // leaves the slot if nothing else records it.
  void test_was_false(size_t at) {
    int32_t& step = pending_.steps.at(at).second;
    if (step >= 0 || step < -3) return;
    int32_t value = step;
    step = gen_.constant_step(make_false());
    for (const auto& other : pending_.steps)
      if (other.second == value) return;
    if (size_t(-1 - value) + 1 == pending_.values.size()) {
      pending_.values.pop_back();
      pending_.sources.pop_back();
    }
  }

  // A branch of a carried form [owner] (an if, when, cond or while), opened by [head]:
  // what is pending goes into it; it stores [body]'s value in [t] (none if empty) and
  // writes it as [owner]'s completion with what is pending, then [last] (a break). The
  // way past it ([falls_through]) still has the records pending that it had before.
  template <class Body>
  void carried_branch(const std::string& head, const Node* owner, const std::string& t, Body body,
                      const char* last = nullptr, bool falls_through = true) {
    Pending before = pending_;
    out_->open(head);
    std::string v = body();
    if (!t.empty()) store(t, v, true);
    record_leave(owner, v, false);
    flush();
    if (last) out_->line(last);
    out_->close();
    if (falls_through) pending_ = before;
  }

  // A when (unless) in a recording variant: as carried_if, whose else gives nil.
  std::string carried_when(Body* b, bool want, bool tail) {
    std::string t = result_temp(true, "nil");
    std::string c = test(b->test, true);
    std::optional<size_t> test_step = carried_test_step(b->test);
    bool unless = b->flag;
    carried_branch(std::string("if (") + (unless ? "!" : "") + c + ")", b, t, [&] {
      if (test_step && unless) test_was_false(*test_step);
      return body_value(b->forms, want, tail);
    });
    carried_branch("else", b, "", [&] {
      if (test_step && !unless) test_was_false(*test_step);
      return std::string("nil");
    }, nullptr, false);
    leave_written_ = true;
    return t;
  }

  // A cond in a recording variant, each clause with forms: as carried_if, the records
  // pending after a clause's test go into its body and stay pending for the clauses
  // after it, and each way out ends with the cond's completion (nil if none matched).
  std::string carried_cond(Cond* c, bool want, bool tail) {
    std::string t = result_temp(true, "nil");
    out_->open("do");  // entered once, from the top: what is pending goes in
    for (const Clause& cl : c->clauses) {
      std::string cv = test(cl.test, true);
      std::optional<size_t> test_step = carried_test_step(cl.test);
      carried_branch("if (" + cv + ")", c, t, [&] { return body_value(cl.body, want, tail); }, "break;");
      if (test_step) test_was_false(*test_step);
    }
    record_leave(c, "nil", false);
    flush();
    out_->close(" while (false);");
    leave_written_ = true;
    return t;
  }

  // The C++ expression of [n]'s value, to be evaluated exactly once by the caller, after
  // the statements this emits. [tail]: [n] is in tail position (tail_).
  std::string compound(Node* n, bool want, bool tail) {
    switch (n->op) {
      case Op::setq: {
        auto* s = as<Setq>(n);
        for (uint32_t i = 0; i < s->targets.count; ++i) assign(s->targets[i], expr(s->values[i]));
        return "nil";
      }
      case Op::if_: {
        auto* i = as<If>(n);
        if (carries()) return carried_if(i, want, tail);
        std::string t = result_temp(want);
        std::string c = test(i->test);
        o()->open("if (" + c + ")");
        tail_ = tail;
        store(t, expr(i->then, want), want);
        o()->close();
        if (i->otherwise.count || want) {
          o()->open("else");
          store(t, body_value(i->otherwise, want, tail), want);
          o()->close();
        }
        return want ? t : "nil";
      }
      case Op::cond: {
        auto* c = as<Cond>(n);
        bool carried = carries();
        for (const Clause& cl : c->clauses) carried = carried && cl.body.count;
        if (carried) return carried_cond(c, want, tail);
        std::string t = result_temp(want, "nil");
        out_->open("do");  // entered once, from the top: what is pending goes in
        for (const Clause& cl : c->clauses) {
          if (cl.body.count) {
            o()->open("if (" + test(cl.test) + ")");
            store(t, body_value(cl.body, want, tail), want);
          } else {
            // A clause without forms has its test's value.
            std::string tv = expr(cl.test);
            o()->open("if (truthy(" + tv + "))");
            store(t, tv, want);
          }
          o()->line("break;");
          o()->close();
        }
        o()->close(" while (false);");
        return want ? t : "nil";
      }
      case Op::when: {
        auto* b = as<Body>(n);
        if (carries()) return carried_when(b, want, tail);
        std::string t = result_temp(want, "nil");
        std::string c = test(b->test);
        o()->open(std::string("if (") + (b->flag ? "!" : "") + c + ")");
        store(t, body_value(b->forms, want, tail), want);
        o()->close();
        return want ? t : "nil";
      }
      case Op::while_: {
        auto* b = as<Body>(n);
        o()->open("for (;;)");
        if (carries()) {
          // The test's records go out of the loop with the while's completion, or into
          // the body with its first forms.
          std::string c = test(b->test, true);
          carried_branch("if (!" + c + ")", b, "", [] { return std::string("nil"); }, "break;");
          for (Node* x : b->forms) expr(x, false);
          o()->close();
          leave_written_ = true;
          return "nil";
        }
        std::string c = test(b->test);
        o()->line("if (!" + c + ") break;");
        for (Node* x : b->forms) expr(x, false);
        o()->close();
        return "nil";
      }
      case Op::do_while: {
        auto* b = as<Body>(n);
        o()->open("for (;;)");
        std::string v = body_value(b->forms);
        o()->line("if (!truthy(" + v + ")) break;");
        o()->close();
        return "nil";
      }
      case Op::and_:
      case Op::or_: {
        auto* b = as<Body>(n);
        bool is_and = n->op == Op::and_;
        std::string t = temp();
        o()->line("[[maybe_unused]] Value " + t + " = " + (is_and ? "make_true()" : "make_false()") + ";");
        o()->open("do");
        for (Node* x : b->forms) {
          tail_ = tail && x == b->forms[b->forms.count - 1];
          o()->line(t + " = " + expr(x) + ";");
          o()->line(std::string("if (") + (is_and ? "!" : "") + "truthy(" + t + ")) break;");
        }
        o()->close(" while (false);");
        return t;
      }
      case Op::progn: return body_value(as<Body>(n)->forms, want, tail);
      case Op::let: {
        auto* l = as<Let>(n);
        std::string t = result_temp(want);
        o()->open("");
        if (l->flag) {
          for (uint32_t i = 0; i < l->vars.count; ++i) bind(l->vars[i], l->inits[i] ? expr(l->inits[i]) : "nil");
        } else {
          std::vector<std::string> vals;
          for (uint32_t i = 0; i < l->vars.count; ++i) {
            std::string v = l->inits[i] ? expr(l->inits[i]) : "nil";
            if (l->inits[i] && l->inits[i]->op == Op::local) {  // bind the value it has now
              std::string tv = temp();
              o()->line("Value " + tv + " = " + v + ";");
              v = tv;
            }
            vals.push_back(v);
          }
          for (uint32_t i = 0; i < l->vars.count; ++i) bind(l->vars[i], vals[i]);
        }
        store(t, body_value(l->body, want, tail), want);
        o()->close();
        return want ? t : "nil";
      }
      case Op::lambda: return closure(as<Lambda>(n), nullptr);
      case Op::defmethod: {
        auto* d = as<Defmethod>(n);
        std::string r = expr(d->receiver);
        std::string f = closure(d->fn, d->name);
        return "defmethod(" + r + ", " + gen_.symbol(d->name) + ", " + f + ".as<Function>())";
      }
      case Op::defclass: {
        auto* d = as<Defclass>(n);
        std::string names = temp("fields"), inits = temp("inits");
        std::string list_names, list_inits;
        for (const FieldSpec& f : d->fields) {
          list_names += gen_.symbol(f.name) + ", ";
          list_inits += (f.init ? closure(f.init, nullptr) : std::string("nil")) + ", ";
        }
        o()->line("Symbol* " + names + "[] = {" + list_names + "nullptr};");
        o()->line("Value " + inits + "[] = {" + list_inits + "nil};");
        return "defclass(" + gen_.symbol(d->name) + ", " + constant(d->parent) + ", " +
               std::to_string(d->fields.count) + ", " + names + ", " + inits + ")";
      }
      case Op::try_: return try_form(as<Try>(n), want);
      case Op::parallel: {
        auto* b = as<Body>(n);
        return thunks("parallel", b->forms);
      }
      case Op::fork: {
        Node* e = as<Fork>(n)->expr;
        return thunks("fork", Nodes{&e, 1});
      }
      case Op::backquote: return template_value(as<Backquote>(n)->tmpl);
      case Op::send: return send(as<Send>(n), tail);
      case Op::lambda_send: {
        auto* s = as<LambdaSend>(n);
        std::string r = expr(s->receiver);
        std::string f = closure(s->fn, nullptr);
        std::vector<Node*> args(s->args.begin(), s->args.end());
        auto vals = operands(args);
        std::string argv = arg_array(vals);
        set_call_depth(depth(n));
        return "call(" + f + ".as<Function>(), " + r + ", " + std::to_string(vals.size()) + ", " + argv + ")";
      }
      case Op::for_star: {
        auto* s = as<ForStar>(n);
        std::string r = expr(s->receiver);
        std::string it = temp("it"), e = temp("e"), i = temp("i"), end = temp("n");
        o()->open("");
        o()->line("ForIter " + it + "(" + r + ");");
        o()->line("Value " + e + ";");
        // A count (the usual receiver) runs on a counter in a register; the rest
        // through the iterator.
        o()->open("for (SWord " + i + " = 0, " + end + " = " + it + ".take_count();;)");
        o()->line("if (L2D_LIKELY(" + i + " < " + end + ")) " + e + " = Value::fixnum(" + i + "++);");
        o()->line("else if ((" + e + " = " + it + ".next_or_end()).bits == no_value.bits) break;");
        bind(s->var, e);
        for (Node* x : s->body) expr(x, false);
        o()->close();
        o()->close();
        return "nil";
      }
      case Op::progn_msg: {
        auto* p = as<PrognMsg>(n);
        std::string r = expr(p->receiver);
        std::string t = result_temp(want);
        o()->open("");
        o()->line("LockHold " + temp("hold") + "(" + r + ");");
        store(t, body_value(p->body, want), want);
        o()->close();
        return want ? t : "nil";
      }
      case Op::set_msg: return set_msg(as<SetMsg>(n));
      default: break;
    }
    return "nil";
  }

  // ---- functions and closures ---------------------------------------------------------------
  std::string closure(Lambda* l, Symbol* name) {
    std::string caps = "nullptr";
    if (l->captures.count) {
      caps = temp("caps");
      std::string items;
      for (const Capture& c : l->captures) {
        if (c.outer_index >= 0) items += "captures(fn)[" + std::to_string(c.outer_index) + "], ";
        else items += var_name(c.var) + ", ";
      }
      o()->line("Box* " + caps + "[] = {" + items + "};");
    }
    std::string t = temp();
    o()->line("Value " + t + " = Value(make_closure(&" + gen_.function_name(l) + "_entry, " + gen_.constant(l->datum) +
              ", " + (name ? gen_.symbol(name) : std::string("nullptr")) + ", " + std::to_string(l->captures.count) +
              ", " + caps + "));");
    return t;
  }

  std::string arg_array(const std::vector<std::string>& vals) {
    if (vals.empty()) return "nullptr";
    std::string a = temp("args");
    std::string items;
    for (const auto& v : vals) items += (items.empty() ? "" : ", ") + v;
    o()->line("Value " + a + "[] = {" + items + "};");
    return a;
  }

  // ---- sends -------------------------------------------------------------------------------
  std::string send(Send* s, bool tail) {
    Symbol* sel = s->selector;
    uint32_t argc = s->args.count;
    std::string d = depth(s);
    // The destructive number operators change the variable they are sent to.
    if (argc == 1 && api::is_assign_op(sel) &&
        (s->receiver->op == Op::local || s->receiver->op == Op::self || s->receiver->op == Op::global)) {
      std::string b = expr(s->args[0]);
      if (s->receiver->op == Op::global)
        return std::string("assign_global_op(sym::") + api::builtin_symbol(sel) + ", " +
               gen_.symbol(as<Global>(s->receiver)->name) + ", " + b + ", " + d + ")";
      std::string var = s->receiver->op == Op::self ? "self"
                                                     : lvalue(as<Local>(s->receiver)->var, as<Local>(s->receiver)->capture);
      if (const char* f = api::inline_assign(sel); f && !compact_)
        return std::string(f) + "(" + var + ", " + b + ", " + d + ")";
      return std::string("assign_op_slow(sym::") + api::builtin_symbol(sel) + ", &" + var + ", " + b + ", " + d + ")";
    }
    std::vector<Node*> nodes{s->receiver};
    for (Node* a : s->args) nodes.push_back(a);
    auto vals = operands(nodes);
    if (compact_) {  // every send through the one out-of-line entry
      std::vector<std::string> args(vals.begin() + 1, vals.end());
      std::string argv = arg_array(args);
      std::string ic = new_cache();
      set_call_depth(d);
      std::string call = "send_site(" + ic + ", " + gen_.symbol(sel) + ", " + vals[0] + ", " + std::to_string(argc) +
                         ", " + argv + ")";
      if (recording_ && symbol_name(sel) == "setdebug") {
        std::string t = temp();
        o()->line("Value " + t + " = " + call + ";");
        o()->line("rec = recording();");
        return t;
      }
      return call;
    }
    bool to_nil = s->receiver->op == Op::constant && as<Constant>(s->receiver)->value.is_nil();
    if (to_nil && !gen_.model.methods.count(sel))
      if (const char* f = api::global_fast_path(sel, argc)) {
        std::string call = std::string(f) + "(";
        for (uint32_t i = 0; i < argc; ++i) call += vals[i + 1] + ", ";
        return call + d + ", " + new_cache() + ")";
      }
    // [f]'s call with the operands, then the depth and cache: the fast path inline, in a
    // recording variant split from the slow one (fast_send).
    auto fast_path = [&](const char* f, size_t n) {
      std::string ops;
      for (size_t i = 0; i < n; ++i) ops += vals[i] + ", ";
      std::string call = std::string(f) + "(" + ops + d + ", " + new_cache() + ")";
      if (!carries()) return call;
      std::string r = temp();
      out_->line("Value " + r + ";");
      fast_send(s, std::string("try_") + f + "(" + ops + r + ")", r, call);
      return r;
    };
    if (argc == 1)
      if (const char* f = api::binary_fast_path(sel)) return fast_path(f, 2);
    if (argc == 0)
      if (const char* f = api::unary_fast_path(sel)) return fast_path(f, 1);
    if (argc == 2)
      if (const char* f = api::ternary_fast_path(sel)) return fast_path(f, 3);
    std::vector<std::string> args(vals.begin() + 1, vals.end());
    std::string ic = new_cache();
    const MethodInfo* target = gen_.direct_target(sel, argc);
    bool jump = tail && loops_ && target && target->fn == fn_;  // self_tail_call
    // In a recording variant, only where the function calls itself nowhere else (a loop
    // written as recursion): a level's jump costs about what its call would (the entry's
    // recording set-up runs again), so tree recursion (tak) gains nothing.
    if (jump && recording_) {  // one site (tail_run_), whose level's completions are known
      Steps steps = tail_run_.empty() && self_call_sites() == 1 ? tail_completions(s) : Steps{};
      if (steps.empty()) jump = false;
      else {
        tail_run_ = steps;
        tail_level_meta_ = (int64_t(s->rel_depth) + 1) << 32;
      }
    }
    // A global function called with all its arguments: through its pointers, no test.
    bool by_pointer = to_nil && target && gen_.calls_through_pointer(target->fn) && argc == target->fn->params.count;
    // A self tail call's jump needs no argument array: it is made after it, for the
    // real call only (else C++ compilers store it on every iteration).
    std::string argv = jump || by_pointer ? "" : arg_array(args);
    if (target) {
      std::string f = temp("f");
      std::string name = gen_.function_name(target->fn);
      // A recording variant calls recording variants (no forwarding frame), passing the
      // callee's depth word; a top-level form picks by `rec`. A global function's quiet
      // variant leaves the test of history to its callers: they call it through its
      // pointer.
      std::string quiet = gen_.calls_through_pointer(target->fn) ? name + "_ptr" : name;
      std::string recording = gen_.calls_through_pointer(target->fn) ? name + "_rec_ptr" : name + "_rec";
      auto direct_call = [&](const std::string& call_args) {
        if (!recording_) return quiet + "(" + call_args + ")";
        std::string rec_call = took(recording + "(" + with_start(call_args, callee_start(s)) + ")");
        return toplevel_ ? "(rec ? " + rec_call + " : " + quiet + "(" + call_args + "))" : rec_call;
      };
      if (by_pointer) {
        // A recording variant's callee takes its depth as an argument (the pointer's send
        // stores it in call_depth when the function was redefined).
        std::optional<LeafCase> leaf;
        if (!jump && !compact_ && !(recording_ && toplevel_)) leaf = leaf_case(gen_, target->fn);
        if (!recording_ || toplevel_) set_call_depth(d);
        else if (!leaf) flush();  // the call (or the jump) may look at the ring
        std::string cell = gen_.global_cell(sel);
        std::string call = direct_call(direct_args(target->fn, cell, "nil", args));
        position_returned_ = recording_ && !toplevel_;
        // The pointer is this mode's variant while the function is this one.
        std::string here = recording_ ? recording + " == &" + name + "_rec" : quiet + " == &" + name;
        if (leaf) return inlined_leaf(s, *leaf, args, call, here);
        if (jump) self_tail_call(s, cell, "nil", args, here);
        return call;
      }
      set_call_depth(d);  // for the send or call that stands in when the test fails
      if (to_nil) {
        // A known global function, through its cell: no cache check at all.
        std::string cell = gen_.global_cell(sel);
        if (jump) {
          self_tail_call(s, cell, "nil", args, cell + "->code == &" + name + "_entry");
          argv = arg_array(args);
          return "send_cached(" + ic + ", " + gen_.symbol(sel) + ", nil, " + std::to_string(argc) + ", " + argv + ")";
        }
        std::string direct = direct_call(direct_args(target->fn, cell, "nil", args));
        return "(L2D_LIKELY(" + cell + "->code == &" + name + "_entry) ? " + direct + " : send_cached(" + ic + ", " +
               gen_.symbol(sel) + ", nil, " + std::to_string(argc) + ", " + argv + "))";
      }
      o()->line("Function* " + f + " = lookup(" + ic + ", " + gen_.symbol(sel) + ", " + vals[0] + ", " +
                std::to_string(argc) + ");");
      if (jump) {
        self_tail_call(s, f, vals[0], args, f + "->code == &" + name + "_entry");
        argv = arg_array(args);
        return "call_found(" + f + ", " + vals[0] + ", " + std::to_string(argc) + ", " + argv + ")";
      }
      std::string direct = direct_call(direct_args(target->fn, f, vals[0], args));
      return "(L2D_LIKELY(" + f + "->code == &" + name + "_entry) ? " + direct + " : call_found(" + f + ", " +
             vals[0] + ", " + std::to_string(argc) + ", " + argv + "))";
    }
    set_call_depth(d);
    std::string call = "send_cached(" + ic + ", " + gen_.symbol(sel) + ", " + vals[0] + ", " + std::to_string(argc) + ", " + argv + ")";
    if (recording_ && toplevel_ && symbol_name(sel) == "setdebug") {
      // The size changes now: later forms of this function record (or stop) at once.
      std::string t = temp();
      o()->line("Value " + t + " = " + call + ";");
      o()->line("rec = recording();");
      o()->line("R = Recorder(base);");
      return t;
    }
    return call;
  }

  // A call [s] of a function with a leaf case (LeafCase), through its pointer: while the
  // pointer is [here] (the function compiled, in this mode), arguments that take the
  // leaf give its atom without a call; others make the [call]. In a recording variant
  // the leaf's records join what is pending, as the call's completion does: the call is
  // a fork (fast_send) whose slow path writes what is pending first, and whose runs
  // after it leave the leaf's records out.
  std::string inlined_leaf(const Send* s, const LeafCase& leaf, const std::vector<std::string>& args,
                           const std::string& call, const std::string& here) {
    std::string t = temp();
    std::string c = temp("c");
    out_->line("Value " + t + ";");
    out_->line("bool " + c + ";");
    std::string comment = "// " + comment_text(symbol_name(s->selector), 60) +
                          "'s base case without a call, while the function is this one";
    std::string atom = leaf_operand(gen_, leaf, leaf.atom, args);
    if (!recording_) {
      out_->line(comment);
      out_->open("if (" + here + " && " + leaf_test(gen_, leaf, args, c) + ")");
      out_->line(t + " = " + atom + ";");
      out_->close();
      out_->open("else");
      out_->line(t + " = " + call + ";");
      out_->close();
      return t;
    }
    // The leaf's values: those pending already (the same temporaries) are shared. The
    // call's completion takes the atom's value, or a value of its own for a constant
    // atom; on the slow path that value becomes the call's (what was pending before is
    // written by then, and the runs after the fork start past the leaf's records).
    struct Capture {
      std::string source, recorded;
    };
    std::vector<Capture> captures;  // new values, in order
    auto value_index = [&](const std::string& v, bool maybe_cell) {
      int i = pending_value_of(v);
      if (i >= 0) return i;
      for (size_t j = 0; j < captures.size(); ++j)
        if (captures[j].source == v) return int(pending_.values.size() + j);
      captures.push_back({v, maybe_cell ? "unwrap(" + v + ")" : v});
      return int(pending_.values.size() + captures.size() - 1);
    };
    int atom_index = -1;
    auto plan = [&] {
      captures.clear();
      auto steps = leaf_steps(gen_, leaf, args, [&](const std::string& v, bool maybe_cell) {
        return -1 - value_index(v, maybe_cell);
      });
      atom_index = is_constant(atom) ? value_index(t, false) : -1 - steps.back().second;
      return steps;
    };
    auto steps = plan();
    if (pending_.values.size() + captures.size() > max_run_values || pending_.forks.size() == max_run_forks) {
      flush();
      steps = plan();
    }
    declare_fork_variable();
    std::vector<std::string> names;
    for (size_t j = 0; j < captures.size(); ++j) {
      names.push_back(temp("p"));
      out_->line("Value " + names.back() + " = nil;");
    }
    out_->line(comment);
    out_->open("if (" + here + " && " + leaf_test(gen_, leaf, args, c) + ")");
    out_->line(t + " = " + atom + ";");
    for (size_t j = 0; j < captures.size(); ++j)
      out_->line(names[j] + " = " + (captures[j].source == t ? atom : captures[j].recorded) + ";");
    out_->close();
    out_->open("else");
    enter_slow_path();
    out_->line(t + " = " + call + ";");
    out_->line("R.refresh_ring();");
    for (size_t j = 0; j < captures.size(); ++j) {
      pending_.values.push_back(names[j]);
      pending_.sources.push_back(captures[j].source);
    }
    out_->line(pending_.values[size_t(atom_index)] + " = unwrap(" + t + ");");
    out_->close();
    int32_t below = s->rel_depth + 1;
    for (auto [rel, step] : steps) pending_.steps.emplace_back(below + rel, step);
    pending_.forks.push_back(pending_.steps.size());
    pending_.sources[size_t(atom_index)] = t;
    pending_.steps.emplace_back(s->rel_depth, -1 - atom_index);
    leave_written_ = true;
    return t;
  }

  // A call of this very function in tail position, while [same] (the test the direct
  // call makes: the cell or the method found still holds this function's code): instead
  // of a C++ call that grows the stack, re-enter the function at its top with the new
  // arguments, as the call would (its entry tests, fresh bindings of the parameters,
  // fresh boxes for captured ones). [f] and [self] are what the direct call would pass.
  // The arguments are all computed already, into temporaries or variables that no
  // parameter assignment changes: a_N are read only by the bindings at the top, and
  // self and fn are assigned after them (an argument may read `this` or a capture).
  // Otherwise the caller emits the real call.
  void self_tail_call(const Send* call, const std::string& f, const std::string& self,
                      const std::vector<std::string>& args, const std::string& same) {
    out_->open("if (" + same + ")");
    out_->line("// self tail call: jump back to the top with the new arguments (a loop: the stack stays flat)");
    if (recording_)  // the Recorder goes on (its position is current), a level deeper
      out_->line("R.descend(" + std::to_string(call->rel_depth + 1) + ");  base = MetaDepth{R.base_meta};  // the next level");
    for (uint32_t i = 0; i < fn_->params.count; ++i)
      out_->line("a_" + std::to_string(fn_->params[i]->slot) + " = " + (i < args.size() ? args[i] : std::string("nil")) + ";");
    if (direct_takes_self(fn_) && self != "self") out_->line("self = " + self + ";");
    if (direct_takes_fn(fn_) && f != "fn") out_->line("fn = " + f + ";");
    if (recording_) {
      out_->line("tail_levels = tail_levels + 1;  // its completions are written when the innermost returns");
      out_->line("if (L2D_UNLIKELY(tail_levels > max_tail_levels)) stack_overflow();  // nested too deep (spec 3.8)");
    } else {
      out_->line("if (L2D_UNLIKELY(++tail_levels > max_tail_levels)) stack_overflow();  // nested too deep (spec 3.8)");
    }
    out_->line(std::string("goto ") + tail_call_label + ";");
    out_->close();
    jumped_ = true;
  }

  std::string set_msg(SetMsg* s) {
    std::string sym = expr(s->symbol);
    std::string v = expr(s->value);
    if (s->resolved) {
      assign(s->target, v);
      return v;
    }
    std::string vis = temp("visible");
    std::string items;
    bool any_shared = false;
    for (uint32_t i = 0; i < s->visible.count; ++i) {
      Var* x = s->visible[i];
      any_shared |= x->shared != 0;
      items.append("{").append(gen_.symbol(x->name)).append(", &").append(lvalue(x, s->visible_capture[i])).append("}, ");
    }
    o()->line("VisibleVar " + vis + "[] = {" + items + "{nullptr, nullptr}};");
    return "set_dynamic(" + sym + ", " + (any_shared ? "cellify(" + v + ")" : v) + ", " + vis + ", " +
           std::to_string(s->visible.count) + ")";
  }

  // ---- try ----------------------------------------------------------------------------------
  std::string try_form(Try* tr, bool want) {
    std::string t = result_temp(want);
    o()->open("try");
    store(t, expr(tr->body, want), want);
    o()->close();
    o()->open("catch (Thrown&)");
    // A callee that threw may have grown the ring (setdebug): the handler's records go
    // to the ring in effect.
    if (recording_ && !compact_) out_->line(guard() + "R.refresh();");
    std::string x = temp("x");
    if (tr->handlers.count) o()->line("Value " + x + " = thrown_value();");
    bool first = true;
    bool catch_all = false;
    for (const Handler& h : tr->handlers) {
      std::string cond = h.code.is_nil() ? "true" : "eq(" + x + ", " + constant(h.code) + ")";
      o()->open(std::string(first ? "if" : "else if") + " (" + cond + ")");
      first = false;
      o()->line("handled(" + x + ");");
      if (h.handler) store(t, expr(h.handler, want), want);
      else store(t, "nil", want);
      o()->close();
      if (h.code.is_nil()) {
        catch_all = true;
        break;
      }
    }
    if (!catch_all) {
      if (first) o()->line("throw;");
      else {
        o()->open("else");
        o()->line("throw;");
        o()->close();
      }
    }
    o()->close();
    return want ? t : "nil";
  }

  // ---- parallel and fork: the forms as one C++ lambda called by index ----------------------
  std::string thunks(const char* runtime_fn, const Nodes& forms) {
    std::string name = temp("forms");
    o()->open("auto " + name + " = [&](int index) -> Value");
    // Each form runs as a task of its own, with its own ring (spec 10.2).
    if (recording_ && !compact_) o()->line("[[maybe_unused]] Recorder R(base);");
    o()->open("switch (index)");
    for (uint32_t i = 0; i < forms.count; ++i) {
      o()->open("case " + std::to_string(i) + ":");
      o()->line("return " + expr(forms[i]) + ";");
      o()->close();
    }
    o()->close();
    o()->line("return nil;");
    o()->close(";");
    return std::string(runtime_fn) + "(" + (std::string(runtime_fn) == "fork" ? "" : std::to_string(forms.count) + ", ") +
           "[](void* env, int index) { return (*static_cast<decltype(" + name + ")*>(env))(index); }, &" + name + ")";
  }

  // ---- backquote ------------------------------------------------------------------------------
  std::string template_value(Template* tp) {
    switch (tp->kind) {
      case Template::datum: return constant(tp->value);
      case Template::unquote: return expr(tp->expr);
      case Template::list: break;
    }
    std::vector<std::string> vals;
    for (Template* e : tp->elements) {
      std::string v = template_value(e);
      if (e->kind == Template::unquote && e->expr->op == Op::local) {
        std::string tv = temp();
        o()->line("Value " + tv + " = " + v + ";");
        v = tv;
      }
      vals.push_back(v);
    }
    std::string tail = tp->tail ? template_value(tp->tail) : "nil";
    std::string t = temp();
    o()->line("Value " + t + " = " + tail + ";");
    for (size_t i = vals.size(); i-- > 0;)
      o()->line(t + " = " + (tp->splice[uint32_t(i)] ? "splice(" : "make_cons(") + vals[i] + ", " + t + ");");
    return t;
  }
};

}  // namespace

// The direct entry takes the function object only if the body reaches captured
// variables through it, and the receiver only if the body says `this`: fewer registers
// to fill at every call.
bool direct_takes_fn(const Lambda* fn) { return fn->captures.count != 0; }
bool direct_takes_self(const Lambda* fn) { return fn->uses_this != 0; }

namespace {

// The direct entry's parameters, each preceded by [attribute] (e.g. "[[maybe_unused]] ").
std::string param_list(Lambda* fn, const std::string& attribute = "") {
  std::string params;
  auto add = [&](const std::string& p) { params += (params.empty() ? "" : ", ") + attribute + p; };
  if (direct_takes_fn(fn)) add("Function* fn");
  if (direct_takes_self(fn)) add("Value self");
  for (Var* p : fn->params) add("Value a_" + std::to_string(p->slot));
  return params;
}

// [args] (a direct call's, maybe none) and a recording variant's RecStart after them.
std::string with_start(const std::string& args, const std::string& start) {
  return args.empty() ? start : args + ", " + start;
}

// The arguments of a direct call, in param_list's order.
std::string direct_args(const Lambda* fn, const std::string& f, const std::string& self,
                        const std::vector<std::string>& args) {
  std::string out;
  auto add = [&](const std::string& a) { out += (out.empty() ? "" : ", ") + a; };
  if (direct_takes_fn(fn)) add(f);
  if (direct_takes_self(fn)) add(self);
  for (uint32_t i = 0; i < fn->params.count; ++i) add(i < args.size() ? args[i] : std::string("nil"));
  return out;
}

}  // namespace

namespace {

// The recording variant's entry for a function with a leaf case: the leaf, through the
// test's fast path, writes its one slot and returns; any other way calls the whole
// recording variant ([full], kept out of line so that the entry stays small) before
// anything is recorded, so the whole variant records all of it.
void leaf_entry(ProgramGen& gen, Lambda* fn, const std::string& name, const std::string& full, unsigned line,
                const LeafCase& leaf) {
  Emitter& out = gen.definitions;
  std::string sig = "RecReturn " + name + "_rec(" + with_start(param_list(fn), "RecStart start") + ")";
  gen.declarations.line(sig + ";");
  out.generated_lines();
  if (line) out.source_line(gen.options.line_file, line);
  out.open(sig);
  std::vector<std::string> params;
  for (Var* p : fn->params) params.push_back("a_" + std::to_string(p->slot));
  std::vector<std::string> values;
  auto steps = leaf_steps(gen, leaf, params, [&](const std::string& v, bool maybe_cell) {
    std::string recorded = maybe_cell ? "unwrap(" + v + ")" : v;
    for (size_t i = 0; i < values.size(); ++i)
      if (values[i] == recorded) return -1 - int32_t(i);
    values.push_back(recorded);
    return -int32_t(values.size());
  });
  // No stack guard: this way calls nothing; the whole variant has its own.
  out.line("bool c;");
  out.open("if (L2D_LIKELY(" + leaf_test(gen, leaf, params, "c") + "))");
  out.line("Recorder R(start);");
  out.line(record_statement(std::to_string(int64_t(gen.run_id(steps)) * 4), values));
  out.line("return R.ret(" + leaf_operand(gen, leaf, leaf.atom, params) + ");");
  out.close();
  out.line("return " + full + "(" + with_start(direct_args(fn, "fn", "self", params), "start") + ");");
  out.close();
}

// One variant of a function's body: [suffix] "" is the quiet one, "_rec" the recording one.
void function_variant(ProgramGen& gen, Lambda* fn, const std::string& name, bool recording) {
  Emitter& out = gen.definitions;
  unsigned line = gen.line_of(fn->form);
  std::string suffix = recording ? "_rec" : "";
  bool direct = !fn->rest;
  std::string attribute;  // of the variant's definition
  if (std::optional<LeafCase> leaf = leaf_case(gen, fn); leaf && recording) {
    suffix = "_rec_full";
    attribute = "L2D_NOINLINE ";
    leaf_entry(gen, fn, name, name + suffix, line, *leaf);
  }
  std::string forward_args = "fn, self";
  std::string sig;
  if (direct) {
    std::string list = recording ? with_start(param_list(fn), "RecStart start") : param_list(fn);
    sig = std::string(recording ? "RecReturn " : "Value ") + name + suffix + "(" + list + ")";
    std::vector<std::string> params;
    for (Var* p : fn->params) params.push_back("a_" + std::to_string(p->slot));
    forward_args = direct_args(fn, "fn", "self", params);
  } else {
    sig = "Value " + name + "_entry" + suffix + "([[maybe_unused]] Function* fn, [[maybe_unused]] Value self, "
          "[[maybe_unused]] int argc, [[maybe_unused]] Value* argv)";
    forward_args += ", argc, argv";
  }
  gen.declarations.line(sig + ";");
  out.generated_lines();
  if (line) out.source_line(gen.options.line_file, line);
  out.open(attribute + sig);
  size_t top = out.mark();
  // History on: the recording variant runs instead (spec 11.3). A global function's
  // callers test it (through NAME_ptr or the entry).
  if (!recording && !gen.calls_through_pointer(fn))
    out.line("if (L2D_UNLIKELY(recording())) return " + name + (direct ? "" : "_entry") + "_rec(" +
             (direct ? with_start(forward_args, "entry_start()") + ").value" : forward_args + ")") + ";");
  if (direct && !direct_takes_fn(fn)) out.line("[[maybe_unused]] Function* const fn = nullptr;");
  if (direct && !direct_takes_self(fn)) out.line("[[maybe_unused]] const Value self = nil;");
  if (recording && direct)
    out.line("[[maybe_unused]] L2D_META_PROLOGUE(base, start.meta);");
  else if (recording)
    out.line("[[maybe_unused]] L2D_PROLOGUE(base);");
  else  // nothing records: depths are not needed
    out.line("[[maybe_unused]] L2D_QUIET_PROLOGUE(base);");
  if (recording) out.line(std::string("[[maybe_unused]] Recorder R(") + (direct ? "start" : "base") + ");");
  // A recording variant's jumps come back here: its Recorder stays, each level one deeper
  // (FunctionGen::self_tail_call); a quiet one's go back to the top, to the entry's test.
  size_t loop_top = recording ? out.mark() : top;
  if (!direct) {
    for (Var* p : fn->params)
      out.line("Value a_" + std::to_string(p->slot) + " = arg_or_nil(argc, argv, " + std::to_string(p->slot) + ");");
    out.line("Value a_" + std::to_string(fn->rest->slot) + " = rest_list(argc, argv, " + std::to_string(fn->params.count) +
             ");");
  }
  FunctionGen body(gen, fn, out, recording);
  body.body();
  // Where self tail calls jump (FunctionGen::self_tail_call): in a quiet variant before
  // the entry tests, so an iteration does all a call would; in a recording variant after
  // its Recorder, which the jump takes a level deeper.
  if (body.jumps_to_top())
    out.insert_line(loop_top, std::string(FunctionGen::tail_call_label) +
                             ":  // self tail calls below loop back here while the function is not redefined");
  // volatile: a memory word, not a register held across every call of the function.
  // A quiet variant counts its jumps only against the limit of nesting: before the
  // label, where its jumps go.
  if (body.counts_tail_levels())
    out.insert_line(top, "  volatile int64_t tail_levels = 0;  // levels of self tail calls jumped");
  else if (body.jumps_to_top() && !recording)
    out.insert_line(top, "  int64_t tail_levels = 0;  // levels of self tail calls jumped");
  out.close();
}

// The pointers sends to nil call [fn] (a global function) through, and the send they
// fall back to once it is redefined (ProgramGen::calls_through_pointer).
void call_pointers(ProgramGen& gen, Lambda* fn, const std::string& name) {
  Symbol* sel = gen.pointer_globals.at(fn);
  std::string cell = gen.global_cell(sel);
  std::string params = param_list(fn);
  gen.declarations.line("Value " + name + "_send(" + params + ");");
  gen.declarations.line("inline Value (*" + name + "_ptr)(" + params + ") = " + name + "_send;  // (nil " +
                        comment_text(symbol_name(sel), 60) + " …) in quiet code");
  std::string rec_params = with_start(params, "RecStart start");
  gen.declarations.line("RecReturn " + name + "_rec_send(" + rec_params + ");");
  gen.declarations.line("Value " + name + "_rec_from_quiet(" + params + ");");
  gen.declarations.line("inline RecReturn (*" + name + "_rec_ptr)(" + rec_params + ") = " + name +
                        "_rec_send;  // in recording code");
  Emitter& out = gen.definitions;
  out.generated_lines();
  // A send to nil passes neither fn nor self.
  out.open("Value " + name + "_send(" + param_list(fn, "[[maybe_unused]] ") + ")");
  std::vector<std::string> args;
  for (Var* p : fn->params) args.push_back("a_" + std::to_string(p->slot));
  std::string argv = "nullptr";
  if (!args.empty()) {
    std::string items;
    for (const auto& a : args) items += (items.empty() ? "" : ", ") + a;
    out.line("Value argv[] = {" + items + "};");
    argv = "argv";
  }
  out.line("return send_cached(ic[" + std::to_string(gen.caches++) + "], " + gen.symbol(sel) + ", nil, " +
           std::to_string(args.size()) + ", " + argv + ");");
  out.close();
  std::string forward = direct_args(fn, "fn", "self", args);  // every parameter, in order
  // Recording code passes the depth; a send reads it from call_depth. The task's position
  // is the caller's (every record stores it), and after the send the one to go on from.
  out.open("RecReturn " + name + "_rec_send(" + with_start(param_list(fn, "[[maybe_unused]] "), "RecStart start") + ")");
  out.line("call_depth = MetaDepth{start.meta} - 1;");
  out.line("Value v = " + name + "_send(" + forward + ");");
  out.line("return {v, current_task->pos};");
  out.close();
  // Quiet code calling through NAME_ptr after history turned on.
  out.open("Value " + name + "_rec_from_quiet(" + param_list(fn, "[[maybe_unused]] ") + ")");
  out.line("return " + name + "_rec(" + with_start(forward, "entry_start()") + ").value;");
  out.close();
  gen.direct_calls += "  here = " + cell + "->code == &" + name + "_entry;\n";
  gen.direct_calls += "  " + name + "_ptr = !here ? " + name + "_send : recording ? " + name + "_rec_from_quiet : " + name +
                      ";\n";
  gen.direct_calls += "  " + name + "_rec_ptr = here ? " + name + "_rec : " + name + "_rec_send;\n";
}

}  // namespace

namespace {

std::string compact_signature(const std::string& name) {
  return "Value " + name + "_entry([[maybe_unused]] Function* fn, [[maybe_unused]] Value self, "
         "[[maybe_unused]] int argc, [[maybe_unused]] Value* argv)";
}

// A compact function (runtime.hpp "compact code"): the generic entry itself, one variant.
void write_compact_function(ProgramGen& gen, Lambda* fn, const std::string& name, Emitter& out) {
  unsigned line = gen.line_of(fn->form);
  if (line) out.source_line(gen.options.line_file, line);
  out.open(compact_signature(name));
  if (!fn->rest) out.line("if (argc > " + std::to_string(fn->params.count) + ") raise_argument_count();");
  out.line("[[maybe_unused]] L2D_PROLOGUE(base);");
  out.line("[[maybe_unused]] bool rec = recording();");
  for (Var* p : fn->params)
    out.line("Value a_" + std::to_string(p->slot) + " = arg_or_nil(argc, argv, " + std::to_string(p->slot) + ");");
  if (fn->rest)
    out.line("Value a_" + std::to_string(fn->rest->slot) + " = rest_list(argc, argv, " + std::to_string(fn->params.count) +
             ");");
  FunctionGen(gen, fn, out, true, true).body();
  out.close();
}

void compact_function(ProgramGen& gen, Lambda* fn, const std::string& name) {
  gen.declarations.line(compact_signature(name) + ";");
  write_compact_function(gen, fn, name, gen.definitions);
}

// The C++ of a marker outside a shared body: what the generator writes when not merging.
std::string concrete_param(ProgramGen& gen, ParamKind kind, int64_t value) {
  switch (kind) {
    case ParamKind::constant: return "k[" + std::to_string(value) + "]";
    case ParamKind::symbol: return gen.symbol_cpp.at(gen.pool.symbols().at(size_t(value)));
    case ParamKind::fixnum: return "fix(" + std::to_string(value) + ")";
    case ParamKind::cache: return "ic[" + std::to_string(value) + "]";
    case ParamKind::form_index: return std::to_string(value);
  }
  return "";
}

std::string concrete_text(ProgramGen& gen, const std::string& text) {
  return replace_markers(text, [&](ParamKind k, int64_t v, size_t) { return concrete_param(gen, k, v); });
}

// What merging needs of one method: its compact function with markers, under a
// placeholder name.
constexpr const char* placeholder_name = "L2DC_ENTRY";
struct MarkedFunction {
  Lambda* fn;
  std::string text;
  bool mergeable;  // false if it outlined parts of itself (they name it and its values)
};

MarkedFunction marked_function(ProgramGen& gen, Lambda* fn) {
  struct Parametric {  // reset even when the stack check throws
    ProgramGen& gen;
    explicit Parametric(ProgramGen& g) : gen(g) { gen.parametric = true; }
    ~Parametric() { gen.parametric = false; }
  };
  int parts_before = gen.parts;
  size_t parts_text_before = gen.parts_text.size();
  Emitter out;
  {
    Parametric on(gen);
    write_compact_function(gen, fn, placeholder_name, out);
  }
  if (gen.parts == parts_before) return {fn, out.text(), true};
  // Outlined parts were written with markers too: make them concrete, and the function.
  gen.parts_text = gen.parts_text.substr(0, parts_text_before) + concrete_text(gen, gen.parts_text.substr(parts_text_before));
  return {fn, out.text(), false};
}

// The text with the placeholder name (in the signature, first line of the function) replaced.
std::string named(const std::string& text, const std::string& name) {
  std::string out = text;
  size_t at = out.find(std::string(placeholder_name) + "_entry(");
  if (at != std::string::npos) out.replace(at, std::string(placeholder_name).size(), name);
  return out;
}

// The statements every top-level form starts with; [compact] forms record out of line;
// a [quiet] variant records nothing (but keeps the depth, see generate_function).
void toplevel_prologue(Emitter& out, bool compact, bool quiet = false) {
  out.line("[[maybe_unused]] Function* fn = nullptr;");
  out.line("[[maybe_unused]] Value self = nil;");
  out.line("[[maybe_unused]] L2D_PROLOGUE(base);");
  out.line(std::string("[[maybe_unused]] bool rec = ") + (quiet ? "false" : "recording()") + ";");
  if (!compact && !quiet) out.line("[[maybe_unused]] Recorder R(base);");
}

}  // namespace

namespace {
// [fn]'s own forms (not those of functions it defines) send setdebug.
bool sends_setdebug(Node* n) {
  if (n->op == Op::lambda) return false;
  if (n->op == Op::send && symbol_name(as<Send>(n)->selector) == "setdebug") return true;
  bool found = false;
  for_each_child(n, [&](Node* c) { found = found || sends_setdebug(c); });
  return found;
}
bool sends_setdebug(Lambda* fn) {
  for (Node* x : fn->body)
    if (sends_setdebug(x)) return true;
  return false;
}
}  // namespace

void generate_function(ProgramGen& gen, Lambda* fn, const std::string& name, int toplevel_index) {
  gen.begin_group();
  Emitter& out = gen.definitions;
  unsigned line = gen.line_of(fn->form);
  std::string header_comment = form_comment(fn->toplevel ? fn->form : fn->datum, 110);
  out.generated_lines();
  out.blank();
  out.line("// " + header_comment);
  if (toplevel_index >= 0) {
    // Top-level forms run once: one variant that tests the history size as it goes
    // (`rec`, set when the form starts and after its own setdebug sends). One with a
    // loop also gets a quiet variant, which runs when history is off as the form starts:
    // the loop is then free of those tests. Without a setdebug of its own, `rec` stays
    // what it was at the start, so the quiet variant does what the other would, and the
    // other runs only while history is on: it records as a function's recording variant.
    bool quiet_variant = !sends_setdebug(fn);
    gen.declarations.line("Value " + name + "(int form);");
    if (quiet_variant) gen.declarations.line("Value " + name + "_quiet(int form);");
    if (line) out.source_line(gen.options.line_file, line);
    out.open("Value " + name + "([[maybe_unused]] int form)");
    if (quiet_variant) out.line("if (!recording()) return " + name + "_quiet(form);");
    toplevel_prologue(out, false);
    FunctionGen(gen, fn, out, true, false, quiet_variant).body();
    out.close();
    if (quiet_variant) {
      gen.begin_group();
      out.generated_lines();
      if (line) out.source_line(gen.options.line_file, line);
      out.open("Value " + name + "_quiet([[maybe_unused]] int form)");
      toplevel_prologue(out, false, true);
      FunctionGen quiet(gen, fn, out, false);
      quiet.keep_depths();
      quiet.body();
      out.close();
    }
    return;
  }
  if (gen.compact_functions) return compact_function(gen, fn, name);
  function_variant(gen, fn, name, false);
  // The entry and the pointers' targets stay with the quiet variant, which they call (and
  // the C++ compiler may inline into them); the recording variant may go to another unit.
  if (!fn->rest) {
    std::string entry_sig = "Value " + name + "_entry([[maybe_unused]] Function* fn, [[maybe_unused]] Value self, "
                            "[[maybe_unused]] int argc, [[maybe_unused]] Value* argv)";
    gen.declarations.line(entry_sig + ";");
    out.generated_lines();
    out.open(entry_sig);
    out.line("if (argc > " + std::to_string(fn->params.count) + ") raise_argument_count();");
    std::vector<std::string> args;
    for (uint32_t i = 0; i < fn->params.count; ++i) args.push_back("arg_or_nil(argc, argv, " + std::to_string(i) + ")");
    if (gen.calls_through_pointer(fn))
      out.line("if (L2D_UNLIKELY(recording())) return " + name + "_rec(" +
               with_start(direct_args(fn, "fn", "self", args), "entry_start()") + ").value;");
    out.line("return " + name + "(" + direct_args(fn, "fn", "self", args) + ");");
    out.close();
    if (gen.calls_through_pointer(fn)) call_pointers(gen, fn, name);
  }  // else the generic entry is the function itself
  gen.begin_group();
  function_variant(gen, fn, name, true);
}

void generate_mergeable_functions(ProgramGen& gen, const std::vector<Lambda*>& fns) {
  std::vector<MarkedFunction> marked;
  for (Lambda* fn : fns) marked.push_back(marked_function(gen, fn));
  // Methods of one shape, in source order; the first names the shape.
  std::unordered_map<std::string, std::vector<size_t>> by_shape;
  std::vector<std::vector<std::pair<ParamKind, int64_t>>> args(marked.size());  // each method's values
  std::vector<const std::vector<size_t>*> order;  // the shapes by first method (map nodes stay put)
  for (size_t i = 0; i < marked.size(); ++i) {
    if (!marked[i].mergeable) continue;
    Shape shape = shape_of(marked[i].text);
    auto& members = by_shape[shape.key];
    if (members.empty()) order.push_back(&members);
    members.push_back(i);
    args[i] = std::move(shape.args);
  }
  Emitter& out = gen.definitions;
  auto append = [&](const std::string& text) {
    out.generated_lines();
    out.append(text);
    out.append(std::string(line_marker) + "\n");  // back to the generated file's lines
  };
  std::unordered_set<size_t> shared;
  for (const std::vector<size_t>* shape_members : order) {
    const std::vector<size_t>& members = *shape_members;
    if (members.size() < 2) continue;
    const MarkedFunction& first = marked[members.front()];
    std::string name = gen.unique_function_name(gen.function_name(first.fn) + "_shape");
    std::string row_table = name + "_rows";
    size_t width = args[members.front()].size();
    // The body reads its values from the row its Function points to.
    std::string text = named(replace_markers(first.text, [](ParamKind k, int64_t, size_t j) { return shared_param(k, j); }),
                             name);
    size_t body = text.find("{\n", text.find(name + "_entry(")) + 2;
    text.insert(body, "  [[maybe_unused]] const int64_t* P = static_cast<const int64_t*>(fn->env);  // " + row_table +
                          "[i]\n");
    gen.declarations.line(compact_signature(name) + ";");
    gen.begin_group();
    out.generated_lines();
    out.blank();
    out.line("// " + std::to_string(members.size()) + " methods alike but for their constants share this body; each");
    out.line("// method's values are its row of " + row_table + " (the first: " +
             form_comment(first.fn->datum, 60) + ")");
    append(text);
    // Declared for the defmethod table, which may be compiled in another unit.
    std::string rows_type = "const int64_t " + row_table + "[][" + std::to_string(width ? width : 1) + "]";
    gen.declarations.line("extern " + rows_type + ";");
    std::string rows = rows_type + " = {\n";
    for (size_t r = 0; r < members.size(); ++r) {
      const auto& values = args[members[r]];
      rows += "    {";
      for (size_t j = 0; j < values.size(); ++j) rows += (j ? ", " : "") + std::to_string(values[j].second);
      if (values.empty()) rows += "0";
      rows += "},  // " + gen.function_name(marked[members[r]].fn) + "\n";
      gen.shared_entries[marked[members[r]].fn] = {name + "_entry", row_table + "[" + std::to_string(r) + "]"};
      shared.insert(members[r]);
    }
    out.append(rows + "};\n");
  }
  for (size_t i = 0; i < marked.size(); ++i) {
    if (shared.count(i)) continue;
    std::string name = gen.function_name(marked[i].fn);
    gen.declarations.line(compact_signature(name) + ";");
    gen.begin_group();
    out.generated_lines();
    out.blank();
    out.line("// " + form_comment(marked[i].fn->datum, 110));
    append(named(concrete_text(gen, marked[i].text), name));
  }
}

void generate_toplevel_chunk(ProgramGen& gen, const std::vector<std::pair<int, Lambda*>>& forms,
                             const std::string& name, Value& current) {
  gen.begin_group();
  Emitter& out = gen.definitions;
  gen.declarations.line("Value " + name + "(int form);");
  out.generated_lines();
  out.blank();
  out.line("// top-level forms " + std::to_string(forms.front().first + 1) + " to " +
           std::to_string(forms.back().first + 1) + ", which run once");
  out.open("L2D_COLD Value " + name + "(int form)");
  toplevel_prologue(out, true);
  out.open("switch (form)");
  for (const auto& [index, fn] : forms) {
    current = fn->form;
    out.generated_lines();
    out.line("// " + form_comment(fn->form, 110));
    unsigned line = gen.line_of(fn->form);
    if (line) out.source_line(gen.options.line_file, line);
    out.open("case " + std::to_string(index) + ":");
    FunctionGen(gen, fn, out, true, true).body();
    out.close();
  }
  out.close();
  out.line("return nil;");
  out.close();
}

}  // namespace l2dc
