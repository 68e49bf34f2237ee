// Lowering of Lisp2D data to the program model (see lower.hpp). Each shape check here
// is a translation error in a program and `syntax` at run time (spec 1.1).
#include "l2d/lower.hpp"

#include <gc/gc.h>

#include <cstring>
#include <vector>

#include "l2d/error.hpp"
#include "l2d/printer.hpp"
#include "l2d/sequence.hpp"
#include "l2d/symbol.hpp"

namespace l2d::ir {

namespace {

// Thrown inside lowering to abandon the current top-level form after its first error.
struct Abandon {};

struct PauseCollector {
  PauseCollector() { GC_disable(); }
  ~PauseCollector() { GC_enable(); }
};

template <class T>
Array<T> to_array(const std::vector<T>& v) {
  Array<T> a;
  a.count = uint32_t(v.size());
  if (a.count) {
    a.items = static_cast<T*>(gc::alloc(sizeof(T) * v.size()));
    for (size_t i = 0; i < v.size(); ++i) a.items[i] = v[i];
  }
  return a;
}

bool is_sym(Value v, const Symbol& s) { return v == Value(&s); }

Value nth(Value l, int n) {
  for (; n > 0; --n) l = l.as<Cons>()->rest;
  return l.as<Cons>()->first;
}
Value nth_cell(Value l, int n) {
  for (; n > 0; --n) l = l.as<Cons>()->rest;
  return l;
}
Value nthcdr(Value l, int n) {
  for (; n > 0; --n) l = l.as<Cons>()->rest;
  return l;
}

}  // namespace

bool is_special_form_name(Value n) {
  static const Symbol* const names[] = {
      &sym::quote, &sym::backquote, &sym::unquote, &sym::unquote_splicing, &sym::setq, &sym::let,
      &sym::let_star, &sym::progn, &sym::if_, &sym::cond, &sym::when, &sym::unless, &sym::while_,
      &sym::do_while, &sym::and_, &sym::or_, &sym::lambda, &sym::defclass, &sym::try_, &sym::parallel,
      &sym::fork};
  for (const Symbol* s : names)
    if (n == Value(s)) return true;
  return false;
}

bool is_special_message_name(Value n) {
  return is_sym(n, sym::defmethod) || is_sym(n, sym::for_star) || is_sym(n, sym::progn) ||
         is_sym(n, sym::set);
}

struct Lowering::State {
  Lowering& owner;

  struct Scope {
    Lambda* fn;
    std::vector<Var*> vars;
  };
  struct FnState {
    Lambda* fn;
    std::vector<Var*> vars;
    std::vector<Capture> captures;
  };
  std::vector<Scope> scopes;
  std::vector<FnState> fns;

  explicit State(Lowering& o) : owner(o) {}

  // ---- errors --------------------------------------------------------------------------
  [[noreturn]] void error(Value datum, Value cell, std::string message) {
    if (owner.mode_ == Mode::eval) rt::raise(sym::syntax);
    owner.errors_.push_back({datum, cell, std::move(message)});
    throw Abandon{};
  }

  // ---- allocation ----------------------------------------------------------------------
  template <class T>
  T* node(Op op, Value form, uint16_t depth) {
    T* n = static_cast<T*>(gc::alloc(sizeof(T)));
    n->op = op;
    n->form = form;
    n->rel_depth = depth;
    n->id = owner.next_node_++;
    return n;
  }

  FnState& current() { return fns.back(); }

  Var* new_var(Symbol* name, bool param) {
    Var* v = static_cast<Var*>(gc::alloc(sizeof(Var)));
    v->name = name;
    v->owner = current().fn;
    v->slot = uint32_t(current().vars.size());
    v->id = owner.next_var_++;
    v->is_param = param;
    current().vars.push_back(v);
    return v;
  }

  // ---- names -----------------------------------------------------------------------------
  static bool bindable(Value v) {
    return is_symbol(v) && !is_sym(v, sym::this_) && v != make_true() && v != make_false();
  }

