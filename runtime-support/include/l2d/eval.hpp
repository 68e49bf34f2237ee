// The evaluator: runs the program model (ir.hpp) directly. It serves `eval`, quoted
// lambda lists applied as functions, `l2dc repl` and `l2dc repl FILE` — never the
// compiled program itself.
#pragma once

#include "ir.hpp"
#include "runtime.hpp"

namespace l2d {

// (nil eval FORM): the datum evaluated in the global environment (spec 5).
Value eval_datum(Value form);
// Runs one lowered top-level form (the REPL, `l2dc repl FILE`).
Value run_toplevel(ir::Lambda* fn);
// A function made from a quoted lambda list (spec 3.5); raises syntax if malformed.
// Recently converted lists are remembered (spec 3.4 allows keeping the function).
Function* function_from_lambda_list(Value list);
// A function object for a lowered lambda, closing over [captures].
Function* make_interpreted_function(ir::Lambda* fn, Box** captures);

}  // namespace l2d
