// Compile-time warnings (warnings.hpp). Each check stays silent whenever code the
// compiler cannot see (eval, a computed `set`) could make the warning wrong.
#include "warnings.hpp"

#include <algorithm>
#include <unordered_set>

#include "l2d/class.hpp"
#include "l2d/printer.hpp"
#include "l2d/symbol.hpp"
#include "walk.hpp"

namespace l2dc {

using namespace l2d;
using namespace l2d::ir;

namespace {

struct Checker {
  const ProgramModel& model;
  const SourceFile& source;
  const ReadProgram& read;
  std::vector<Diagnostic> out;
  std::unordered_set<Symbol*> assigned;
  bool dynamic_set = false;
  std::vector<std::pair<Node*, Symbol*>> global_reads;

  size_t offset_of(Node* n) {
    uint32_t off;
    if (read.positions.find_list(n->form, off)) return off;
    if (is_cons(n->cell)) {
      auto it = read.positions.element.find(n->cell.ptr());
      if (it != read.positions.element.end()) return it->second;
    }
    return SIZE_MAX;
  }

  void warn(Node* n, const std::string& message) {
    size_t off = offset_of(n);
    if (off == SIZE_MAX) return;
    out.push_back(make_diagnostic(source, off, Severity::warning, message));
  }

  void collect(Node* n) {
    switch (n->op) {
      case Op::setq:
        for (const Target& t : as<Setq>(n)->targets)
          if (!t.var) assigned.insert(t.name);
        break;
      case Op::set_msg: {
        auto* s = as<SetMsg>(n);
        if (s->resolved && !s->target.var) assigned.insert(s->target.name);
        if (!s->resolved) dynamic_set = true;
        break;
      }
      case Op::global: global_reads.push_back({n, as<Global>(n)->name}); break;
      case Op::send: {
        Symbol* sel = as<Send>(n)->selector;
        if (sel == &sym::set || sel == &sym::funcall || sel == &sym::apply) dynamic_set = true;
        break;
      }
      default: break;
    }
    for_each_child(n, [&](Node* c) { collect(c); });
  }

  static bool builtin_anywhere(Symbol* sel) {
    Class* all[] = {classes.root, classes.null, classes.symbol, classes.number, classes.integer,
                    classes.fraction, classes.flonum, classes.character, classes.string, classes.cons,
                    classes.vector, classes.byte_vector, classes.function, classes.stream, classes.socket,
                    classes.lock, classes.table, classes.klass};
    for (Class* k : all)
      if (find_own_method(k, sel)) return true;
    return false;
  }

  void check_send(Send* s) {
    Symbol* sel = s->selector;
    uint32_t argc = s->args.count;
    auto defs = model.methods.find(sel);
    bool program_defined = defs != model.methods.end();
    if (program_defined && !builtin_anywhere(sel)) {
      bool any_rest = false;
      uint32_t most = 0;
      for (const MethodInfo& m : defs->second) {
        any_rest |= m.fn->rest != nullptr;
        most = std::max(most, m.fn->params.count);
      }
      if (!any_rest && argc > most)
        warn(s, std::string("'").append(symbol_name(sel)) + "' takes at most " + std::to_string(most) +
                    " argument" + (most == 1 ? "" : "s") + " but this call passes " + std::to_string(argc) +
                    " (wrong-argument-count when it runs)");
      return;
    }
    if (program_defined || model.dynamic_code) return;
    Node* r = s->receiver;
    if (r->op != Op::constant && r->op != Op::literal) return;
    Value v = as<Constant>(r)->value;
    Class* k = class_of(v);
    Function* f = rt::lookup_method(k, sel);
    std::string cls(symbol_name(k->name));
    if (!f) {
      if (sel == &sym::defmethod || sel == &sym::for_star || sel == &sym::progn || sel == &sym::set) return;
      warn(s, "no method '" + std::string(symbol_name(sel)) + "' for " +
                  (v.is_nil() ? std::string("nil (no global function of that name)") : "class " + cls) +
                  " (undefined-method when it runs)");
      return;
    }
    if (int(argc) < f->min_args || (f->max_args >= 0 && int(argc) > f->max_args)) {
      std::string want = f->min_args == f->max_args ? std::to_string(f->min_args)
                         : f->max_args < 0         ? "at least " + std::to_string(f->min_args)
                                                   : std::to_string(f->min_args) + " to " + std::to_string(f->max_args);
      warn(s, std::string("'").append(symbol_name(sel)) + "' of " + cls + " takes " + want + " argument" +
                  (want == "1" ? "" : "s") + " but this call passes " + std::to_string(argc) +
                  " (wrong-argument-count when it runs)");
    }
  }

  void sends(Node* n) {
    if (n->op == Op::send) check_send(as<Send>(n));
    for_each_child(n, [&](Node* c) { sends(c); });
  }
};

}  // namespace

std::vector<Diagnostic> find_warnings(const ProgramModel& model, const SourceFile& source, const ReadProgram& read) {
  Checker c{model, source, read, {}, {}, false, {}};
  for (Lambda* fn : model.toplevel)
    for (Node* n : fn->body) c.collect(n);
  if (!c.dynamic_set && !model.dynamic_code) {
    std::unordered_set<Symbol*> reported;
    for (auto& [n, s] : c.global_reads) {
      if (s->value != unbound || c.assigned.count(s) || reported.count(s)) continue;
      reported.insert(s);
      c.warn(n, std::string("'").append(symbol_name(s)) + "' is never given a value (unbound-variable when it runs)");
    }
  }
  for (Lambda* fn : model.toplevel)
    for (Node* n : fn->body) c.sends(n);
  std::stable_sort(c.out.begin(), c.out.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return a.line != b.line ? a.line < b.line : a.column < b.column;
  });
  return c.out;
}

}  // namespace l2dc
