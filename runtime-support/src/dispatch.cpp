// Calls through designators (spec 3.5), method definition (spec 4 defmethod), and the
// computed `(S set V)` (spec 3.6).
#include <alloca.h>

#include "l2d/class.hpp"
#include "l2d/error.hpp"
#include "l2d/eval.hpp"
#include "l2d/lower.hpp"
#include "l2d/sequence.hpp"
#include "l2d/symbol.hpp"

namespace l2d::rt {

// FN of funcall/apply/map/sort: a message name, a (lambda …) list or a function.
Value call_designator(Value designator, Value self, int argc, Value* argv) {
  designator = unwrap(designator);
  if (is_kind(designator, Kind::function)) return call(designator.as<Function>(), self, argc, argv);
  if (is_symbol(designator)) {
    Symbol* s = designator.as<Symbol>();
    // Of the special messages only `set` is a method (assigning the global value).
    if (s == &sym::defmethod || s == &sym::for_star || s == &sym::progn) raise(sym::undefined_method);
    return send(s, self, argc, argv);
  }
  if (designator.is_nil()) raise(sym::undefined_method);
  if (is_cons(designator) && designator.as<Cons>()->first == Value(&sym::lambda))
    return call(function_from_lambda_list(designator), self, argc, argv);
  raise_wrong_type();
}

Value apply_designator(Value designator, Value self, Value args) {
  size_t n = list_length(args);
  auto* argv = static_cast<Value*>(alloca(sizeof(Value) * (n + 1)));
  size_t i = 0;
  for (Value l = args; is_cons(l); l = l.as<Cons>()->rest) argv[i++] = l.as<Cons>()->first;
  return call_designator(designator, self, int(n), argv);
}

Value defmethod(Value receiver, Symbol* name, Function* f) {
  receiver = unwrap(receiver);
  Class* k;
  if (receiver.is_nil()) {
    // Special-form names cannot be defined on nil (spec 4).
    if (ir::is_special_form_name(Value(name))) raise(sym::syntax);
    k = classes.null;
  } else {
    k = find_class(receiver);
    if (!k) raise_wrong_type();
  }
  f->name = name;
  add_method(k, name, f);
  return Value(f);
}

Value set_dynamic(Value symbol, Value v, VisibleVar* visible, int count) {
  symbol = unwrap(symbol);
  if (!is_symbolish(symbol) || symbol.is_nil() || symbol == make_true() || symbol == make_false())
    raise_wrong_type();
  for (int i = 0; i < count; ++i)
    if (Value(visible[i].name) == symbol) {
      *visible[i].slot = v;
      return v;
    }
  set_global(symbol.as<Symbol>(), v);
  return v;
}

Value splice(Value spliced, Value rest) {
  std::vector<Value> items = list_items(spliced);
  return list_from(items, rest);
}

}  // namespace l2d::rt
