// What the compiler knows about a whole program beyond the lowered forms: every
// function (defmethod, lambda, field init), the methods defined per selector, and
// which variables must hold their numbers as shared cells (sharing.cpp).
#pragma once

#include <map>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "l2d/ir.hpp"

namespace l2dc {

struct MethodInfo {
  l2d::ir::Lambda* fn;
  l2d::ir::Defmethod* def;   // nullptr for lambdas and init thunks
  bool toplevel_global;      // (nil defmethod NAME …) directly at top level
};

struct ProgramModel {
  std::vector<l2d::ir::Lambda*> toplevel;
  std::vector<MethodInfo> functions;  // every lambda but the top-level pseudo-functions
  // Program-defined methods by selector (any class).
  std::unordered_map<l2d::Symbol*, std::vector<MethodInfo>> methods;
  // The program calls eval, or funcall/apply through a designator computed at run time:
  // code the compiler cannot see may mutate variables it is given.
  bool dynamic_code = false;
  // Methods may be defined under names the compiler cannot see: the program text holds
  // the symbol defmethod outside defmethod forms (quoted code that eval, apply or a
  // lambda-list designator could run), or the program can make symbols at run time
  // (`symbol`, `read`) or get at its own forms (`exception-history`). Otherwise the
  // only names methods can get are those of `methods`.
  bool open_method_names = false;
  std::string open_method_names_why;  // what makes them open, for `l2dc build -v`
  std::vector<l2d::Symbol*> all_symbols;  // every symbol of the program text, in order
  // Globals whose numbers must be bound as shared cells (sharing.cpp).
  std::unordered_set<l2d::Symbol*> shared_globals;
};

ProgramModel build_model(const std::vector<l2d::ir::Lambda*>& toplevel, l2d::Value forms);

// Sets Var::shared (ir.hpp) for every variable whose number may be shared with another
// binding and changed in place (spec 3.1); see sharing.cpp.
void analyze_sharing(ProgramModel& model);

}  // namespace l2dc
