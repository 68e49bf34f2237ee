// The program model: Lisp2D forms after analysis. One lowering (lower.cpp) turns data
// into this tree for both consumers: the code generator (transpiler/codegen) and the
// evaluator (eval, the REPL, quoted lambda lists). Sharing it is what makes compiled
// programs and the REPL agree: the special forms, their validation (translation errors
// at compile time, `syntax` at run time), scopes, closures and the history depths are
// decided in one place.
//
// Nodes live in collected memory and hold only Values and pointers to other nodes or
// collected arrays, so the evaluator can keep them as long as a closure needs them.
#pragma once

#include <cstdint>

#include "runtime.hpp"

namespace l2d::ir {

enum class Op : uint8_t {
  constant,     // a quoted datum or an immutable literal (numbers, chars, nil…)
  literal,      // a string, vector or byte-vector literal: copied at each evaluation
  local,        // a lexical variable
  global,       // a global variable
  self,         // this
  setq,         // (nil setq V F …)
  if_,          // (nil if TEST THEN ELSE…)
  cond,         // (nil cond (TEST F…)…)
  when,         // (nil when TEST F…) and unless (negated flag)
  while_,       // (nil while TEST F…)
  do_while,     // (nil do-while F… TEST)
  and_,         // (nil and F…)
  or_,          // (nil or F…)
  progn,        // (nil progn F…)
  let,          // (nil let (B…) F…) and let* (sequential flag)
  lambda,       // (nil lambda P F…) and (lambda P F…)
  defmethod,    // (R defmethod NAME P F…)
  defclass,     // (nil defclass NAME PARENT (FIELD…))
  try_,         // (nil try BODY C1 H1 …)
  parallel,     // (nil parallel F…)
  fork,         // (nil fork E)
  backquote,    // (nil backquote T)
  send,         // (R M A…)
  lambda_send,  // (R (lambda P F…) A…)
  for_star,     // (R for* VAR F…)
  progn_msg,    // (R progn F…)
  set_msg,      // (S set V)
};

struct Lambda;

// A lexical variable: a parameter, a let or let* binding, or a for* variable.
struct Var {
  Symbol* name;
  Lambda* owner;        // the function whose activation holds the binding
  uint32_t slot;        // index in the owner's frame (evaluator; codegen names)
  uint32_t id;          // unique in the program (codegen names)
  uint8_t captured;     // a nested function refers to it: it lives in a Box
  uint8_t assigned;     // setq or set changes it after binding
  uint8_t shared;       // codegen: bind its number as a shared object (a cell)
  uint8_t is_param;
};

struct Node {
  Op op;
  uint8_t flag;         // unless / let* / a form that cannot raise…
  uint16_t rel_depth;   // history depth relative to the function body's base
  uint32_t id;          // unique in the program
  Value form;           // the datum (history records it; diagnostics locate it)
  Value cell;           // the cons holding the datum in its parent (locates atoms), or nil
};

template <class T>
struct Array {
  T* items = nullptr;
  uint32_t count = 0;
  T& operator[](uint32_t i) const { return items[i]; }
  T* begin() const { return items; }
  T* end() const { return items + count; }
};
using Nodes = Array<Node*>;

struct Constant : Node {
  Value value;
};

struct Local : Node {
  Var* var;
  int32_t capture;   // -1: the current function's own binding; else its capture index
};

struct Global : Node {
  Symbol* name;
};

// One assignment target: a lexical variable or a global.
struct Target {
  Var* var;        // nullptr: global
  Symbol* name;
  int32_t capture; // as Local::capture
};

struct Setq : Node {
  Array<Target> targets;
  Nodes values;
};

struct If : Node {
  Node* test;
  Node* then;
  Nodes otherwise;
};

struct Clause {
  Node* test;
  Nodes body;      // empty: the clause's value is the test's
};

struct Cond : Node {
  Array<Clause> clauses;
};

// when, unless (flag = 1), while, and, or, progn, parallel, do-while (last is the test)
struct Body : Node {
  Node* test;      // when/unless/while: the test; others nullptr
  Nodes forms;
};

struct Let : Node {
  Array<Var*> vars;
  Nodes inits;     // nullptr entries: bound to nil
  Nodes body;
};

struct Capture {
  Var* var;              // the outer variable
  int32_t outer_index;   // in the enclosing function: -1 = its own Box, else its capture index
};

struct Lambda : Node {
  Value datum;           // (lambda PARAMS BODY…) as printed
  Symbol* name;          // defmethod's NAME, or nullptr
  Array<Var*> params;
  Var* rest;             // &rest parameter, or nullptr
  Nodes body;
  Array<Var*> vars;      // every variable this function's activation binds
  Array<Capture> captures;
  Lambda* parent;        // enclosing function (nullptr for a top-level form)
  uint8_t toplevel;      // a top-level form's pseudo-function
  uint8_t uses_this;
  uint8_t has_dynamic_set;  // contains a computed (S set V): visible variables are boxed
};

struct Defmethod : Node {
  Node* receiver;
  Symbol* name;
  Lambda* fn;
};

struct FieldSpec {
  Symbol* name;
  Lambda* init;          // a thunk evaluated in the global environment, or nullptr
};

struct Defclass : Node {
  Symbol* name;
  Value parent;          // a symbol (true or a class name)
  Array<FieldSpec> fields;
};

struct Handler {
  Value code;            // compared with eq; nil matches everything
  Node* handler;         // nullptr: a final code without a handler gives nil
};

struct Try : Node {
  Node* body;
  Array<Handler> handlers;
};

struct Fork : Node {
  Node* expr;
};

// A backquote template, lowered: constant parts stay data.
struct Template {
  enum Kind : uint8_t { datum, unquote, list } kind;
  Value value;                 // datum: the (shared) constant
  Node* expr;                  // unquote: the expression
  Array<Template*> elements;   // list
  Array<uint8_t> splice;       // list: element i is ,@
  Template* tail;              // list: the rest after the elements (nullptr: nil)
};

struct Backquote : Node {
  Template* tmpl;
};

struct Send : Node {
  Node* receiver;
  Symbol* selector;
  Nodes args;
  rt::SendCache cache;      // the evaluator's inline cache
};

struct LambdaSend : Node {
  Node* receiver;
  Lambda* fn;
  Nodes args;
};

struct ForStar : Node {
  Node* receiver;
  Var* var;
  Nodes body;
};

struct PrognMsg : Node {
  Node* receiver;
  Nodes body;
};

struct SetMsg : Node {
  Node* symbol;
  Node* value;
  Target target;            // when the symbol is a quoted constant: resolved here
  uint8_t resolved;
  Array<Var*> visible;      // otherwise: every lexical variable visible here
  Array<int32_t> visible_capture;  // as Local::capture, per visible variable
};

// Helpers
template <class T>
inline T* as(Node* n) {
  return static_cast<T*>(n);
}
template <class T>
inline const T* as(const Node* n) {
  return static_cast<const T*>(n);
}

}  // namespace l2d::ir
