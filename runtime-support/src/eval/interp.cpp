// The evaluator: a tree walk over the program model. It records the history exactly as
// compiled code does (spec 11.3) and shares numbers through variables (spec 3.1) by
// making every variable's number a cell when the variable is read: slower than the
// compiler's analysis, and always right.
#include <alloca.h>

#include <cstring>

#include "l2d/class.hpp"
#include "l2d/error.hpp"
#include "l2d/eval.hpp"
#include "l2d/lower.hpp"
#include "l2d/number.hpp"
#include "l2d/sequence.hpp"
#include "l2d/symbol.hpp"
#include "l2d/task.hpp"

namespace l2d {

using namespace ir;

namespace {

struct Frame {
  Value self;
  Value* slots;     // the function's variables; a captured one holds its Box*
  Box** captures;   // the closure's captured boxes
  int32_t base;     // history depth of the body's forms
};

Value exec(Node* n, Frame& f);

inline Box* box_in(Value slot) { return reinterpret_cast<Box*>(slot.bits); }

inline Value& slot_ref(Frame& f, Var* v, int32_t capture) {
  if (capture >= 0) return f.captures[capture]->v;
  if (v->captured) return box_in(f.slots[v->slot])->v;
  return f.slots[v->slot];
}

inline void bind(Frame& f, Var* v, Value x) {
  if (v->captured)
    f.slots[v->slot] = Value(reinterpret_cast<Word>(rt::make_box(x)));
  else
    f.slots[v->slot] = x;
}

Value exec_body(const Nodes& forms, Frame& f) {
  Value v = nil;
  for (Node* n : forms) v = exec(n, f);
  return v;
}

Box** make_captures(Lambda* fn, Frame& f) {
  if (!fn->captures.count) return nullptr;
  auto** boxes = static_cast<Box**>(alloca(sizeof(Box*) * fn->captures.count));
  for (uint32_t i = 0; i < fn->captures.count; ++i) {
    const Capture& c = fn->captures[i];
    boxes[i] = c.outer_index >= 0 ? f.captures[c.outer_index] : box_in(f.slots[c.var->slot]);
  }
  auto** heap = static_cast<Box**>(gc::alloc(sizeof(Box*) * fn->captures.count));
  std::memcpy(heap, boxes, sizeof(Box*) * fn->captures.count);
  return heap;
}

Value interp_entry(Function* fn, Value self, int argc, Value* argv);

Function* closure(Lambda* l, Frame& f) {
  Function* fn = make_interpreted_function(l, nullptr);
  fn->env = make_captures(l, f);
  return fn;
}

void assign(Frame& f, const Target& t, Value v) {
  if (t.var)
    slot_ref(f, t.var, t.capture) = v;
  else
    rt::set_global(t.name, v);
}

Value exec_template(Template* t, Frame& f) {
  switch (t->kind) {
    case Template::datum: return t->value;
    case Template::unquote: return exec(t->expr, f);
    case Template::list: break;
  }
  Value tail = t->tail ? exec_template(t->tail, f) : nil;
  // Elements are evaluated left to right, then the list is built from the end.
  auto* values = static_cast<Value*>(alloca(sizeof(Value) * t->elements.count));
  for (uint32_t i = 0; i < t->elements.count; ++i) values[i] = exec_template(t->elements[i], f);
  Value result = tail;
  for (uint32_t i = t->elements.count; i-- > 0;)
    result = t->splice[i] ? rt::splice(values[i], result) : cons(values[i], result);
  return result;
}

struct ThunkEnv {
  const Nodes* forms;
  Frame* frame;
};

Value run_form_thunk(void* env, int index) {
  auto* e = static_cast<ThunkEnv*>(env);
  return exec((*e->forms)[uint32_t(index)], *e->frame);
}

Value exec_compound(Node* n, Frame& f) {
  switch (n->op) {
    case Op::setq: {
      auto* s = as<Setq>(n);
      for (uint32_t i = 0; i < s->targets.count; ++i) assign(f, s->targets[i], exec(s->values[i], f));
      return nil;
    }
    case Op::if_: {
      auto* i = as<If>(n);
      if (truthy(exec(i->test, f))) return exec(i->then, f);
      return exec_body(i->otherwise, f);
    }
    case Op::cond: {
      for (const Clause& c : as<Cond>(n)->clauses) {
        Value t = exec(c.test, f);
        if (truthy(t)) return c.body.count ? exec_body(c.body, f) : t;
      }
      return nil;
    }
    case Op::when: {
      auto* b = as<Body>(n);
      bool t = truthy(exec(b->test, f));
      if (t != bool(b->flag)) return exec_body(b->forms, f);
      return nil;
    }
    case Op::while_: {
      auto* b = as<Body>(n);
      while (truthy(exec(b->test, f))) exec_body(b->forms, f);
      return nil;
    }
    case Op::do_while: {
      auto* b = as<Body>(n);
      for (;;) {
        Value v = nil;
        for (Node* x : b->forms) v = exec(x, f);
        if (!truthy(v)) return nil;
      }
    }
    case Op::and_: {
      Value v = make_true();
      for (Node* x : as<Body>(n)->forms) {
        v = exec(x, f);
        if (!truthy(v)) return v;
      }
      return v;
    }
    case Op::or_: {
      Value v = make_false();
      for (Node* x : as<Body>(n)->forms) {
        v = exec(x, f);
        if (truthy(v)) return v;
      }
      return v;
    }
    case Op::progn: return exec_body(as<Body>(n)->forms, f);
    case Op::let: {
      auto* l = as<Let>(n);
      if (l->flag) {  // let*
        for (uint32_t i = 0; i < l->vars.count; ++i)
          bind(f, l->vars[i], l->inits[i] ? exec(l->inits[i], f) : nil);
      } else {
        auto* values = static_cast<Value*>(alloca(sizeof(Value) * (l->vars.count + 1)));
        for (uint32_t i = 0; i < l->vars.count; ++i) values[i] = l->inits[i] ? exec(l->inits[i], f) : nil;
        for (uint32_t i = 0; i < l->vars.count; ++i) bind(f, l->vars[i], values[i]);
      }
      return exec_body(l->body, f);
    }
    case Op::lambda: return Value(closure(as<Lambda>(n), f));
    case Op::defmethod: {
      auto* d = as<Defmethod>(n);
      Value r = exec(d->receiver, f);
      Function* fn = closure(d->fn, f);
      return rt::defmethod(r, d->name, fn);
    }
    case Op::defclass: {
      auto* d = as<Defclass>(n);
      uint32_t k = d->fields.count;
      auto* names = static_cast<Symbol**>(alloca(sizeof(Symbol*) * (k + 1)));
      auto* inits = static_cast<Value*>(alloca(sizeof(Value) * (k + 1)));
      for (uint32_t i = 0; i < k; ++i) {
        names[i] = d->fields[i].name;
        inits[i] = d->fields[i].init ? Value(make_interpreted_function(d->fields[i].init, nullptr)) : nil;
      }
      return rt::defclass(d->name, d->parent, int(k), names, inits);
    }
    case Op::try_: {
      auto* t = as<Try>(n);
      Task* task = current_task;
      int32_t depth = rt::call_depth;
      try {
        return exec(t->body, f);
      } catch (rt::Thrown&) {
        Value x = rt::thrown_value();
        current_task = task;
        rt::call_depth = depth;
        for (const Handler& h : t->handlers) {
          if (h.code.is_nil() || eq(h.code, x)) {
            rt::handled(x);
            return h.handler ? exec(h.handler, f) : nil;
          }
        }
        throw;
      }
    }
    case Op::parallel: {
      auto* b = as<Body>(n);
      ThunkEnv env{&b->forms, &f};
      return rt::parallel(int(b->forms.count), run_form_thunk, &env);
    }
    case Op::fork: {
      auto* fk = as<Fork>(n);
      Nodes one{&fk->expr, 1};
      ThunkEnv env{&one, &f};
      return rt::fork(run_form_thunk, &env);
    }
    case Op::backquote: return exec_template(as<Backquote>(n)->tmpl, f);
    case Op::send: {
      auto* s = as<Send>(n);
      Value r = exec(s->receiver, f);
      uint32_t argc = s->args.count;
      auto* argv = static_cast<Value*>(alloca(sizeof(Value) * (argc + 1)));
      for (uint32_t i = 0; i < argc; ++i) argv[i] = exec(s->args[i], f);
      rt::call_depth = f.base + s->rel_depth;
      return rt::send_cached(s->cache, s->selector, r, int(argc), argv);
    }
    case Op::lambda_send: {
      auto* s = as<LambdaSend>(n);
      Value r = exec(s->receiver, f);
      Function* fn = closure(s->fn, f);
      uint32_t argc = s->args.count;
      auto* argv = static_cast<Value*>(alloca(sizeof(Value) * (argc + 1)));
      for (uint32_t i = 0; i < argc; ++i) argv[i] = exec(s->args[i], f);
      rt::call_depth = f.base + s->rel_depth;
      return rt::call(fn, r, int(argc), argv);
    }
    case Op::for_star: {
      auto* s = as<ForStar>(n);
      rt::ForIter it(exec(s->receiver, f));
      Value x;
      while (it.next(x)) {
        bind(f, s->var, x);
        exec_body(s->body, f);
      }
      return nil;
    }
    case Op::progn_msg: {
      auto* p = as<PrognMsg>(n);
      rt::LockHold hold(exec(p->receiver, f));
      return exec_body(p->body, f);
    }
    case Op::set_msg: {
      auto* s = as<SetMsg>(n);
      Value symbol = exec(s->symbol, f);
      Value v = exec(s->value, f);
      if (s->resolved) {
        assign(f, s->target, v);
        return v;
      }
      if (!is_symbolish(symbol)) raise_wrong_type();
      for (uint32_t i = 0; i < s->visible.count; ++i)
        if (Value(s->visible[i]->name) == symbol) {
          slot_ref(f, s->visible[i], s->visible_capture[i]) = v;
          return v;
        }
      return rt::set_dynamic(symbol, v, nullptr, 0);
    }
    default: raise(sym::syntax);
  }
}

Value exec(Node* n, Frame& f) {
  switch (n->op) {
    case Op::constant: return as<Constant>(n)->value;
    case Op::literal: return copy_literal(as<Constant>(n)->value);
    case Op::local: {
      auto* l = as<Local>(n);
      return rt::share(slot_ref(f, l->var, l->capture));
    }
    case Op::global: {
      Symbol* s = as<Global>(n)->name;
      if (s->value == unbound) rt::raise_unbound(s);
      return rt::share(s->value);
    }
    case Op::self: return f.self;
    default: break;
  }
  if (L2D_UNLIKELY((char*)__builtin_frame_address(0) < rt::stack_limit)) rt::stack_overflow();
  int32_t depth = f.base + n->rel_depth;
  rt::record_checked(depth, 1, n->form);
  Value v = exec_compound(n, f);
  rt::record_checked(depth, 0, v);
  return v;
}

Value run(Lambda* l, Value self, Box** captures, int argc, Value* argv) {
  uint32_t nparams = l->params.count;
  if (uint32_t(argc) > nparams && !l->rest) rt::raise_argument_count();
  Frame f;
  f.self = self;
  f.captures = captures;
  f.base = rt::call_depth + 1;
  f.slots = static_cast<Value*>(alloca(sizeof(Value) * (l->vars.count + 1)));
  for (uint32_t i = 0; i <= l->vars.count; ++i) f.slots[i] = nil;
  for (uint32_t i = 0; i < nparams; ++i) bind(f, l->params[i], int(i) < argc ? argv[i] : nil);
  if (l->rest) bind(f, l->rest, rt::rest_list(argc, argv, int(nparams)));
  return exec_body(l->body, f);
}

Value interp_entry(Function* fn, Value self, int argc, Value* argv) {
  if (L2D_UNLIKELY((char*)__builtin_frame_address(0) < rt::stack_limit)) rt::stack_overflow();
  return run(static_cast<Lambda*>(fn->info), self, static_cast<Box**>(fn->env), argc, argv);
}

// Quoted lambda lists already turned into functions (a small cache keyed by identity).
constexpr size_t lambda_cache_size = 256;
struct LambdaCacheEntry {
  Value list;
  Function* fn;
};
LambdaCacheEntry* lambda_cache() {
  static auto* c = static_cast<LambdaCacheEntry*>(gc::alloc_uncollectable(sizeof(LambdaCacheEntry) * lambda_cache_size));
  return c;
}

}  // namespace

Function* make_interpreted_function(Lambda* l, Box** captures) {
  Function* fn = rt::make_closure(interp_entry, l->datum, l->name, 0, nullptr);
  fn->info = l;
  fn->env = captures;
  return fn;
}

Value run_toplevel(Lambda* fn) {
  int32_t saved = rt::call_depth;
  rt::call_depth = -1;  // top-level forms are at depth 0
  struct Restore {
    int32_t d;
    ~Restore() { rt::call_depth = d; }
  } restore{saved};
  return run(fn, nil, nullptr, 0, nullptr);
}

Value eval_datum(Value form) {
  ir::Lowering lowering(ir::Lowering::Mode::eval);
  Lambda* fn = lowering.toplevel(form);
  // The evaluated form is at depth d+1 of the eval send (spec 11.3).
  return run(fn, nil, nullptr, 0, nullptr);
}

Function* function_from_lambda_list(Value list) {
  LambdaCacheEntry* cache = lambda_cache();
  size_t j = (list.bits >> 4) % lambda_cache_size;
  if (cache[j].list == list && cache[j].fn) return cache[j].fn;
  ir::Lowering lowering(ir::Lowering::Mode::eval);
  Lambda* l = lowering.lambda_list(list);
  Function* fn = make_interpreted_function(l, nullptr);
  cache[j] = {list, fn};
  return fn;
}

}  // namespace l2d