  // The index of [v] among [fns[level]]'s captures, adding it (and to every function
  // between it and the owner) as needed.
  int32_t capture_index(size_t level, Var* v) {
    FnState& f = fns[level];
    for (size_t i = 0; i < f.captures.size(); ++i)
      if (f.captures[i].var == v) return int32_t(i);
    int32_t outer = -1;
    if (level == 0) return -1;  // cannot happen: the owner is an enclosing function
    if (fns[level - 1].fn != v->owner) outer = capture_index(level - 1, v);
    f.captures.push_back({v, outer});
    return int32_t(f.captures.size() - 1);
  }

  // Marks [v] as used from the current function; captured if it belongs to another.
  // Returns where the current function finds it: -1 its own frame, else a capture index.
  int32_t use(Var* v) {
    if (v->owner == current().fn) return -1;
    v->captured = 1;
    return capture_index(fns.size() - 1, v);
  }

  Var* lookup(Symbol* name) {
    for (size_t i = scopes.size(); i-- > 0;) {
      auto& vars = scopes[i].vars;
      for (size_t j = vars.size(); j-- > 0;)
        if (vars[j]->name == name) return vars[j];
    }
    return nullptr;
  }

  // Every lexical variable visible here, innermost binding of each name only.
  std::vector<Var*> visible() {
    std::vector<Var*> out;
    for (size_t i = scopes.size(); i-- > 0;) {
      auto& vars = scopes[i].vars;
      for (size_t j = vars.size(); j-- > 0;) {
        bool shadowed = false;
        for (Var* o : out)
          if (o->name == vars[j]->name) shadowed = true;
        if (!shadowed) out.push_back(vars[j]);
      }
    }
    return out;
  }

  Target target_for(Symbol* name) {
    if (Var* v = lookup(name)) {
      v->assigned = 1;
      return {v, name, use(v)};
    }
    return {nullptr, name, -1};
  }

  // ---- forms ------------------------------------------------------------------------------
  Nodes forms(Value list, uint16_t depth) {
    std::vector<Node*> out;
    for (Value l = list; is_cons(l); l = l.as<Cons>()->rest) out.push_back(form(l.as<Cons>()->first, l, depth));
    return to_array(out);
  }

  Node* constant(Value x, uint16_t depth) {
    auto* c = node<Constant>(Op::constant, x, depth);
    c->value = x;
    return c;
  }

  Node* atom(Value x, [[maybe_unused]] Value cell, uint16_t depth) {
    if (is_symbol(x)) {
      if (x == make_true() || x == make_false()) return constant(x, depth);
      if (is_sym(x, sym::this_)) {
        current().fn->uses_this = 1;
        return node<Node>(Op::self, x, depth);
      }
      Symbol* s = x.as<Symbol>();
      if (Var* v = lookup(s)) {
        auto* n = node<Local>(Op::local, x, depth);
        n->var = v;
        n->capture = use(v);
        return n;
      }
      auto* g = node<Global>(Op::global, x, depth);
      g->name = s;
      return g;
    }
    if (x.is_ptr()) {
      Kind k = x.ptr()->kind;
      if (k == Kind::string || k == Kind::vector || k == Kind::byte_vector) {
        auto* c = node<Constant>(Op::literal, x, depth);
        c->value = x;
        return c;
      }
    }
    return constant(x, depth);
  }

  Node* form(Value x, Value cell, uint16_t depth) {
    Node* n = form_node(x, cell, depth);
    if (n->cell.is_nil()) n->cell = cell;
    return n;
  }

