// Which variables must hold their numbers as shared cells (spec 3.1, ARCHITECTURE
// "Mutable numbers at native speed").
//
// A number object is shared only through bindings: a variable bound or assigned from
// another variable's number, a parameter receiving an argument, a result that returns
// a variable's number. Sharing is observable only when one of the sharers changes the
// number in place (+= -= *= /= setf, const). So:
//   1. union-find over "reference holders": variables, globals, each method's `this`,
//      and per selector its parameter slots and its result;
//   2. every flow of a reference joins the two holders;
//   3. a class is hot when one of its members is changed in place;
//   4. a variable is shared when its class is hot and has another member: it binds its
//      number as a cell, so everyone holding the reference sees the change.
// A variable alone in its class (`(i += 1)` on a loop counter) stays a plain value.
// What the compiler cannot see (eval, computed designators) joins the UNKNOWN holder,
// which is hot. Tests: tests/golden/run/sharing/.
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "l2d/symbol.hpp"
#include "program_model.hpp"
#include "walk.hpp"

namespace l2dc {

using namespace l2d;
using namespace l2d::ir;

namespace {

class UnionFind {
 public:
  int add() {
    parent_.push_back(int(parent_.size()));
    hot_.push_back(0);
    size_.push_back(1);
    return int(parent_.size() - 1);
  }
  int find(int x) {
    while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
    return x;
  }
  void join(int a, int b) {
    a = find(a);
    b = find(b);
    if (a == b) return;
    if (size_[a] < size_[b]) std::swap(a, b);
    parent_[b] = a;
    size_[a] += size_[b];
    hot_[a] |= hot_[b];
  }
  void mark_hot(int x) { hot_[find(x)] = 1; }
  bool hot(int x) { return hot_[find(x)] != 0; }
  int size(int x) { return size_[find(x)]; }

 private:
  std::vector<int> parent_, hot_, size_;
};

using Sources = std::vector<int>;

bool is_mutator(Symbol* s) {
  return s == &sym::plus_assign || s == &sym::minus_assign || s == &sym::times_assign ||
         s == &sym::divide_assign || s == &sym::setf;
}

// Built-ins that return (a reference to) one of their inputs: the positions (0 is the
// receiver). Every other built-in returns a fresh object or a non-number.
std::vector<int> escaping_positions(Symbol* s) {
  std::string_view n = symbol_name(s);
  if (n == "=" || n == "<>" || n == "<" || n == ">" || n == "<=" || n == ">=" || n == "isa" ||
      n == "evenp" || n == "oddp" || is_mutator(s))
    return {0};
  if (n == "numberp" || n == "integerp" || n == "fractionp" || n == "floatp" || n == "stringp" ||
      n == "symbolp" || n == "charp" || n == "vectorp" || n == "byte-vector-p" || n == "functionp" ||
      n == "consp" || n == "listp" || n == "has" || n == "set" || n == "const")
    return {1};
  if (n == "put") return {2};
  if (n.substr(0, 4) == "set-") return {1};  // field writers return the value
  return {};
}

struct Analysis {
  ProgramModel& model;
  UnionFind uf;
  int unknown;
  std::unordered_map<Var*, int> vars;
  std::unordered_map<Symbol*, int> globals;
  std::unordered_map<Lambda*, int> this_of;
  std::unordered_map<Symbol*, std::vector<int>> params_of;  // per selector: 0 = this
  std::unordered_map<Symbol*, int> result_of;
  // Holders whose reference is held as an operand while later operands run: if those
  // change the number in place, the operand must see it (a cell) even with no alias.
  std::vector<int> pending;
  // Holders whose number `const` marks: the mark lives on a cell, so they need one even
  // when nothing else shares their number.
  std::vector<int> marked;

  explicit Analysis(ProgramModel& m) : model(m) {
    unknown = uf.add();
    uf.mark_hot(unknown);
  }

  int var(Var* v) {
    auto it = vars.find(v);
    if (it != vars.end()) return it->second;
    return vars[v] = uf.add();
  }
  int global(Symbol* s) {
    auto it = globals.find(s);
    if (it != globals.end()) return it->second;
    int g = uf.add();
    globals[s] = g;
    if (model.dynamic_code) uf.join(g, unknown);  // eval may bind or change any global
    return g;
  }
  int this_node(Lambda* fn) {
    auto it = this_of.find(fn);
    if (it != this_of.end()) return it->second;
    return this_of[fn] = uf.add();
  }
  int param_slot(Symbol* sel, size_t pos) {
    auto& v = params_of[sel];
    while (v.size() <= pos) v.push_back(uf.add());
    return v[pos];
  }
  int result(Symbol* sel) {
    auto it = result_of.find(sel);
    if (it != result_of.end()) return it->second;
    return result_of[sel] = uf.add();
  }
  bool program_defined(Symbol* sel) { return model.methods.count(sel) != 0; }

