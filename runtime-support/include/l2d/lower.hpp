// Lowering: Lisp2D data to the program model (ir.hpp). Validates every special form,
// special message and parameter list (spec 3.3, 3.4, 4), resolves scopes and closure
// captures, and assigns history depths.
#pragma once

#include <string>
#include <vector>

#include "ir.hpp"

namespace l2d::ir {

// A translation error: the offending datum, the cons cell holding it (so an atom can be
// located too; nil when unknown) and what is wrong.
struct LowerError {
  Value datum;
  Value cell;
  std::string message;
};

class Lowering {
 public:
  enum class Mode {
    compile,  // collect errors (one per top-level form) and go on
    eval,     // raise `syntax` at the first error (spec 1.1)
  };
  explicit Lowering(Mode mode) : mode_(mode) {}

  // A top-level form (or a datum given to eval) as a pseudo-function of no arguments.
  Lambda* toplevel(Value form);
  // A quoted lambda list `(lambda P F…)` applied as a function (spec 3.5).
  Lambda* lambda_list(Value list);

  const std::vector<LowerError>& errors() const { return errors_; }
  uint32_t node_count() const { return next_node_; }
  uint32_t var_count() const { return next_var_; }

  // Internal state of one lowering; public for the implementation's helpers.
  struct State;

 private:
  Mode mode_;
  std::vector<LowerError> errors_;
  uint32_t next_node_ = 0;
  uint32_t next_var_ = 0;
  friend struct State;
};

// The special form a `(nil NAME …)` names, if any (spec 4).
bool is_special_form_name(Value name);
// NAME may not be defined as a method (defmethod, for*, progn, set).
bool is_special_message_name(Value name);

}  // namespace l2d::ir