  Node* form_node(Value x, Value cell, uint16_t depth) {
    if (L2D_UNLIKELY((char*)__builtin_frame_address(0) < rt::stack_limit)) {
      if (owner.mode_ == Mode::eval) rt::stack_overflow();
      error(x, cell, "the form is nested too deeply");
    }
    if (!is_cons(x)) return atom(x, cell, depth);
    if (!is_proper_list(x)) error(x, cell, "not a message form: an improper list");
    Value r = x.as<Cons>()->first;
    Value rest = x.as<Cons>()->rest;
    if (is_sym(r, sym::lambda)) return lambda(x, x, cell, depth, nullptr);
    if (rest.is_nil()) error(x, cell, "not a message form: a message form is (RECEIVER MESSAGE ARGUMENT…)");
    Value m = rest.as<Cons>()->first;
    if (r.is_nil() && is_special_form_name(m)) return special_form(x, cell, m.as<Symbol>(), depth);
    if (is_sym(m, sym::defmethod)) return defmethod(x, cell, depth);
    if (is_sym(m, sym::for_star)) return for_star(x, cell, depth);
    if (is_sym(m, sym::progn)) {
      auto* n = node<PrognMsg>(Op::progn_msg, x, depth);
      n->receiver = form(r, x, depth + 1);
      n->body = forms(nthcdr(x, 2), depth + 1);
      return n;
    }
    if (is_sym(m, sym::set)) return set_msg(x, cell, depth);
    if (is_symbol(m)) {
      auto* n = node<Send>(Op::send, x, depth);
      n->receiver = form(r, x, depth + 1);
      n->selector = m.as<Symbol>();
      n->args = forms(nthcdr(x, 2), depth + 1);
      return n;
    }
    if (is_cons(m) && is_sym(m.as<Cons>()->first, sym::lambda)) {
      auto* n = node<LambdaSend>(Op::lambda_send, x, depth);
      n->receiver = form(r, x, depth + 1);
      n->fn = lambda(m, m, rest, depth + 1, nullptr);
      n->args = forms(nthcdr(x, 2), depth + 1);
      return n;
    }
    error(m, rest, "the message of a message form must be a symbol or a lambda expression");
  }

  // ---- special forms (spec 4) -------------------------------------------------------------
  Node* special_form(Value x, Value cell, Symbol* name, uint16_t depth) {
    size_t n = list_length(x);
    Value args = nthcdr(x, 2);
    auto need = [&](size_t min, size_t max, const char* shape) {
      if (n < min || n > max) error(x, cell, std::string("malformed ") + shape);
    };
    if (name == &sym::quote) {
      need(3, 3, "quote: (nil quote DATUM)");
      return constant(nth(x, 2), depth);
    }
    if (name == &sym::backquote) {
      need(3, 3, "backquote: (nil backquote TEMPLATE)");
      auto* b = node<Backquote>(Op::backquote, x, depth);
      b->tmpl = tmpl(nth(x, 2), nth_cell(x, 2), depth + 1);
      return b;
    }
    if (name == &sym::unquote || name == &sym::unquote_splicing)
      error(x, cell, std::string(symbol_name(name)) + " outside a backquote template");
    if (name == &sym::setq) {
      if ((n - 2) % 2 != 0) error(x, cell, "malformed setq: (nil setq VAR FORM …) needs pairs");
      auto* s = node<Setq>(Op::setq, x, depth);
      std::vector<Target> targets;
      std::vector<Node*> values;
      for (Value l = args; is_cons(l); l = l.as<Cons>()->rest.as<Cons>()->rest) {
        Value v = l.as<Cons>()->first;
        if (!bindable(v)) error(v, l, "setq cannot assign '" + readable(v) + "'");
        Value f = l.as<Cons>()->rest;
        values.push_back(form(f.as<Cons>()->first, f, depth + 1));
        targets.push_back(target_for(v.as<Symbol>()));
      }
      s->targets = to_array(targets);
      s->values = to_array(values);
      return s;
    }
    if (name == &sym::let || name == &sym::let_star) {
      if (n < 3) error(x, cell, "malformed let: (nil let (BINDING…) FORM…)");
      return let(x, cell, name == &sym::let_star, depth);
    }
    if (name == &sym::progn || name == &sym::and_ || name == &sym::or_ || name == &sym::parallel) {
      Op op = name == &sym::progn ? Op::progn : name == &sym::and_ ? Op::and_ : name == &sym::or_ ? Op::or_ : Op::parallel;
      auto* b = node<Body>(op, x, depth);
      b->forms = forms(args, depth + 1);
      return b;
    }
    if (name == &sym::if_) {
      if (n < 4) error(x, cell, "malformed if: (nil if TEST THEN ELSE…) needs a THEN");
      auto* i = node<If>(Op::if_, x, depth);
      i->test = form(nth(x, 2), nth_cell(x, 2), depth + 1);
      i->then = form(nth(x, 3), nth_cell(x, 3), depth + 1);
      i->otherwise = forms(nthcdr(x, 4), depth + 1);
      return i;
    }
    if (name == &sym::cond) {
      auto* c = node<Cond>(Op::cond, x, depth);
      std::vector<Clause> clauses;
      for (Value l = args; is_cons(l); l = l.as<Cons>()->rest) {
        Value clause = l.as<Cons>()->first;
        if (!is_cons(clause) || !is_proper_list(clause))
          error(clause, l, "malformed cond clause: each clause is (TEST FORM…)");
        Clause cl;
        cl.test = form(clause.as<Cons>()->first, clause, depth + 1);
        cl.body = forms(clause.as<Cons>()->rest, depth + 1);
        clauses.push_back(cl);
      }
      c->clauses = to_array(clauses);
      return c;
    }
    if (name == &sym::when || name == &sym::unless || name == &sym::while_) {
      if (n < 3) error(x, cell, std::string("malformed ") + std::string(symbol_name(name)) + ": it needs a TEST");
      auto* b = node<Body>(name == &sym::while_ ? Op::while_ : Op::when, x, depth);
      b->flag = name == &sym::unless;
      b->test = form(nth(x, 2), nth_cell(x, 2), depth + 1);
      b->forms = forms(nthcdr(x, 3), depth + 1);
      return b;
    }
    if (name == &sym::do_while) {
      if (n < 3) error(x, cell, "malformed do-while: (nil do-while FORM… TEST) needs a TEST");
      auto* b = node<Body>(Op::do_while, x, depth);
      b->forms = forms(args, depth + 1);
      b->test = b->forms[b->forms.count - 1];
      return b;
    }
    if (name == &sym::lambda) {
      if (n < 3) error(x, cell, "malformed lambda: (nil lambda PARAMETERS FORM…)");
      return lambda(x, x.as<Cons>()->rest, cell, depth, nullptr);
    }
    if (name == &sym::defclass) return defclass(x, cell, depth);
    if (name == &sym::try_) {
      if (n < 3) error(x, cell, "malformed try: (nil try BODY CODE HANDLER …) needs a BODY");
      auto* t = node<Try>(Op::try_, x, depth);
      t->body = form(nth(x, 2), nth_cell(x, 2), depth + 1);
      std::vector<Handler> handlers;
      for (Value l = nthcdr(x, 3); is_cons(l);) {
        Handler h;
        h.code = l.as<Cons>()->first;
        Value hl = l.as<Cons>()->rest;
        h.handler = is_cons(hl) ? form(hl.as<Cons>()->first, hl, depth + 1) : nullptr;
        handlers.push_back(h);
        l = is_cons(hl) ? hl.as<Cons>()->rest : nil;
      }
      t->handlers = to_array(handlers);
      return t;
    }
    if (name == &sym::fork) {
      need(3, 3, "fork: (nil fork EXPRESSION)");
      auto* f = node<Fork>(Op::fork, x, depth);
      f->expr = form(nth(x, 2), nth_cell(x, 2), depth + 1);
      return f;
    }
    error(x, cell, "internal: unknown special form");
  }