  void join_all(int holder, const Sources& s) {
    for (int x : s) uf.join(holder, x);
  }
  void mark_all(const Sources& s) {
    for (int x : s) uf.mark_hot(x);
  }
  static void append(Sources& to, const Sources& from) { to.insert(to.end(), from.begin(), from.end()); }

  void bind(Var* v, const Sources& s) { join_all(var(v), s); }
  void assign(const Target& t, const Sources& s) {
    if (t.var) bind(t.var, s);
    else join_all(global(t.name), s);
  }

  // A function's parameters, `this` and result, as holders.
  void function(Lambda* fn, Symbol* selector) {
    Sources body_result;
    for (Node* n : fn->body) body_result = flow(n, fn);
    if (selector) {
      uf.join(this_node(fn), param_slot(selector, 0));
      for (uint32_t i = 0; i < fn->params.count; ++i) uf.join(var(fn->params[i]), param_slot(selector, i + 1));
      if (fn->rest) uf.join(var(fn->rest), unknown);
      join_all(result(selector), body_result);
    } else if (!fn->toplevel) {
      // Lambdas are called through funcall, apply, map, sort or in message position.
      uf.join(this_node(fn), unknown);
      for (Var* p : fn->params) uf.join(var(p), unknown);
      if (fn->rest) uf.join(var(fn->rest), unknown);
      join_all(unknown, body_result);
    }
  }

  // A send of [sel]: its receiver and arguments flow into the selector's parameters; the
  // result may be a parameter's reference.
  Sources send(Symbol* sel, const std::vector<Sources>& in, bool unknown_callee) {
    Sources out;
    if (unknown_callee || model.dynamic_code) {
      for (const auto& s : in) join_all(unknown, s);
      out.push_back(unknown);
      if (unknown_callee) return out;
    }
    if (program_defined(sel)) {
      for (size_t i = 0; i < in.size(); ++i) join_all(param_slot(sel, i), in[i]);
      out.push_back(result(sel));
    }
    for (int p : escaping_positions(sel))
      if (size_t(p) < in.size()) append(out, in[size_t(p)]);
    // (S set V) reached as a send (funcall's or apply's designator): V becomes the value
    // of the global S, whichever it is.
    if (sel == &sym::set && in.size() > 1) join_all(unknown, in[1]);
    if (is_mutator(sel) && !in.empty()) mark_all(in[0]);
    if (symbol_name(sel) == "const" && in.size() > 1) {
      mark_all(in[1]);
      marked.insert(marked.end(), in[1].begin(), in[1].end());
    }
    return out;
  }

  static bool trivial(const Node* n) {
    return n->op == Op::constant || n->op == Op::literal || n->op == Op::local || n->op == Op::global ||
           n->op == Op::self;
  }
  // Operands evaluated in order and held until all are: see `pending`.
  std::vector<Sources> operands(const std::vector<Node*>& nodes, Lambda* fn) {
    std::vector<Sources> out;
    for (Node* n : nodes) out.push_back(flow(n, fn));
    for (size_t i = 0; i + 1 < nodes.size(); ++i) {
      bool later_effects = false;
      for (size_t j = i + 1; j < nodes.size(); ++j) later_effects |= !trivial(nodes[j]);
      if (later_effects) pending.insert(pending.end(), out[i].begin(), out[i].end());
    }
    return out;
  }

  Sources body(const Nodes& forms, Lambda* fn) {
    Sources last;
    for (Node* n : forms) last = flow(n, fn);
    return last;
  }

