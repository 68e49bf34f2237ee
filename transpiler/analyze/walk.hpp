// Visiting the children of a program-model node, in evaluation order.
#pragma once

#include "l2d/ir.hpp"

namespace l2dc {

template <class F>
void for_each_template_expr(l2d::ir::Template* t, F&& f) {
  using namespace l2d::ir;
  if (!t) return;
  switch (t->kind) {
    case Template::datum: return;
    case Template::unquote: f(t->expr); return;
    case Template::list:
      for (Template* e : t->elements) for_each_template_expr(e, f);
      for_each_template_expr(t->tail, f);
      return;
  }
}

// Calls f(child) for every direct child node; nested functions (Lambda) are children.
template <class F>
void for_each_child(l2d::ir::Node* n, F&& f) {
  using namespace l2d::ir;
  switch (n->op) {
    case Op::constant:
    case Op::literal:
    case Op::local:
    case Op::global:
    case Op::self: return;
    case Op::setq:
      for (Node* v : as<Setq>(n)->values) f(v);
      return;
    case Op::if_: {
      auto* i = as<If>(n);
      f(i->test);
      f(i->then);
      for (Node* x : i->otherwise) f(x);
      return;
    }
    case Op::cond:
      for (const Clause& c : as<Cond>(n)->clauses) {
        f(c.test);
        for (Node* x : c.body) f(x);
      }
      return;
    case Op::when:
    case Op::while_: {
      auto* b = as<Body>(n);
      f(b->test);
      for (Node* x : b->forms) f(x);
      return;
    }
    case Op::do_while:
    case Op::and_:
    case Op::or_:
    case Op::progn:
    case Op::parallel:
      for (Node* x : as<Body>(n)->forms) f(x);
      return;
    case Op::let: {
      auto* l = as<Let>(n);
      for (Node* x : l->inits)
        if (x) f(x);
      for (Node* x : l->body) f(x);
      return;
    }
    case Op::lambda:
      for (Node* x : as<Lambda>(n)->body) f(x);
      return;
    case Op::defmethod: {
      auto* d = as<Defmethod>(n);
      f(d->receiver);
      f(d->fn);
      return;
    }
    case Op::defclass:
      for (const FieldSpec& s : as<Defclass>(n)->fields)
        if (s.init) f(s.init);
      return;
    case Op::try_: {
      auto* t = as<Try>(n);
      f(t->body);
      for (const Handler& h : t->handlers)
        if (h.handler) f(h.handler);
      return;
    }
    case Op::fork: f(as<Fork>(n)->expr); return;
    case Op::backquote: for_each_template_expr(as<Backquote>(n)->tmpl, f); return;
    case Op::send: {
      auto* s = as<Send>(n);
      f(s->receiver);
      for (Node* x : s->args) f(x);
      return;
    }
    case Op::lambda_send: {
      auto* s = as<LambdaSend>(n);
      f(s->receiver);
      f(s->fn);
      for (Node* x : s->args) f(x);
      return;
    }
    case Op::for_star: {
      auto* s = as<ForStar>(n);
      f(s->receiver);
      for (Node* x : s->body) f(x);
      return;
    }
    case Op::progn_msg: {
      auto* p = as<PrognMsg>(n);
      f(p->receiver);
      for (Node* x : p->body) f(x);
      return;
    }
    case Op::set_msg: {
      auto* s = as<SetMsg>(n);
      f(s->symbol);
      f(s->value);
      return;
    }
  }
}

}  // namespace l2dc