  Node* let(Value x, [[maybe_unused]] Value cell, bool sequential, uint16_t depth) {
    Value bindings = nth(x, 2);
    Value bcell = nth_cell(x, 2);
    if (!is_proper_list(bindings))
      error(bindings, bcell, "malformed let bindings: expected a list of VAR, (VAR) or (VAR FORM)");
    auto* node_ = node<Let>(Op::let, x, depth);
    node_->flag = sequential;
    std::vector<Var*> vars;
    std::vector<Node*> inits;
    // let: every init sees the enclosing scope, so the new scope stays empty until all
    // are lowered; let*: each binding is visible to the next.
    scopes.push_back({current().fn, {}});
    size_t scope_index = scopes.size() - 1;
    for (Value l = bindings; is_cons(l); l = l.as<Cons>()->rest) {
      Value b = l.as<Cons>()->first;
      Value name = b;
      Value init_cell = nil;
      if (is_cons(b)) {
        size_t bn = is_proper_list(b) ? list_length(b) : 0;
        if (bn < 1 || bn > 2) error(b, l, "malformed let binding: expected VAR, (VAR) or (VAR FORM)");
        name = b.as<Cons>()->first;
        if (bn == 2) init_cell = b.as<Cons>()->rest;
      }
      if (!bindable(name)) error(b, l, "let cannot bind '" + readable(name) + "'");
      for (Var* o : vars)
        if (Value(o->name) == name) error(b, l, "'" + readable(name) + "' is bound twice in one let");
      inits.push_back(init_cell.is_nil() ? nullptr : form(init_cell.as<Cons>()->first, init_cell, depth + 1));
      Var* v = new_var(name.as<Symbol>(), false);
      vars.push_back(v);
      if (sequential) scopes[scope_index].vars.push_back(v);
    }
    if (!sequential) scopes[scope_index].vars = vars;
    node_->vars = to_array(vars);
    node_->inits = to_array(inits);
    node_->body = forms(nthcdr(x, 3), depth + 1);
    scopes.pop_back();
    return node_;
  }

