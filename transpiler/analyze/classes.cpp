// Classes known at translation time (classes.hpp).
#include "classes.hpp"

#include <algorithm>

#include "l2d/object.hpp"
#include "l2d/symbol.hpp"
#include "walk.hpp"

namespace l2dc {

using namespace l2d;
using namespace l2d::ir;

namespace {

// The [i]th cell of list [l] (0-based), or nil.
Value nth_cell(Value l, int i) {
  for (; i > 0 && is_cons(l); --i) l = l.as<Cons>()->rest;
  return is_cons(l) ? l : nil;
}

// The cell of the fields list of defclass form [form] whose field is named [name].
Value field_cell(Value form, Symbol* name) {
  Value fields = nth_cell(form, 4);
  if (!is_cons(fields)) return nil;
  for (Value l = fields.as<Cons>()->first; is_cons(l); l = l.as<Cons>()->rest) {
    Value f = l.as<Cons>()->first;
    if (is_cons(f)) f = f.as<Cons>()->first;
    if (f == Value(name)) return l;
  }
  return nil;
}

template <class F>
void for_each_node(Node* n, F& f) {
  f(n);
  for_each_child(n, [&](Node* c) { for_each_node(c, f); });
}

}  // namespace

const std::vector<Symbol*>* StaticClasses::known(Value parent) const {
  static const std::vector<Symbol*> none;
  if (parent == Value(&true_symbol)) return &none;
  if (!is_symbol(parent)) return nullptr;
  auto it = fields_.find(parent.as<Symbol>());
  return it == fields_.end() ? nullptr : &it->second;
}

void StaticClasses::check(Defclass* d, std::vector<LowerError>& errors) const {
  const std::vector<Symbol*>* inherited = known(d->parent);
  if (!inherited) return;
  for (const FieldSpec& s : d->fields) {
    if (std::find(inherited->begin(), inherited->end(), s.name) == inherited->end()) continue;
    Value cell = field_cell(d->form, s.name);
    Value datum = is_cons(cell) ? cell.as<Cons>()->first : d->form;
    errors.push_back({datum, cell,
                      "the field '" + std::string(symbol_name(s.name)) + "' repeats a field inherited from '" +
                          std::string(symbol_name(d->parent.as<Symbol>())) + "'"});
  }
}

void StaticClasses::add_toplevel(Lambda* toplevel, std::vector<LowerError>& errors) {
  auto visit = [&](Node* n) {
    if (n->op == Op::defclass) check(as<Defclass>(n), errors);
  };
  size_t before = errors.size();
  for (Node* n : toplevel->body) for_each_node(n, visit);
  // Recorded only now: a defclass is known to the forms after its own (and a malformed
  // one defines nothing).
  if (errors.size() != before || toplevel->body.count != 1 || toplevel->body[0]->op != Op::defclass) return;
  auto* d = as<Defclass>(toplevel->body[0]);
  const std::vector<Symbol*>* inherited = known(d->parent);
  if (!inherited || fields_.count(d->name)) return;  // a second definition raises wrong-type
  std::vector<Symbol*> all = *inherited;
  for (const FieldSpec& s : d->fields) all.push_back(s.name);
  fields_.emplace(d->name, std::move(all));
}

}  // namespace l2dc
