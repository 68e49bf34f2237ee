// Collects the functions, the methods per selector and the symbols of a program.
#include <unordered_set>

#include "program_model.hpp"
#include "l2d/symbol.hpp"
#include "walk.hpp"

namespace l2dc {

using namespace l2d;
using namespace l2d::ir;

namespace {

struct Collector {
  ProgramModel& model;
  std::unordered_set<Symbol*> seen_symbols;
  size_t defmethod_symbols = 0;  // in the program text
  size_t defmethod_forms = 0;

  void symbol(Value v) {
    if (!is_symbol(v)) return;
    Symbol* s = v.as<Symbol>();
    if (s == &sym::defmethod) ++defmethod_symbols;
    if (seen_symbols.insert(s).second) model.all_symbols.push_back(s);
  }

  // Every symbol in the program text, so that gensym can skip them (spec 7.5).
  void data(Value v) {
    for (;;) {
      if (is_cons(v)) {
        data(v.as<Cons>()->first);
        v = v.as<Cons>()->rest;
        continue;
      }
      if (is_kind(v, Kind::vector)) {
        auto* vec = v.as<Vector>();
        for (size_t i = 0; i < vec->size; ++i) data(vec->data[i]);
      }
      symbol(v);
      return;
    }
  }

  void node(Node* n, bool at_top) {
    if (n->op == Op::lambda) {
      auto* l = as<Lambda>(n);
      if (!l->toplevel) model.functions.push_back({l, nullptr, false});
    }
    if (n->op == Op::defmethod) {
      auto* d = as<Defmethod>(n);
      bool global = at_top && d->receiver->op == Op::constant && as<Constant>(d->receiver)->value.is_nil();
      MethodInfo info{d->fn, d, global};
      ++defmethod_forms;
      model.functions.push_back(info);
      model.methods[d->name].push_back(info);
      node(d->receiver, false);
      for (Node* x : d->fn->body) node(x, false);
      return;
    }
    if (n->op == Op::send) {
      auto* s = as<Send>(n);
      if (s->selector == &sym::eval) model.dynamic_code = true;
      std::string_view name = symbol_name(s->selector);
      if ((name == "symbol" || name == "read" || name == "exception-history") && !model.open_method_names) {
        model.open_method_names = true;
        model.open_method_names_why = "it sends " + std::string(name);
      }
      if ((s->selector == &sym::funcall || s->selector == &sym::apply) && s->args.count >= 2) {
        Node* designator = s->args[1];
        bool constant_symbol = designator->op == Op::constant && is_symbol(as<Constant>(designator)->value);
        if (!constant_symbol) model.dynamic_code = true;
        else if (as<Constant>(designator)->value == Value(&sym::eval)) model.dynamic_code = true;
      }
    }
    for_each_child(n, [&](Node* c) { node(c, false); });
  }
};

}  // namespace

ProgramModel build_model(const std::vector<Lambda*>& toplevel, Value forms) {
  ProgramModel model;
  model.toplevel = toplevel;
  Collector c{model, {}};
  c.data(forms);
  for (Lambda* fn : toplevel)
    for (Node* n : fn->body) c.node(n, true);
  if (c.defmethod_symbols > c.defmethod_forms && !model.open_method_names) {
    model.open_method_names = true;
    model.open_method_names_why = "defmethod appears in quoted data";
  }
  return model;
}

}  // namespace l2dc