  // PARAMS: a proper list of distinct bindable symbols, optionally `&rest NAME` at the end.
  void check_params(Value params, Value cell, std::vector<Symbol*>& names, Symbol*& rest_name) {
    if (!is_proper_list(params)) error(params, cell, "malformed parameter list: not a proper list");
    rest_name = nullptr;
    for (Value l = params; is_cons(l); l = l.as<Cons>()->rest) {
      Value p = l.as<Cons>()->first;
      if (!is_symbol(p) || !bindable(p))
        error(p, l, "malformed parameter list: '" + readable(p) + "' cannot be a parameter");
      Symbol* s = p.as<Symbol>();
      if (s == &sym::amp_rest) {
        Value after = l.as<Cons>()->rest;
        if (!is_cons(after) || !after.as<Cons>()->rest.is_nil())
          error(p, l, "malformed parameter list: &rest must be followed by exactly one name");
        Value rn = after.as<Cons>()->first;
        if (!bindable(rn) || (is_symbol(rn) && rn.as<Symbol>()->name[0] == '&'))
          error(rn, after, "malformed parameter list: '" + readable(rn) + "' cannot be a parameter");
        for (Symbol* o : names)
          if (Value(o) == rn) error(rn, after, "malformed parameter list: '" + readable(rn) + "' appears twice");
        rest_name = rn.as<Symbol>();
        return;
      }
      if (s->name[0] == '&') error(p, l, "malformed parameter list: '" + readable(p) + "' is reserved");
      for (Symbol* o : names)
        if (o == s) error(p, l, "malformed parameter list: '" + readable(p) + "' appears twice");
      names.push_back(s);
    }
  }

  // [datum] is the lambda expression (lambda PARAMS BODY…) as it will print;
  // [x] the form (for history and positions).
  Lambda* lambda(Value x, Value datum, Value cell, uint16_t depth, Symbol* name) {
    if (!is_cons(datum.as<Cons>()->rest)) error(x, cell, "malformed lambda: (lambda PARAMETERS FORM…)");
    Value params = nth(datum, 1);
    Value pcell = nth_cell(datum, 1);
    std::vector<Symbol*> names;
    Symbol* rest_name;
    check_params(params, pcell, names, rest_name);
    auto* fn = node<Lambda>(Op::lambda, x, depth);
    fn->datum = datum;
    fn->name = name;
    fn->parent = fns.empty() ? nullptr : current().fn;
    fns.push_back({fn, {}, {}});
    scopes.push_back({fn, {}});
    std::vector<Var*> ps;
    for (Symbol* s : names) {
      Var* v = new_var(s, true);
      ps.push_back(v);
      scopes.back().vars.push_back(v);
    }
    if (rest_name) {
      fn->rest = new_var(rest_name, true);
      scopes.back().vars.push_back(fn->rest);
    }
    fn->params = to_array(ps);
    fn->body = forms(nthcdr(datum, 2), 0);
    scopes.pop_back();
    fn->vars = to_array(current().vars);
    fn->captures = to_array(current().captures);
    fns.pop_back();
    return fn;
  }

  Node* defmethod(Value x, Value cell, uint16_t depth) {
    size_t n = list_length(x);
    if (n < 4) error(x, cell, "malformed defmethod: (RECEIVER defmethod NAME PARAMETERS FORM…)");
    Value name = nth(x, 2);
    if (!is_symbol(name) || is_special_message_name(name) || name == make_true() || name == make_false())
      error(name, nth_cell(x, 2), "defmethod cannot define a method named '" + readable(name) + "'");
    Value r = x.as<Cons>()->first;
    if (r.is_nil() && is_special_form_name(name))
      error(name, nth_cell(x, 2), "'" + readable(name) + "' is a special form and cannot be defined on nil");
    auto* d = node<Defmethod>(Op::defmethod, x, depth);
    d->receiver = form(r, x, depth + 1);
    d->name = name.as<Symbol>();
    // The function prints as (lambda PARAMS BODY…).
    Value datum = cons(Value(&sym::lambda), nthcdr(x, 3));
    d->fn = lambda(x, datum, cell, depth + 1, d->name);
    return d;
  }

