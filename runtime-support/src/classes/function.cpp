// Methods of `function` (being written).
#include "l2d/class.hpp"

namespace l2d {

void register_function_methods() {}

}  // namespace l2d
