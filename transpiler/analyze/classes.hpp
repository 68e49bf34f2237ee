// Classes known at translation time (spec 6.4): a defclass form directly at top level
// defines its class with exactly the fields it names whenever a later top-level form
// runs (a class is never redefined, and a failed defclass ends the program). A field
// that repeats an inherited one makes a later defclass of such a parent malformed, which
// is a translation error (spec 1.1); with a parent the compiler cannot know, the
// evaluator's run-time check (`syntax`) still applies.
#pragma once

#include <unordered_map>
#include <vector>

#include "l2d/ir.hpp"
#include "l2d/lower.hpp"

namespace l2dc {

class StaticClasses {
 public:
  // Checks the defclass forms anywhere in top-level form [toplevel] against the classes
  // of earlier top-level forms, appending one error per repeated inherited field; then
  // records the class of [toplevel] if it is a defclass form with a known parent.
  void add_toplevel(l2d::ir::Lambda* toplevel, std::vector<l2d::ir::LowerError>& errors);

 private:
  // Every field of a known class, inherited ones first.
  std::unordered_map<l2d::Symbol*, std::vector<l2d::Symbol*>> fields_;

  const std::vector<l2d::Symbol*>* known(l2d::Value parent) const;
  void check(l2d::ir::Defclass* d, std::vector<l2d::ir::LowerError>& errors) const;
};

}  // namespace l2dc