  Node* defclass(Value x, Value cell, uint16_t depth) {
    if (list_length(x) != 5) error(x, cell, "malformed defclass: (nil defclass NAME PARENT (FIELD…))");
    Value name = nth(x, 2), parent = nth(x, 3), fields = nth(x, 4);
    if (!bindable(name)) error(name, nth_cell(x, 2), "a class name must be a symbol");
    // Any other PARENT than true or a user class raises wrong-type when the form runs
    // (spec 6.4), as a symbol naming no class does.
    if (!is_proper_list(fields)) error(fields, nth_cell(x, 4), "the fields of a class must be a list");
    auto* d = node<Defclass>(Op::defclass, x, depth);
    d->name = name.as<Symbol>();
    d->parent = parent;
    std::vector<FieldSpec> specs;
    for (Value l = fields; is_cons(l); l = l.as<Cons>()->rest) {
      Value f = l.as<Cons>()->first;
      FieldSpec spec{nullptr, nullptr};
      Value fname = f;
      if (is_cons(f)) {
        if (!is_proper_list(f) || list_length(f) != 2)
          error(f, l, "malformed field: expected NAME or (NAME INIT-FORM)");
        fname = f.as<Cons>()->first;
      }
      if (!bindable(fname) || is_special_message_name(fname))
        error(f, l, "'" + readable(fname) + "' cannot be a field name");
      for (auto& o : specs)
        if (Value(o.name) == fname) error(f, l, "the field '" + readable(fname) + "' appears twice");
      spec.name = fname.as<Symbol>();
      if (is_cons(f)) spec.init = init_thunk(f.as<Cons>()->rest, depth);
      specs.push_back(spec);
    }
    d->fields = to_array(specs);
    return d;
  }

  // An INIT-FORM runs in the global environment (spec 6.4): a function with no scope.
  Lambda* init_thunk(Value cell, uint16_t depth) {
    Value datum = cons(Value(&sym::lambda), cons(nil, cell));
    std::vector<Scope> saved_scopes;
    saved_scopes.swap(scopes);
    std::vector<FnState> saved_fns;
    saved_fns.swap(fns);
    Lambda* fn;
    try {
      fn = lambda(cell.as<Cons>()->first, datum, cell, depth, nullptr);
    } catch (...) {
      scopes.swap(saved_scopes);
      fns.swap(saved_fns);
      throw;
    }
    scopes.swap(saved_scopes);
    fns.swap(saved_fns);
    return fn;
  }

  Node* for_star(Value x, Value cell, uint16_t depth) {
    size_t n = list_length(x);
    if (n < 3) error(x, cell, "malformed for*: (RECEIVER for* VAR FORM…)");
    Value var = nth(x, 2);
    if (!bindable(var)) error(var, nth_cell(x, 2), "for* cannot bind '" + readable(var) + "'");
    auto* f = node<ForStar>(Op::for_star, x, depth);
    f->receiver = form(x.as<Cons>()->first, x, depth + 1);
    scopes.push_back({current().fn, {}});
    f->var = new_var(var.as<Symbol>(), false);
    scopes.back().vars.push_back(f->var);
    f->body = forms(nthcdr(x, 3), depth + 1);
    scopes.pop_back();
    return f;
  }

  Node* set_msg(Value x, Value cell, uint16_t depth) {
    if (list_length(x) != 3) error(x, cell, "malformed set: (SYMBOL set VALUE)");
    auto* s = node<SetMsg>(Op::set_msg, x, depth);
    Value r = x.as<Cons>()->first;
    s->symbol = form(r, x, depth + 1);
    s->value = form(nth(x, 2), nth_cell(x, 2), depth + 1);
    // ('name set V): the variable is known now.
    if (s->symbol->op == Op::constant && is_symbol(as<Constant>(s->symbol)->value)) {
      Value name = as<Constant>(s->symbol)->value;
      if (bindable(name)) {
        s->target = target_for(name.as<Symbol>());
        s->resolved = 1;
        return s;
      }
    }
    std::vector<Var*> vis = visible();
    std::vector<int32_t> caps;
    for (Var* v : vis) {
      caps.push_back(use(v));
      v->assigned = 1;
    }
    current().fn->has_dynamic_set = 1;
    s->visible = to_array(vis);
    s->visible_capture = to_array(caps);
    return s;
  }

