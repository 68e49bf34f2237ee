// Class `function` (spec 7.9): closures made by lambda and defmethod, the functions of
// getmethod, built-in methods. The spec gives functions no methods of their own: they
// are invoked through message position, apply, funcall, map and sort, and answer the
// methods of all objects (object.cpp: = is identity, copy is the function itself,
// string is its printed lambda expression or Builtin(NAME)).
#include "l2d/class.hpp"

namespace l2d {

// Nothing to register; the class exists so that programs can add methods to it
// (`('function defmethod …)`) and `(f class)` names it.
void register_function_methods() {}

}  // namespace l2d