  // Follows the flows inside [n]; returns the holders whose reference n's value may be.
  Sources flow(Node* n, Lambda* fn) {
    switch (n->op) {
      case Op::constant:
      case Op::literal: return {};
      case Op::local: return {var(as<Local>(n)->var)};
      case Op::global: return {global(as<Global>(n)->name)};
      case Op::self: return {this_node(fn)};
      case Op::setq: {
        auto* s = as<Setq>(n);
        for (uint32_t i = 0; i < s->targets.count; ++i) assign(s->targets[i], flow(s->values[i], fn));
        return {};
      }
      case Op::if_: {
        auto* i = as<If>(n);
        flow(i->test, fn);
        Sources out = flow(i->then, fn);
        append(out, body(i->otherwise, fn));
        return out;
      }
      case Op::cond: {
        Sources out;
        for (const Clause& c : as<Cond>(n)->clauses) {
          Sources t = flow(c.test, fn);
          if (c.body.count) append(out, body(c.body, fn));
          else append(out, t);
        }
        return out;
      }
      case Op::when: {
        auto* b = as<Body>(n);
        flow(b->test, fn);
        return body(b->forms, fn);
      }
      case Op::while_: {
        auto* b = as<Body>(n);
        flow(b->test, fn);
        body(b->forms, fn);
        return {};
      }
      case Op::do_while: body(as<Body>(n)->forms, fn); return {};
      case Op::and_:
      case Op::or_: {
        Sources out;
        for (Node* x : as<Body>(n)->forms) append(out, flow(x, fn));
        return out;
      }
      case Op::progn: return body(as<Body>(n)->forms, fn);
      case Op::parallel: body(as<Body>(n)->forms, fn); return {};
      case Op::let: {
        auto* l = as<Let>(n);
        if (l->flag) {
          for (uint32_t i = 0; i < l->vars.count; ++i)
            if (l->inits[i]) bind(l->vars[i], flow(l->inits[i], fn));
        } else {
          // let: all inits are evaluated, then all bound.
          std::vector<Node*> inits;
          for (Node* x : l->inits)
            if (x) inits.push_back(x);
          std::vector<Sources> vals = operands(inits, fn);
          for (uint32_t i = 0, j = 0; i < l->vars.count; ++i)
            if (l->inits[i]) bind(l->vars[i], vals[j++]);
        }
        return body(l->body, fn);
      }
      case Op::lambda: function(as<Lambda>(n), nullptr); return {};
      case Op::defmethod: {
        auto* d = as<Defmethod>(n);
        flow(d->receiver, fn);
        function(d->fn, d->name);
        return {};
      }
      case Op::defclass:
        for (const FieldSpec& s : as<Defclass>(n)->fields)
          if (s.init) function(s.init, nullptr);
        return {};
      case Op::try_: {
        auto* t = as<Try>(n);
        Sources out = flow(t->body, fn);
        for (const Handler& h : t->handlers)
          if (h.handler) append(out, flow(h.handler, fn));
        return out;
      }
      case Op::fork: flow(as<Fork>(n)->expr, fn); return {};
      case Op::backquote: {
        for_each_template_expr(as<Backquote>(n)->tmpl, [&](Node* e) { flow(e, fn); });
        return {};
      }
      case Op::send: {
        auto* s = as<Send>(n);
        std::vector<Node*> nodes{s->receiver};
        nodes.insert(nodes.end(), s->args.begin(), s->args.end());
        std::vector<Sources> in = operands(nodes, fn);
        Symbol* sel = s->selector;
        if (sel == &sym::funcall || sel == &sym::apply) {
          Node* d = s->args.count >= 2 ? s->args[1] : nullptr;
          if (d && d->op == Op::constant && is_symbol(as<Constant>(d)->value)) {
            Symbol* target = as<Constant>(d)->value.as<Symbol>();
            std::vector<Sources> call{in.size() > 1 ? in[1] : Sources{}};
            if (sel == &sym::funcall)
              for (size_t i = 3; i < in.size(); ++i) call.push_back(in[i]);
            return send(target, call, false);
          }
          std::vector<Sources> call{in.size() > 1 ? in[1] : Sources{}};
          if (sel == &sym::funcall)
            for (size_t i = 3; i < in.size(); ++i) call.push_back(in[i]);
          return send(sel, call, true);
        }
        if (sel == &sym::eval) return send(sel, in, true);
        return send(sel, in, false);
      }
      case Op::lambda_send: {
        auto* s = as<LambdaSend>(n);
        std::vector<Node*> nodes{s->receiver};
        nodes.insert(nodes.end(), s->args.begin(), s->args.end());
        std::vector<Sources> in = operands(nodes, fn);
        Sources r = in[0];
        std::vector<Sources> args(in.begin() + 1, in.end());
        Lambda* l = s->fn;
        Sources res = body(l->body, l);
        join_all(this_node(l), r);
        for (uint32_t i = 0; i < l->params.count && i < args.size(); ++i) bind(l->params[i], args[i]);
        if (l->rest) uf.join(var(l->rest), unknown);
        return res;
      }
      case Op::for_star: {
        auto* s = as<ForStar>(n);
        flow(s->receiver, fn);
        body(s->body, fn);
        return {};
      }
      case Op::progn_msg: {
        auto* p = as<PrognMsg>(n);
        flow(p->receiver, fn);
        return body(p->body, fn);
      }
      case Op::set_msg: {
        auto* s = as<SetMsg>(n);
        flow(s->symbol, fn);
        Sources v = flow(s->value, fn);
        if (s->resolved) {
          assign(s->target, v);
        } else {
          for (Var* x : s->visible) bind(x, v);
          join_all(unknown, v);  // or any global
        }
        return v;
      }
    }
    return {};
  }
};

}  // namespace

void analyze_sharing(ProgramModel& model) {
  Analysis a(model);
  for (Lambda* fn : model.toplevel) a.function(fn, nullptr);
  std::unordered_set<int> pending_roots;
  for (int h : a.pending) pending_roots.insert(a.uf.find(h));
  for (int h : a.marked) pending_roots.insert(a.uf.find(h));
  auto shared = [&](int holder) {
    return a.uf.hot(holder) && (a.uf.size(holder) > 1 || pending_roots.count(a.uf.find(holder)));
  };
  for (auto& [v, holder] : a.vars) v->shared = shared(holder);
  for (auto& [s, holder] : a.globals)
    if (shared(holder)) model.shared_globals.insert(s);
}

}  // namespace l2dc