  // ---- backquote templates ---------------------------------------------------------------
  static bool is_form_of(Value x, const Symbol& which) {
    return is_cons(x) && x.as<Cons>()->first.is_nil() && is_cons(x.as<Cons>()->rest) &&
           is_sym(x.as<Cons>()->rest.as<Cons>()->first, which);
  }

  Template* new_template(Template::Kind k) {
    auto* t = static_cast<Template*>(gc::alloc(sizeof(Template)));
    t->kind = k;
    return t;
  }

  Template* tmpl(Value x, Value cell, uint16_t depth) {
    if (is_form_of(x, sym::unquote)) {
      if (list_length(x) != 3) error(x, cell, "malformed unquote: (nil unquote FORM)");
      Template* t = new_template(Template::unquote);
      t->expr = form(nth(x, 2), nth_cell(x, 2), depth);
      return t;
    }
    if (is_form_of(x, sym::unquote_splicing)) error(x, cell, "',@' is allowed only as an element of a list");
    if (!is_cons(x) || is_form_of(x, sym::backquote)) {
      Template* t = new_template(Template::datum);
      t->value = x;
      return t;
    }
    std::vector<Template*> elements;
    std::vector<uint8_t> splice;
    bool constant = true;
    Value l = x;
    Template* tail = nullptr;
    for (; is_cons(l); l = l.as<Cons>()->rest) {
      if (l != x && is_form_of(l, sym::unquote)) break;  // (a . ,b)
      Value e = l.as<Cons>()->first;
      bool sp = is_form_of(e, sym::unquote_splicing);
      Template* et;
      if (sp) {
        if (list_length(e) != 3) error(e, l, "malformed unquote-splicing: (nil unquote-splicing FORM)");
        et = new_template(Template::unquote);
        et->expr = form(nth(e, 2), nth_cell(e, 2), depth);
      } else {
        et = tmpl(e, l, depth);
      }
      if (sp || et->kind != Template::datum) constant = false;
      elements.push_back(et);
      splice.push_back(sp);
    }
    if (!l.is_nil()) {
      tail = tmpl(l, nil, depth);
      if (tail->kind != Template::datum) constant = false;
    }
    if (constant) {
      Template* t = new_template(Template::datum);
      t->value = x;
      return t;
    }
    Template* t = new_template(Template::list);
    t->elements = to_array(elements);
    t->splice = to_array(splice);
    t->tail = tail;
    return t;
  }

  static std::string readable(Value v);
};

std::string Lowering::State::readable(Value v) {
  std::string s = readable_form(v);
  if (s.size() <= 60) return s;
  size_t cut = 57;  // on a character boundary: the message stays valid UTF-8
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return s.substr(0, cut) + "...";
}

Lambda* Lowering::toplevel(Value form) {
  PauseCollector pause;
  State st(*this);
  auto* fn = st.node<Lambda>(Op::lambda, form, 0);
  fn->toplevel = 1;
  st.fns.push_back({fn, {}, {}});
  st.scopes.push_back({fn, {}});
  try {
    Node* body = st.form(form, nil, 0);
    fn->body = to_array(std::vector<Node*>{body});
  } catch (Abandon&) {
    fn->body = {};
  }
  fn->vars = to_array(st.current().vars);
  return fn;
}

Lambda* Lowering::lambda_list(Value list) {
  PauseCollector pause;
  State st(*this);
  if (!is_cons(list) || !is_proper_list(list) || !is_cons(list.as<Cons>()->rest) ||
      list.as<Cons>()->first != Value(&sym::lambda))
    rt::raise(sym::syntax);
  try {
    return st.lambda(list, list, nil, 0, nullptr);
  } catch (Abandon&) {
    rt::raise(sym::syntax);
  }
}

}  // namespace l2d::ir
